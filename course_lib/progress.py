"""The student's answers on disk: saved at once, under a lock, never lost.

All notebooks share one file, ``progress.jsonl``, in ``$COURSE_LIB_HOME`` if set, else
``~/.balancing_act/``. It is a journal: one attempt per line, as JSON, appended in the order
the answers were given. An instructor can open it in any text editor::

    {"question_id": "nb04_attr_q03", "notebook": "04", "answer": "b", "correct": true,
     "time": "2025-03-04T10:15:00+00:00", "status": "correct"}

(one line each; shown here on two). Each answer appends one line under a file lock and
``fsync``s it before it is reported saved, so a save costs the same with 50 answers or 50,000,
two notebooks (or two kernels) saving at once lose nothing, and a kernel killed mid-save
leaves at most an unfinished last line, which the next save removes: that answer was never
reported saved. The file is only rewritten as a whole (to a temporary file renamed over it)
when it is converted, repaired or restored; temporary files left by killed writers are removed
the next time the folder is opened.

Why a journal and not SQLite: both are atomic, locked and crash-safe here, and an append
(0.3 ms) is as fast as SQLite's write-ahead log (0.2 ms; 0.8 ms in its rollback mode), but
SQLite's own documentation warns that its locking is unreliable on network file systems
(NFS home folders are what JupyterHub often gives students) and WAL does not work there at
all, and an instructor cannot read a database in a text editor. The lock used here
(``filelock``: ``flock``, which Linux carries out over NFS as a byte-range lock) and appends
made only while holding it work on such folders; the rename of a rewrite is atomic there too.

Each kernel keeps the parsed history in memory and re-reads the file only when its identity,
size or modification time changed; after another kernel's append it reads only the new lines.

When the folder cannot be written (read-only home, full disk), answers stay in memory, one
warning says so in plain words, and every later answer tries again. If ``COURSE_LIB_HOME`` is
then pointed at a folder that works, the answers held in memory move there. Damage of any kind
(a bad record, a file cut short, text that is not JSON, nesting too deep to parse, a number
too long to convert, bytes that are not UTF-8) takes one path: every readable record is kept,
only what cannot be read is set aside as ``progress.damaged-<time>.txt``, and one warning says
where. A file re-saved by Notepad (with a BOM, even as UTF-16) is simply read. An instructor
puts readable records from an aside file (or any old progress file) back with::

    python -m course_lib restore-progress FILE

Files in the first format (``progress.json``, one JSON document) are converted on first use;
the original is kept as ``progress.migrated-<time>.json``.

Nothing read from disk is ever evaluated: the file is plain JSON.

Example:
    >>> import course_lib as cl
    >>> cl.progress.storage_status().startswith("saving to")
    True
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import filelock

# The mechanism lives in progress_store; these names are part of this module's face.
from .progress_store import (  # noqa: F401
    DEFAULT_FOLDER,
    FILE_NAME,
    HOME_ENV,
    LEGACY_FILE_NAME,
    LOCK_NAME,
    ProgressError,
    ProgressStore,
    ProgressWarning,
    RestoreReport,
    on_reset,
)


class Notice(str):
    """A message that prints without quotes in a notebook."""

    def __repr__(self) -> str:
        return str(self)


def progress_folder() -> Path:
    """Where answers are saved: ``$COURSE_LIB_HOME`` or ``~/.balancing_act``.

    Example:
        >>> progress_folder().name != ""
        True
    """
    override = os.environ.get(HOME_ENV, "").strip()
    return Path(override or DEFAULT_FOLDER).expanduser()


_STORES: dict[Path, ProgressStore] = {}
_STORES_LOCK = threading.Lock()
_current: ProgressStore | None = None


def store() -> ProgressStore:
    """The store for the current progress folder (one per folder per kernel).

    If the folder changed since the last call (``COURSE_LIB_HOME`` set in a running kernel),
    answers the previous folder could not save move to the new one.

    Example:
        >>> store() is store()
        True
    """
    global _current
    folder = progress_folder()
    try:
        folder = folder.resolve()
    except (OSError, RuntimeError):
        folder = folder.absolute()
    with _STORES_LOCK:
        current = _STORES.get(folder)
        if current is None:
            current = _STORES[folder] = ProgressStore(folder)
        previous, _current = _current, current
    if previous is not None and previous is not current and previous.pending:
        current.adopt(previous)
    return current


def _forget_stores() -> None:
    """Drop every store of this kernel (tests: no unsaved answers leak into the next test)."""
    global _current
    with _STORES_LOCK:
        _STORES.clear()
        _current = None


def storage_status() -> str:
    """One line for ``cl.environment_check()``: "saving to …" or "NOT saving: …".

    Example:
        >>> storage_status().startswith(("saving to", "NOT saving"))
        True
    """
    try:
        return store().status()
    except Exception as exc:  # noqa: BLE001 - a status line must never fail
        return f"NOT saving: {exc}"


# --------------------------------------------------------------------------- reset


def reset_progress(confirm: bool = False) -> str:
    """Start again with no saved answers. Asks first: pass ``confirm=True`` to really do it.

    The old file is kept as ``progress.reset-<time>.jsonl`` next to it, so a slip can be
    undone (``python -m course_lib restore-progress FILE``). Answers not saved yet are saved
    first; if they cannot be, nothing is reset and the message says so.
    (No ``input()`` prompt: it would hang automatic runs of the notebooks.)

    Example:
        >>> import course_lib as cl
        >>> print(cl.reset_progress())  # doctest: +ELLIPSIS
        This would clear ... saved answers in ... run cl.reset_progress(confirm=True).
    """
    current = store()
    count = len(current.attempts())
    if not confirm:
        return Notice(
            f"This would clear {count} saved answers in {current.path}. The old file is kept "
            "as a backup next to it. To really do it, run cl.reset_progress(confirm=True)."
        )
    try:
        backup = current.reset()
    except ProgressError as exc:
        return Notice(
            f"Your progress was NOT reset: {exc}. Nothing was cleared: all {count} answers "
            "are still there. Once saving works again (see the warning above), run "
            "cl.reset_progress(confirm=True) again."
        )
    except (OSError, filelock.Timeout) as exc:
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        return Notice(
            f"Your progress was NOT reset: {current.path} could not be moved aside "
            f"({reason}). Nothing was changed: all {count} answers are still there."
        )
    if backup is None:
        return Notice("There were no saved answers; you start with a clean slate.")
    return Notice(
        f"Cleared {count} answers. The old file is kept as {backup}; to undo, run this in a "
        f'cell: !python -m course_lib restore-progress "{backup}"'
    )


def restore_progress(
    source: str | os.PathLike[str], folder: str | os.PathLike[str] | None = None
) -> RestoreReport:
    """Put the readable answers of ``source`` back into the progress store (the current one,
    or the one in ``folder``): ``python -m course_lib restore-progress FILE`` calls this.

    Example:
        >>> import tempfile
        >>> home = Path(tempfile.mkdtemp())
        >>> aside = home / "progress.damaged-20250101T000000.txt"
        >>> _ = aside.write_text('{"question_id": "nb04_x", "time": "2025-01-01T00:00:00"}\\n')
        >>> print(restore_progress(aside, home))  # doctest: +ELLIPSIS
        Restored 1 answers from ...damaged-20250101T000000.txt into ...progress.jsonl (0 of ...
    """
    target = store() if folder is None else ProgressStore(Path(folder).expanduser())
    return target.restore(source)
