"""Exercises: questions, checking, hints and scores, as plain data (no widgets, no HTML).

Question banks live in ``data/exercises/*.yaml`` (one file per notebook). Answer keys are not
readable there: each question carries a random salt and ``sha256(salt + canonical answer)``;
per-option feedback, the explanation and model answers are sealed (XOR with a SHA-256 key
stream, base64) so that reading the file does not show which option is right. This keeps
answers out of sight, not secret: anyone can try every option with :func:`check`.

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

import base64
import contextlib
import difflib
import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from . import answers, data, progress
from .errors import CourseError, DataError

CHOICE_KINDS = (
    "attribution",
    "role",
    "stance",
    "fact_or_opinion",
    "source_criticism",
    "classify",
)
KINDS = CHOICE_KINDS + ("ordering", "matching", "reflection")
BANK_FOLDER = "exercises"
MAX_HINTS = 2

# --------------------------------------------------------------------------- sealing


def digest(salt: str, canonical: str) -> str:
    """``sha256(salt + canonical)`` as hex: how answer keys are stored."""
    return hashlib.sha256((salt + canonical).encode("utf-8")).hexdigest()


def _stream(salt: str, label: str, length: int) -> bytes:
    out = bytearray()
    block = 0
    while len(out) < length:
        out += hashlib.sha256(f"{salt}|{label}|{block}".encode()).digest()
        block += 1
    return bytes(out[:length])


def seal(salt: str, label: str, text: str) -> str:
    """Obfuscate ``text`` with a key stream from ``salt`` and ``label`` (e.g. an option id)."""
    raw = text.encode("utf-8")
    mixed = bytes(a ^ b for a, b in zip(raw, _stream(salt, label, len(raw)), strict=True))
    return base64.b64encode(mixed).decode("ascii")


def unseal(salt: str, label: str, blob: str) -> str:
    """Reverse :func:`seal`."""
    raw = base64.b64decode(blob.encode("ascii"))
    return bytes(a ^ b for a, b in zip(raw, _stream(salt, label, len(raw)), strict=True)).decode(
        "utf-8"
    )


def canonical(kind: str, answer: Any) -> str:
    """The canonical text of a *normalised* answer (option ids), as hashed in the banks.

    Example:
        >>> canonical("attribution", "B"), canonical("ordering", ["c", "a"])
        ('b', 'c>a')
        >>> canonical("matching", {"q2": "x", "q1": "y"})
        'q1=y;q2=x'
    """
    if kind == "ordering":
        return ">".join(str(a).strip().lower() for a in answer)
    if kind == "matching":
        pairs = sorted((str(k).strip().lower(), str(v).strip().lower()) for k, v in answer.items())
        return ";".join(f"{k}={v}" for k, v in pairs)
    return str(answer).strip().lower()


def pair_label(item: str, choice: str) -> str:
    """What is hashed for one matching pair."""
    return f"{item}={choice}"


def position_label(item: str, position: int) -> str:
    """What is hashed for one item at one place in an ordering (1-based)."""
    return f"{item}@{position}"


# --------------------------------------------------------------------------- questions


@dataclass(frozen=True)
class Option:
    """One choice: a short id (``a``, ``b`` …) and its text."""

    id: str
    text: str


@dataclass
class Question:
    """One exercise. ``options`` are the choices (for ordering: the events to put in order;
    for matching: the answers offered in each dropdown, with ``items`` the things to match).

    Example:
        >>> q = question("nb04_attr_q03")
        >>> q.kind, q.is_choice, q.checkable
        ('attribution', True, True)
    """

    id: str
    notebook: str
    kind: str
    prompt: str
    options: list[Option] = field(default_factory=list)
    items: list[Option] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)
    quote_id: str | None = None
    title: str = ""
    source_ids: list[str] = field(default_factory=list)
    exam: bool = False  # published for an exam: no key material, marked by the instructor
    _seal: dict[str, Any] = field(default_factory=dict, repr=False)

    def all_source_ids(self) -> list[str]:
        """The question's own sources plus its quote's (for the notebook's source list)."""
        ids = list(self.source_ids)
        if self.quote_id:
            with contextlib.suppress(KeyError, CourseError):
                ids += list(data.quotes().loc[self.quote_id, "source_ids"])
        return list(dict.fromkeys(ids))

    @property
    def is_choice(self) -> bool:
        return self.kind in CHOICE_KINDS

    @property
    def checkable(self) -> bool:
        """True when the bank holds a key, so an answer is right or wrong (not a reflection)."""
        return self.kind != "reflection" and isinstance(self._seal.get("key"), str)

    def option_text(self, option_id: str) -> str:
        return next((o.text for o in self.options + self.items if o.id == option_id), option_id)

    def quote_text(self) -> str:
        """The text of the quote the question is about ("" when it has none)."""
        return _quote_text(self.quote_id) if self.quote_id else ""

    def how_to_answer(self) -> str:
        """The ``cl.check`` call that answers this question, with a made-up example."""
        if self.is_choice:
            return f'cl.check("{self.id}", "{self.options[0].id}")  # the letter of your choice'
        if self.kind == "ordering":
            ids = ", ".join(f'"{o.id}"' for o in self.options)
            return f'cl.check("{self.id}", [{ids}])  # earliest first'
        if self.kind == "matching":
            pairs = ", ".join(f'"{i.id}": "?"' for i in self.items)
            return f'cl.check("{self.id}", {{{pairs}}})  # put an option letter for each "?"'
        return f'cl.check("{self.id}", "your answer in a few sentences")'


def _quote_text(quote_id: str) -> str:
    try:
        table = data.quotes()
    except CourseError:  # a question still shows without its quote
        return ""
    return str(table.loc[quote_id, "text"]) if quote_id in table.index else ""


def _options(raw: Any, where: str) -> list[Option]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise DataError(where, "'options'/'items' must be a list of {id, text}")
    out = []
    for entry in raw:
        if not isinstance(entry, dict) or "id" not in entry or "text" not in entry:
            raise DataError(where, "every option needs an id and a text")
        out.append(Option(str(entry["id"]).strip().lower(), str(entry["text"])))
    ids = [o.id for o in out]
    if len(set(ids)) != len(ids):
        raise DataError(where, f"duplicate option ids: {ids}")
    return out


def _parse_question(entry: Any, file: str) -> Question:
    if not isinstance(entry, dict) or "id" not in entry:
        raise DataError(file, "every question needs an id")
    qid = str(entry["id"])
    where = f"{file} (question {qid})"
    kind = entry.get("kind")
    if kind not in KINDS:
        raise DataError(where, f"kind {kind!r} is not one of: {', '.join(KINDS)}")
    exam = entry.get("exam") is True
    sealed = {} if exam else entry.get("seal")  # an exam question is never graded here
    if not exam and (not isinstance(sealed, dict) or not isinstance(sealed.get("salt"), str)):
        raise DataError(where, "the question has no 'seal' with a salt")
    if not exam and kind != "reflection" and not isinstance(sealed.get("key"), str):
        raise DataError(where, "the question has no answer key hash")
    question = Question(
        id=qid,
        notebook=str(entry.get("notebook", "")).zfill(2),
        kind=kind,
        prompt=str(entry.get("prompt", "")),
        options=_options(entry.get("options"), where),
        items=_options(entry.get("items"), where),
        hints=[str(h) for h in (entry.get("hints") or [])][:MAX_HINTS],
        quote_id=entry.get("quote_id") or None,
        title=str(entry.get("title", "")),
        source_ids=[str(x) for x in (entry.get("source_ids") or [])],
        exam=exam,
        _seal=sealed,
    )
    if question.is_choice and len(question.options) < 2:
        raise DataError(where, "a choice question needs at least two options")
    if kind == "matching" and not question.items:
        raise DataError(where, "a matching question needs items")
    return question


class _NoAliasLoader(yaml.SafeLoader):
    """Safe YAML without anchors' aliases: banks never need them, and a few nested aliases
    (a "billion laughs" file) expand to gigabytes."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.YAMLError(
                f"aliases (*name) are not allowed in a bank (line {mark.line + 1})"
            )
        return super().compose_node(parent, index)


def _read_bank(path: Path, known_ids: set[str]) -> list[Question]:
    """Every question of one bank file, or a DataError naming the file and the problem."""
    name = f"{BANK_FOLDER}/{path.name}"
    text = data.read_text(BANK_FOLDER, path.name, folder=path.parent.parent)
    loader = _NoAliasLoader(text)
    try:
        content = loader.get_single_data()
    except yaml.YAMLError as exc:
        raise DataError(name, f"the YAML is malformed ({exc})") from None
    except RecursionError:
        raise DataError(name, "the YAML is nested too deeply") from None
    finally:
        loader.dispose()
    entries = content.get("questions") if isinstance(content, dict) else None
    if not isinstance(entries, list):
        raise DataError(name, "expected a mapping with a 'questions' list")
    questions_read: list[Question] = []
    ids = set(known_ids)
    for entry in entries:
        q = _parse_question(entry, name)
        if q.id in ids:
            raise DataError(name, f"duplicate question id {q.id!r}")
        ids.add(q.id)
        questions_read.append(q)
    _check_quotes(name, questions_read)
    return questions_read


def _check_quotes(name: str, qs: list[Question]) -> None:
    """A question's quote must exist (skipped when the tables themselves do not load: that
    problem is reported on its own)."""
    try:
        known = set(data.quotes().index)
    except CourseError:
        return
    for q in qs:
        if q.quote_id and q.quote_id not in known:
            raise DataError(
                f"{name} (question {q.id})", f"quote_id {q.quote_id!r} is not in quotes.csv"
            )


@dataclass
class Banks:
    """The questions of every bank that loaded, and one DataError per bank that did not."""

    questions: dict[str, Question]
    problems: dict[str, DataError]  # bank file name -> what is wrong with it

    def problem_for(self, notebook: str) -> DataError | None:
        """The problem of the bank that holds a notebook's questions (``04_voices.yaml``)."""
        return next((e for f, e in self.problems.items() if f.startswith(f"{notebook}_")), None)


def load_banks(folder: Path) -> Banks:
    """Read every ``*.yaml`` bank in a folder on its own: one bad bank disables only itself.

    Example:
        >>> banks = load_banks(data.data_dir() / BANK_FOLDER)
        >>> banks.problems, len(banks.questions) > 40
        ({}, True)
    """
    found: dict[str, Question] = {}
    problems: dict[str, DataError] = {}
    for path in sorted(Path(folder).glob("*.yaml")):
        try:
            qs = _read_bank(path, set(found))
        except DataError as exc:
            problems[path.name] = exc
            continue
        found.update((q.id, q) for q in qs)
    return Banks(found, problems)


def load_bank(folder: Path) -> dict[str, Question]:
    """Every question in a folder's banks; raises the first bank's problem (for tools)."""
    banks = load_banks(folder)
    if banks.problems:
        raise next(iter(banks.problems.values()))
    return banks.questions


@lru_cache(maxsize=4)
def _banks_for(folder: str) -> Banks:
    return load_banks(Path(folder))


def banks() -> Banks:
    """The banks of the current data folder (cached; :func:`reload` forgets them)."""
    return _banks_for(str(data.data_dir() / BANK_FOLDER))


def _bank() -> dict[str, Question]:
    return banks().questions


def _notebook_id(notebook: Any) -> str:
    """``"04"`` from 4, "4" or " 04 "; a CourseError for anything else."""
    text = str(notebook).strip() if isinstance(notebook, str | int) else ""
    if isinstance(notebook, bool) or not re.fullmatch(r"\d{1,2}", text):
        raise CourseError(
            f'{answers.shorten(notebook)} is not a notebook number: use two digits, e.g. "04".'
        )
    return text.zfill(2)


def questions(notebook: str | int | None = None) -> list[Question]:
    """All questions, or those of one notebook, in bank order.

    Example:
        >>> len(questions("04")) >= 25, questions(4) == questions("04")
        (True, True)
    """
    bank = list(_bank().values())
    if notebook is None:
        return bank
    wanted = _notebook_id(notebook)
    problem = banks().problem_for(wanted)
    if problem is not None:
        raise problem
    return [q for q in bank if q.notebook == wanted]


def question(question_id: str) -> Question:
    """One question by id (a friendly :class:`CourseError` if there is none)."""
    bank = _bank()
    key = question_id.strip() if isinstance(question_id, str) else None
    if key in bank:
        return bank[key]
    raise _unknown(question_id, bank)


def _unknown(question_id: Any, bank: dict[str, Question]) -> CourseError:
    """Why a question id is not found: a broken bank (DataError) or a typo (with a tip)."""
    text = question_id.strip() if isinstance(question_id, str) else ""
    number = re.match(r"nb(\d\d)_", text)
    problem = banks().problem_for(number.group(1)) if number else None
    if problem is not None:
        return problem
    close = difflib.get_close_matches(text, list(bank), n=1) if 0 < len(text) < 80 else []
    tip = f' Did you mean "{close[0]}"?' if close else ""
    return CourseError(
        f"There is no exercise called {answers.shorten(question_id)}.{tip} "
        "Copy the id shown above the question."
    )


# --------------------------------------------------------------------------- results

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
    from . import progress

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
    from . import progress

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
    from . import progress

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


def reload() -> None:
    """Forget the cached banks (after editing them in a running kernel)."""
    _banks_for.cache_clear()
