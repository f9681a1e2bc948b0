"""Which sources the current notebook has shown, so its closing cell can list them.

Figure and table functions call :func:`cite` with the ``source_ids`` of the rows they show;
``cl.sources_for()`` turns the collected ids into a reference list.

Example:
    >>> reset(); cite(["iwpr_2022_03_18", "geonames"]); sorted(cited())
    ['geonames', 'iwpr_2022_03_18']
"""

from __future__ import annotations

from collections.abc import Iterable

_CITED: dict[str, None] = {}  # insertion-ordered set


def cite(source_ids: Iterable[str]) -> None:
    """Record source ids as shown in this kernel."""
    for sid in source_ids:
        _CITED.setdefault(sid, None)


def cite_rows(column: Iterable[Iterable[str]]) -> None:
    """Record every id in a ``source_ids`` column."""
    for ids in column:
        cite(ids)


def cited() -> list[str]:
    """Ids recorded so far, in the order first shown."""
    return list(_CITED)


def reset() -> None:
    """Forget what was cited (``cl.start()`` calls it)."""
    _CITED.clear()
