"""Quiz widgets: one per question, with Check and Hint buttons and instant feedback.

``cl.quiz("nb04_attr_q03")`` shows one question; ``cl.quiz("04")`` shows every question of
notebook 04 with a score bar. Answers already given (saved in the progress file) come back
with their feedback when the cell is run again.

Without widgets (``COURSE_LIB_NO_WIDGETS=1``, no ipywidgets, or a static viewer) the same
output shows the question text and options and how to answer with ``cl.check(...)``.

Example:
    >>> import course_lib as cl
    >>> cl.quiz("04").text.count("Answer with:") == len(cl.questions("04"))
    True
"""

from __future__ import annotations

import contextlib
import html
import re
from collections.abc import Callable
from typing import Any

from .. import citations, exercises
from ..errors import CourseError
from . import LiveView, widgets_available
from . import feedback as fb

_ORDINALS = ("1st", "2nd", "3rd") + tuple(f"{n}th" for n in range(4, 21))
# A matching menu's accessible name, out of sight: the same words are shown above the menu.
_HIDDEN_NAME = (
    '<span style="position:absolute;width:1px;height:1px;overflow:hidden;'
    'clip:rect(0 0 0 0);white-space:nowrap">{text}</span>'
)
_FRIENDLY_FAILURE = (
    "Something went wrong in this quiz ({name}). Your earlier answers are safe: run the "
    "cell again, or tell your instructor."
)


def _is_notebook(target: Any) -> bool:
    return isinstance(target, int) or bool(re.fullmatch(r"\s*\d{1,2}\s*", str(target)))


def _targets(target: Any) -> tuple[list[exercises.Question], str | None]:
    """The questions to show and the notebook id (None for a single question)."""
    if isinstance(target, list | tuple):
        return [exercises.question(str(t).strip()) for t in target], None
    if _is_notebook(target):
        notebook = str(target).strip().zfill(2)
        return exercises.questions(notebook), notebook
    return [exercises.question(str(target).strip())], None


# --------------------------------------------------------------------------- static

Previous = tuple[Any, exercises.CheckResult] | None


def _static_parts(
    qs: list[exercises.Question], previous: dict[str, Previous], score: exercises.Score | None
) -> tuple[str, str]:
    html_parts, text_parts = [], []
    for q in qs:
        html_parts.append(f"<div style='margin-bottom:1em'>{fb.question_html(q)}")
        text_parts.append(fb.question_text(q))
        if previous[q.id] is not None:
            answer, result = previous[q.id]
            shown = fb.shown_answer(answer)
            html_parts.append(
                f"<p>Your last answer: <code>{html.escape(shown)}</code></p>"
                + fb.result_html(result)
            )
            text_parts.append(f"Your last answer: {shown}\n{fb.result_text(result)}")
        html_parts.append("</div>")
    if score is not None:
        html_parts.append(fb.score_html(score))
        text_parts.append(fb.score_text(score))
    return "".join(html_parts), "\n\n".join(text_parts)


def _message_view(message: str) -> LiveView:
    note = fb.Note(message)
    return LiveView(None, note._repr_html_(), f"{note.icon} {message}")


def quiz(target: str | int | list[str]) -> LiveView:
    """Interactive questions: a question id (``"nb04_attr_q03"``), a list of ids, or a
    notebook (``"04"``, shown with a score bar).

    Example:
        >>> import course_lib as cl
        >>> view = cl.quiz("nb04_attr_q03")
        >>> view.text.startswith("[nb04_attr_q03]")
        True
    """
    try:
        qs, notebook = _targets(target)
    except CourseError as exc:
        return _message_view(exc.friendly())
    if not qs:
        return _message_view(f"There are no exercises for notebook {target!r} yet.")
    for q in qs:
        citations.cite(q.all_source_ids())
    # Each question's last answer is graded once, and the score counted once, for both forms.
    previous = {q.id: exercises.previous_result(q.id) for q in qs}
    score = exercises.score(notebook) if notebook is not None else None
    static_html, text = _static_parts(qs, previous, score)
    widget = None
    if widgets_available():
        try:
            widget = _build(qs, notebook, previous, score)
        except Exception as exc:  # noqa: BLE001 - fall back to the static version, never a traceback
            text = f"(Interactive quiz unavailable: {type(exc).__name__}.)\n{text}"
            widget = None
    return LiveView(widget, static_html, text)


# --------------------------------------------------------------------------- widgets

# JupyterLab's command mode binds the arrow keys to "select the cell above/below" for any
# focused element that is not editable text, so a radio button or a closed dropdown never gets
# them (jupyter-widgets/ipywidgets#3912). JupyterLab's documented opt-out is the attribute
# data-lm-suppress-shortcuts on the focused element itself. ipywidgets cannot set attributes,
# and an HTML widget inserts its value with innerHTML, where scripts do not run but an image's
# error handler does: this one listens, in the capture phase, on its own question's box and
# marks a radio button or dropdown before the key reaches JupyterLab's shortcut handler.
KEYBOARD_HOOK = (
    '<img alt="" hidden src="data:," onerror="(function hook(img, tries) {'
    "var box = img.closest('.course-question');"
    "if (!box) { if (tries < 200) requestAnimationFrame(function () { hook(img, tries + 1); });"
    " return; }"
    "if (box.dataset.courseKeys) return;"
    "box.dataset.courseKeys = 'on';"
    "box.addEventListener('keydown', function (event) {"
    "if (event.target.matches('input[type=radio], select'))"
    " event.target.setAttribute('data-lm-suppress-shortcuts', 'true');"
    '}, true); })(this, 0)">'
)
QUESTION_CLASS = "course-question"


class _Parts:
    """Layouts and styles shared by every widget of one quiz. Each ipywidget otherwise makes
    its own Layout and style, two more widgets (comms) apiece: sharing them builds a quiz of
    38 questions from about 320 widgets instead of about 900."""

    def __init__(self, w: Any):
        self.plain = w.Layout()
        self.wide = w.Layout(width="auto")
        # centred, not on the baseline of a label that holds no visible text
        self.menu = w.Layout(width="auto", align_items="center")
        self.box = w.Layout(border="1px solid #ccc", padding="0.5em", margin="0 0 1em 0")
        self.text_area = w.Layout(width="95%", height="8em")
        self.html = _style(w.HTML)
        self.button = _style(w.Button)
        self.choice = _style(w.RadioButtons)
        self.ordinal = _style(w.Dropdown, description_width="3em")
        self.unlabelled = _style(w.Dropdown, description_width="0px")
        self.text = _style(w.Textarea)


def _style(widget_class: Any, **values: Any) -> Any:
    """A new style of the kind ``widget_class`` takes (the classes differ between ipywidgets
    7 and 8, and not all are exported)."""
    return widget_class.class_traits()["style"].klass(**values)


def _build(
    qs: list[exercises.Question],
    notebook: str | None,
    previous: dict[str, Previous],
    score: exercises.Score | None,
) -> Any:
    import ipywidgets as w

    parts = _Parts(w)
    score_bar = w.HTML(layout=parts.plain, style=parts.html)

    def refresh_score() -> None:
        if notebook is not None:
            score_bar.value = fb.score_html(exercises.score(notebook))

    if score is not None:
        score_bar.value = fb.score_html(score)
    on_checked = refresh_score if notebook is not None else None
    boxes = [QuestionWidget(q, on_checked, parts=parts, previous=previous[q.id]).box for q in qs]
    children = boxes + ([score_bar] if notebook is not None else [])
    return w.VBox(children, layout=parts.plain)


_UNKNOWN = object()  # "not looked up yet": QuestionWidget then reads the last answer itself


class QuestionWidget:
    """The widgets for one question; ``box`` is what is displayed."""

    def __init__(
        self,
        q: exercises.Question,
        on_checked: Callable[[], None] | None = None,
        *,
        parts: _Parts | None = None,
        previous: Any = _UNKNOWN,
    ):
        import ipywidgets as w

        self.q = q
        self.on_checked = on_checked
        self.parts = parts = parts or _Parts(w)
        self.feedback = w.HTML(layout=parts.plain, style=parts.html)
        self.hint_area = w.HTML(layout=parts.plain, style=parts.html)
        self.inputs: list[Any] = []
        self.answer_widget = self._answer_widget(w)
        check = w.Button(
            description="Check",
            button_style="primary",
            icon="check",
            layout=parts.plain,
            style=parts.button,
        )
        hint = w.Button(
            description="Hint", icon="lightbulb-o", layout=parts.plain, style=parts.button
        )
        check.on_click(self._safe(self._on_check))
        hint.on_click(self._safe(self._on_hint))
        self.check_button, self.hint_button = check, hint
        header = w.HTML(
            fb.question_header_html(q) + KEYBOARD_HOOK, layout=parts.plain, style=parts.html
        )
        self.box = w.VBox(
            [
                header,
                self.answer_widget,
                w.HBox([check, hint], layout=parts.plain),
                self.hint_area,
                self.feedback,
            ],
            layout=parts.box,
        )
        self.box.add_class(QUESTION_CLASS)
        self._restore(exercises.previous_result(q.id) if previous is _UNKNOWN else previous)

    # ------------------------------------------------------------- building

    def _answer_widget(self, w: Any) -> Any:
        q, parts = self.q, self.parts
        if q.is_choice:
            radio = w.RadioButtons(
                options=[(f"{o.id}) {o.text}", o.id) for o in q.options],
                value=None,
                layout=parts.wide,
                style=parts.choice,
            )
            self.inputs = [radio]
            return radio
        if q.kind == "reflection":
            area = w.Textarea(
                placeholder="Write a few sentences…", layout=parts.text_area, style=parts.text
            )
            self.inputs = [area]
            return area
        blank = [("— choose —", None)]
        if q.kind == "ordering":
            choices = blank + [(o.text, o.id) for o in q.options]
            for place in range(len(q.options)):
                self.inputs.append(  # the place is each menu's name, for screen readers too
                    w.Dropdown(
                        options=choices,
                        value=None,
                        description=_ORDINALS[place],
                        layout=parts.wide,
                        style=parts.ordinal,
                    )
                )
            intro = w.HTML("<i>Earliest first:</i>", layout=parts.plain, style=parts.html)
            return w.VBox([intro, *self.inputs], layout=parts.plain)
        # matching: the item in bold above its menu (wrapped when long), and the menu named
        # by the item too; a menu's own label cannot wrap, so that name is not shown twice.
        choices = blank + [(f"{o.id}) {o.text}", o.id) for o in q.options]
        rows = []
        for item in q.items:
            text = html.escape(item.text)
            menu = w.Dropdown(
                options=choices,
                value=None,
                description=_HIDDEN_NAME.format(text=text),
                description_allow_html=True,
                layout=parts.menu,
                style=parts.unlabelled,
            )
            self.inputs.append(menu)
            rows += [w.HTML(f"<b>{text}</b>", layout=parts.plain, style=parts.html), menu]
        return w.VBox(rows, layout=parts.plain)

    def answer(self) -> Any:
        """The current answer in the form ``exercises.check`` expects."""
        q = self.q
        if q.is_choice or q.kind == "reflection":
            return self.inputs[0].value
        if q.kind == "ordering":
            values = [d.value for d in self.inputs]
            return [] if all(v is None for v in values) else [v or "" for v in values]
        return {
            item.id: drop.value
            for item, drop in zip(q.items, self.inputs, strict=True)
            if drop.value
        }

    def set_answer(self, answer: Any) -> None:
        q = self.q
        if q.is_choice or q.kind == "reflection":
            self.inputs[0].value = answer
        elif q.kind == "ordering" and isinstance(answer, list):
            for drop, value in zip(self.inputs, answer, strict=False):
                drop.value = value
        elif q.kind == "matching" and isinstance(answer, dict):
            for item, drop in zip(q.items, self.inputs, strict=True):
                drop.value = answer.get(item.id)

    # ------------------------------------------------------------- events

    def _safe(self, handler: Callable[[], None]) -> Callable[[Any], None]:
        def run(_button: Any = None) -> None:
            try:
                handler()
            except Exception as exc:  # noqa: BLE001 - a click must never show a traceback
                message = _FRIENDLY_FAILURE.format(name=type(exc).__name__, qid=self.q.id)
                self.feedback.value = f"<p>{fb.WARNING_ICON} {html.escape(message)}</p>"

        return run

    def _on_check(self) -> None:
        result = exercises.check(self.q.id, self.answer())
        self.feedback.value = fb.result_html(result, code=False)
        if self.on_checked is not None:
            self.on_checked()

    def _on_hint(self) -> None:
        self.hint_area.value = fb.Hint(exercises.hint(self.q.id))._repr_html_()

    def _restore(self, previous: Previous) -> None:
        if previous is None:
            return
        answer, result = previous
        # An old answer that no longer fits the widgets: show its feedback only.
        with contextlib.suppress(Exception):
            self.set_answer(answer)
        self.feedback.value = "<small>Your last answer:</small>" + fb.result_html(
            result, code=False
        )
