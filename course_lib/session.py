"""Notebook set-up: ``cl.start()`` styles figures, explains errors kindly, and enables Colab
widgets; ``cl.environment_check()`` tells a student whether everything is in place.

Widgets are ``ui``'s business: this module asks ``ui`` about them and never imports
ipywidgets itself.

Example:
    >>> import course_lib as cl
    >>> cl.start("00")
    Balancing Act 0.1.0 is ready (notebook 00).
"""

from __future__ import annotations

import html
import platform
from typing import Any

from . import __version__, citations, style
from .errors import CourseError

_RUN_ORDER_HINT = (
    "It looks like a cell above this one has not been run yet (or the kernel was restarted). "
    "Use Run > Run All Above, then run this cell again."
)
_state: dict[str, Any] = {"notebook": None}


def current_notebook() -> str | None:
    """The id passed to the last ``start()`` call, or None."""
    return _state["notebook"]


def start(notebook: str | None = None, *, quiet: bool = False) -> None:
    """Prepare a notebook: course style, friendly errors, Colab widgets, fresh citations.

    Safe to run more than once.
    """
    _state["notebook"] = notebook
    style.apply()
    citations.reset()
    _install_friendly_errors()
    from .ui import enable_colab_widgets

    enable_colab_widgets()
    if not quiet:
        where = f" (notebook {notebook})" if notebook else ""
        print(f"Balancing Act {__version__} is ready{where}.")


def friendly_message(exc: BaseException) -> str | None:
    """The student-facing message for an exception, or None to keep the normal traceback."""
    if isinstance(exc, CourseError):
        return exc.friendly()
    if isinstance(exc, NameError):
        return f"{exc}.\n{_RUN_ORDER_HINT}"
    return None


def _install_friendly_errors() -> None:
    shell = _shell()
    if shell is None:
        return

    def handler(self: Any, etype: type, value: BaseException, tb: Any, tb_offset: Any = None):
        # IPython ignores a custom handler's return value: show the short message ourselves,
        # as an error output (red in JupyterLab) whose "traceback" is just the message.
        message = friendly_message(value) or f"{etype.__name__}: {value}"
        lines = message.split("\n")
        stb = [f"\x1b[1;31m\u26a0 {lines[0]}\x1b[0m", *lines[1:]]
        self._showtraceback(etype, value, stb)
        return stb

    shell.set_custom_exc((CourseError, NameError), handler)


def _shell() -> Any:
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


class EnvironmentReport(dict):
    """Findings of :func:`environment_check` (item -> status), shown as a small table."""

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td style='text-align:left'><b>{html.escape(k)}</b></td>"
            f"<td style='text-align:left'>{'⚠️' if v.startswith(('PROBLEM', 'NOT')) else '✅'} "
            f"{html.escape(v)}</td></tr>"
            for k, v in self.items()
        )
        return f"<table>{rows}</table>"

    def __repr__(self) -> str:
        return "\n".join(f"{key}: {value}" for key, value in self.items())


def environment_check() -> EnvironmentReport:
    """Check Python, the course data, widgets and the progress folder.

    The result shows itself as a short table in a notebook; it is also a dict (item -> status)
    so tests can read it.

    Example:
        >>> environment_check()["Course data"].startswith("OK")
        True
    """
    from . import data

    report = EnvironmentReport({"Python": platform.python_version(), "Course library": __version__})
    try:
        counts = data.validate()
        report["Course data"] = "OK: " + ", ".join(f"{n} {k}" for k, n in counts.items())
    except CourseError as exc:
        report["Course data"] = f"PROBLEM: {exc}"
    from .ui import widgets_version

    version = widgets_version()
    report["Interactive widgets"] = (
        f"OK (ipywidgets {version})"
        if version
        else "not available: the course shows static figures instead"
    )
    from . import progress

    report["Saving answers"] = progress.storage_status()
    return report
