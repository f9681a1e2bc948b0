"""The wheel works on its own: built, installed into a fresh venv (dependencies borrowed
from the interpreter running the tests), imported from an unrelated folder, and notebook 00
runs on that venv's kernel with the data coming from the installed package.

The venv borrows the running interpreter's package folders through a ``.pth`` file, not
``--system-site-packages``: inside a virtual environment (as the README recommends) the
"system" is the base interpreter, which has none of the course's dependencies.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest
from conftest import REPO, kernel_env, make_ipython_dir
from nbclient import NotebookClient
from notebook_runner import errors

pytestmark = pytest.mark.slow
KERNEL = "balancing-act-venv"


def _run(
    *cmd: str, cwd: Path, timeout: int = 300, outer: bool = False
) -> subprocess.CompletedProcess:
    """Run a command; only the test's own interpreter (``outer``) keeps PYTHONPATH, so the
    venv under test never sees the checkout through it."""
    drop = ("COURSE_LIB_DATA",) if outer else ("PYTHONPATH", "COURSE_LIB_DATA")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out)]
    if importlib.util.find_spec("hatchling") is not None:
        cmd.append("--no-build-isolation")  # offline: the build backend is already here
    result = _run(*cmd, str(REPO), cwd=out, outer=True)
    no_backend = importlib.util.find_spec("hatchling") is None
    if result.returncode != 0 and no_backend and "hatchling" in result.stdout + result.stderr:
        pytest.skip("building the wheel needs hatchling: install it or allow PyPI access")
    assert result.returncode == 0, result.stdout + result.stderr
    (built,) = out.glob("balancing_act-*.whl")
    return built


def package_folders() -> list[str]:
    """Where this interpreter imports installed packages from: its venv's site-packages, the
    system's, or folders on PYTHONPATH (never the checkout itself)."""
    extra = os.environ.get("PYTHONPATH", "").split(os.pathsep)
    folders = [p for p in sys.path if Path(p).name in ("site-packages", "dist-packages")]
    return [
        p
        for p in dict.fromkeys(folders + extra)
        if p and Path(p).is_dir() and Path(p).resolve() != REPO.resolve()
    ]


def borrowing_venv(target: Path) -> Path:
    """A venv without pip whose interpreter also sees :func:`package_folders` (after its own
    site-packages, so what is installed into it wins). Returns its python."""
    result = _run(
        sys.executable, "-m", "venv", "--without-pip", str(target), cwd=target.parent, outer=True
    )
    assert result.returncode == 0, result.stderr
    python = target / "bin" / "python"
    probe = _run(
        str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=target
    )
    site = Path(probe.stdout.strip())
    (site / "_borrowed_packages.pth").write_text("\n".join(package_folders()) + "\n", "utf-8")
    return python


def test_the_venv_sees_the_dependencies_but_not_the_checkout(tmp_path):
    python = borrowing_venv(tmp_path / "venv")
    code = "import pandas, geopandas, ipykernel, sys; print(sys.prefix)"
    result = _run(str(python), "-c", code, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()).resolve() == (tmp_path / "venv").resolve()
    # nothing installed yet, and the checkout is not borrowed (an editable install may leave
    # a bare course_lib/_data folder in site-packages, so import a module, not the name)
    result = _run(str(python), "-c", "import course_lib.data", cwd=tmp_path)
    assert result.returncode != 0, result.stdout


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("venv")
    target = root / "venv"
    python = borrowing_venv(target)
    # pip comes from the borrowed package folders but installs into the venv
    result = _run(
        str(python),
        "-m",
        "pip",
        "install",
        "--no-deps",
        "--no-index",
        "--quiet",
        str(wheel),
        cwd=root,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return target


def test_wheel_ships_code_data_and_assets(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assets = [
        p.relative_to(REPO).as_posix()
        for p in (REPO / "course_lib" / "_assets").rglob("*")
        if p.is_file()
    ]
    missing = [a for a in assets if a not in names]
    assert not missing, f"assets missing from the wheel: {missing}"
    assert "course_lib/cli.py" in names and "course_lib/__main__.py" in names
    assert any(n.startswith("course_lib/_data/") and n.endswith(".csv") for n in names)


def test_installed_package_works_from_an_unrelated_folder(venv, tmp_path):
    python = str(venv / "bin" / "python")
    code = (
        "import course_lib as cl; print(len(cl.timeline())); "
        "print(cl.data_dir()); print(cl.__file__)"
    )
    result = _run(python, "-c", code, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    count, data_dir, module = result.stdout.split("\n")[:3]
    assert int(count) > 10
    assert Path(data_dir).resolve().is_relative_to(venv.resolve()), data_dir
    assert "site-packages" in data_dir
    assert Path(module).resolve().is_relative_to(venv.resolve()), module
    result = _run(python, "-m", "course_lib", "--help", cwd=tmp_path)
    assert result.returncode == 0 and "slides" in result.stdout


def test_notebook_00_runs_on_the_installed_package(venv, tmp_path, monkeypatch):
    kernels = tmp_path / "jupyter" / "kernels" / KERNEL
    kernels.mkdir(parents=True)
    spec = {
        "argv": [
            str(venv / "bin" / "python"),
            "-m",
            "ipykernel_launcher",
            "-f",
            "{connection_file}",
        ],
        "display_name": "Balancing Act (test venv)",
        "language": "python",
    }
    (kernels / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.delenv("COURSE_LIB_DATA", raising=False)

    nb = nbformat.read(REPO / "notebooks" / "00_start_here.ipynb", as_version=4)
    probe = "import course_lib as _c, sys\nprint(_c.data_dir())\nprint(sys.prefix)"
    nb.cells.append(nbformat.v4.new_code_cell(probe))
    work = tmp_path / "work"
    work.mkdir()
    home = tmp_path / "home"
    home.mkdir()
    env = kernel_env(home, make_ipython_dir(tmp_path / "ipython"))
    env.pop("PYTHONPATH", None)
    client = NotebookClient(
        nb,
        timeout=300,
        kernel_name=KERNEL,
        resources={"metadata": {"path": str(work)}},
        allow_errors=True,
    )
    client.execute(env=env)
    assert errors(nb) == []
    data_dir, prefix = nb.cells[-1].outputs[0]["text"].split("\n")[:2]
    assert Path(prefix).resolve() == venv.resolve()
    assert Path(data_dir).resolve().is_relative_to(venv.resolve())
    assert any(
        "image/png" in out.get("data", {}) or "<img" in str(out.get("data", {}).get("text/html"))
        for cell in nb.cells
        for out in cell.get("outputs", [])
    ), "notebook 00 showed no figure"
