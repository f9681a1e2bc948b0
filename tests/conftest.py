"""Shared fixtures: every test writes progress to a temp folder, never to the real home."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

# --doctest-modules would import every module here; the kernels' start-up file must not run
# in the test process (it blocks the network)
collect_ignore = ["support"]

from site_fixtures import rebuilt_site, sites  # noqa: E402, F401  (website fixtures, #14)

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))

# Contested place names: (Azerbaijani form, the official one; Armenian form, the NKR's).
# Course text that uses one must also give the other. Khojaly's Armenian form is Khojalu: the
# NKR's "Ivanyan" dates only from 2001 (data/place_names.csv), so it is no fit for 1992.
NAME_PAIRS = [
    ("Khankendi", "Stepanakert"),
    ("Shusha", "Shushi"),
    ("Lachin", "Berdzor"),
    ("Kalbajar", "Karvachar"),
    ("Agdam", "Akna"),
    ("Khojaly", "Khojalu"),
    ("Jabrayil", "Jrakan"),
    ("Zangilan", "Kovsakan"),
    ("Qubadli", "Kashunik"),
    ("Fuzuli", "Fizuli"),
]


@pytest.fixture(autouse=True)
def private_home(tmp_path_factory, monkeypatch):
    """Progress and caches go to a fresh temp folder in every test."""
    home = tmp_path_factory.mktemp("course_home")
    monkeypatch.setenv("COURSE_LIB_HOME", str(home))
    yield home
    # progress.store() moves answers it could not save to the next folder it is pointed at
    # (a student fixing COURSE_LIB_HOME); one test's unsaved answers must not reach the next.
    progress = sys.modules.get("course_lib.progress")
    if progress is not None:
        progress._forget_stores()


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A writable copy of the course data, used through $COURSE_LIB_DATA."""
    from course_lib import data

    target = tmp_path / "data"
    shutil.copytree(data.data_dir(), target)
    monkeypatch.setenv("COURSE_LIB_DATA", str(target))
    data.reload()
    yield target
    data.reload()


def kernel_env(home: Path, ipython_dir: Path, **extra: str) -> dict[str, str]:
    """Environment for a notebook kernel: private home, no network, no stray config."""
    env = dict(os.environ)
    env.update(
        COURSE_LIB_HOME=str(home),
        IPYTHONDIR=str(ipython_dir),
        MPLBACKEND="module://matplotlib_inline.backend_inline",
        PYDEVD_DISABLE_FILE_VALIDATION="1",
    )
    env.update(extra)
    return env


def make_ipython_dir(root: Path) -> Path:
    """An IPYTHONDIR whose startup file blocks every network connection in the kernel.

    The kernel's own ZeroMQ channels are libzmq sockets, untouched by this; anything the
    course code tried to fetch would fail loudly.
    """
    startup = root / "profile_default" / "startup"
    startup.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "tests" / "support" / "no_network.py", startup / "00-no-network.py")
    return root


def pytest_collection_modifyitems(config, items):
    """Tests that start kernels or a browser get one retry (two for the browser).

    Their rare failures on a loaded 2-core machine come from start-up races ("kernel died
    before replying to kernel_info"), not from the course; a real defect fails every try.
    """
    for item in items:
        if item.get_closest_marker("browser") or "tests/browser/" in item.nodeid:
            item.add_marker(pytest.mark.flaky(reruns=2, reruns_delay=3))
        elif item.get_closest_marker("notebook"):
            item.add_marker(pytest.mark.flaky(reruns=1, reruns_delay=1))
