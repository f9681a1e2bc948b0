"""Doctest set-up (``--doctest-modules``): every example runs with a private progress folder
and a non-interactive matplotlib backend, as the tests in ``tests/`` do. Not shipped in the
wheel."""

from __future__ import annotations

import matplotlib
import pytest

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def private_home(tmp_path_factory, monkeypatch):
    """Progress and caches written by an example go to a fresh temp folder."""
    home = tmp_path_factory.mktemp("doctest_home")
    monkeypatch.setenv("COURSE_LIB_HOME", str(home))
    return home
