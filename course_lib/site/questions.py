"""Quiz questions on paper and on a static page: the question and its options, no answers.

A notebook asks its questions with ``cl.quiz(...)``; a static page has no kernel to check an
answer, so the website and the handouts show each question in full (prompt, quote, options)
and say where to answer it. Nothing here reads an answer key: model answers for the
instructor's handout are added by :mod:`course_lib.handouts`.

Example:
    >>> [q.id for q in quiz_questions('cl.quiz("nb01_map_corridor")')]
    ['nb01_map_corridor']
"""

from __future__ import annotations

import ast
import html

from .. import data, exercises
from ..errors import CourseError

KIND_LABELS = {
    "attribution": "Who said it?",
    "role": "Who speaks for whom?",
    "stance": "What does it imply?",
    "fact_or_opinion": "Fact or opinion?",
    "source_criticism": "Checking the article",
    "classify": "Choose one",
    "ordering": "Put in order",
    "matching": "Match",
    "reflection": "Reflection",
}


def _parse(source: str) -> ast.Module | None:
    """A code cell as Python (IPython magics such as ``%pip`` turned into calls first)."""
    try:
        from IPython.core.inputtransformer2 import TransformerManager

        source = TransformerManager().transform_cell(source)
    except ImportError:  # without IPython a cell with magics is simply not recognised
        pass
    try:
        return ast.parse(source)
    except SyntaxError:
        return None


def _call_argument(source: str, name: str) -> object | None:
    """The literal argument of a lone ``cl.<name>(...)`` call in a cell, else None."""
    tree = _parse(source)
    if tree is None:
        return None
    calls = [
        node.value
        for node in tree.body
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)
    ]
    for call in calls:
        func = call.func
        if isinstance(func, ast.Attribute) and func.attr == name and len(call.args) == 1:
            try:
                return ast.literal_eval(call.args[0])
            except ValueError:
                return None
    return None


def is_call(source: str, name: str) -> bool:
    """True when a cell calls ``cl.<name>(...)`` (e.g. ``environment_check``)."""
    tree = _parse(source)
    if tree is None:
        return False
    return any(
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == name
        for node in ast.walk(tree)
    )


def quiz_questions(source: str) -> list[exercises.Question] | None:
    """The questions a ``cl.quiz(...)`` cell shows, or None when the cell is not a quiz."""
    target = _call_argument(source, "quiz")
    if target is None:
        return None
    try:
        if isinstance(target, list | tuple):
            return [exercises.question(str(t)) for t in target]
        text = str(target).strip()
        if text.isdigit():
            return exercises.questions(text.zfill(2))
        return [exercises.question(text)]
    except CourseError:
        return None


def _quote(q: exercises.Question) -> str:
    if not q.quote_id:
        return ""
    try:
        table = data.quotes()
    except CourseError:
        return ""
    text = str(table.loc[q.quote_id, "text"]) if q.quote_id in table.index else ""
    return f"<blockquote><p>“{html.escape(text)}”</p></blockquote>" if text else ""


def _box(mark: bool) -> str:
    # a square to tick on paper; hidden from screen readers (the list already says it)
    return '<span class="course-tick" aria-hidden="true">☐</span> ' if mark else ""


def question_html(
    q: exercises.Question,
    number: int | None = None,
    *,
    paper: bool = False,
    after: str = "",
) -> str:
    """One question as HTML: kind, prompt, quote, options; on ``paper``, space to answer.

    ``after`` is appended inside the question's box (where to answer it, or a model answer).
    """
    label = KIND_LABELS.get(q.kind, "Question")
    heading = f"Question {number}" if number is not None else "Question"
    parts = [
        f'<div class="course-question" id="question-{html.escape(q.id)}">',
        f'<p class="course-question-kind">{heading} · {html.escape(label)} '
        f"<code>{html.escape(q.id)}</code></p>",
        f'<p class="course-question-prompt"><strong>{html.escape(q.prompt)}</strong></p>',
        _quote(q),
    ]
    if q.kind == "matching":
        parts.append("<p>Match each of these…</p>")
        rows = "".join(
            f"<li>{html.escape(i.text)}"
            + (' <span class="course-blank">answer: ______</span>' if paper else "")
            + "</li>"
            for i in q.items
        )
        parts.append(f'<ol class="course-items">{rows}</ol><p>…to one of these:</p>')
    elif q.kind == "ordering":
        parts.append("<p>Put these in order, earliest first:</p>")
    if q.options:
        show_ids = q.kind != "ordering"
        rows = "".join(
            "<li>"
            + _box(paper and q.is_choice)
            + (f'<span class="course-option-id">{html.escape(o.id)})</span> ' if show_ids else "")
            + f"{html.escape(o.text)}</li>"
            for o in q.options
        )
        parts.append(f'<ul class="course-options">{rows}</ul>')
    if paper:
        if q.kind == "ordering":
            slots = " ".join(f"{n}. ________" for n in range(1, len(q.options) + 1))
            parts.append(f'<p class="course-blank">Your order: {slots}</p>')
        lines = 6 if q.kind == "reflection" else 2
        label_text = "Your answer" if q.kind == "reflection" else "Your reason"
        parts.append(
            f'<div class="course-lines" style="--lines:{lines}" aria-label="{label_text}">'
            f"<span>{label_text}:</span></div>"
        )
    parts.append(after)
    parts.append("</div>")
    return "".join(p for p in parts if p)
