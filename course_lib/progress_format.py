"""The progress file's format: one attempt per line, as JSON; reading files of any version.

A line is one attempt in the format of GUIDE.md (``question_id``, ``notebook``, ``answer``,
``correct``, ``time``, ``status`` and any extra keys), UTF-8, ended by a newline. The first
format (``progress.json``: ``{"version": 1, "attempts": [...]}``) and damaged files of either
kind are read record by record, so one bad record costs only itself.

Nothing here touches the disk: :mod:`course_lib.progress` does, under its lock.

Example:
    >>> line = encode_line({"question_id": "nb04_x", "time": "2025-01-01T00:00:00+00:00",
    ...                     "correct": None, "answer": "Şuşa"})
    >>> line.endswith(b"}\\n"), decode_line(line)["status"], decode_line(line)["answer"]
    (True, 'recorded', 'Şuşa')
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

STATUSES = ("correct", "incorrect", "recorded")
BOMS = {
    b"\xef\xbb\xbf": "utf-8",
    b"\xff\xfe\x00\x00": "utf-32-le",
    b"\x00\x00\xfe\xff": "utf-32-be",
    b"\xff\xfe": "utf-16-le",
    b"\xfe\xff": "utf-16-be",
}


def valid_attempt(item: Any) -> bool:
    """True for a dict with the keys every reader relies on, of the right types.

    Example:
        >>> valid_attempt({"question_id": "q", "time": "t", "correct": None}), valid_attempt([])
        (True, False)
    """
    return (
        isinstance(item, dict)
        and isinstance(item.get("question_id"), str)
        and isinstance(item.get("time"), str)
        and (item.get("correct") is None or isinstance(item.get("correct"), bool))
    )


def status_of(attempt: dict[str, Any]) -> str:
    """An attempt's status; one saved without it (older versions) is read from ``correct``.

    Example:
        >>> status_of({"correct": True}), status_of({"correct": None})
        ('correct', 'recorded')
    """
    given = attempt.get("status")
    if isinstance(given, str) and given:
        return given
    correct = attempt.get("correct")
    return "recorded" if correct is None else ("correct" if correct else "incorrect")


# Deeper than any record (an answer may be a list of dicts): json recurses once per level,
# and near Python's recursion limit a garbage collection that runs then can make finalisers
# fail ("Exception ignored in ...") anywhere in the kernel. Such text is never parsed.
MAX_DEPTH = 64
_STRING_OR_BRACKET = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}]')
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_PAIR = re.compile(r"\[\]|\{\}")


def _openers(text: bytes | str) -> int:
    if isinstance(text, bytes):
        return text.count(b"[") + text.count(b"{")
    return text.count("[") + text.count("{")


def too_deep(text: bytes | str, start: int = 0, *, one_value: bool = False) -> bool:
    """True when JSON text nests deeper than :data:`MAX_DEPTH` (brackets in strings do not
    count); with ``one_value``, only the value that starts at ``start`` is looked at.

    Example:
        >>> too_deep("[" * 65 + "]" * 65), too_deep('["' + "[" * 99 + '"]'), too_deep("[[1]]")
        (True, False, False)
    """
    if _openers(text) <= MAX_DEPTH:  # the common case: too few brackets to nest that deep
        return False
    if isinstance(text, bytes):  # in the encoding json itself would read it in
        encoding = json.detect_encoding(text)
        text = text.decode(encoding, "surrogateescape" if encoding == "utf-8" else "replace")
    if not one_value and _pairs_within_limit(text[start:]):
        return False
    return _counted_too_deep(text, start, one_value)


def _counted_too_deep(text: str, start: int, one_value: bool) -> bool:
    """The exact count, token by token: only for text that is deep or not valid JSON."""
    depth = 0
    for match in _STRING_OR_BRACKET.finditer(text, start):
        mark = match.group()[0]
        if mark in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return True
        elif mark in "]}":
            depth = max(depth - 1, 0)
            if one_value and depth == 0:
                return False
    return False


def _pairs_within_limit(text: str) -> bool:
    """True when the brackets outside strings pair up within :data:`MAX_DEPTH` levels. Fast
    (regular expressions only): each pass takes away the innermost pairs, one level."""
    marks = _NOT_BRACKET.sub("", _STRING.sub("", text))
    for _ in range(MAX_DEPTH):
        peeled = _PAIR.sub("", marks)
        if peeled == marks:
            break
        marks = peeled
    return not marks


def loads(text: bytes | str) -> Any:
    """``json.loads`` for text from outside (a student's file, a hand-in): ValueError, not
    a deep recursion, for text nested deeper than :data:`MAX_DEPTH`.

    Example:
        >>> loads('{"a": [1, 2]}')
        {'a': [1, 2]}
    """
    if too_deep(text):
        raise ValueError(f"nested more than {MAX_DEPTH} levels deep")
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        raise
    except ValueError:  # Python's limit on the digits of one number, not a JSON error
        raise ValueError("a number too long to read") from None


def decode_line(line: bytes | str) -> dict[str, Any] | None:
    """One record, or None when it cannot be read (any failure: bad JSON, deep nesting, a
    number too long to convert, invalid UTF-8, the wrong shape)."""
    try:
        item = loads(line)
    except Exception:  # noqa: BLE001 - every kind of damage takes the same path
        return None
    if not valid_attempt(item):
        return None
    item["status"] = status_of(item)
    return item


def decode_lines(blob: bytes) -> tuple[list[dict[str, Any]], int]:
    """The records of complete journal lines, and how many lines could not be read.

    All lines are first parsed in one call (a third faster, and keys are shared between the
    records, so a long history takes about 40% less memory); if that fails, line by line.

    Example:
        >>> decode_lines(b'{"question_id": "q", "time": "t"}\\n\\n{oops\\n')[1]
        1
    """
    lines = [line for line in blob.split(b"\n") if line.strip()]
    try:
        if any(_openers(line) > MAX_DEPTH - 1 for line in lines):
            raise ValueError("a line may nest too deeply: read line by line")
        items = json.loads(b"[" + b",".join(lines) + b"]")
    except Exception:  # noqa: BLE001 - some line is damaged: find which, below
        items = None
    if isinstance(items, list) and len(items) == len(lines) and all(map(valid_attempt, items)):
        for item in items:
            item["status"] = status_of(item)
        return items, 0
    records = [r for r in map(decode_line, lines) if r is not None]
    return records, len(lines) - len(records)


def _jsonable(value: Any) -> Any:
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    return str(value)


def encode_line(attempt: dict[str, Any]) -> bytes:
    """One journal line. Lone surrogates become \\u escapes, which read back the same."""
    text = json.dumps(attempt, ensure_ascii=False, default=_jsonable)
    return text.encode("utf-8", "backslashreplace") + b"\n"


def time_key(attempt: dict[str, Any]) -> float:
    try:
        moment = datetime.fromisoformat(attempt["time"])
    except (KeyError, TypeError, ValueError):
        return float("-inf")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def _canonical(attempt: dict[str, Any]) -> str:
    return json.dumps(attempt, sort_keys=True, ensure_ascii=True, default=_jsonable)


def merge_attempts(
    existing: list[dict[str, Any]], incoming: Iterable[dict[str, Any]]
) -> tuple[list[dict[str, Any]], int]:
    """Both histories as one (oldest first when both had records), and how many were new.

    A record counts as already there when an identical one is (as often as it is: two
    identical attempts in one second stay two), so restoring the same file twice adds nothing.

    Example:
        >>> a = {"question_id": "q", "time": "2025-01-01T10:00:00+00:00", "answer": "a"}
        >>> b = dict(a, time="2025-01-01T09:00:00+00:00")
        >>> merged, added = merge_attempts([a], [a, b])
        >>> [r["time"][11:16] for r in merged], added
        (['09:00', '10:00'], 1)
    """
    if not existing:  # nothing to compare with (a first conversion): keep the file's order
        fresh = list(incoming)
        return fresh, len(fresh)
    have = Counter(_canonical(r) for r in existing)
    added: list[dict[str, Any]] = []
    for record in incoming:
        key = _canonical(record)
        if have[key] > 0:
            have[key] -= 1
        else:
            added.append(record)
    if not added:
        return list(existing), 0
    return sorted(existing + added, key=time_key), len(added)  # sorted() is stable


# --------------------------------------------------------------------------- reading any file

# Where a record may start in a damaged file: a line starting with "{" (the first format was
# written with indent=1, one record per block; the journal has one per line), or a "{" right
# before "question_id" (a file written on one line).
_RECORD_START = re.compile(r'^[ \t]*\{|\{(?=\s*"question_id")', re.MULTILINE)
# What may stand around and between records without being damage: the first format's
# wrapper (``{"version": 1, "attempts": [`` … ``]}``), commas and white space.
_LEAD = re.compile(r'\s*(?:\{\s*"version"\s*:\s*\d+\s*,\s*"attempts"\s*:\s*\[|\[)?\s*')
_BETWEEN = re.compile(r"\s*,?\s*")
_TRAIL = re.compile(r'\s*(?:\]\s*(?:,\s*"version"\s*:\s*\d+\s*)?\}?)?\s*')


def text_of(raw: bytes) -> str:
    """Decoded text; a BOM says which Unicode encoding. Bad UTF-8 bytes survive as surrogate
    escapes, so an unreadable part can be set aside byte for byte."""
    for bom, encoding in BOMS.items():
        if raw.startswith(bom):
            if encoding == "utf-8":
                return raw[len(bom) :].decode("utf-8", "surrogateescape")
            return raw[len(bom) :].decode(encoding, "replace")
    return raw.decode("utf-8", "surrogateescape")


def _from_document(data: Any) -> tuple[list[dict[str, Any]], list[Any]] | None:
    """The records of a file that parsed as one JSON document, or None if it is not ours."""
    if isinstance(data, dict) and isinstance(data.get("attempts"), list):
        items = data["attempts"]
    elif isinstance(data, list) and any(valid_attempt(i) for i in data):
        items = data
    elif valid_attempt(data):
        items = [data]
    else:
        return None
    good, bad = [], []
    for item in items:
        (good if valid_attempt(item) else bad).append(item)
    for item in good:
        item["status"] = status_of(item)
    return good, bad


def read_records(raw: bytes) -> tuple[list[dict[str, Any]], bytes]:
    """Every readable attempt in a progress file of any version (or a damaged part of one),
    and the bytes that could not be read (empty when everything was read).

    Example:
        >>> good = b'{"question_id": "q", "time": "2025-01-01T00:00:00+00:00"}'
        >>> records, unread = read_records(good + b"\\n{oops\\n" + good + b"\\n")
        >>> len(records), unread
        (2, b'{oops\\n')
    """
    text = text_of(raw)
    try:
        document = loads(text)
    except Exception:  # noqa: BLE001 - not one JSON document: a journal, or damaged
        document = None
    else:
        found = _from_document(document)
        if found is not None:
            good, bad = found
            unread = "".join(json.dumps(b, ensure_ascii=False) + "\n" for b in bad)
            return good, unread.encode("utf-8", "backslashreplace")
        if text.count("\n") <= 1:  # valid JSON, but not progress: nothing to salvage
            return [], raw
        # Several lines: a journal of more than one record, or a document worth scanning.
    lines, unreadable = decode_lines(text.encode("utf-8", "surrogateescape"))
    if lines and not unreadable:  # a journal, every line readable: no scan needed
        return lines, b""
    decoder = json.JSONDecoder()
    records: list[dict[str, Any]] = []
    gaps: list[str] = []
    done = 0
    # Damaged text: where strings start and end is unsure, so each candidate is checked from
    # its own start, in step with what raw_decode will read.
    deep = _openers(text) > MAX_DEPTH
    for match in _RECORD_START.finditer(text):
        start = match.end() - 1
        if start < done or (deep and _counted_too_deep(text, start, one_value=True)):
            continue
        try:
            item, end = decoder.raw_decode(text, start)
        except Exception:  # noqa: BLE001 - ValueError, JSONDecodeError, …
            continue
        if not valid_attempt(item):
            continue
        item["status"] = status_of(item)
        gaps.append(text[done:start])
        records.append(item)
        done = end
    if not records:  # nothing readable: the whole file, exactly as it was, is what is left
        return [], raw if raw.strip() else b""
    gaps.append(text[done:])
    shapes = [_LEAD] + [_BETWEEN] * (len(gaps) - 2) + [_TRAIL]
    unread = [g.strip() for g, shape in zip(gaps, shapes, strict=True) if not shape.fullmatch(g)]
    blob = "".join(g + "\n" for g in unread)
    return records, blob.encode("utf-8", "surrogateescape")


def salvage_journal(raw: bytes) -> tuple[list[dict[str, Any]], bytes]:
    """Records and unreadable lines of a journal; a cut-off last line is dropped, since
    the save that wrote it never finished and never said the answer was saved."""
    text = text_of(raw)
    if not raw.startswith(b"\xef\xbb\xbf") and any(raw.startswith(b) for b in BOMS):
        raw = text.encode("utf-8", "surrogateescape")
    elif raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    *complete, last = raw.split(b"\n")
    records, unread = [], []
    for line in complete:
        if line.strip():
            record = decode_line(line)
            if record is None:
                unread.append(line.rstrip(b"\r") + b"\n")
            else:
                records.append(record)
    final = decode_line(last) if last.strip() else None
    if final is not None:
        records.append(final)
    return records, b"".join(unread)
