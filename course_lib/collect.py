"""Read what a class handed in: export files, folders of them, or a hub's home folders.

Accepted: the files ``cl.export_progress()`` writes (``.json`` or ``.csv``), the older
one-row-per-question export, and a student's saved progress
(``<home>/.balancing_act/progress.jsonl``, or ``progress.json`` from course versions before
0.2, named after the home folder). A folder is searched for export files directly inside it
and for ``*/.balancing_act/progress.jsonl`` (a JupyterHub tree of home folders).

Nothing is trusted or evaluated: files are parsed as plain JSON or CSV. Every problem
becomes one line naming the file, and reading carries on with the rest.

Example:
    >>> found = collect([])
    >>> found.submissions, found.problems
    ([], [])
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .handin import ATTEMPT_FIELDS, CSV_COLUMNS, FORMAT, attempt_status
from .progress import FILE_NAME, LEGACY_FILE_NAME
from .progress_format import loads, read_records

HOME_FOLDER = ".balancing_act"
# the journal first: a home that has both was converted, and its old file is kept as a backup
PROGRESS_FILES = (FILE_NAME, LEGACY_FILE_NAME)
EXPORT_SUFFIXES = (".json", ".csv")


class Unreadable(Exception):
    """A file that is not a hand-in we can read; the message says why."""


@dataclass
class Submission:
    """One student's hand-in, as read (nothing graded yet)."""

    student: str
    source: Path
    origin: str  # "export", "csv export", "old export" or "home folder"
    course_version: str | None
    exported: str  # ISO time of the export ("" when unknown)
    attempts: list[dict[str, Any]]
    digest: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        """The student's name compared without case or spacing."""
        return student_key(self.student)

    @property
    def when(self) -> str:
        """When it was handed in: the export time, else the last attempt's time."""
        return self.exported or max((str(a.get("time") or "") for a in self.attempts), default="")

    @property
    def fingerprint(self) -> str:
        """Same answers at the same seconds give the same fingerprint (``correct`` ignored)."""
        lines = sorted(
            f"{a.get('question_id')}|{_json(a.get('answer'))}|{a.get('time')}"
            for a in self.attempts
        )
        return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()

    def label(self) -> str:
        return f"{self.source.name} ({self.student})"


@dataclass
class Collection:
    """The usable hand-ins (one per student) and a line for every problem met."""

    submissions: list[Submission] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    flags: list[tuple[str, str]] = field(default_factory=list)  # (student, what looks wrong)


def student_key(name: str) -> str:
    return " ".join(str(name).split()).casefold()


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _plain(attempts: Any) -> tuple[list[dict[str, Any]], int]:
    """Well-formed attempts as plain dicts, and how many malformed ones were dropped."""
    if not isinstance(attempts, list):
        raise Unreadable("it has no list of attempts")
    good, bad = [], 0
    for item in attempts:
        if not isinstance(item, dict) or not isinstance(item.get("question_id"), str):
            bad += 1
            continue
        row = {name: item.get(name) for name in ATTEMPT_FIELDS}
        row["time"] = str(row["time"] or "")
        row["notebook"] = str(row["notebook"] or "")
        row["status"] = attempt_status(item)
        good.append(row)
    return good, bad


def read_home_progress(path: Path) -> list[dict[str, Any]]:
    """The attempts in one student's saved progress file (journal or older JSON), read-only.

    It reads with the store's own salvaging reader but never writes, locks or moves the
    file: the store's recovery would set a damaged file aside, which a report must not do.
    """
    records, unread = read_records(path.read_bytes())
    if not records and unread.strip():
        raise Unreadable("it is not a progress file (no readable attempts)")
    return records


def _home_student(path: Path) -> str:
    folder = path.parent if path.name in PROGRESS_FILES else path
    return (folder.parent if folder.name == HOME_FOLDER else folder).name or "unknown"


def _from_csv(path: Path, text: str) -> Submission:
    reader = csv.DictReader(io.StringIO(text))
    header = set(reader.fieldnames or ())
    rows = list(reader)
    if not set(CSV_COLUMNS) <= header:
        raise Unreadable("it is not a Balancing Act export (the CSV columns do not match)")
    attempts = []
    for row in rows:
        try:
            answer = loads(row["answer"]) if row["answer"] else None
        except ValueError:  # JSONDecodeError or too deep: the text as it was written
            answer = row["answer"]
        correct = {"true": True, "false": False}.get(row["correct"].strip().lower())
        attempts.append({**row, "answer": answer, "correct": correct})
    good, bad = _plain(attempts)
    name = rows[0]["student"] if rows else ""
    if name.startswith("'") and name[1:2] in ("=", "+", "-", "@"):
        name = name[1:]  # undo the export's guard against spreadsheet formulas
    version = rows[0]["course_version"] or None if rows else None
    exported = rows[0]["exported"] if rows else ""
    return _noted(Submission(name, path, "csv export", version, exported, good), bad)


def _noted(sub: Submission, bad: int) -> Submission:
    if bad:
        sub.notes.append(f"{bad} malformed attempt{'s' if bad != 1 else ''} ignored")
    return sub


def read_submission(path: Path) -> Submission:
    """One file as a :class:`Submission`; :class:`Unreadable` says why it cannot be."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise Unreadable(f"it cannot be read ({exc.strerror or exc})") from None
    if path.name in PROGRESS_FILES:
        good, bad = _plain(read_home_progress(path))
        sub = _noted(Submission(_home_student(path), path, "home folder", None, "", good), bad)
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise Unreadable("it is not UTF-8 text") from None
        sub = _from_csv(path, text) if path.suffix.lower() == ".csv" else _from_json(path, text)
    sub.digest = hashlib.sha256(raw).hexdigest()
    if not sub.student.strip():
        sub.student = path.stem
        sub.notes.append("it names no student; the file name is used")
    return sub


def _from_json(path: Path, text: str) -> Submission:
    try:
        content = loads(text)
    except json.JSONDecodeError as exc:
        raise Unreadable(f"it is not valid JSON ({exc.msg}, line {exc.lineno})") from None
    except ValueError as exc:  # nested too deeply, or a number too long to convert
        raise Unreadable(f"it is not a Balancing Act export ({exc})") from None
    if not isinstance(content, dict):
        raise Unreadable("it is not a Balancing Act export")
    if content.get("format") == FORMAT:
        good, bad = _plain(content.get("attempts"))
        student = content.get("student")
        sub = Submission(
            student if isinstance(student, str) else "",
            path,
            "export",
            str(content.get("course_version") or "") or None,
            str(content.get("exported") or ""),
            good,
        )
        return _noted(sub, bad)
    if isinstance(content.get("rows"), list) and "columns" in content:
        # The first export format: one row per question, the last answer only, no name.
        rows = [
            {**r, "answer": r.get("last_answer")} for r in content["rows"] if isinstance(r, dict)
        ]
        good, bad = _plain(rows)
        sub = Submission(
            path.stem, path, "old export", None, str(content.get("exported") or ""), good
        )
        sub.notes.append("an old export: last answers only, and no student name (file name used)")
        return _noted(sub, bad)
    if isinstance(content.get("attempts"), list) and "version" in content:
        good, bad = _plain(content["attempts"])
        sub = Submission(path.stem, path, "home folder", None, "", good)
        sub.notes.append("a saved progress file, not an export: named after the file")
        return _noted(sub, bad)
    raise Unreadable("it is not a Balancing Act export (a different kind of JSON file)")


def discover(path: Path) -> tuple[list[Path], list[str]]:
    """The hand-in files at ``path`` (a file, a folder of exports, a tree of homes)."""
    if path.is_file():
        return [path], []
    if not path.is_dir():
        return [], [f"{path}: no such file or folder (skipped)"]
    found: list[Path] = []
    homes = [path] if path.name == HOME_FOLDER else []
    homes += [path / HOME_FOLDER, *sorted(path.glob(f"*/{HOME_FOLDER}"))]
    for home in homes:
        saved = next((home / n for n in PROGRESS_FILES if (home / n).is_file()), None)
        if saved is not None:
            found.append(saved)
    found += sorted(
        p for p in path.iterdir() if p.is_file() and p.suffix.lower() in EXPORT_SUFFIXES
    )
    if not found:
        return [], [f"{path}: no export files and no */{HOME_FOLDER}/{FILE_NAME} in it"]
    return found, []


def _mtime(path: Path) -> str:
    try:
        stamp = path.stat().st_mtime
    except OSError:
        return ""
    return datetime.fromtimestamp(stamp, UTC).isoformat(timespec="seconds")


def collect(paths: Iterable[str | Path]) -> Collection:
    """Read every hand-in; keep one per student (the later one) and report every problem."""
    result = Collection()
    seen_paths: set[Path] = set()
    by_digest: dict[str, Submission] = {}
    by_student: dict[str, Submission] = {}
    for given in paths:
        files, problems = discover(Path(given).expanduser())
        result.problems += problems
        for file in files:
            resolved = file.resolve()
            if resolved in seen_paths:
                continue  # the same file named twice (a file and its folder): read once
            seen_paths.add(resolved)
            try:
                sub = read_submission(file)
            except Unreadable as why:
                result.problems.append(f"{file}: {why} (skipped)")
                continue
            if sub.digest in by_digest:
                first = by_digest[sub.digest]
                result.problems.append(f"{file}: a duplicate of {first.source} (read once)")
                continue
            by_digest[sub.digest] = sub
            for note in sub.notes:
                result.problems.append(f"{file}: {note}")
            if not sub.attempts:
                result.problems.append(f"{file}: it holds no answers ({sub.student})")
            earlier = by_student.get(sub.key)
            if earlier is None:
                by_student[sub.key] = sub
                continue
            newer, older = sorted(
                (sub, earlier), key=lambda s: (s.when or _mtime(s.source), str(s.source))
            )[::-1]
            by_student[sub.key] = newer
            result.problems.append(
                f"{newer.source}: {sub.student} handed in twice ({older.source}, "
                f"{older.when or 'undated'}; {newer.source}, {newer.when or 'undated'}): "
                f"the later one, {newer.source.name}, is used"
            )
    result.submissions = sorted(by_student.values(), key=lambda s: s.key)
    _flag_copies(result)
    return result


def _flag_copies(result: Collection) -> None:
    """Two students whose attempts are identical, answer for answer and second for second."""
    owners: dict[str, Submission] = {}
    for sub in result.submissions:
        if not sub.attempts:
            continue
        other = owners.setdefault(sub.fingerprint, sub)
        if other is sub:
            continue
        text = (
            f"{sub.label()} holds exactly the attempts of {other.label()}, answer for answer "
            "and second for second: one file was probably copied and renamed"
        )
        result.flags.append((sub.student, text))
        result.flags.append((other.student, text))
