"""One explorer for every figure: a list of controls mapped onto a canvas's setters.

An explorer is a declaration: a canvas (``maps.KarabakhCanvas``, ``network.ActorCanvas``,
``chronology.TimelineCanvas``) and :class:`Control` specs, each naming a widget kind and
the canvas setter it drives. The explorer builds the widgets, the image with its date line,
caption and message, one guarded callback for all controls, and the static fallback
(:class:`~course_lib.ui.LiveView`). ``set_<name>(value)`` calls the canvas setter and
updates the widgets, synchronously, for code, tests and benchmarks alike.

A drag (a slider's arrow keys or handle) sends many values. Its callback only records the
latest value and schedules one update on the kernel's event loop, at most one per
``DRAG_INTERVAL``: values that arrive while a frame is drawn replace each other, so no stale
frame is queued and the last image painted is the last value asked for.

Example:
    >>> from course_lib.maps import KarabakhCanvas
    >>> names = Control("names", "buttons", "Names", lambda c: [("Both", "both"), ("Az", "az")])
    >>> view = Explorer(KarabakhCanvas(), [names], what="map")
    >>> view.set_names("az"); view.canvas.names
    'az'
"""

from __future__ import annotations

import asyncio
import html
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from .. import style
from ..errors import CourseError
from . import LiveView, widgets_available

DRAG_INTERVAL = 0.04  # seconds between two frames of one drag (the first frame is immediate)
PREPARE_SLICE = 0.02  # seconds of ahead-of-time drawing per idle slice of the kernel
KINDS = ("slider", "buttons", "menu", "checks")


@dataclass(frozen=True)
class Control:
    """One control: its widget kind, label and options, and the canvas setter it drives.

    ``options(canvas)`` gives ``(label, value)`` pairs; ``read(canvas)`` the value the widget
    should show now (default: the canvas attribute named like the setter; None leaves the
    widget as it is). ``drag`` marks controls that send bursts of values (sliders).
    """

    name: str
    kind: str
    label: str
    options: Callable[[Any], Sequence[tuple[str, Any]]]
    setter: str = ""
    read: Callable[[Any], Any] | None = None
    drag: bool = False
    tooltips: Callable[[Any], Sequence[str]] | None = None
    width: str = ""

    @property
    def target(self) -> str:
        return self.setter or self.name

    def value(self, canvas: Any) -> Any:
        return self.read(canvas) if self.read else getattr(canvas, self.target)


class Explorer:
    """Controls, a date line, the canvas's image, its description and a message line."""

    def __init__(
        self,
        canvas: Any,
        controls: Sequence[Control],
        what: str = "figure",
        notes: Callable[[], str] | None = None,
    ):
        self.canvas, self.what, self.notes = canvas, what, notes
        self.specs = {c.name: c for c in controls}
        self.controls: dict[str, Any] = {}
        self.widget: Any = None
        self._syncing = False
        self._pending: dict[str, Any] = {}
        self._timer: Any = None
        self._next_frame = 0.0
        canvas.result()  # cite what the first view shows
        if widgets_available():
            self._build()

    # -- the one path every change takes ---------------------------------------------------
    def set(self, setter: str, value: Any) -> None:
        """Call ``canvas.set_<setter>(value)``, then update the image and the controls."""
        self._pending.pop(setter, None)  # a value set now makes a queued drag value stale
        getattr(self.canvas, f"set_{setter}")(value)
        self.refresh()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or name in ("canvas", "specs"):
            raise AttributeError(name)
        if name.startswith("set_") and hasattr(self.canvas, name):
            return lambda value: self.set(name[4:], value)
        return getattr(self.canvas, name)

    @property
    def result(self) -> style.FigureResult:
        return self.canvas.result()

    def refresh(self) -> None:
        """Show the canvas's current image, date line and description in the widgets."""
        if self.widget is None:
            return
        self.image.value = self.canvas.png()  # same state: the same bytes, nothing is sent
        self.line.value = self._line()
        self.caption.value = f"<i>Figure description:</i> {html.escape(self.canvas.alt_text())}"
        self.message.value = ""
        self._sync()

    def _line(self) -> str:
        text = html.escape(self.canvas.label()) if self.canvas.live else ""
        return f'<div aria-live="polite" style="font-size:1.15em"><b>{text}</b></div>'

    def _say(self, text: str) -> None:
        if self.widget is not None:
            self.message.value = f"<p>⚠️ {html.escape(text)}</p>"

    # -- callbacks -----------------------------------------------------------------------
    def _on_change(self, control: Control, value: Any) -> None:
        if self._syncing or value is None:
            return
        if control.drag:
            try:
                loop = asyncio.get_running_loop()  # inside a kernel: defer and coalesce
            except RuntimeError:
                loop = None
            if loop is not None:
                self._pending[control.target] = value
                if self._timer is None:
                    wait = max(0.0, self._next_frame - time.monotonic())
                    self._timer = loop.call_later(wait, self._flush)
                return
        self._guarded(control.target, value)

    def _flush(self) -> None:
        self._timer = None
        pending, self._pending = self._pending, {}
        for setter, value in pending.items():
            self._guarded(setter, value)
        self._next_frame = time.monotonic() + DRAG_INTERVAL

    def _guarded(self, setter: str, value: Any) -> None:
        try:
            self.set(setter, value)
        except CourseError as exc:
            self._say(exc.friendly())
        except Exception as exc:  # noqa: BLE001 - never let a callback traceback escape
            self._say(f"Sorry, the {self.what} could not be redrawn ({exc}).")

    # -- widgets -------------------------------------------------------------------------
    def _build(self) -> None:
        import ipywidgets as w

        rows = [self._widget(w, spec) for spec in self.specs.values()]
        self.message = w.HTML("")
        self.line = w.HTML(self._line())
        self.image = w.Image(value=self.canvas.png(), format="png")
        self.caption = w.HTML("")
        self.widget = w.VBox([*rows, self.message, self.line, self.image, self.caption])
        self.refresh()
        self._prepare_when_idle()

    def _prepare_when_idle(self) -> None:
        """Draw the canvas's sprites ahead, in slices of a few ms between kernel messages."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return  # no kernel loop (tests, scripts): sprites are made on first use
        steps = self.canvas.preparation()

        def step() -> None:
            deadline = time.monotonic() + PREPARE_SLICE
            for _ in steps:
                if time.monotonic() > deadline:
                    loop.call_later(PREPARE_SLICE, step)
                    return

        loop.call_later(PREPARE_SLICE, step)

    def _widget(self, w: Any, spec: Control) -> Any:
        if spec.kind not in KINDS:
            raise ValueError(f"control kind {spec.kind!r} is not one of {KINDS}")
        options = list(spec.options(self.canvas))
        value = spec.value(self.canvas)
        if spec.kind == "checks":
            boxes = {
                v: w.Checkbox(
                    value=v in value,
                    description=label,
                    indent=False,
                    layout=w.Layout(width=spec.width),
                )
                for label, v in options
            }
            for box in boxes.values():
                box.observe(
                    lambda _, spec=spec, boxes=boxes: self._on_change(
                        spec, [v for v, b in boxes.items() if b.value]
                    ),
                    names="value",
                )
            self.controls[spec.name] = boxes
            return w.HBox(list(boxes.values()), layout=w.Layout(flex_flow="row wrap"))
        values = [v for _, v in options]
        common = {"options": options, "description": spec.label}
        if spec.kind == "slider":
            start = value if value in values else values[-1]
            widget = w.SelectionSlider(
                value=start, continuous_update=False, layout=w.Layout(width=spec.width), **common
            )
        elif spec.kind == "buttons":
            extra = {"tooltips": list(spec.tooltips(self.canvas))} if spec.tooltips else {}
            widget = w.ToggleButtons(
                value=value if value in values else None,
                style={"button_width": spec.width} if spec.width else {},
                **common,
                **extra,
            )
        else:
            widget = w.Dropdown(value=value, layout=w.Layout(width=spec.width), **common)
        widget.observe(
            lambda change, spec=spec: self._on_change(spec, change["new"]), names="value"
        )
        self.controls[spec.name] = widget
        return widget

    def _sync(self) -> None:
        """Move the widgets to the canvas's state without firing their callbacks."""
        self._syncing = True
        try:
            for name, spec in self.specs.items():
                widget, value = self.controls[name], spec.value(self.canvas)
                if spec.kind == "checks":
                    for v, box in widget.items():
                        box.value = v in value
                    continue
                values = [v for _, v in widget.options]
                if value not in values and spec.kind == "slider" and value is not None:
                    widget.options = list(spec.options(self.canvas))
                    values = [v for _, v in widget.options]
                if value in values or (value is None and spec.kind == "buttons"):
                    widget.value = value
        finally:
            self._syncing = False

    # -- static form ---------------------------------------------------------------------
    def summary(self) -> str:
        """A text form of the view: the description, and the notes (key dates) if any."""
        return "\n".join(filter(None, [self.canvas.alt_text(), self.notes and self.notes()]))

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        self.canvas.result()  # cite what is shown
        text = self.summary()
        page = self._line() if self.canvas.live else ""
        page += style.figure_html(self.canvas.png(), self.canvas.alt_text())
        if self.notes:
            page += "".join(f"<p>{html.escape(line)}</p>" for line in self.notes().splitlines())
        return LiveView(self.widget, page, text)._repr_mimebundle_(include, exclude)

    def __repr__(self) -> str:
        return self.summary()
