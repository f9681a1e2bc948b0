"""Instructor-side grading: re-grade a saved answer from the instructor's own plain keys.

The student's machine decides nothing here (nbgrader's rule): an export's ``correct`` flags
are ignored, and every answer is normalised and compared with the key again. Keys come from
the plain authoring data kept with the instructor (by default the repository's
``tests/exercise_answers.json``: ``{question_id: {"kind": ..., "answer": ...}}``, the form
``tools/exercise_keys.py seal --answers`` writes). They are never shipped to students.

Normalising (option text to ids, case, spacing) and the canonical form are the student
side's own functions in :mod:`course_lib.exercises`, so both sides read an answer the same way.

Example:
    >>> grader = Grader({"q": Key("q", "ordering", ["a", "b"])}, bank={})
    >>> grader.grade("q", ["a", "b"]).status
    'unknown'
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import answers, exercises
from .errors import CourseError

ANSWER_FILE = Path("tests") / "exercise_answers.json"


class KeysError(CourseError):
    """The answer keys cannot be read."""

    hint = (
        "Give the instructor's answer file with --keys PATH (the JSON that "
        "tools/exercise_keys.py seal --answers writes)."
    )


@dataclass(frozen=True)
class Key:
    """The right answer to one question, as option ids (a list for ordering, a dict for
    matching)."""

    question_id: str
    kind: str
    answer: Any


@dataclass(frozen=True)
class Grade:
    """The instructor's verdict on one answer.

    ``status``: ``correct``, ``incorrect``, ``recorded`` (a reflection: no key),
    ``invalid`` (the answer cannot be read as an answer to this question) or ``unknown``
    (no such question in the course, or no key for it).
    """

    status: str
    correct: bool | None
    answer: Any = None  # normalised (option ids), or the raw value when invalid
    canonical: str = ""  # the answer's canonical text: equal answers have equal text
    detail: str = ""


def default_keys_path() -> Path:
    """The checkout's answer file (``tests/exercise_answers.json`` beside ``course_lib``)."""
    return Path(__file__).resolve().parents[1] / ANSWER_FILE


def load_keys(path: str | Path | None = None) -> dict[str, Key]:
    """Read the instructor's keys; a :class:`KeysError` names the file if it is unusable."""
    target = Path(path).expanduser() if path is not None else default_keys_path()
    try:
        raw = json.loads(target.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KeysError(f"The answer file {target} does not exist.") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise KeysError(f"The answer file {target} cannot be read ({exc}).") from None
    if not isinstance(raw, dict):
        raise KeysError(f"{target} is not an answer file (expected question ids → keys).")
    keys: dict[str, Key] = {}
    for qid, entry in raw.items():
        if not isinstance(entry, dict) or entry.get("kind") not in exercises.KINDS:
            raise KeysError(f"{target}: the key for {qid!r} has no valid 'kind'.")
        if "answer" not in entry:
            raise KeysError(f"{target}: the key for {qid!r} has no 'answer'.")
        keys[str(qid)] = Key(str(qid), entry["kind"], entry["answer"])
    return keys


def canonical_json(value: Any) -> str:
    """A stable text for any JSON value (used to cache and count answers)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def normalise(question: exercises.Question, answer: Any) -> Any:
    """The student side's normalisation (raises :class:`answers.Unusable` with its message)."""
    return answers.normalise(question, answer)


class Grader:
    """Grades answers against plain keys; results are cached per (question, answer).

    ``bank`` maps question ids to :class:`~course_lib.exercises.Question` (default: the
    course's question banks, which give the options an answer is normalised against).
    """

    def __init__(
        self,
        keys: dict[str, Key],
        bank: dict[str, exercises.Question] | None = None,
    ):
        self.keys = keys
        self.bank = bank if bank is not None else {q.id: q for q in exercises.questions()}
        self._cache: dict[tuple[str, str], Grade] = {}

    def question(self, question_id: str) -> exercises.Question | None:
        return self.bank.get(question_id)

    def gradable(self, question_id: str) -> bool:
        """True for a question with a right answer (not a reflection) and a key."""
        q = self.bank.get(question_id)
        return q is not None and q.kind != "reflection" and question_id in self.keys

    def grade(self, question_id: str, answer: Any) -> Grade:
        """The verdict on one answer (never raises on a student's answer)."""
        try:
            memo = (question_id, canonical_json(answer))
        except (TypeError, ValueError):
            return Grade("invalid", None, None, "", "not a plain answer")
        cached = self._cache.get(memo)
        if cached is None:
            cached = self._cache[memo] = self._grade(question_id, answer)
        return cached

    def _grade(self, question_id: str, answer: Any) -> Grade:
        q = self.bank.get(question_id)
        if q is None:
            return Grade("unknown", None, answer, "", "no such question in this course version")
        if answers.is_blank(answer):
            return Grade("invalid", None, answer, "", "blank")
        try:
            normalised = normalise(q, answer)
        except answers.Unusable as problem:
            return Grade("invalid", None, answer, "", str(problem))
        if q.kind == "reflection":
            return Grade("recorded", None, normalised, str(normalised))
        text = exercises.canonical(q.kind, normalised)
        key = self.keys.get(question_id)
        if key is None:
            return Grade("unknown", None, normalised, text, "no key for this question")
        right = text == exercises.canonical(key.kind, key.answer)
        return Grade("correct" if right else "incorrect", right, normalised, text)

    # ------------------------------------------------------------- what a wrong answer means

    def misconception(self, question_id: str, answer: Any) -> str:
        """What the feedback says about this (wrong) answer, unsealed with the bank's salts.

        Choice questions: the note on the chosen option. Matching: the notes on the wrong
        pairs. Ordering: the notes on the misplaced events. Empty when the bank carries no
        feedback (e.g. a published exam bank).
        """
        q = self.bank.get(question_id)
        key = self.keys.get(question_id)
        if q is None or key is None or not q._seal:
            return ""
        if q.is_choice and isinstance(answer, str):
            return exercises._open(q, answer)
        if q.kind == "matching" and isinstance(answer, dict) and isinstance(key.answer, dict):
            wrong = [i for i, c in answer.items() if key.answer.get(i) != c]
        elif q.kind == "ordering" and isinstance(answer, list) and isinstance(key.answer, list):
            right = list(key.answer) + [None] * len(answer)
            wrong = [i for place, i in enumerate(answer) if right[place] != i]
        else:
            return ""
        notes = ((q.option_text(i), exercises._open(q, i)) for i in wrong)
        return " ".join(f"{name}: {note}" for name, note in notes if note)

    def right_answer(self, question_id: str) -> Any:
        key = self.keys.get(question_id)
        return None if key is None else key.answer

    def describe_wrong(self, question_id: str, answer: Any) -> str:
        """A wrong answer in words; for matching only the wrong pairs."""
        q, key = self.bank.get(question_id), self.right_answer(question_id)
        matching = q is not None and q.kind == "matching"
        if matching and isinstance(answer, dict) and isinstance(key, dict):
            wrong = [(i.id, answer[i.id]) for i in q.items if answer.get(i.id) != key.get(i.id)]
            text = "; ".join(f"{q.option_text(i)} → {q.option_text(c)}" for i, c in wrong)
            return text + " (the other matches right)" if len(wrong) < len(answer) else text
        return self.describe(question_id, answer)

    def describe(self, question_id: str, answer: Any) -> str:
        """A normalised answer in words: option letters with their text."""
        q = self.bank.get(question_id)
        if q is None:
            return str(answer)
        if q.is_choice and isinstance(answer, str):
            return f"{answer}) {q.option_text(answer)}"
        if q.kind == "ordering" and isinstance(answer, list):
            return " → ".join(q.option_text(i) for i in answer)
        if q.kind == "matching" and isinstance(answer, dict):
            pairs = [(i.id, answer[i.id]) for i in q.items if i.id in answer]
            return "; ".join(f"{q.option_text(i)} → {q.option_text(c)}" for i, c in pairs)
        return str(answer)
