"""A real JupyterLab in headless Chromium, for the tests in this folder.

JupyterLab runs on 127.0.0.1 with a random token, private settings/runtime/workspace folders,
checkpoints outside the notebooks, autosave off and windowing off, on a COPY of notebooks/.
Chromium is Debian's ``/usr/bin/chromium`` driven by Playwright's Python package; every
request that leaves 127.0.0.1 is refused, so nothing can depend on the internet.

Without Chromium or Playwright, the tests skip and say why. See /work/shared/browser.md
(traps) and ``tests/browser/test_lab.py``.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, make_ipython_dir

from course_lib import handouts

CHROMIUM = Path(os.environ.get("COURSE_LIB_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = REPO / "tests" / "artifacts"
CHROMIUM_ARGS = handouts.CHROMIUM_ARGS  # one set of flags for the library's and the tests' runs
SERVER_START_TIMEOUT = 90  # seconds, per attempt
LAB_SETTINGS = {
    # windowing off: otherwise cells outside the viewport leave the DOM (and screenshots)
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    # no autosave: the run's outputs must not be written back, even into the copy
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    # no news or update checks: they would try to reach the internet
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}


def _missing_browser() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright's Python package is not installed (pip install playwright)"
    if not CHROMIUM.exists():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium fonts-dejavu-core)"
    return None


def pytest_collection_modifyitems(config, items):
    reason = _missing_browser()
    for item in items:
        if "tests/browser/" in item.nodeid.replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
            if reason:
                item.add_marker(pytest.mark.skip(reason=f"browser tests skipped: {reason}"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serve_folder(root: Path, probe: str = "index.html") -> Iterator[str]:
    """``root`` served on 127.0.0.1 (``python -m http.server``) while the block runs; yields
    its URL once ``probe`` answers."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "-d", str(root)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(f"{url}/{probe}", timeout=2).close()
                break
            except OSError:
                time.sleep(0.25)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@dataclass
class LabServer:
    """A running JupyterLab: its URL, token, notebook folder, process and log."""

    url: str
    token: str
    root: Path
    process: subprocess.Popen
    log: Path
    _log_offset: int = field(default=0)

    def api(self, method: str, path: str, timeout: float = 10) -> Any:
        request = urllib.request.Request(
            f"{self.url}{path}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
            data=b"" if method in ("POST", "DELETE") else None,
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
        return json.loads(body) if body else None

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def new_log(self) -> str:
        """Server (and kernel) log lines written since the last call."""
        text = self.log_text()
        fresh, self._log_offset = text[self._log_offset :], len(text)
        return fresh

    def stop(self) -> None:
        if self.process.poll() is None:
            try:
                self.api("POST", "/api/shutdown", timeout=5)
                self.process.wait(timeout=15)
            except Exception:  # noqa: BLE001 - fall through to signals
                pass
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


def _write_settings(folder: Path) -> None:
    for rel, values in LAB_SETTINGS.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")


def _start_lab(base: Path, attempt: int) -> LabServer:
    port, token = _free_port(), secrets.token_hex(16)
    private = base / f"private-{attempt}"
    for name in ("runtime", "settings", "workspaces", "checkpoints", "config", "home"):
        (private / name).mkdir(parents=True, exist_ok=True)
    _write_settings(private / "settings")
    env = dict(os.environ)
    env.update(
        JUPYTER_RUNTIME_DIR=str(private / "runtime"),
        JUPYTER_CONFIG_DIR=str(private / "config"),
        COURSE_LIB_HOME=str(private / "home"),
        IPYTHONDIR=str(make_ipython_dir(private / "ipython")),  # kernels cannot reach the net
        PYDEVD_DISABLE_FILE_VALIDATION="1",
    )
    env.pop("COURSE_LIB_NO_WIDGETS", None)
    cmd = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        "--LabApp.expose_app_in_browser=True",
        "--ServerApp.terminals_enabled=False",
        f"--FileCheckpoints.checkpoint_dir={private / 'checkpoints'}",
        f"--LabApp.user_settings_dir={private / 'settings'}",
        f"--LabApp.workspaces_dir={private / 'workspaces'}",
        f"--ServerApp.root_dir={base / 'notebooks'}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    log = private / "server.log"
    with log.open("w") as handle:
        process = subprocess.Popen(
            cmd,
            cwd=base / "notebooks",
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: kernels stop with it
        )
    server = LabServer(f"http://127.0.0.1:{port}", token, base / "notebooks", process, log)
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"JupyterLab exited:\n{server.log_text()[-3000:]}")
        try:
            server.api("GET", "/api/status", timeout=3)
            return server
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            time.sleep(0.5)
    server.stop()
    raise RuntimeError(f"JupyterLab did not answer:\n{server.log_text()[-3000:]}")


@pytest.fixture(scope="session")
def lab(tmp_path_factory) -> LabServer:
    """JupyterLab on a copy of notebooks/ (three tries on fresh ports)."""
    base = tmp_path_factory.mktemp("lab")
    shutil.copytree(REPO / "notebooks", base / "notebooks")
    problems = []
    for attempt in range(3):
        try:
            server = _start_lab(base, attempt)
        except RuntimeError as exc:
            problems.append(str(exc))
            continue
        yield server
        server.stop()
        return
    pytest.fail("JupyterLab would not start:\n" + "\n---\n".join(problems))


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory):
    """A headless Chromium profile that refuses every request leaving 127.0.0.1."""
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900},
        )
        context.set_default_timeout(60_000)
        blocked: list[str] = []

        def only_local(route):
            url = route.request.url
            if url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")):
                route.continue_()
            else:
                blocked.append(url)
                route.abort()

        context.route("**/*", only_local)
        context.blocked_requests = blocked  # type: ignore[attr-defined]
        try:
            yield context
        finally:
            context.close()


def pytest_terminal_summary(terminalreporter):
    """Print every axe-core audit of the run (tests/browser/a11y.py) and save them as JSON."""
    from . import a11y

    if not a11y.RESULTS:
        return
    terminalreporter.section(f"accessibility audits (axe-core {a11y.AXE_VERSION})")
    for audit in a11y.RESULTS:
        terminalreporter.write_line(audit.line())
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    report = [
        {
            "where": a.where,
            "theme": a.theme,
            "scope": a.scope,
            "counts": a.counts(),
            "rules": a.rules(),
            "violations": [
                {
                    "id": v["id"],
                    "impact": v.get("impact"),
                    "nodes": [n.get("target") for n in v["nodes"]],
                }
                for v in a.violations
            ],
        }
        for a in a11y.RESULTS
    ]
    (ARTIFACTS / "axe-report.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
