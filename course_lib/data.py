"""The ground floor: find, load and validate the course data.

Tables are read once per kernel (cached) and validated as a whole: required columns,
unique ids, parseable dates, known vocabularies, and every ``source_ids`` entry and every
actor or place id that a row refers to must exist. Any problem raises one
:class:`~course_lib.errors.DataError` naming the file, the line and the problem.

Example:
    >>> import course_lib as cl
    >>> cl.timeline().loc["t19a_declaration_signed", "date"].year
    2022
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache, wraps
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd

from .errors import DataError

ENV_VAR = "COURSE_LIB_DATA"
ID_PATTERN = re.compile(r"^[a-z0-9_]+$")
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PARTIAL_DATE_PATTERN = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
# Every table ends with this line, so a file cut short (even at a line boundary) is noticed.
END_LINE = "# end of table"
END_TEXT = END_LINE + " (keep this line last: it shows the file is complete)"

CONTROL = (
    "azerbaijan",
    "armenian_de_facto",
    "peacekeeping_zone",
    "lachin_corridor",
    "armenia",
    "georgia",
    "russia",
    "turkey",
    "iran",
    "ukraine",
    "russian_backed",
    "russian_occupied",
)


@dataclass(frozen=True)
class TableSpec:
    """What one CSV must look like. Lists in cells are ``;``-separated."""

    file: str
    id_col: str
    required: tuple[str, ...]  # columns that must exist and be non-empty
    optional: tuple[str, ...] = ()  # columns that must exist, may be empty
    # optional columns added in a later course version: an older (instructor's) copy of the
    # data may lack them, and then they read as blank
    later: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()  # full ISO dates (optional ones may be empty)
    partial_dates: tuple[str, ...] = ()  # YYYY, YYYY-MM or YYYY-MM-DD, may be empty
    bools: tuple[str, ...] = ()
    floats: tuple[str, ...] = ()
    ranges: dict[str, tuple[float, float]] = field(default_factory=dict)  # inclusive bounds
    date_order: tuple[tuple[str, str], ...] = ()  # (start, end): end may be blank, not earlier
    lists: tuple[str, ...] = ()
    enums: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # column -> table whose ids it refers to (list columns: every item)
    refs: dict[str, str] = field(default_factory=dict)
    sourced: bool = True  # rows state facts: source_ids required

    @property
    def columns(self) -> tuple[str, ...]:
        return self.required + self.optional


SPECS: dict[str, TableSpec] = {
    "sources": TableSpec(
        "sources.csv",
        "source_id",
        required=("source_id", "title", "publisher", "kind"),
        optional=("date", "url", "note"),
        partial_dates=("date",),
        enums={
            "kind": (
                "article",
                "official",
                "news",
                "reference",
                "dataset",
                "analysis",
                "software",
            )
        },
        sourced=False,
    ),
    "actors": TableSpec(
        "actors.csv",
        "actor_id",
        required=("actor_id", "name", "kind", "in_article", "source_ids"),
        optional=(
            "short_name",
            "country",
            "role_2022",
            "name_as_printed",
            "role_as_printed",
            "note",
        ),
        later=("short_name",),  # the diagrams' label; blank = the name itself
        bools=("in_article",),
        lists=("source_ids",),
        enums={
            "kind": (
                "state",
                "person",
                "organisation",
                "company",
                "armed_force",
                "media",
                "de_facto_entity",
            )
        },
    ),
    "places": TableSpec(
        "places.csv",
        "place_id",
        required=("place_id", "name_en", "kind", "lat", "lon", "source_ids"),
        optional=(
            "name_az",
            "name_hy",
            "other_names",
            "geonameid",
            "control_1994_2020",
            "control_2020_2023",
            "control_after_2023",
            "note",
        ),
        floats=("lat", "lon"),
        ranges={"lat": (-90.0, 90.0), "lon": (-180.0, 180.0)},
        lists=("source_ids",),
        enums={
            "kind": ("capital", "city", "town", "base"),
            "control_1994_2020": CONTROL,
            "control_2020_2023": CONTROL,
            "control_after_2023": CONTROL,
        },
    ),
    "timeline": TableSpec(
        "timeline.csv",
        "event_id",
        required=("event_id", "date", "precision", "title", "summary", "category", "status"),
        optional=(
            "date_end",
            "actors",
            "places",
            "contested",
            "contested_note",
            "baku_signal",
            "source_ids",
        ),
        dates=("date", "date_end"),
        date_order=(("date", "date_end"),),
        bools=("contested",),
        lists=("actors", "places", "source_ids"),
        enums={
            "precision": ("day", "month", "year"),
            "category": (
                "soviet",
                "first_war",
                "diplomacy",
                "between_wars",
                "second_war",
                "ukraine_war",
                "balancing",
                "aftermath",
            ),
            "status": ("confirmed", "partially_confirmed", "contested", "unverified"),
            "baku_signal": ("toward_moscow", "toward_kyiv", "hedge"),
        },
        refs={"actors": "actors", "places": "places"},
    ),
    "quotes": TableSpec(
        "quotes.csv",
        "quote_id",
        required=("quote_id", "text", "speaker_id", "kind", "date", "source_ids"),
        optional=("speaker_as_printed", "role_as_printed", "note"),
        dates=("date",),
        lists=("source_ids",),
        enums={"kind": ("speech", "fragment", "document", "campaign_text", "scare_quote")},
        refs={"speaker_id": "actors"},
    ),
    "glossary": TableSpec(
        "glossary.csv",
        "term_id",
        required=("term_id", "term", "definition", "source_ids"),
        optional=("form_az", "form_hy", "form_ru", "form_uk", "note"),
        lists=("source_ids",),
    ),
    "relations": TableSpec(
        "relations.csv",
        "relation_id",
        required=("relation_id", "source", "target", "kind", "directed", "start", "summary"),
        optional=("end", "source_ids", "start_precision", "qualifier"),
        later=("start_precision", "qualifier"),
        dates=("start", "end"),
        date_order=(("start", "end"),),
        bools=("directed",),
        lists=("source_ids",),
        # start_precision: how much of `start` the sources fix (blank = day); unknown = the
        # start is not in our sources and `start` is only the first date the course shows it
        enums={"start_precision": ("day", "month", "year", "unknown")},
        refs={"source": "actors", "target": "actors"},
    ),
}

# Figures' facts (views branch): the maps' periods and notes, the explorers' key dates.
SPECS["periods"] = TableSpec(
    "periods.csv",
    "period_id",
    required=("period_id", "view", "start", "title", "note", "source_ids"),
    optional=("end",),
    dates=("start", "end"),
    lists=("source_ids",),
    enums={"view": ("karabakh", "ukraine")},
)
SPECS["key_dates"] = TableSpec(
    "key_dates.csv",
    "key_date_id",
    required=("key_date_id", "view", "date", "label", "event_id", "source_ids"),
    dates=("date",),
    lists=("source_ids",),
    enums={"view": ("map", "actors")},
    refs={"event_id": "timeline"},
)

# Load order: tables referred to come first.
TABLE_ORDER = (
    "sources",
    "actors",
    "places",
    "glossary",
    "timeline",
    "quotes",
    "relations",
    "periods",
    "key_dates",
)

# Tables added by the fact-checking pass (issue #11): the article's claims checked against
# the sources, and name forms of places by date (see data/SCHEMA.md).
SPECS["corrections"] = TableSpec(
    "corrections.csv",
    "check_id",
    required=("check_id", "claim", "finding", "status", "topic", "source_ids"),
    optional=("event_ids",),
    lists=("event_ids", "source_ids"),
    enums={
        "status": ("corrected", "not_confirmed", "partly_confirmed", "confirmed"),
        "topic": ("baku_moves", "people", "names_and_style", "context"),
    },
    refs={"event_ids": "timeline"},
)
SPECS["place_names"] = TableSpec(
    "place_names.csv",
    "name_id",
    required=("name_id", "place_id", "lang", "name", "source_ids"),
    optional=("native", "valid_from", "valid_to", "precision", "note"),
    dates=("valid_from", "valid_to"),
    lists=("source_ids",),
    enums={"lang": ("az", "hy", "en"), "precision": ("day", "month", "year", "unknown")},
    refs={"place_id": "places"},
)
TABLE_ORDER += ("corrections", "place_names")


# --------------------------------------------------------------------------- location


def data_dir() -> Path:
    """The folder holding the course data.

    ``$COURSE_LIB_DATA`` (an instructor's own copy) wins; then the copy packed into the
    installed wheel; then ``data/`` beside the package in a checkout. Never the working
    directory.

    Example:
        >>> (data_dir() / "timeline.csv").exists()
        True
    """
    override = os.environ.get(ENV_VAR)
    if override:
        path = Path(override).expanduser()
        if not path.is_dir():
            raise DataError(str(path), f"${ENV_VAR} points to a folder that does not exist")
        return path
    return _shipped_dir()


@lru_cache(maxsize=1)
def _shipped_dir() -> Path:
    # looked up once: every cached table is keyed on the folder, so this runs very often
    packaged = Path(str(resources.files("course_lib"))) / "_data"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parent.parent / "data"
    if checkout.is_dir():
        return checkout
    raise DataError("data/", "the course data folder was not found next to course_lib")


def data_path(*parts: str) -> Path:
    """Path of a file inside the data folder (it may not exist)."""
    return data_dir().joinpath(*parts)


# Largest file the course reads, by kind. The shipped files are far below (biggest CSV 50 KB,
# bank 54 KB, GeoJSON 236 KB); each limit leaves room for an instructor's own, much larger
# copy (a 2 MB table is about 5,000 timeline events) while refusing a wrong file picked by
# mistake before it costs seconds and hundreds of MB (a 150 MB CSV, a huge GeoJSON export).
SIZE_LIMITS = {".csv": 2_000_000, ".yaml": 1_000_000, ".yml": 1_000_000, ".geojson": 10_000_000}
DEFAULT_SIZE_LIMIT = 10_000_000


def _size_text(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size / 1000:.0f} KB"


def read_text(*parts: str, folder: Path | None = None) -> str:
    """Read a data file as UTF-8, with a clear error if it is missing, too large (see
    :data:`SIZE_LIMITS`) or mis-encoded.

    Example:
        >>> read_text("timeline.csv").startswith("event_id,")
        True
    """
    path = (folder or data_dir()).joinpath(*parts)
    name = "/".join(parts)
    limit = SIZE_LIMITS.get(path.suffix.lower(), DEFAULT_SIZE_LIMIT)
    try:
        size = path.stat().st_size
        if size > limit:
            raise DataError(
                name,
                f"the file is {_size_text(size)}, more than the {_size_text(limit)} the course "
                "accepts for this kind of file (is it the right file?)",
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError(name, "the file is missing") from None
    except IsADirectoryError:
        raise DataError(name, "a folder has the file's name") from None
    except OSError as exc:
        raise DataError(name, f"the file cannot be read ({exc.strerror})") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(
            name, f"the file is not UTF-8 text (bad byte at position {exc.start})"
        ) from None


# --------------------------------------------------------------------------- parsing


def _split(cell: str) -> list[str]:
    return [item.strip() for item in cell.split(";") if item.strip()]


def _is_end_line(row: list[str]) -> bool:
    # a spreadsheet that saves the file again pads the line with empty cells: still the end
    return bool(row) and row[0].strip().startswith(END_LINE) and not any(c.strip() for c in row[1:])


def _cut_body(spec: TableSpec, rows: list[list[str]]) -> list[list[str]]:
    """The data rows, once the end line is found where it belongs (the last non-blank line)."""
    ends = [n for n, row in enumerate(rows) if _is_end_line(row)]
    filled = [n for n, row in enumerate(rows) if any(cell.strip() for cell in row)]
    if not ends:
        raise DataError(
            spec.file,
            f"the last line is not '{END_TEXT}': the file looks cut short after this line. "
            "Copy the missing rows back (or add the end line if you removed it).",
            row=filled[-1] + 1,
        )
    if ends[0] != filled[-1]:
        raise DataError(
            spec.file,
            "rows follow the end line; move the end line below the last row",
            row=ends[0] + 1,
        )
    return rows[1 : ends[0]]


def _parse_table(spec: TableSpec, text: str) -> pd.DataFrame:
    """Parse and check one table on its own (no cross-references)."""
    if not text.strip():
        raise DataError(spec.file, "the file is empty")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise DataError(spec.file, f"the CSV is malformed ({exc})", row=reader.line_num) from None
    header = [cell.strip() for cell in rows[0]]
    twice = [c for c in dict.fromkeys(header) if header.count(c) > 1]
    if twice:
        raise DataError(spec.file, f"the header names column(s) twice: {', '.join(twice)}", row=1)
    missing = [c for c in spec.columns if c not in header and c not in spec.later]
    if missing:
        raise DataError(spec.file, f"missing column(s): {', '.join(missing)}", row=1)
    body = _cut_body(spec, rows)
    added = [c for c in spec.later if c not in header]
    if added:
        width = len(header)
        header = header + added
        body = [row + [""] * len(added) if len(row) == width else row for row in body]
    records = []
    for line, row in enumerate(body, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise DataError(
                spec.file,
                f"expected {len(header)} fields, found {len(row)} "
                "(a missing comma or quote, or a truncated file?)",
                row=line,
            )
        records.append((line, dict(zip(header, row, strict=True))))
    if not records:
        raise DataError(spec.file, "the file has a header but no rows")

    seen: dict[str, int] = {}
    for line, rec in records:
        _check_row(spec, rec, line, seen)

    frame = pd.DataFrame([rec for _, rec in records], columns=header)
    frame["_line"] = [line for line, _ in records]
    for col in spec.dates:
        # where(), not replace("", None): pandas 2 reads a None value as "forward-fill"
        frame[col] = pd.to_datetime(frame[col].where(frame[col] != ""), format="%Y-%m-%d")
    for col in spec.floats:
        frame[col] = frame[col].astype(float)
    for col in spec.bools:
        frame[col] = frame[col].str.strip().str.lower().eq("true")
    for col in spec.lists:
        frame[col] = frame[col].map(_split)
    return frame.set_index(spec.id_col, drop=False).rename_axis(None)


def _check_row(spec: TableSpec, rec: dict[str, str], line: int, seen: dict[str, int]) -> None:
    def fail(problem: str) -> None:
        raise DataError(spec.file, problem, row=line)

    for col in spec.required:
        if not rec[col].strip():
            fail(f"'{col}' is empty")
    ident = rec[spec.id_col].strip()
    if not ID_PATTERN.match(ident):
        fail(f"id '{ident}' should use only a-z, 0-9 and _")
    if ident in seen:
        fail(f"duplicate id '{ident}' (first used on line {seen[ident]})")
    seen[ident] = line
    for col in spec.dates:
        value = rec[col].strip()
        if value and not _is_date(value):
            fail(f"'{col}' = '{value}' is not a date (YYYY-MM-DD)")
    for col in spec.partial_dates:
        value = rec[col].strip()
        if value and not PARTIAL_DATE_PATTERN.match(value):
            fail(f"'{col}' = '{value}' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    for col in spec.bools:
        value = rec[col].strip().lower()
        if value not in ("true", "false", ""):
            fail(f"'{col}' = '{rec[col]}' should be true or false")
    for col in spec.floats:
        try:
            number = float(rec[col])
        except ValueError:
            fail(f"'{col}' = '{rec[col]}' is not a number")
        low, high = spec.ranges.get(col, (-math.inf, math.inf))
        if not (math.isfinite(number) and low <= number <= high):
            fail(f"'{col}' = '{rec[col]}' is outside {low:g} to {high:g}")
    for start, end in spec.date_order:
        first, last = rec[start].strip(), rec[end].strip()
        if first and last and _is_date(first) and _is_date(last) and last < first:
            fail(f"'{end}' = '{last}' is before '{start}' = '{first}'")
    for col, allowed in spec.enums.items():
        value = rec.get(col, "").strip()
        if value and value not in allowed:
            fail(f"'{col}' = '{value}' is not one of: {', '.join(allowed)}")
    if spec.sourced and "source_ids" in rec and not _split(rec["source_ids"]):
        fail("the row states a fact but has no source_ids")


def _is_date(value: str) -> bool:
    if not DATE_PATTERN.match(value):
        return False
    try:
        pd.Timestamp(value)
    except ValueError:
        return False
    return True


def _check_references(tables: dict[str, pd.DataFrame]) -> None:
    source_ids = set(tables["sources"].index)
    for name in TABLE_ORDER:
        spec, frame = SPECS[name], tables[name]
        for line, row in zip(frame["_line"], frame.to_dict("records"), strict=True):
            for sid in row.get("source_ids", []) if "source_ids" in frame else []:
                if sid not in source_ids:
                    raise DataError(spec.file, f"source id '{sid}' is not in sources.csv", row=line)
            for col, target in spec.refs.items():
                values = row[col] if col in spec.lists else [row[col]]
                known = tables[target].index
                for value in values:
                    if value not in known:
                        raise DataError(
                            spec.file,
                            f"'{col}' refers to '{value}', which is not in {SPECS[target].file}",
                            row=line,
                        )


# --------------------------------------------------------------------------- loading


def _load_folder(folder: Path) -> dict[str, pd.DataFrame]:
    tables = {
        name: _parse_table(SPECS[name], read_text(SPECS[name].file, folder=folder))
        for name in TABLE_ORDER
    }
    _check_references(tables)
    return tables


@lru_cache(maxsize=4)
def _load_all(folder: str) -> dict[str, pd.DataFrame]:
    return _load_folder(Path(folder))


def load_tables() -> dict[str, pd.DataFrame]:
    """All tables, validated together and cached per data folder (internal frames: don't mutate)."""
    return _load_all(str(data_dir()))


def table(name: str) -> pd.DataFrame:
    """A copy of one validated table, indexed by its id column.

    Example:
        >>> table("places").loc["baku", "name_en"]
        'Baku'
    """
    if name not in SPECS:
        raise KeyError(f"no table named {name!r}; known: {', '.join(TABLE_ORDER)}")
    frame = load_tables()[name].drop(columns="_line")  # drop() returns a new frame
    for col in SPECS[name].lists:  # list cells too: a copied frame still shares its lists
        frame[col] = frame[col].map(list)
    return frame


# --------------------------------------------------------------------------- one cache policy

_F = TypeVar("_F", bound=Callable[..., Any])
_FOLDER_CACHES: list[Any] = [_load_all]


def per_folder(func: _F) -> _F:
    """Cache ``func(*args)`` per data folder; :func:`reload` empties every such cache.

    The one cache policy of the course: anything derived from the data (parsed layers,
    towns, tie tables, layouts) is keyed on the folder it came from, so an instructor's
    ``$COURSE_LIB_DATA`` and the shipped data never mix, and ``cl.reload()`` after editing
    a file is seen everywhere.

    Example:
        >>> @per_folder
        ... def rows(name): return len(table(name))
        >>> rows("timeline") == len(timeline())
        True
    """
    keyed = lru_cache(maxsize=16)(lambda folder, *args: func(*args))
    _FOLDER_CACHES.append(keyed)

    @wraps(func)
    def cached(*args: Any) -> Any:
        return keyed(str(data_dir()), *args)

    cached.cache_clear = keyed.cache_clear  # type: ignore[attr-defined]
    return cached  # type: ignore[return-value]


def reload() -> None:
    """Forget cached tables and everything derived from them (after editing the data in a
    running kernel)."""
    for cache in _FOLDER_CACHES:
        cache.cache_clear()


def validate(folder: str | os.PathLike[str] | None = None) -> dict[str, int]:
    """Validate a data folder from scratch (no cache) and return row counts per table.

    Example:
        >>> validate()["timeline"] >= 30
        True
    """
    tables = _load_folder(Path(folder) if folder is not None else data_dir())
    return {name: len(frame) for name, frame in tables.items()}


# --------------------------------------------------------------------------- public tables


def timeline() -> pd.DataFrame:
    """Events from 1923 to 2025, indexed by ``event_id``, sorted by date."""
    return table("timeline").sort_values("date", kind="stable")


def actors() -> pd.DataFrame:
    """States, people, organisations and companies, indexed by ``actor_id``."""
    return table("actors")


def quotes() -> pd.DataFrame:
    """Every direct quote in the article, verbatim, indexed by ``quote_id``."""
    return table("quotes")


def places() -> pd.DataFrame:
    """Named places with coordinates, name forms and control at key dates."""
    return table("places")


def sources() -> pd.DataFrame:
    """Every public source the course cites, indexed by ``source_id``."""
    return table("sources")


def glossary() -> pd.DataFrame:
    """Terms with short definitions and forms in az/hy/ru/uk, indexed by ``term_id``."""
    return table("glossary")


def relations() -> pd.DataFrame:
    """Ties between actors with start and end dates, indexed by ``relation_id``."""
    return table("relations")


def periods(view: str = "karabakh") -> pd.DataFrame:
    """What a map shows between two dates (one row per period, oldest first).

    Example:
        >>> periods().iloc[0]["title"]
        'Soviet period'
    """
    frame = table("periods")
    return frame[frame["view"] == view].sort_values("start", kind="stable")


def key_dates(view: str) -> pd.DataFrame:
    """The explorers' key-date buttons for ``view`` ('map' or 'actors'), oldest first."""
    frame = table("key_dates")
    return frame[frame["view"] == view].sort_values("date", kind="stable")


ARTICLE_SOURCE = "iwpr_2022_03_18"


def article_date() -> pd.Timestamp:
    """The article's publication date, read from its row in ``sources.csv`` (the one place
    it is written).

    Example:
        >>> f"{article_date():%d %B %Y}"
        '18 March 2022'
    """
    return pd.Timestamp(load_tables()["sources"].at[ARTICLE_SOURCE, "date"])
