"""The progress journal on disk: one :class:`ProgressStore` per answers folder.

How the journal works, and why (a journal rather than SQLite), is in :mod:`course_lib.progress`,
which holds the public face (``store()``, ``reset_progress``, ``restore_progress``). This module
is the mechanism: appending under the lock, reading incrementally, salvaging damage, moving
answers between folders, housekeeping, and the warnings a student sees.

Example:
    >>> import tempfile
    >>> s = ProgressStore(Path(tempfile.mkdtemp()))
    >>> s.record({"question_id": "nb04_x", "notebook": "04", "answer": "a", "correct": True})
    True
    >>> [a["status"] for a in s.attempts()]
    ['correct']
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import site
import stat
import sys
import sysconfig
import tempfile
import threading
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import filelock

from .progress_format import (
    BOMS,
    decode_lines,
    encode_line,
    merge_attempts,
    read_records,
    salvage_journal,
    status_of,
    time_key,
    valid_attempt,
)

HOME_ENV = "COURSE_LIB_HOME"
DEFAULT_FOLDER = "~/.balancing_act"
FILE_NAME = "progress.jsonl"
LEGACY_FILE_NAME = "progress.json"  # the first format: one JSON document, rewritten per answer
LOCK_NAME = "progress.json.lock"  # the first format's lock: old and new kernels exclude each other
TEMP_PREFIX, TEMP_SUFFIX = ".progress-", ".tmp"
PROBE_PREFIX = ".probe-"
FORMAT_VERSION = 2  # 1 was progress.json, one JSON document; 2 is the journal
LOCK_TIMEOUT = 15.0  # seconds; a save blocked longer than this stays in memory
_TAIL = 64  # bytes remembered before the read position: an edit in place shows there

# Test hooks. ``_before_replace(tmp)`` runs between writing a whole-file rewrite and renaming
# it into place; ``_mid_append(path)`` runs after the first half of an append is written.
# Tests make them sleep and then kill the process, to prove a half-done save loses nothing.
_before_replace: Callable[[Path], None] | None = None
_mid_append: Callable[[Path], None] | None = None


class ProgressWarning(UserWarning):
    """Shown when answers cannot be saved or part of a damaged progress file was set aside."""


class ProgressError(Exception):
    """An operation on the progress store was refused so that nothing would be lost."""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S")


# --------------------------------------------------------------------------- warnings

_COURSE_CODE = tuple(
    {str(Path(__file__).parent) + os.sep, str(Path(__file__).resolve().parent) + os.sep}
)


def _library_prefixes() -> tuple[str, ...]:
    paths = sysconfig.get_paths()
    found = {paths[k] for k in ("stdlib", "platstdlib", "purelib", "platlib") if k in paths}
    with contextlib.suppress(AttributeError):  # missing in some old virtualenvs
        found.update(site.getsitepackages())
    forms = {str(Path(p)) for p in found if p} | {str(Path(p).resolve()) for p in found if p}
    return tuple(f + os.sep for f in forms)


_LIBRARY_CODE = _library_prefixes()


def _warn(text: str, student_file: Path) -> None:
    """Warn at the student's own line (their notebook cell or script), not inside the library.

    When no code of theirs is on the stack (a button click calls in from ipywidgets), the
    warning is placed on the progress file it is about.
    """
    frame, level = sys._getframe(0), 1
    while frame is not None and frame.f_code.co_filename.startswith(_COURSE_CODE):
        frame, level = frame.f_back, level + 1
    name = frame.f_code.co_filename if frame is not None else ""
    installed = name.startswith("<frozen") or name.startswith(_LIBRARY_CODE)
    if frame is not None and not installed:
        warnings.warn(text, ProgressWarning, stacklevel=level)
    else:
        warnings.warn_explicit(text, ProgressWarning, str(student_file), 0, module=__name__)


def _new_folder_line(failing: Path) -> str:
    """A line the student can paste into a cell to save in a folder of their own."""
    try:
        places = [Path.cwd(), Path.home()]
    except (OSError, RuntimeError):  # no current folder or no home: nothing to suggest
        return ""
    for candidate in (place / "balancing_act_answers" for place in places):
        if candidate == failing or failing in candidate.parents:
            continue
        base = candidate
        while not base.exists() and base != base.parent:
            base = base.parent
        if base.is_dir() and os.access(base, os.W_OK):
            return f"import os; os.environ[{HOME_ENV!r}] = {str(candidate)!r}"
    return ""


# --------------------------------------------------------------------------- the store


@dataclass
class _Journal:
    """What this kernel has read of the file: records, and how far it read."""

    key: tuple[int, int, int] | None = None  # (inode, size, mtime_ns) when last read
    offset: int = 0  # bytes read, always just after a newline
    tail: bytes = b""  # the last bytes before ``offset``
    records: list[dict[str, Any]] = field(default_factory=list)
    by_question: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    partial: bool = False  # bytes after the last newline: a save under way or cut short
    # Read from a file this kernel cannot convert or repair (a read-only folder): shown as
    # it is, never extended by appends, read whole again when it changes.
    readonly_view: bool = False

    def add(self, records: list[dict[str, Any]]) -> None:
        self.records.extend(records)
        for record in records:
            self.by_question.setdefault(record["question_id"], []).append(record)


def _key(st: os.stat_result) -> tuple[int, int, int]:
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


class ProgressStore:
    """Attempts saved in one journal file, plus any that could not be saved yet (in memory).

    Example:
        >>> import tempfile
        >>> s = ProgressStore(Path(tempfile.mkdtemp()))
        >>> s.record({"question_id": "nb04_x", "notebook": "04", "answer": "a", "correct": True})
        True
        >>> [(a["answer"], a["status"]) for a in s.attempts("nb04_x")]
        [('a', 'correct')]
    """

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.path = self.folder / FILE_NAME
        self.legacy_path = self.folder / LEGACY_FILE_NAME
        self.lock_path = self.folder / LOCK_NAME
        self._file_lock = filelock.FileLock(str(self.lock_path), timeout=LOCK_TIMEOUT)
        self._pending: list[dict[str, Any]] = []
        self._journal = _Journal()
        self._mutex = threading.RLock()  # widgets' callbacks may run on other threads
        self._housekept = False
        self._warned: set[tuple[str, str]] = set()  # problems already told, once each
        self.last_error: str | None = None  # why the last save failed (None: it worked)
        self.read_error: str | None = None  # why saved answers could not all be read
        self.file_reads = 0  # times the file was opened to read it (see the benchmarks)

    # ----------------------------------------------------------------- public

    def record(self, attempt: dict[str, Any]) -> bool:
        """Add one attempt and save at once. True when it (and anything pending) is on disk."""
        entry = dict(attempt)
        entry.setdefault("time", _now())
        if not valid_attempt(entry):
            raise ValueError(
                "an attempt needs a question_id (text), a time (text) and correct "
                f"(True, False or None): {attempt!r:.200}"
            )
        entry["status"] = status_of(entry)
        with self._mutex:
            self._pending.append(entry)
            return self._flush()

    def flush(self) -> bool:
        """Retry saving attempts kept in memory. True when nothing is left unsaved."""
        with self._mutex:
            return self._flush()

    def attempts(self, question_id: str | None = None) -> list[dict[str, Any]]:
        """Every attempt, saved ones first, then unsaved ones (optionally for one question).

        Each is a fresh dict in the attempt format (with ``status``), so changing one
        changes nothing saved.
        """
        with self._mutex:
            self._sync_safely()
            if question_id is None:
                rows = self._journal.records + self._pending
            elif isinstance(question_id, str):
                mine = [p for p in self._pending if p.get("question_id") == question_id]
                rows = self._journal.by_question.get(question_id, []) + mine
            else:
                rows = []
            return [dict(r) for r in rows]

    @property
    def pending(self) -> int:
        """How many attempts are only in memory."""
        return len(self._pending)

    def status(self) -> str:
        """One line: where answers are saved, or why they are not."""
        with self._mutex:
            if self.last_error is None:
                problem = self.probe()
                if problem is None:
                    self._sync_safely()
                    count = len(self._journal.records)
                    unread = f"; but {self.read_error}" if self.read_error else ""
                    return f"saving to {self.path} ({count} answers saved{unread})"
                return f"NOT saving: {problem}; answers are kept in memory until the kernel stops"
            waiting = f" ({self.pending} answers waiting)" if self.pending else ""
            return (
                f"NOT saving: {self.last_error}{waiting}; answers are kept in memory "
                "until the kernel stops, and saving is retried with every answer"
            )

    def probe(self) -> str | None:
        """Write, read back and remove a small file in the folder: None if that works, else
        what went wrong (in words a student can show their instructor)."""
        try:
            self._make_folder()
            if self.path.is_dir():
                return f"{self.path} is a folder, so the answers file cannot be written there"
            fd, name = tempfile.mkstemp(prefix=PROBE_PREFIX, suffix=TEMP_SUFFIX, dir=self.folder)
            try:
                _write_all(fd, b"probe")
                os.close(fd)
                if Path(name).read_bytes() != b"probe":
                    return f"a test file in {self.folder} did not read back as written"
            finally:
                Path(name).unlink(missing_ok=True)
        except ProgressError as exc:
            return str(exc)
        except OSError as exc:
            return f"the folder {self.folder} cannot be written to ({exc.strerror or exc})"
        return None

    def reset(self) -> Path | None:
        """Set the saved answers aside as ``progress.reset-<time>.jsonl`` and start again.

        Answers not yet saved are saved first; when that is impossible, nothing is changed
        and :class:`ProgressError` says why (OSError if the file cannot be moved).
        """
        with self._mutex:
            if self._pending and not self._flush():
                raise ProgressError(
                    f"{self.pending} answers from this session could not be saved "
                    f"({self.last_error}), and a reset now would lose them"
                )
            if not self.path.exists() and not self.legacy_path.exists():
                self._journal = _Journal()
                backup = None
            else:
                with self._file_lock:
                    self._housekeep_locked()
                    backup = None
                    if self.path.exists():
                        backup = self._claim("reset", ".jsonl")
                        try:
                            os.replace(self.path, backup)
                        except OSError:
                            backup.unlink(missing_ok=True)
                            raise
                        _fsync_folder(self.folder)
                self._journal = _Journal()
            self.last_error = self.read_error = None
            self._warned.clear()
        _notify_reset()
        return backup

    def restore(self, source: str | os.PathLike[str]) -> RestoreReport:
        """Put every readable attempt of ``source`` (an aside file, an old ``progress.json``,
        another journal) back into this store; attempts already here are not added twice.

        Example:
            >>> import tempfile
            >>> folder = Path(tempfile.mkdtemp())
            >>> old = folder / "old.json"
            >>> _ = old.write_text('{"attempts": [{"question_id": "q", "time": "t"}]}')
            >>> ProgressStore(folder).restore(old).added
            1
        """
        raw = Path(source).expanduser().read_bytes()
        found, unread = read_records(raw)
        with self._mutex:
            self._make_folder()
            with self._file_lock:
                self._housekeep_locked()
                self._sync(locked=True)
                merged, added = merge_attempts(self._journal.records, found)
                if added:
                    self._rewrite(merged)
        return RestoreReport(Path(source), self.path, len(found), added, len(unread))

    def adopt(self, other: ProgressStore) -> None:
        """Take over the answers ``other`` could not save (the folder changed in a kernel)."""
        with other._mutex:
            moved, other._pending = other._pending, []
        if not moved:
            return
        with self._mutex:
            self._pending = sorted(moved + self._pending, key=time_key)
            self._flush()

    # ----------------------------------------------------------------- reading

    def _sync_safely(self) -> None:
        """``_sync``, but a failure nobody foresaw only costs a warning: answers in memory
        and the records already read are still there, and saving goes on."""
        try:
            self._sync()
        except Exception as exc:  # noqa: BLE001 - any damage takes the same path
            self._problem("read", f"{self.path} could not be read ({type(exc).__name__}: {exc})")

    def _sync(self, locked: bool = False) -> None:
        """Bring the in-memory copy up to date with the file (call with the mutex held).

        With ``locked`` (the file lock held) a first-format file is converted and damage is
        repaired here; otherwise this takes the lock only for that.
        """
        if not self._housekept:
            self._housekeep()
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            if not self._view_legacy():
                self._journal = _Journal()
            return
        except NotADirectoryError:  # the folder's path is a file: saving says so
            self._journal = _Journal()
            return
        except OSError as exc:
            self._problem("read", f"{self.path} cannot be read ({exc.strerror or exc})")
            return
        if stat.S_ISDIR(st.st_mode):
            self._problem("in the way", self._in_the_way_reason())
            return
        if _key(st) != self._journal.key:
            self._read(locked)

    def _read(self, locked: bool) -> None:
        j = self._journal
        try:
            with open(self.path, "rb") as handle:
                self.file_reads += 1
                st = os.fstat(handle.fileno())
                # Appends only ever make the file longer. Same file and longer: read the new
                # lines, after checking that the bytes before them are still the ones read.
                # Anything else (replaced, shorter, same size but touched) is read whole.
                grow = (
                    not j.readonly_view
                    and j.key is not None
                    and st.st_ino == j.key[0]
                    and st.st_size > j.key[1]
                )
                base, data = 0, b""
                if grow and j.offset:
                    handle.seek(j.offset - len(j.tail))
                    chunk = handle.read()
                    if chunk.startswith(j.tail):
                        base, data = j.offset, chunk[len(j.tail) :]
                    else:
                        grow = False  # changed in place: read it all again
                if not grow or not j.offset:
                    handle.seek(0)
                    data = handle.read()
        except OSError as exc:
            self._problem("read", f"{self.path} cannot be read ({exc.strerror or exc})")
            return
        skip = 0
        if base == 0:
            bom = next((b for b in BOMS if data.startswith(b)), None)
            if bom is not None and BOMS[bom] != "utf-8":
                self._repair(locked)  # saved as UTF-16/32 (an old Notepad): rewrite as UTF-8
                return
            skip = len(bom or b"")
        cut = data.rfind(b"\n") + 1
        records, bad = decode_lines(data[skip:cut])
        if bad:
            self._repair(locked)
            return
        if base == 0:
            j = self._journal = _Journal()
        j.add(records)
        j.offset = base + cut
        j.tail = (j.tail + data[:cut])[-_TAIL:]
        j.key = _key(st)
        j.partial = bool(data[cut:].strip())

    def _view_legacy(self) -> bool:
        """No journal yet: show a first-format file's answers if it could not be converted."""
        try:
            st = os.stat(self.legacy_path)
        except OSError:
            return False
        if not stat.S_ISREG(st.st_mode):
            return False
        if self._journal.readonly_view and self._journal.key == _key(st):
            return True
        try:
            with open(self.legacy_path, "rb") as handle:
                self.file_reads += 1
                raw = handle.read()
        except OSError:
            return False
        records, _ = read_records(raw)
        self._journal = _Journal(key=_key(st), readonly_view=True)
        self._journal.add(records)
        return True

    # ----------------------------------------------------------------- writing

    def _flush(self) -> bool:
        if not self._pending:
            return True
        try:
            self._make_folder()
            with self._file_lock:
                if not self._housekept:
                    self._housekeep_locked()
                self._sync(locked=True)
                if self.path.is_dir():
                    raise ProgressError(self._in_the_way_reason())
                if self._journal.partial:
                    self._repair(locked=True)
                self._append(self._pending)
        except filelock.Timeout:
            return self._failed("locked", "another open notebook kept your answers file busy")
        except ProgressError as exc:
            return self._failed("in the way", str(exc))
        except OSError as exc:
            reason = f"the folder {self.folder} cannot be written to ({exc.strerror or exc})"
            return self._failed("write", reason)
        except Exception as exc:  # noqa: BLE001 - unforeseen: keep the answers, say so
            return self._failed("write", f"an unexpected problem ({type(exc).__name__}: {exc})")
        self._pending.clear()
        self.last_error = None
        # Saving works again: if it breaks once more, say so again. Reading problems stay told.
        self._warned = {w for w in self._warned if w[0] in _READING}
        return True

    def _append(self, entries: list[dict[str, Any]]) -> None:
        """Append whole lines, fsync, and only then count them saved (lock held)."""
        lines = [encode_line(e) for e in entries]
        payload = b"".join(lines)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            before = os.fstat(fd)
            try:
                if _mid_append is not None:
                    half = len(payload) // 2
                    _write_all(fd, payload[:half])
                    _mid_append(self.path)
                    _write_all(fd, payload[half:])
                else:
                    _write_all(fd, payload)
                os.fsync(fd)
            except BaseException:
                # Take back a part-written line (disk full, fsync failed), so that retrying
                # later neither glues onto it nor saves the same answer twice.
                with contextlib.suppress(OSError):  # else the next save removes the rest
                    os.ftruncate(fd, before.st_size)
                raise
            after = os.fstat(fd)
        finally:
            os.close(fd)
        if before.st_size == 0:
            _fsync_folder(self.folder)  # a new file: make its name durable too
        j = self._journal
        if not j.readonly_view and before.st_size == j.offset and j.key in (None, _key(before)):
            j.add([json.loads(line) for line in lines])  # exactly what a reader gets back
            j.offset = after.st_size
            j.tail = (j.tail + payload)[-_TAIL:]
            j.key = _key(after)
            j.partial = False

    def _rewrite(self, records: list[dict[str, Any]]) -> None:
        """Replace the whole file atomically: temp file, fsync, rename (lock held)."""
        self._remove_orphans()
        payload = b"".join(encode_line(r) for r in records)
        fd, tmp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=self.folder)
        tmp = Path(tmp_name)
        try:
            try:
                _write_all(fd, payload)
                os.fsync(fd)
            finally:
                os.close(fd)
            if _before_replace is not None:
                _before_replace(tmp)
            os.replace(tmp, self.path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        _fsync_folder(self.folder)
        st = os.stat(self.path)
        journal = _Journal(key=_key(st), offset=len(payload), tail=payload[-_TAIL:])
        journal.add([json.loads(line) for line in payload.splitlines()])
        self._journal = journal

    def _repair(self, locked: bool) -> None:
        """Keep every readable record, set aside only what cannot be read, say so once."""
        if not locked:
            try:
                self._make_folder()
                with self._file_lock:
                    self._repair(locked=True)
                return
            except (OSError, ProgressError, filelock.Timeout) as exc:
                self._keep_readable_in_memory(exc)
                return
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            self._journal = _Journal()
            return
        self.file_reads += 1
        records, unread = salvage_journal(raw)
        aside = None
        if unread:
            aside = self._claim("damaged", ".txt")
            self._write_new(aside, unread)
        self._rewrite(records)
        if aside is not None:
            self._tell_damaged(aside)

    def _keep_readable_in_memory(self, why: Exception) -> None:
        """Damage that cannot be repaired here (no writing): use what can be read."""
        try:
            raw = self.path.read_bytes()
            st = os.stat(self.path)
        except OSError:
            return
        self.file_reads += 1
        records, _ = salvage_journal(raw)
        journal = _Journal(key=_key(st), readonly_view=True)  # never extended by appends
        journal.add(records)
        self._journal = journal
        self._problem(
            "damaged",
            f"part of {self.path} cannot be read, and the damaged part cannot be set aside "
            f"({getattr(why, 'strerror', None) or why})",
        )

    def _migrate_locked(self) -> None:
        """Turn a first-format ``progress.json`` into journal lines (lock held)."""
        try:
            raw = self.legacy_path.read_bytes()
        except OSError:
            return
        self.file_reads += 1
        records, unread = read_records(raw)
        self._sync_journal_only()
        merged, added = merge_attempts(self._journal.records, records)
        aside = None
        if unread:
            aside = self._claim("damaged", ".txt")
            self._write_new(aside, unread)
        if added or not self.path.exists():
            self._rewrite(merged)
        kept = self._claim("migrated", ".json")
        os.replace(self.legacy_path, kept)
        _fsync_folder(self.folder)
        if aside is not None:
            self._tell_damaged(aside)

    def _sync_journal_only(self) -> None:
        if self._journal.readonly_view:
            self._journal = _Journal()
        if self.path.is_file():
            st = os.stat(self.path)
            if _key(st) != self._journal.key:
                self._read(locked=True)

    # ----------------------------------------------------------------- housekeeping

    def _housekeep(self) -> None:
        """First use in this kernel: clean up after killed writers, convert an old file."""
        self._housekept = True
        try:
            names = os.listdir(self.folder)
        except OSError:
            return
        if LEGACY_FILE_NAME in names or any(_is_orphan(n) for n in names):
            try:
                with self._file_lock:
                    self._housekeep_locked()
            except (OSError, filelock.Timeout):
                pass  # read-only: the old file is read as it is (see _view_legacy)

    def _housekeep_locked(self) -> None:
        """Clean up after killed writers and convert a first-format file (lock held)."""
        self._housekept = True
        self._remove_orphans()
        if self.legacy_path.is_file():
            self._migrate_locked()

    def _remove_orphans(self) -> None:
        """Temp files of writers that were killed (lock held, so none of them is live)."""
        try:
            names = os.listdir(self.folder)
        except OSError:
            return
        for name in names:
            if _is_orphan(name) or _is_stale_probe(self.folder / name):
                with contextlib.suppress(OSError):
                    (self.folder / name).unlink()

    def _make_folder(self) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError):
            raise ProgressError(self._in_the_way_reason()) from None

    def _in_the_way_reason(self) -> str:
        if self.path.is_dir():
            return f"{self.path} is a folder, so your answers file cannot be written there"
        blocker = self.folder
        while not blocker.exists() and blocker != blocker.parent:
            blocker = blocker.parent
        return f"{blocker} is a file, so the folder for your answers cannot be made there"

    def _claim(self, label: str, suffix: str) -> Path:
        """A new, distinct aside name, created empty so no other writer can take it."""
        stamp = _stamp()
        for n in itertools.count():
            name = f"progress.{label}-{stamp}{f'-{n}' if n else ''}{suffix}"
            candidate = self.folder / name
            try:
                fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                continue
            os.close(fd)
            return candidate
        raise AssertionError("unreachable")  # pragma: no cover

    @staticmethod
    def _write_new(path: Path, data: bytes) -> None:
        fd = os.open(path, os.O_WRONLY | os.O_TRUNC)
        try:
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)

    # ----------------------------------------------------------------- telling the student

    def _problem(self, kind: str, reason: str) -> None:
        """Remember a problem; warn only when it is new (one cause, one warning)."""
        if kind in _READING:
            self.read_error = reason
        else:
            self.last_error = reason
        if (kind, reason) in self._warned:
            return
        self._warned.add((kind, reason))
        if kind == "locked":
            text = (
                f"Your latest answer is not saved yet: {reason} for {LOCK_TIMEOUT:g} seconds. "
                "It is kept, and saving is tried again with your next answer. If this comes "
                "back, save and close the other course notebooks (File > Close and Shut Down "
                "Notebook) and check your answer again."
            )
        elif kind in _READING:
            text = (
                f"Some of your saved answers cannot be read: {reason}. New answers are still "
                "saved, and the others are shown as usual. Please show this message to your "
                "instructor."
            )
        else:
            line = _new_folder_line(self.folder)
            fix = (
                "To keep saving, copy this line into a new cell and run it (the answers you "
                f"gave so far move along):\n    {line}\nIf you are unsure, show this message "
                "to your instructor."
                if line
                else "Please show this message to your instructor; until then, keep this "
                "notebook open, because closing it loses the unsaved answers."
            )
            text = (
                f"Your answers are NOT being saved: {reason}. They are kept while this "
                f"notebook stays open, and saving is tried again with every answer.\n{fix}"
            )
        _warn(text, self.path)

    def _failed(self, kind: str, reason: str) -> bool:
        self._problem(kind, reason)
        return False

    def _tell_damaged(self, aside: Path) -> None:
        kept = len(self._journal.records)
        _warn(
            f"Part of your answers file {self.path} was damaged and could not be read. "
            f"Your {kept} readable answers are safe and saving goes on as usual. The "
            f"unreadable part was kept in {aside}. If answers you gave are missing, show "
            "your instructor that file; they can put back what is readable with: "
            f'python -m course_lib restore-progress "{aside}"',
            self.path,
        )


@dataclass(frozen=True)
class RestoreReport:
    """What :meth:`ProgressStore.restore` did."""

    source: Path
    target: Path
    readable: int  # attempts read from the source
    added: int  # of which were not in the store yet
    unreadable_bytes: int  # what could still not be read (left in the source file)

    def __str__(self) -> str:
        text = (
            f"Restored {self.added} answers from {self.source} into {self.target} "
            f"({self.readable - self.added} of the {self.readable} readable ones were "
            "already there)."
        )
        if self.unreadable_bytes:
            text += (
                f" {self.unreadable_bytes} bytes of {self.source.name} could still not be "
                "read; they are left in that file."
            )
        return text


_READING = ("read", "damaged")  # problems with reading saved answers, not with saving


def _is_orphan(name: str) -> bool:
    return name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX)


def _is_stale_probe(path: Path) -> bool:
    if not (path.name.startswith(PROBE_PREFIX) and path.name.endswith(TEMP_SUFFIX)):
        return False
    try:
        return time.time() - path.stat().st_mtime > 60  # a live probe lasts milliseconds
    except OSError:
        return False


def _fsync_folder(folder: Path) -> None:
    # Makes a rename or a new file durable; not possible on every OS (Windows): best effort.
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


_RESET_LISTENERS: list[Callable[[], None]] = []


def on_reset(callback: Callable[[], None]) -> Callable[[], None]:
    """Call ``callback()`` after every reset (``exercises`` forgets the hints shown).

    Returns the callback, so it can be used as a decorator.

    Example:
        >>> seen = []
        >>> _ = on_reset(lambda: seen.append("reset"))
        >>> _notify_reset(); seen
        ['reset']
        >>> _RESET_LISTENERS.pop() and None
    """
    if callback not in _RESET_LISTENERS:
        _RESET_LISTENERS.append(callback)
    return callback


def _notify_reset() -> None:
    for callback in list(_RESET_LISTENERS):
        with contextlib.suppress(Exception):  # a listener must not undo a finished reset
            callback()
