"""Exercises: checking answers, hints and scores, as plain data (no widgets, no HTML).

Three modules share the work, each with one reason to change: :mod:`course_lib.bank` reads
the question banks (``data/exercises/*.yaml``), :mod:`course_lib.sealing` is how keys and
feedback are stored in them (hashed and sealed, so reading a file does not show the answer),
and this module checks an answer against them. The names of the other two are re-exported
here, so ``exercises.question(...)`` and ``exercises.digest(...)`` keep working.

:func:`check` never raises on a student's answer; a blank, a wrong type or an unknown
question gives a :class:`CheckResult` with a message and ``correct=None``. Every real attempt
is saved at once (:mod:`course_lib.progress`). How a result looks (colours, icons, HTML) is
``course_lib.ui.feedback``'s business: ``cl.check`` is that module's presenter around
:func:`check`.

Example:
    >>> result = check("nb04_attr_q03", "")
    >>> result.status, result.correct
    ('unattempted', None)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import answers, progress
from .bank import (
    BANK_FOLDER,
    CHOICE_KINDS,
    KINDS,
    MAX_HINTS,
    Banks,
    Option,
    Question,
    banks,
    load_bank,
    load_banks,
    question,
    questions,
    reload,
)
from .bank import notebook_id as _notebook_id
from .errors import CourseError
from .sealing import canonical, digest, pair_label, position_label, seal, unseal

__all__ = [  # the bank's and the sealing's names, re-exported for older callers
    "BANK_FOLDER",
    "CHOICE_KINDS",
    "KINDS",
    "MAX_HINTS",
    "Banks",
    "CheckResult",
    "Option",
    "Question",
    "STATUSES",
    "SAVED_STATUSES",
    "Score",
    "attempt_status",
    "banks",
    "canonical",
    "check",
    "digest",
    "forget_hints",
    "hint",
    "load_bank",
    "load_banks",
    "pair_label",
    "position_label",
    "previous_result",
    "question",
    "questions",
    "reload",
    "score",
    "seal",
    "unseal",
]

STATUSES = ("correct", "incorrect", "recorded", "unattempted", "invalid", "unknown")
SAVED_STATUSES = ("correct", "incorrect", "recorded")  # the ones that are saved as attempts


@dataclass
class CheckResult:
    """The outcome of one check, as data: ``correct`` is True, False or None (nothing to
    judge: a blank, an unusable answer, or an answer that is recorded, not marked).

    ``feedback`` is words only; ``how_to`` is the ``cl.*`` call that helps next (shown in
    the console form, not in a widget, which has buttons for it).

    Example:
        >>> r = CheckResult("nb04_attr_q03", None, "No answer yet.")
        >>> r.status, r.attempts, r.saved
        ('unattempted', 0, None)
    """

    question_id: str
    correct: bool | None
    feedback: str
    attempts: int = 0
    status: str = "unattempted"  # one of STATUSES
    saved: bool | None = None
    storage: str = ""
    how_to: str = ""


@dataclass
class Score:
    """Questions answered, and questions answered right, apart: ``correct`` counts only
    questions with an answer key (``checkable``); reflections are ``recorded``, never right.

    Example:
        >>> s = Score(answered=3, correct=1, total=10, checkable=8, recorded=1)
        >>> s.fraction, s.open_total
        (0.125, 2)
    """

    answered: int
    correct: int
    total: int
    checkable: int = 0
    recorded: int = 0
    notebook: str | None = None
    to_mark: int = 0  # answered exam questions: recorded for the instructor to mark
    exams: int = 0  # exam questions in the pool (no key here, so never right or wrong)

    @property
    def fraction(self) -> float:
        """Right answers as a share of the questions that have a key."""
        return self.correct / self.checkable if self.checkable else 0.0

    @property
    def open_total(self) -> int:
        """Reflections: answered counts, right does not apply (exam questions apart)."""
        return self.total - self.checkable - self.exams


def attempt_status(attempt: dict[str, Any]) -> str:
    """``correct``, ``incorrect`` or ``recorded``; attempts saved before ``status`` existed
    count from ``correct`` (None: recorded).

    Example:
        >>> attempt_status({"correct": True}), attempt_status({"correct": None})
        ('correct', 'recorded')
    """
    status = attempt.get("status")
    if status in SAVED_STATUSES:
        return status
    correct = attempt.get("correct")
    return "recorded" if correct is None else ("correct" if correct else "incorrect")


def _open(q: Question, label: str, section: str = "feedback") -> str:
    """Unseal one text: per-option/item ``feedback``, ``explanation`` or ``model_answer``."""
    entry = q._seal.get(section)
    blob = entry.get(label) if isinstance(entry, dict) else entry
    if not isinstance(blob, str) or not blob:
        return ""
    try:
        return unseal(q._seal["salt"], label, blob)
    except (ValueError, UnicodeDecodeError):
        return ""


def _grade(q: Question, answer: Any) -> tuple[bool | None, str, str]:
    """(correct, status, feedback) for a normalised answer. Reads only hashes and seals."""
    salt = q._seal["salt"]
    if q.kind == "reflection":
        model = _open(q, "model_answer", "model_answer")
        text = "Recorded. Thank you: there is no single right answer here."
        if model:
            text += "\nCompare with one possible answer: " + model
        return None, "recorded", text
    right = digest(salt, canonical(q.kind, answer)) == q._seal["key"]
    explanation = _open(q, "explanation", "explanation") if right else ""
    if q.is_choice:
        note = _open(q, answer)
        if right:
            return True, "correct", _join("Correct.", note, explanation)
        return False, "incorrect", _join("Not quite.", note, TRY_AGAIN)
    if q.kind == "ordering":
        if right:
            return True, "correct", _join("Correct: that is the order.", explanation)
        positions = set(q._seal.get("positions") or [])
        misplaced = [
            item
            for place, item in enumerate(answer, start=1)
            if digest(salt, position_label(item, place)) not in positions
        ]
        notes = [f"• {q.option_text(i)}: {_open(q, i)}" for i in misplaced]
        head = f"Not yet: {len(answer) - len(misplaced)} of {len(answer)} are in the right place."
        return False, "incorrect", _join(head, "\n".join(notes), TRY_AGAIN)
    # matching
    if right:
        return True, "correct", _join("Correct: every match is right.", explanation)
    pair_keys = set(q._seal.get("pairs") or [])
    wrong = [i for i, c in answer.items() if digest(salt, pair_label(i, c)) not in pair_keys]
    notes = [
        f"• {q.option_text(i)} → {q.option_text(answer[i])}: {_open(q, i)}"
        for i in sorted(wrong, key=[it.id for it in q.items].index)
    ]
    head = f"Not yet: {len(answer) - len(wrong)} of {len(answer)} matches are right."
    return False, "incorrect", _join(head, "\n".join(notes), TRY_AGAIN)


TRY_AGAIN = "Try again, or ask for a hint."


def _join(*parts: str) -> str:
    return "\n".join(p for p in parts if p)


# --------------------------------------------------------------------------- public checks


def check(question_id: str, answer: Any, *, record: bool = True) -> CheckResult:
    """Check an answer, save the attempt, and return feedback (never raises on an answer).

    ``answer`` is an option letter or the option's text (single choice), a list of letters
    earliest first (ordering), a dict item -> letter (matching), or text (reflection).

    Example:
        >>> check("nb04_attr_q03", "zz").feedback
        '“zz” is not one of the options: use "a", "b", "c", "d" or copy the text.'
    """
    try:
        return _check(question_id, answer, record)
    except CourseError as exc:
        return CheckResult(_id_text(question_id), None, exc.friendly(), status="unknown")
    except Exception as exc:  # noqa: BLE001 - a student's answer must never produce a traceback
        return CheckResult(
            _id_text(question_id),
            None,
            f"Something went wrong while checking ({type(exc).__name__}). Your answer was not "
            "recorded; please tell your instructor.",
            status="invalid",
        )


EXAM_FEEDBACK = (
    "Recorded. Your instructor will mark this answer: exam questions get no feedback here. "
    "You can change it until you hand in; the last answer counts."
)


def _record_exam(
    q: Question, answer: Any, current: Any, previous: int, record: bool
) -> CheckResult:
    """An exam question: save the answer for the instructor; never say right or wrong."""
    if not record:
        return CheckResult(q.id, None, EXAM_FEEDBACK, attempts=previous, status="recorded")
    saved = current.record(
        {
            "question_id": q.id,
            "notebook": q.notebook,
            "answer": answer,
            "correct": None,
            "status": "recorded",
        }
    )
    return CheckResult(
        q.id,
        None,
        EXAM_FEEDBACK,
        attempts=previous + 1,
        status="recorded",
        saved=saved,
        storage="" if saved else (current.last_error or ""),
    )


def _id_text(question_id: Any) -> str:
    return answers.shorten(question_id).strip("“”")


def _check(question_id: Any, answer: Any, record: bool) -> CheckResult:
    q = question(question_id)
    current = progress.store()
    previous = len(current.attempts(q.id))
    if answers.is_blank(answer):
        return CheckResult(
            q.id,
            None,
            "No answer yet: choose or write one, then check.",
            attempts=previous,
            status="unattempted",
            how_to="Example: " + q.how_to_answer(),
        )
    try:
        normalised = answers.normalise(q, answer)
    except answers.Unusable as problem:
        return CheckResult(
            q.id, None, str(problem), attempts=previous, status="invalid", how_to=problem.how_to
        )
    if q.exam:
        return _record_exam(q, normalised, current, previous, record)
    correct, status, feedback = _grade(q, normalised)
    how_to = f'For a hint: cl.hint("{q.id}")' if status == "incorrect" else ""
    if status not in SAVED_STATUSES or not record:
        return CheckResult(q.id, correct, feedback, previous, status, how_to=how_to)
    saved = current.record(
        {
            "question_id": q.id,
            "notebook": q.notebook,
            "answer": normalised,
            "correct": correct,
            "status": status,
        }
    )
    return CheckResult(
        q.id,
        correct,
        feedback,
        attempts=previous + 1,
        status=status,
        saved=saved,
        storage="" if saved else (current.last_error or ""),
        how_to=how_to,
    )


def previous_result(question_id: str) -> tuple[Any, CheckResult] | None:
    """The last saved answer to a question and its feedback (nothing is recorded), or None."""
    attempts = progress.store().attempts(question_id)
    if not attempts:
        return None
    answer = attempts[-1].get("answer")
    result = check(question_id, answer, record=False)
    result.attempts = len(attempts)
    return answer, result


_HINTS_SHOWN: dict[str, int] = {}


def hint(question_id: str) -> str:
    """The next hint for a question (up to two), then a note that there are no more.

    Example:
        >>> forget_hints()
        >>> hint("nb04_attr_q03").startswith("Hint 1 of 2:")
        True
    """
    try:
        q = question(question_id)
    except CourseError as exc:
        return exc.friendly()
    shown = _HINTS_SHOWN.get(q.id, 0)
    if not q.hints:
        return "This question has no hints: go with your best reading of the evidence."
    if shown >= len(q.hints):
        again = (
            "Re-read the quote and the speaker's role"
            if q.quote_id
            else "Look again at the map, figure or table this question is about"
        )
        return (
            f"No more hints ({len(q.hints)} shown). {again}, then try an answer: "
            "the feedback explains each option."
        )
    _HINTS_SHOWN[q.id] = shown + 1
    return f"Hint {shown + 1} of {len(q.hints)}: {q.hints[shown]}"


def forget_hints() -> None:
    """Start hints from the first one again (used by ``reset_progress``)."""
    _HINTS_SHOWN.clear()


progress.on_reset(forget_hints)  # progress calls back after a reset; it never imports exercises


def score(notebook: str | int | None = None) -> Score:
    """How many questions you have answered, and how many of those with a key you got right
    (all notebooks, or one). A notebook without exercises is a :class:`CourseError`.

    Example:
        >>> s = score("04")
        >>> s.total == s.checkable + s.open_total + s.exams and s.answered <= s.total
        True
    """
    pool = questions(notebook)
    if not pool and notebook is None:
        problem = next(iter(banks().problems.values()), None)
        raise problem or CourseError("There are no exercises in this copy of the course.")
    if not pool:
        where = _notebook_id(notebook)
        numbers = sorted({q.notebook for q in questions()})
        raise CourseError(
            f"There is no notebook {where} with exercises; notebooks with exercises: "
            + ", ".join(numbers)
            + "."
        )
    by_id = {q.id: q for q in pool}
    answered: set[str] = set()
    right: set[str] = set()
    for attempt in progress.store().attempts():
        q = by_id.get(attempt.get("question_id"))
        if q is None:
            continue
        answered.add(q.id)
        if q.checkable and attempt_status(attempt) == "correct":
            right.add(q.id)
    checkable = [q for q in pool if q.checkable]
    exam = {q.id for q in pool if q.exam}  # marked by the instructor: counted apart
    recorded = len(answered - {q.id for q in checkable} - exam)
    where = _notebook_id(notebook) if notebook is not None else None
    return Score(
        len(answered),
        len(right),
        len(pool),
        len(checkable),
        recorded,
        where,
        to_mark=len(answered & exam),
        exams=len(exam),
    )
