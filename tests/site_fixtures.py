"""Session fixtures for the website tests: each edition is built once per test run.

The instructor and student editions share one cache of notebook runs (the notebooks run
once); a third build re-runs two notebooks from scratch to check that builds repeat.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

REBUILT = ("00_start_here", "02_mapping_karabakh")  # run again for the reproducibility test


@dataclass
class Sites:
    base: Path
    cache: Path
    instructor: object
    student: object


@pytest.fixture(scope="session")
def sites(tmp_path_factory) -> Sites:
    from course_lib.site import build_site

    base = tmp_path_factory.mktemp("site")
    cache = base / "cache"
    instructor = build_site(REPO / "notebooks", base / "instructor", cache_dir=cache)
    student = build_site(REPO / "notebooks", base / "student", student=True, cache_dir=cache)
    return Sites(base, cache, instructor, student)


@pytest.fixture(scope="session")
def rebuilt_site(sites) -> Path:
    """The instructor edition again, into a new folder, with two notebooks run afresh."""
    import nbformat

    from course_lib.site import build_site
    from course_lib.site.execute import code_key, library_fingerprint

    cache = sites.base / "cache-again"
    shutil.copytree(sites.cache / "runs", cache / "runs")
    fingerprint = library_fingerprint()
    for name in REBUILT:
        nb = nbformat.read(REPO / "notebooks" / f"{name}.ipynb", as_version=4)
        (cache / "runs" / f"{code_key(nb, fingerprint)}.json").unlink()
    out = sites.base / "instructor-again"
    report = build_site(REPO / "notebooks", out, cache_dir=cache)
    assert sorted(report.executed) == sorted(REBUILT), report.executed
    return out
