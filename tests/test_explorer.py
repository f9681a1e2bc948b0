"""The generic explorer (course_lib.ui.explorer), tested once on a toy canvas: every control
kind maps onto its canvas setter, code-driven changes move the widgets, errors become
messages, drags coalesce to the latest value, and the static form still shows the figure."""

from __future__ import annotations

import asyncio
import datetime as dt
import threading

import pytest

from course_lib.canvas import Canvas
from course_lib.errors import CourseError
from course_lib.ui import explorer
from course_lib.ui.explorer import Control, Explorer

DAYS = (dt.date(2022, 1, 1), dt.date(2022, 2, 1))


class Toy(Canvas):
    """One bar whose height, colour and tags the controls set."""

    def __init__(self, live: bool = True):
        super().__init__(None, size=(3.0, 2.0), live=live)
        self.level, self.colour, self.tags, self.day = 1, "red", ["a"], DAYS[0]
        self.calls: list[tuple[str, object]] = []
        (self.bar,) = self.ax.bar([0], [1], color="red")
        self.ax.set_ylim(0, 6)
        self.title = self.ax.set_title("")

    def _changed(self, what: str, value: object) -> None:
        self.calls.append((what, value))
        self.bar.set_height(self.level)
        self.bar.set_color(self.colour)
        self.title.set_text(",".join(self.tags))

    def set_level(self, value: int) -> None:
        if value == 5:
            raise CourseError("Level 5 is too high.")
        if value == 4:
            raise ValueError("boom")
        self.level = value
        self._changed("level", value)

    def set_colour(self, value: str) -> None:
        self.colour = value
        self._changed("colour", value)

    def set_tags(self, value: list[str]) -> None:
        self.tags = list(value)
        self._changed("tags", value)

    def set_day(self, value: dt.date) -> None:
        self.day = value
        self._changed("day", value)

    def changing(self):
        return [self.bar, self.title]

    def volatile(self):
        return [self.bar, self.title]

    def state(self):
        return (self.level, self.colour, tuple(self.tags))

    def label(self) -> str:
        return f"Toy on {self.day:%d %B %Y}"

    def alt_text(self) -> str:
        return f"A {self.colour} bar at level {self.level}, tags {self.tags}, on {self.day}."


CONTROLS = [
    Control("level", "slider", "Level", lambda c: [(str(i), i) for i in range(1, 6)], drag=True),
    Control("colour", "buttons", "Colour", lambda c: [("Red", "red"), ("Blue", "blue")]),
    Control("day", "menu", "Day", lambda c: [(f"{d:%b}", d) for d in DAYS]),
    Control("tags", "checks", "Tags", lambda c: [("A", "a"), ("B", "b")], width="5em"),
]


@pytest.fixture
def toy(monkeypatch):
    pytest.importorskip("ipywidgets")
    monkeypatch.delenv("COURSE_LIB_NO_WIDGETS", raising=False)
    return Explorer(Toy(), CONTROLS, what="toy")


def test_each_control_kind_becomes_its_widget(toy):
    import ipywidgets as w

    slider, buttons, menu, checks = (toy.controls[n] for n in ("level", "colour", "day", "tags"))
    assert isinstance(slider, w.SelectionSlider) and slider.value == 1
    assert isinstance(buttons, w.ToggleButtons) and buttons.value == "red"
    assert isinstance(menu, w.Dropdown) and menu.value == DAYS[0]
    assert {v: b.value for v, b in checks.items()} == {"a": True, "b": False}
    assert [o[0] for o in slider.options] == ["1", "2", "3", "4", "5"]
    assert "Toy on 01 January 2022" in toy.line.value and "level 1" in toy.caption.value
    assert toy.image.value.startswith('<img src="data:image/png;base64,iVBORw0KGgo')
    assert 'alt="A red bar at level 1' in toy.image.value  # the picture has its alt text


def test_widgets_drive_the_canvas_setters(toy):
    first = toy.image.value
    toy.controls["level"].value = 3  # no event loop runs in a test: applied at once
    toy.controls["colour"].value = "blue"
    toy.controls["day"].value = DAYS[1]
    toy.controls["tags"]["b"].value = True
    assert toy.canvas.calls == [
        ("level", 3),
        ("colour", "blue"),
        ("day", DAYS[1]),
        ("tags", ["a", "b"]),
    ]
    assert toy.image.value != first and "blue bar at level 3" in toy.caption.value
    assert "01 February 2022" in toy.line.value


def test_code_moves_the_widgets_without_calling_back(toy):
    toy.set_level(2)
    toy.set_tags(["b"])
    toy.set_day(DAYS[1])
    assert toy.canvas.calls == [("level", 2), ("tags", ["b"]), ("day", DAYS[1])]
    assert toy.controls["level"].value == 2 and toy.controls["day"].value == DAYS[1]
    assert {v: b.value for v, b in toy.controls["tags"].items()} == {"a": False, "b": True}
    assert toy.level == 2  # canvas attributes read through the explorer


def test_errors_become_a_message_never_a_traceback(toy):
    toy.controls["level"].value = 5
    assert "Level 5 is too high." in toy.message.value
    toy.controls["level"].value = 4
    assert "Sorry, the toy could not be redrawn (boom)" in toy.message.value
    assert toy.canvas.level == 1
    toy.controls["level"].value = 2
    assert toy.message.value == ""


def test_outside_a_kernel_widget_changes_apply_at_once(toy):
    async def inside_a_loop() -> list:
        toy.controls["level"].value = 2  # a loop runs, but no kernel turns it for us
        return list(toy.canvas.calls)

    calls: list = []
    thread = threading.Thread(target=lambda: calls.extend(asyncio.run(inside_a_loop())))
    thread.start()
    thread.join(10)
    assert calls == [("level", 2)]


def test_a_drag_paints_only_its_last_value(toy, monkeypatch):
    """Inside a kernel (here: a fresh thread's own loop standing in for it)."""
    monkeypatch.setattr(explorer, "_running_loop", asyncio.get_running_loop)

    async def drag() -> None:
        for value in (2, 3, 2, 3):  # a burst, as arrow keys send it
            toy.controls["level"].value = value
        assert toy.canvas.calls == []  # nothing drawn while the burst arrives
        await asyncio.sleep(0.2)
        toy.controls["level"].value = 2
        toy.set_level(1)  # set now: the queued drag value is stale and dropped
        await asyncio.sleep(0.2)

    failures: list[BaseException] = []

    def run() -> None:  # a thread of its own: no event loop of other tests is in the way
        try:
            asyncio.run(drag())
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(10)
    assert not failures, failures
    assert toy.canvas.calls == [("level", 3), ("level", 1)]
    assert toy.controls["level"].value == 1 and "level 1" in toy.caption.value


def test_static_form_without_widgets(monkeypatch):
    monkeypatch.setenv("COURSE_LIB_NO_WIDGETS", "1")
    view = Explorer(Toy(live=False), CONTROLS, what="toy", notes=lambda: "Notes line.")
    assert view.widget is None
    view.set_colour("blue")  # setters still work
    bundle = view._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" not in bundle
    page = bundle["text/html"]
    assert 'alt="Toy: Toy on 01 January 2022 (described below)"' in page, page
    assert page.count("A blue bar at level 1") == 1 and "<p>Notes line.</p>" in page
    assert repr(view) == "A blue bar at level 1, tags ['a'], on 2022-01-01.\nNotes line."


def test_unknown_control_kind_is_refused(monkeypatch):
    pytest.importorskip("ipywidgets")
    monkeypatch.delenv("COURSE_LIB_NO_WIDGETS", raising=False)
    bad = Control("level", "knob", "Level", lambda c: [("1", 1)])
    with pytest.raises(ValueError, match="knob"):
        Explorer(Toy(), [bad])


def test_the_static_name_does_not_repeat_what_the_label_already_says(monkeypatch):
    import course_lib as cl

    monkeypatch.setenv("COURSE_LIB_NO_WIDGETS", "1")
    page = cl.timeline_explorer(period="early_2022")._repr_mimebundle_()["text/html"]
    assert 'alt="Timeline: The balancing act (Jan–Mar 2022) (described below)"' in page, page
    actors = cl.actor_explorer(date="2022-03-18")._repr_mimebundle_()["text/html"]
    assert 'alt="Actor diagram: Ties in force on 18 March 2022 (described below)"' in actors
