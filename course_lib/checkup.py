"""``python -m course_lib check``: test each part of the course the way a class will use it.

Every finding comes from doing the thing, not from guessing: every table is loaded and
validated, every exercise bank is read on its own (one broken bank is named, the others still
count), every map layer is read through the library's public functions, and a probe file is
written, read back and removed in the folder where answers are saved.

Example:
    >>> findings = run()
    >>> [f.item for f in findings][:3]
    ['Python', 'Course library', 'Course data']
    >>> problems(findings)
    []
"""

from __future__ import annotations

import os
import platform
import secrets
import sys
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .errors import CourseError

MIN_PYTHON = (3, 11)
PROBE_PREFIX = ".course-check-"


@dataclass(frozen=True)
class Finding:
    """One line of the report: what was checked, whether it is fine (None: worth knowing,
    not a problem), and the detail."""

    item: str
    ok: bool | None
    detail: str

    def line(self) -> str:
        label = {True: "OK", False: "PROBLEM", None: "NOTE"}[self.ok]
        return f"{self.item}: {label}: {self.detail}"


def _python() -> Finding:
    ok = sys.version_info[:2] >= MIN_PYTHON
    need = "" if ok else f" (the course needs {'.'.join(map(str, MIN_PYTHON))} or newer)"
    return Finding("Python", ok, platform.python_version() + need)


def _tables() -> Finding:
    from . import data

    try:
        counts = data.validate()
    except CourseError as exc:
        return Finding("Course data", False, str(exc))
    return Finding("Course data", True, ", ".join(f"{n} {k}" for k, n in counts.items()))


def _banks() -> list[Finding]:
    from . import data, exercises

    try:
        folder = data.data_dir() / exercises.BANK_FOLDER
    except CourseError as exc:
        return [Finding("Exercise banks", False, str(exc))]
    banks = exercises.load_banks(folder)  # read afresh, not the cached banks
    findings = [Finding(f"Exercise bank {n}", False, str(e)) for n, e in banks.problems.items()]
    if not banks.questions and not banks.problems:
        findings.append(Finding("Exercise banks", False, f"no *.yaml bank in {folder}"))
    elif banks.questions:
        loaded = len({q.notebook for q in banks.questions.values()})
        detail = f"{len(banks.questions)} questions in {loaded} banks"
        findings.insert(0, Finding("Exercise banks", True, detail))
    return findings


def _maps() -> Finding:
    from . import data, geo, maps

    try:
        layers = sorted(p.stem for p in (data.data_dir() / "geo").glob("*.geojson"))
        if not layers:
            return Finding("Map layers", False, "no GeoJSON layer in the data folder's geo/")
        counts = {name: len(geo.layer(name)) for name in layers}
        geo.towns()
        maps.nkao()
        maps.control_areas("2022-03-18")
    except CourseError as exc:
        return Finding("Map layers", False, str(exc))
    except Exception as exc:  # noqa: BLE001 - a broken layer of any kind is one line here
        return Finding("Map layers", False, f"{type(exc).__name__}: {exc}")
    return Finding("Map layers", True, ", ".join(f"{n} {k}" for k, n in counts.items()))


def _widgets() -> Finding:
    try:
        import ipywidgets
    except ImportError:
        return Finding("Interactive widgets", None, "not installed: views show static figures")
    return Finding("Interactive widgets", True, f"ipywidgets {ipywidgets.__version__}")


def _owner(path: Path) -> str:
    try:
        import pwd

        return pwd.getpwuid(path.stat().st_uid).pw_name
    except (ImportError, KeyError):
        return f"user id {path.stat().st_uid}"


def probe_folder(folder: Path) -> str | None:
    """Why answers cannot be saved in ``folder``, or None: a probe file is written, read back
    and removed (folders created for it are removed again)."""
    if folder.exists() and not folder.is_dir():
        return f"{folder} is a file, not a folder"
    if folder.is_dir() and hasattr(os, "getuid") and folder.stat().st_uid != os.getuid():
        return f"{folder} belongs to another user ({_owner(folder)})"
    created = [p for p in (folder, *folder.parents) if not p.exists()]
    probe = folder / f"{PROBE_PREFIX}{os.getpid()}.tmp"
    token = secrets.token_hex(16)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe.write_text(token, encoding="utf-8")
        if probe.read_text(encoding="utf-8") != token:
            return f"a file written to {folder} read back differently"
    except OSError as exc:
        return f"cannot write to {folder} ({exc.strerror or exc})"
    finally:
        probe.unlink(missing_ok=True)
        for path in created:  # innermost first
            try:
                path.rmdir()
            except OSError:
                break
    return None


def _saving() -> Finding:
    from . import progress

    folder = progress.progress_folder()
    problem = probe_folder(folder)
    if problem is not None:
        return Finding(
            "Saving answers", False, f"{problem}; set COURSE_LIB_HOME to a folder you own"
        )
    return Finding("Saving answers", True, f"answers are saved in {folder / progress.FILE_NAME}")


def run() -> list[Finding]:
    """Every check, in the order the report prints them."""
    return [
        _python(),
        Finding("Course library", True, __version__),
        _tables(),
        *_banks(),
        _maps(),
        _widgets(),
        _saving(),
    ]


def problems(findings: list[Finding]) -> list[Finding]:
    """The findings that need attention (a NOTE, such as missing widgets, does not)."""
    return [f for f in findings if f.ok is False]
