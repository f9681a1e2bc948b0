"""The student's answers on disk: saved at once, atomically, under a lock; exportable.

All notebooks share one file, ``progress.json``, in ``$COURSE_LIB_HOME`` if set, else
``~/.balancing_act/``. Every save re-reads the file under a lock, appends the new attempts and
replaces the file atomically, so two notebooks (or two kernels) saving at once lose nothing,
and a kernel killed mid-save leaves the previous file intact.

When the folder cannot be written (read-only home, full disk), answers stay in memory, a
warning says so, and the next save tries again. A damaged file is set aside as
``progress.corrupt-<time>.json`` (never silently dropped) and a fresh one is started.

Nothing read from disk is ever evaluated: the file is plain JSON.

Example:
    >>> import course_lib as cl
    >>> cl.progress.storage_status()  # doctest: +SKIP
    'saving to /home/me/.balancing_act/progress.json (3 answers saved)'
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
import threading
import warnings
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import filelock

HOME_ENV = "COURSE_LIB_HOME"
DEFAULT_FOLDER = "~/.balancing_act"
FILE_NAME = "progress.json"
FORMAT_VERSION = 1
LOCK_TIMEOUT = 15.0  # seconds; a save blocked longer than this stays in memory
EXPORT_COLUMNS = ("question_id", "notebook", "attempts", "last_answer", "correct", "time")

# Test hook: called between writing the temporary file and renaming it over progress.json
# (tests set it to sleep, then kill the process, to prove a half-done save loses nothing).
_before_replace: Callable[[Path], None] | None = None


class Notice(str):
    """A message that prints without quotes in a notebook."""

    def __repr__(self) -> str:
        return str(self)


class ProgressWarning(UserWarning):
    """Shown when answers cannot be saved or a damaged progress file was set aside."""


def progress_folder() -> Path:
    """Where answers are saved: ``$COURSE_LIB_HOME`` or ``~/.balancing_act``."""
    override = os.environ.get(HOME_ENV, "").strip()
    return Path(override or DEFAULT_FOLDER).expanduser()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S")


def _valid_attempt(item: Any) -> bool:
    return (
        isinstance(item, dict)
        and isinstance(item.get("question_id"), str)
        and isinstance(item.get("time"), str)
        and (item.get("correct") is None or isinstance(item.get("correct"), bool))
    )


class _Corrupt(Exception):
    """The progress file exists but is not a progress file we can read."""


class ProgressStore:
    """Attempts saved in one JSON file, plus any that could not be saved yet (in memory).

    Example:
        >>> import tempfile
        >>> s = ProgressStore(Path(tempfile.mkdtemp()))
        >>> s.record({"question_id": "nb04_x", "notebook": "04", "answer": "a", "correct": True})
        True
        >>> len(s.attempts())
        1
    """

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.path = self.folder / FILE_NAME
        self.lock_path = self.folder / (FILE_NAME + ".lock")
        self._pending: list[dict[str, Any]] = []
        self._mutex = threading.Lock()  # widgets' callbacks may run on other threads
        self.last_error: str | None = None

    # ----------------------------------------------------------------- public

    def record(self, attempt: dict[str, Any]) -> bool:
        """Add one attempt and save at once. True when it (and anything pending) is on disk."""
        entry = dict(attempt)
        entry.setdefault("time", _now())
        with self._mutex:
            self._pending.append(entry)
            return self._flush()

    def flush(self) -> bool:
        """Retry saving attempts kept in memory. True when nothing is left unsaved."""
        with self._mutex:
            return self._flush()

    def attempts(self, question_id: str | None = None) -> list[dict[str, Any]]:
        """Every attempt, saved ones first, then unsaved ones (optionally for one question)."""
        with self._mutex:
            saved = self._read_saved()
            rows = saved + list(self._pending)
        if question_id is not None:
            rows = [r for r in rows if r.get("question_id") == question_id]
        return rows

    @property
    def pending(self) -> int:
        """How many attempts are only in memory."""
        return len(self._pending)

    def status(self) -> str:
        """One line: where answers are saved, or why they are not."""
        if self.last_error is None:
            problem = self._probe()
            if problem is None:
                count = len(self._read_saved_quietly())
                return f"saving to {self.path} ({count} answers saved)"
            return f"NOT saving: {problem}; answers are kept in memory until the kernel stops"
        waiting = f" ({self.pending} answers waiting)" if self.pending else ""
        return (
            f"NOT saving: {self.last_error}{waiting}; answers are kept in memory "
            "until the kernel stops, and saving is retried with every answer"
        )

    def reset(self) -> Path | None:
        """Set the file aside as ``progress.reset-<time>.json``; forget unsaved answers."""
        with self._mutex:
            self._pending.clear()
            self.last_error = None
            if not self.path.exists():
                return None
            with filelock.FileLock(str(self.lock_path), timeout=LOCK_TIMEOUT):
                backup = self._aside("reset")
                os.replace(self.path, backup)
            return backup

    # ----------------------------------------------------------------- internals

    def _flush(self) -> bool:
        if not self._pending:
            return True
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with filelock.FileLock(str(self.lock_path), timeout=LOCK_TIMEOUT):
                data = self._load_or_recover()
                data["attempts"].extend(self._pending)
                self._write(data)
        except filelock.Timeout:
            return self._failed("another notebook kept the progress file locked")
        except OSError as exc:
            reason = exc.strerror or str(exc)
            return self._failed(f"cannot write to {self.folder} ({reason})")
        self._pending.clear()
        self.last_error = None
        return True

    def _failed(self, reason: str) -> bool:
        if reason != self.last_error:
            warnings.warn(
                f"Your answers are NOT being saved: {reason}. They are kept in memory until "
                "the kernel stops; saving is retried with every answer. Tell your instructor "
                f"or set {HOME_ENV} to a folder you can write to.",
                ProgressWarning,
                stacklevel=4,
            )
        self.last_error = reason
        return False

    def _probe(self) -> str | None:
        folder = self.folder
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent
        if not os.access(folder, os.W_OK):
            return f"cannot write to {folder}"
        return None

    def _parse(self, raw: bytes) -> list[dict[str, Any]]:
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise _Corrupt(f"not valid JSON ({exc})") from None
        if not isinstance(data, dict) or not isinstance(data.get("attempts"), list):
            raise _Corrupt("not a progress file (no list of attempts)")
        bad = [i for i, item in enumerate(data["attempts"]) if not _valid_attempt(item)]
        if bad:
            raise _Corrupt(f"attempt number {bad[0] + 1} is malformed")
        return data["attempts"]

    def _read_saved_quietly(self) -> list[dict[str, Any]]:
        try:
            return self._parse(self.path.read_bytes())
        except (OSError, _Corrupt):
            return []

    def _read_saved(self) -> list[dict[str, Any]]:
        try:
            raw = self.path.read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            return []
        except OSError as exc:
            self._failed(f"cannot read {self.path} ({exc.strerror})")
            return []
        try:
            return self._parse(raw)
        except _Corrupt:
            pass
        # Damaged: set it aside under the lock (another process may be doing the same).
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            with filelock.FileLock(str(self.lock_path), timeout=LOCK_TIMEOUT):
                return list(self._load_or_recover()["attempts"])
        except (OSError, filelock.Timeout) as exc:
            self._failed(f"the progress file is damaged and cannot be set aside ({exc})")
            return []

    def _load_or_recover(self) -> dict[str, Any]:
        """Read the file (call with the lock held); set a damaged one aside."""
        fresh: dict[str, Any] = {"version": FORMAT_VERSION, "attempts": []}
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return fresh
        try:
            fresh["attempts"] = self._parse(raw)
            return fresh
        except _Corrupt as problem:
            aside = self._aside("corrupt")
            os.replace(self.path, aside)
            warnings.warn(
                f"Your progress file was damaged ({problem}). It was kept as {aside} and a "
                "new one was started; earlier answers are in that file if your instructor "
                "needs them.",
                ProgressWarning,
                stacklevel=5,
            )
            return fresh

    def _aside(self, label: str) -> Path:
        base = self.folder / f"progress.{label}-{_stamp()}"
        candidate, n = base.with_suffix(".json"), 1
        while candidate.exists():
            candidate, n = Path(f"{base}-{n}.json"), n + 1
        return candidate

    def _write(self, data: dict[str, Any]) -> None:
        data["version"] = FORMAT_VERSION
        text = json.dumps(data, ensure_ascii=False, indent=1)
        fd, tmp_name = tempfile.mkstemp(prefix=".progress-", suffix=".tmp", dir=self.folder)
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            if _before_replace is not None:
                _before_replace(tmp)
            os.replace(tmp, self.path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        _fsync_folder(self.folder)


def _fsync_folder(folder: Path) -> None:
    # Makes the rename itself durable; not possible on every OS (Windows), so best effort.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


_STORES: dict[Path, ProgressStore] = {}


def store() -> ProgressStore:
    """The store for the current progress folder (one per folder per kernel)."""
    folder = progress_folder().resolve()
    if folder not in _STORES:
        _STORES[folder] = ProgressStore(folder)
    return _STORES[folder]


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


# --------------------------------------------------------------------------- export / reset


def summary_rows() -> list[dict[str, Any]]:
    """One row per attempted question: attempts, last answer, whether it was right, when."""
    rows: dict[str, dict[str, Any]] = {}
    for attempt in store().attempts():
        qid = attempt["question_id"]
        row = rows.setdefault(qid, {"question_id": qid, "attempts": 0})
        row["attempts"] += 1
        row["notebook"] = attempt.get("notebook", "")
        row["last_answer"] = attempt.get("answer")
        row["correct"] = attempt.get("correct")
        row["time"] = attempt.get("time", "")
    return [{col: row.get(col) for col in EXPORT_COLUMNS} for row in rows.values()]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    # Spreadsheets run cells starting with these as formulas: keep the export data-only.
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        text = "'" + text
    return text


def export_progress(path: str | os.PathLike[str]) -> Path:
    """Write your answers for your instructor: ``.json`` or ``.csv`` (chosen by the suffix).

    One row per question you attempted: question_id, notebook, attempts, last_answer,
    correct, time (ISO, UTC). Only data, never code.

    Example:
        >>> import course_lib as cl
        >>> cl.export_progress("my_answers.csv")  # doctest: +SKIP
        PosixPath('my_answers.csv')
    """
    target = Path(path).expanduser()
    suffix = target.suffix.lower()
    if suffix not in (".json", ".csv"):
        from .errors import CourseError

        raise CourseError(
            f"Choose a file name ending in .json or .csv (got {target.name!r}), "
            'e.g. cl.export_progress("my_answers.csv").'
        )
    store().flush()
    rows = summary_rows()
    if suffix == ".json":
        payload = {"exported": _now(), "columns": list(EXPORT_COLUMNS), "rows": rows}
        target.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    else:
        with target.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(EXPORT_COLUMNS)
            for row in rows:
                writer.writerow([_cell(row[col]) for col in EXPORT_COLUMNS])
    return target


def reset_progress(confirm: bool = False) -> str:
    """Start again with no saved answers. Asks first: pass ``confirm=True`` to really do it.

    The old file is kept as ``progress.reset-<time>.json`` next to it, so a slip can be undone.
    (No ``input()`` prompt: it would hang automatic runs of the notebooks.)

    Example:
        >>> import course_lib as cl
        >>> print(cl.reset_progress())  # doctest: +SKIP
        This would clear 12 saved answers ... run cl.reset_progress(confirm=True).
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
    except (OSError, filelock.Timeout) as exc:
        return Notice(f"Could not reset your progress: {exc}. Nothing was changed.")
    try:
        from . import exercises

        exercises.forget_hints()
    except ImportError:  # pragma: no cover
        pass
    if backup is None:
        return Notice("There were no saved answers; you start with a clean slate.")
    return Notice(f"Cleared {count} answers. The old file is kept as {backup}.")
