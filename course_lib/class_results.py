"""The class's hand-ins, re-graded: per student, per question and per notebook.

Grades come from the instructor's side only (nbgrader's rule): every attempt is re-graded
from the plain keys (:mod:`course_lib.grading`); the ``correct`` flags in a hand-in are
read only to flag files whose claims differ from the re-grade. The report files
(:mod:`course_lib.gradebook`, :mod:`course_lib.report_page`) and the notebook charts
(:mod:`course_lib.class_charts`) are all made from one :class:`ClassResults`.

Example:
    >>> from course_lib.collect import Collection
    >>> from course_lib.grading import Grader
    >>> analyse(Collection(), Grader({}, bank={})).students
    []
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__, exercises
from .collect import Collection, Submission, collect
from .grading import Grade, Grader, default_keys_path, load_keys


@dataclass
class QuestionSummary:
    """What the class answered to one question (final answers, after re-grading)."""

    question: exercises.Question
    gradable: bool
    answered: int = 0
    correct_final: int = 0
    correct_first: int = 0
    finals: Counter[str] = field(default_factory=Counter)  # canonical answer -> students
    answers: dict[str, Any] = field(default_factory=dict)  # canonical -> normalised answer
    right: dict[str, bool] = field(default_factory=dict)  # canonical -> re-graded verdict
    confusions: Counter[tuple[str, str]] = field(
        default_factory=Counter
    )  # (said by, attributed to)
    reflections: list[tuple[str, str]] = field(default_factory=list)  # (student, text)

    @property
    def id(self) -> str:
        return self.question.id

    @property
    def notebook(self) -> str:
        return self.question.notebook

    def top_wrong(self) -> tuple[str, int] | None:
        """The most common wrong final answer and how many gave it (ties: first seen)."""
        wrong = [(text, n) for text, n in self.finals.most_common() if not self.right.get(text)]
        return wrong[0] if wrong and self.gradable else None

    def top_wrong_share(self) -> float:
        top = self.top_wrong()
        return top[1] / self.answered if top and self.answered else 0.0


@dataclass
class StudentSummary:
    """One student's re-graded answers: the first and the last usable attempt per question."""

    student: str
    source: Path
    origin: str
    course_version: str | None
    first: dict[str, Grade] = field(default_factory=dict)
    final: dict[str, Grade] = field(default_factory=dict)
    attempts: int = 0


@dataclass
class ClassResults:
    """Everything the outputs are made from."""

    questions: dict[str, QuestionSummary]
    students: list[StudentSummary]
    problems: list[str]
    flags: list[tuple[str, str]]
    grader: Grader
    keys_label: str = ""

    @property
    def notebooks(self) -> list[str]:
        """Notebooks with questions, in order."""
        return sorted({q.notebook for q in self.questions.values()})

    @property
    def graded_notebooks(self) -> list[str]:
        """Notebooks with at least one question that has a right answer."""
        return sorted({q.notebook for q in self.questions.values() if q.gradable})

    def gradable_ids(self, notebook: str | None = None) -> list[str]:
        return [
            q.id
            for q in self.questions.values()
            if q.gradable and (notebook is None or q.notebook == notebook)
        ]

    def score(self, student: StudentSummary, notebook: str | None = None) -> float:
        """Re-graded fraction correct (final answers) over the notebook's graded questions."""
        ids = self.gradable_ids(notebook)
        if not ids:
            return 0.0
        right = sum(1 for qid in ids if student.final.get(qid) and student.final[qid].correct)
        return right / len(ids)

    def points(self, student: StudentSummary, notebook: str | None = None) -> int:
        ids = self.gradable_ids(notebook)
        return sum(1 for qid in ids if student.final.get(qid) and student.final[qid].correct)

    def notebook_summary(self, notebook: str) -> dict[str, float]:
        """``completion`` (questions answered, class average), ``first_try`` and ``final``
        (share of answered graded questions right at the first and at the last attempt)."""
        ids = [q.id for q in self.questions.values() if q.notebook == notebook]
        graded = set(self.gradable_ids(notebook))
        n = len(self.students)
        done = sum(1 for s in self.students for qid in ids if qid in s.final)
        tried = sum(1 for s in self.students for qid in graded if qid in s.final)
        first = sum(1 for s in self.students for qid in graded if _right(s.first.get(qid)))
        final = sum(1 for s in self.students for qid in graded if _right(s.final.get(qid)))
        return {
            "completion": done / (n * len(ids)) if n and ids else 0.0,
            "first_try": first / tried if tried else 0.0,
            "final": final / tried if tried else 0.0,
            "answered": float(tried),
        }


def _right(grade: Grade | None) -> bool:
    return bool(grade is not None and grade.correct)


def _time_order(attempts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(attempts, key=lambda a: str(a.get("time") or ""))  # stable for equal times


def _regrade(sub: Submission, grader: Grader, results: ClassResults) -> StudentSummary:
    summary = StudentSummary(sub.student, sub.source, sub.origin, sub.course_version)
    unknown: set[str] = set()
    claimed_right = claimed_wrong = 0
    for attempt in _time_order(sub.attempts):
        qid = attempt["question_id"]
        grade = grader.grade(qid, attempt.get("answer"))
        if grader.question(qid) is None:
            unknown.add(qid)
            continue
        if grade.status == "invalid":
            continue
        summary.attempts += 1
        claim = attempt.get("correct")
        if isinstance(claim, bool) and grade.correct is not None and claim != grade.correct:
            claimed_right += claim
            claimed_wrong += not claim
        summary.first.setdefault(qid, grade)
        summary.final[qid] = grade
    if unknown:
        version = f" (course version {sub.course_version})" if sub.course_version else ""
        older = " an older or different course version" if sub.course_version != __version__ else ""
        names = ", ".join(sorted(unknown)[:5]) + (" …" if len(unknown) > 5 else "")
        results.problems.append(
            f"{sub.source}{version}: answers to {len(unknown)} question(s) this course version "
            f"does not have were left out ({names}){';' + older if older else ''}"
        )
    if claimed_right:
        results.flags.append(
            (
                sub.student,
                f"{sub.label()}: {claimed_right} attempt(s) the file marks right are wrong by "
                "your keys (its correct flags were edited?); the gradebook uses the re-grade",
            )
        )
    if claimed_wrong:
        results.flags.append(
            (
                sub.student,
                f"{sub.label()}: {claimed_wrong} attempt(s) the file marks wrong are right by your "
                "keys (did the keys change since?); the gradebook uses the re-grade",
            )
        )
    return summary


def _summarise(results: ClassResults) -> None:
    grader = results.grader
    for student in results.students:
        for qid, final in student.final.items():
            summary = results.questions[qid]
            summary.answered += 1
            q = summary.question
            if q.kind == "reflection":
                summary.reflections.append((student.student, str(final.answer)))
                continue
            summary.finals[final.canonical] += 1
            summary.answers.setdefault(final.canonical, final.answer)
            summary.right[final.canonical] = bool(final.correct)
            summary.correct_final += bool(final.correct)
            summary.correct_first += _right(student.first.get(qid))
            if q.kind == "attribution" and final.correct is False:
                said_by = q.option_text(str(grader.right_answer(qid)))
                summary.confusions[(said_by, q.option_text(str(final.answer)))] += 1


def analyse(collection: Collection, grader: Grader, keys_label: str = "") -> ClassResults:
    """Re-grade every hand-in in ``collection`` and summarise per question and notebook."""
    questions = {qid: QuestionSummary(q, grader.gradable(qid)) for qid, q in grader.bank.items()}
    results = ClassResults(
        questions, [], list(collection.problems), list(collection.flags), grader, keys_label
    )
    missing = [
        qid for qid, q in grader.bank.items() if q.kind != "reflection" and qid not in grader.keys
    ]
    if missing:
        results.problems.append(
            f"{keys_label or 'the keys'}: no key for {len(missing)} question(s) "
            f"({', '.join(missing[:5])}): their answers are listed but not graded"
        )
    results.students = [_regrade(sub, grader, results) for sub in collection.submissions]
    _summarise(results)
    return results


def build(
    paths: Iterable[str | Path], keys: str | Path | None = None, grader: Grader | None = None
) -> ClassResults:
    """Collect and re-grade: the whole report's data, before anything is written."""
    keys_path = Path(keys) if keys is not None else default_keys_path()
    if grader is None:
        grader = Grader(load_keys(keys_path))
    return analyse(collect(paths), grader, str(keys_path))
