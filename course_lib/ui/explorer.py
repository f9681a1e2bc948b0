"""One explorer for every figure: a list of controls mapped onto a canvas's setters.

An explorer is a canvas (``maps.KarabakhCanvas``, ``network.ActorCanvas``,
``chronology.TimelineCanvas``) plus :class:`Control` specs, each naming a widget kind and the
canvas setter it drives. It builds the widgets, a date line, the image, its caption and a
message line, one guarded callback, and the static fallback (:class:`~course_lib.ui.LiveView`).
``set_<name>(value)`` calls the setter and updates the widgets at once (code, tests, benchmarks).

A drag (a slider's arrow keys or handle) sends many values. Its callback records the latest and
schedules one update on the kernel's event loop, at most one per ``DRAG_INTERVAL``: values that
arrive while a frame is drawn replace each other, so the last image painted is the last value
asked for, and no stale frame is ever queued.

Example:
    >>> from course_lib.maps import KarabakhCanvas
    >>> names = Control("names", "buttons", "Names", lambda c: [("Both", "both"), ("Az", "az")])
    >>> view = Explorer(KarabakhCanvas(), [names], what="map")
    >>> view.set_names("az"); view.canvas.names
    'az'
"""

from __future__ import annotations

import asyncio
import base64
import html
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from .. import style
from ..errors import CourseError
from . import LiveView, widgets_available

DRAG_INTERVAL = 0.04  # seconds between two frames of one drag (the first frame is immediate)
PREPARE_SLICE = 0.02  # seconds of drawing ahead per idle slice of the kernel
WIDGETS = {"slider": "SelectionSlider", "buttons": "ToggleButtons", "menu": "Dropdown"}
CSS_CLASS = "course-explorer"
# ipywidgets gives buttons, labels and readouts fixed widths and cuts what does not fit
# ("14 Jan 20…"); in an explorer every control is as wide as its text, and rows wrap.
STYLE = f"""<style>
.{CSS_CLASS} .widget-toggle-buttons {{ flex-wrap: wrap; height: auto; }}
.{CSS_CLASS} .widget-toggle-button {{ width: auto; min-width: 5.5em; max-width: none;
  padding: 0 0.9em; margin-bottom: 2px; overflow: visible; text-overflow: clip; }}
.{CSS_CLASS} .widget-label {{ width: auto; min-width: 5em; max-width: none;
  overflow: visible; text-overflow: clip; margin-right: 0.6em; }}
.{CSS_CLASS} .widget-readout {{ width: auto; min-width: 7em; max-width: none;
  overflow: visible; text-overflow: clip; }}
.{CSS_CLASS} .widget-checkbox {{ width: auto; margin-right: 1.4em; }}
.{CSS_CLASS} .widget-checkbox label {{ overflow: visible; text-overflow: clip; }}
.{CSS_CLASS} .widget-dropdown > select {{ text-overflow: clip; }}
</style>"""


@dataclass(frozen=True)
class Control:
    """A widget kind (slider, buttons, menu, checks), its label and ``(label, value)`` options
    from the canvas, and the setter it drives (``set_<setter>``, default its name). ``read``
    gives the value to show (default: the canvas attribute; None: leave it); ``drag`` marks
    controls that send bursts of values."""

    name: str
    kind: str
    label: str
    options: Callable[[Any], Sequence[tuple[str, Any]]]
    setter: str = ""
    read: Callable[[Any], Any] | None = None
    drag: bool = False
    tooltips: Callable[[Any], Sequence[str]] | None = None
    width: str = ""  # sliders and menus: the whole control; checks: at least; buttons: fit text

    def value(self, canvas: Any) -> Any:
        return self.read(canvas) if self.read else getattr(canvas, self.setter or self.name)


class Explorer:
    """Controls, a date line, the canvas's image, its description and a message line."""

    def __init__(self, canvas: Any, controls: Sequence[Control], what: str = "figure", notes=None):
        self.canvas, self.what, self.notes = canvas, what, notes
        self.specs = {c.name: c for c in controls}
        self.controls: dict[str, Any] = {}
        self.widget: Any = None
        self._syncing, self._pending, self._timer, self._next = False, {}, None, 0.0
        self._png, self._img = b"", ""
        canvas.result()  # cite what the first view shows
        if widgets_available():
            self._build()

    def set(self, setter: str, value: Any) -> None:
        """The one path of every change: ``canvas.set_<setter>(value)``, then the widgets."""
        self._pending.pop(setter, None)  # a value set now makes a queued drag value stale
        getattr(self.canvas, f"set_{setter}")(value)
        self._show()

    def _show(self) -> None:
        if self.widget is None:
            return
        self.image.value = self._picture()  # same state, same text: nothing is sent
        self.line.value = self._line()
        description = html.escape(self.canvas.alt_text())
        self.caption.value = f"<i>{style.DESCRIPTION_LABEL}</i> {description}"
        self.message.value = ""
        self._sync()

    def __getattr__(self, name: str) -> Any:  # set_date(...), and the canvas's attributes
        if name.startswith("_") or name in ("canvas", "specs"):
            raise AttributeError(name)
        if name.startswith("set_") and hasattr(self.canvas, name):
            return lambda value: self.set(name[4:], value)
        return getattr(self.canvas, name)

    @property
    def result(self) -> style.FigureResult:
        return self.canvas.result()

    def _picture(self) -> str:
        png = self.canvas.png()  # one object per state: identity says whether it changed
        if png is not self._png:
            alt = html.escape(self.canvas.image_alt(), quote=True)
            data = base64.b64encode(png).decode("ascii")
            self._png = png
            self._img = (
                f'<img src="data:image/png;base64,{data}" alt="{alt}" style="max-width:100%">'
            )
        return self._img

    def _line(self) -> str:
        text = html.escape(self.canvas.label()) if self.canvas.live else ""
        return f'<div aria-live="polite" style="font-size:1.15em"><b>{text}</b></div>'

    # -- callbacks -----------------------------------------------------------------------
    def _on_change(self, spec: Control, value: Any) -> None:
        if self._syncing or value is None:
            return
        setter = spec.setter or spec.name
        loop = _running_loop() if spec.drag else None
        if loop is None:  # a click, or no kernel loop (tests): at once
            self._guarded(setter, value)
            return
        self._pending[setter] = value
        if self._timer is None:
            self._timer = loop.call_later(max(0.0, self._next - time.monotonic()), self._flush)

    def _flush(self) -> None:
        self._timer, pending, self._pending = None, self._pending, {}
        for setter, value in pending.items():
            self._guarded(setter, value)
        self._next = time.monotonic() + DRAG_INTERVAL

    def _guarded(self, setter: str, value: Any) -> None:
        try:
            self.set(setter, value)
        except CourseError as exc:
            self.message.value = f"<p>⚠️ {html.escape(exc.friendly())}</p>"
        except Exception as exc:  # noqa: BLE001 - never let a callback traceback escape
            problem = html.escape(f"Sorry, the {self.what} could not be redrawn ({exc}).")
            self.message.value = f"<p>⚠️ {problem}</p>"

    # -- widgets -------------------------------------------------------------------------
    def _build(self) -> None:
        import ipywidgets as w

        rows = [self._widget(w, spec) for spec in self.specs.values()]
        self.message, self.line, self.caption = w.HTML(""), w.HTML(self._line()), w.HTML("")
        self.image = w.HTML(self._picture())  # an <img> with alt text (w.Image has no alt)
        looks = w.HTML(STYLE, layout=w.Layout(display="none"))  # a <style> applies hidden too
        self.widget = w.VBox([looks, *rows, self.message, self.line, self.image, self.caption])
        self.widget.add_class(CSS_CLASS)
        self._show()
        loop = _running_loop()
        if loop is not None:  # draw what other states show while the kernel is idle
            steps = self.canvas.preparation()

            def step() -> None:
                deadline = time.monotonic() + PREPARE_SLICE
                if any(time.monotonic() > deadline for _ in steps):
                    loop.call_later(PREPARE_SLICE, step)

            loop.call_later(PREPARE_SLICE, step)

    def _widget(self, w: Any, spec: Control) -> Any:
        options, value = list(spec.options(self.canvas)), spec.value(self.canvas)
        if spec.kind == "checks":
            layout = w.Layout(width="auto", min_width=spec.width or None)  # grows with text
            boxes = {
                v: w.Checkbox(value=v in value, description=t, indent=False, layout=layout)
                for t, v in options
            }

            def ticked(_: Any) -> None:
                self._on_change(spec, [v for v, b in boxes.items() if b.value])

            for box in boxes.values():
                box.observe(ticked, names="value")
            self.controls[spec.name] = boxes
            title = w.Label(spec.label, layout=w.Layout(width="auto"))
            return w.HBox([title, *boxes.values()], layout=w.Layout(flex_flow="row wrap"))
        if spec.kind not in WIDGETS:
            raise ValueError(f"control kind {spec.kind!r} is not one of {[*WIDGETS, 'checks']}")
        values = [v for _, v in options]
        kwargs: dict[str, Any] = {"options": options, "description": spec.label}
        style_: dict[str, str] = {"description_width": "initial"}  # the label's own width
        if spec.kind == "buttons":
            kwargs["value"] = value if value in values else None  # each button fits its text
            if spec.tooltips:
                kwargs["tooltips"] = list(spec.tooltips(self.canvas))
        else:
            kwargs["value"] = value if value in values else values[-1]
            kwargs["layout"] = w.Layout(width=spec.width or "auto")
        kwargs["style"] = style_
        if spec.kind == "slider":
            kwargs["continuous_update"] = False
        widget = getattr(w, WIDGETS[spec.kind])(**kwargs)
        widget.observe(lambda change: self._on_change(spec, change["new"]), names="value")
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
                if spec.kind == "slider" and value is not None and value not in values:
                    widget.options = list(spec.options(self.canvas))  # e.g. a day not listed
                    values = [v for _, v in widget.options]
                if value in values or (value is None and spec.kind == "buttons"):
                    widget.value = value
        finally:
            self._syncing = False

    # -- static form ---------------------------------------------------------------------
    def summary(self) -> str:
        """The description, and the notes (key dates) if any: the view as text."""
        return "\n".join(filter(None, [self.canvas.alt_text(), self.notes and self.notes()]))

    def static_html(self) -> str:
        """The view for readers without widgets, each thing said once: the picture's alt
        names it and points to the caption, which holds the description; then the notes."""
        label = self.canvas.label()
        page = f"<p><b>{html.escape(label)}</b></p>" if self.canvas.live else ""
        what = f"{self.what[:1].upper()}{self.what[1:]}: "
        name = f"{'' if label.startswith(what) else what}{label}"
        page += style.figure_html(self.canvas.png(), self.canvas.alt_text(), name=name)
        return page + notes_html(self.notes() if self.notes else "")

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        self.canvas.result()  # cite what is shown
        page = self.static_html()
        return LiveView(self.widget, page, self.summary())._repr_mimebundle_(include, exclude)

    def __repr__(self) -> str:
        return self.summary()


def notes_html(notes: str) -> str:
    """The notes as HTML: lines that start with "- " become one list, others paragraphs.

    Example:
        >>> notes_html("Key dates:\\n- 1994: ceasefire\\n- 2020: statement")
        '<p>Key dates:</p><ul><li>1994: ceasefire</li><li>2020: statement</li></ul>'
    """
    parts, items = [], []
    for line in notes.splitlines():
        if line.startswith("- "):
            items.append(f"<li>{html.escape(line[2:])}</li>")
            continue
        if items:
            parts.append("<ul>" + "".join(items) + "</ul>")
            items = []
        if line.strip():
            parts.append(f"<p>{html.escape(line)}</p>")
    if items:
        parts.append("<ul>" + "".join(items) + "</ul>")
    return "".join(parts)


def _running_loop() -> asyncio.AbstractEventLoop | None:
    """The kernel's event loop while it handles a message; None outside a kernel (plain
    Python, tests), where a loop that looks running may never turn again."""
    try:
        from IPython import get_ipython

        if getattr(get_ipython(), "kernel", None) is None:
            return None
        return asyncio.get_running_loop()
    except (ImportError, RuntimeError):
        return None
