"""Exercises: questions, checking, hints and feedback. Pure Python: no widgets, no plotting.

Question banks live in ``data/exercises/*.yaml`` (one file per notebook). Answer keys are not
readable there: each question carries a random salt and ``sha256(salt + canonical answer)``;
per-option feedback, the explanation and model answers are sealed (XOR with a SHA-256 key
stream, base64) so that reading the file does not show which option is right. This keeps
answers out of sight, not secret: anyone can try every option with :func:`check`.

:func:`check` never raises on a student's answer; a blank, a wrong type or an unknown
question gives a friendly message and ``correct=None``. Every real attempt is saved at once
(:mod:`course_lib.progress`).

Example:
    >>> import course_lib as cl
    >>> cl.check("nb04_attr_q03", "b")  # doctest: +SKIP
    ✅ Correct. ...
"""

from __future__ import annotations

import base64
import contextlib
import difflib
import hashlib
import html
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from . import data, progress
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

    def option_text(self, option_id: str) -> str:
        return next((o.text for o in self.options + self.items if o.id == option_id), option_id)

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

    def text(self) -> str:
        """The question as plain text (used by the static fallback)."""
        lines = [f"[{self.id}] {self.prompt}"]
        if self.quote_id:
            quote_text = _quote_text(self.quote_id)
            if quote_text:
                lines.append(f"    “{quote_text}”")
        if self.kind == "matching":
            lines.append("Match each of these:")
            lines += [f"  {i.id}) {i.text}" for i in self.items]
            lines.append("to one of these:")
        elif self.kind == "ordering":
            lines.append("Put these in order, earliest first:")
        lines += [f"  {o.id}) {o.text}" for o in self.options]
        lines.append("Answer with: " + self.how_to_answer())
        return "\n".join(lines)

    def header_html(self) -> str:
        """The prompt and its quote, without the options (a widget shows those as buttons)."""
        parts = [f"<p><b>{html.escape(self.prompt)}</b> <code>{self.id}</code></p>"]
        if self.quote_id:
            quote_text = _quote_text(self.quote_id)
            if quote_text:
                parts.append(f"<blockquote>“{html.escape(quote_text)}”</blockquote>")
        return "".join(parts)

    def _repr_html_(self) -> str:
        parts = [self.header_html()]
        if self.items:
            parts.append(
                "<p>Match each of these:</p><ul>"
                + "".join(f"<li><b>{o.id})</b> {html.escape(o.text)}</li>" for o in self.items)
                + "</ul><p>to one of these:</p>"
            )
        if self.options:
            parts.append(
                "<ul>"
                + "".join(f"<li><b>{o.id})</b> {html.escape(o.text)}</li>" for o in self.options)
                + "</ul>"
            )
        parts.append(f"<p>Answer with <code>{html.escape(self.how_to_answer())}</code></p>")
        return "".join(parts)

    def __repr__(self) -> str:
        return self.text()


def _quote_text(quote_id: str) -> str:
    try:
        table = data.quotes()
    except Exception:  # noqa: BLE001 - a question still shows without its quote
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


def load_bank(folder: Path) -> dict[str, Question]:
    """Read and check every ``*.yaml`` bank in a folder (safe YAML only; nothing evaluated)."""
    bank: dict[str, Question] = {}
    for path in sorted(folder.glob("*.yaml")):
        name = f"{BANK_FOLDER}/{path.name}"
        try:
            content = yaml.safe_load(data.read_text(BANK_FOLDER, path.name, folder=folder.parent))
        except yaml.YAMLError as exc:
            raise DataError(name, f"the YAML is malformed ({exc})") from None
        entries = content.get("questions") if isinstance(content, dict) else None
        if not isinstance(entries, list):
            raise DataError(name, "expected a mapping with a 'questions' list")
        for entry in entries:
            question = _parse_question(entry, name)
            if question.id in bank:
                raise DataError(name, f"duplicate question id {question.id!r}")
            bank[question.id] = question
    return bank


@lru_cache(maxsize=4)
def _bank_for(folder: str) -> dict[str, Question]:
    return load_bank(Path(folder))


def _bank() -> dict[str, Question]:
    return _bank_for(str(data.data_dir() / BANK_FOLDER))


def _notebook_id(notebook: Any) -> str:
    return str(notebook).strip().zfill(2)


def questions(notebook: str | int | None = None) -> list[Question]:
    """All questions, or those of one notebook, in bank order.

    Example:
        >>> import course_lib as cl
        >>> len(cl.questions("04")) >= 25  # doctest: +SKIP
        True
    """
    bank = list(_bank().values())
    if notebook is None:
        return bank
    wanted = _notebook_id(notebook)
    return [q for q in bank if q.notebook == wanted]


def question(question_id: str) -> Question:
    """One question by id (a friendly :class:`CourseError` if there is none)."""
    bank = _bank()
    if question_id in bank:
        return bank[question_id]
    raise CourseError(_unknown_message(question_id, bank))


def _unknown_message(question_id: Any, bank: dict[str, Question]) -> str:
    close = difflib.get_close_matches(str(question_id), list(bank), n=1)
    tip = f' Did you mean "{close[0]}"?' if close else ""
    return (
        f"There is no exercise called {question_id!r}.{tip} Copy the id shown above the question."
    )


# --------------------------------------------------------------------------- results


@dataclass
class CheckResult:
    """The outcome of one check: ``correct`` is True, False, or None (nothing to check).

    Shows itself as a coloured box in a notebook (with an icon, never colour alone) and as
    plain text elsewhere.
    """

    question_id: str
    correct: bool | None
    feedback: str
    attempts: int = 0
    status: str = "unattempted"  # correct, incorrect, recorded, unattempted, invalid, unknown
    saved: bool | None = None
    storage: str = ""

    ICONS = {"correct": "✅", "recorded": "📝", "incorrect": "❌"}

    @property
    def icon(self) -> str:
        return self.ICONS.get(self.status, "ℹ️")

    def text(self) -> str:
        lines = [f"{self.icon} {self.feedback}"]
        if self.attempts:
            lines.append(f"(attempts so far: {self.attempts})")
        if self.saved is False:
            lines.append(f"⚠️ Not saved: {self.storage}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.text()

    def _repr_html_(self) -> str:
        colours = {
            "correct": "#E6F4EA",
            "recorded": "#E8F0FE",
            "incorrect": "#FDECEA",
        }
        background = colours.get(self.status, "#F1F3F4")
        body = "<br>".join(html.escape(line) for line in self.feedback.split("\n"))
        extra = f"<br><small>attempts so far: {self.attempts}</small>" if self.attempts else ""
        if self.saved is False:
            extra += f"<br><small>⚠️ Not saved: {html.escape(self.storage)}</small>"
        return (
            f'<div style="background:{background};color:#000;padding:0.6em 0.8em;'
            f'border-left:4px solid #555;border-radius:4px" role="status">'
            f"{self.icon} {body}{extra}</div>"
        )


class Message(str):
    """A string that prints without quotes in a notebook (hints, notices)."""

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(str(self))}</p>"


@dataclass
class Score:
    """How many questions have been answered, and answered correctly, out of the total."""

    answered: int
    correct: int
    total: int
    notebook: str | None = None
    to_mark: int = 0  # exam answers recorded for the instructor (not in the three counts)

    @property
    def fraction(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def __repr__(self) -> str:
        where = f" in notebook {self.notebook}" if self.notebook else ""
        exam = f"{self.to_mark} exam answer(s) recorded, to be marked by your instructor"
        if self.to_mark and not self.total:
            return f"Score{where}: {exam}"
        text = f"Score{where}: {self.correct} of {self.total} correct ({self.answered} answered)"
        return f"{text}; {exam}" if self.to_mark else text

    def _repr_html_(self) -> str:
        pct = round(100 * self.fraction)
        answered_pct = round(100 * self.answered / self.total) if self.total else 0
        label = html.escape(repr(self))
        return (
            f"<div role='img' aria-label='{label}'><b>{label}</b>"
            "<div style='position:relative;background:#E8E8E8;height:1.1em;width:100%;"
            "max-width:30em;border:1px solid #555'>"
            f"<div style='position:absolute;left:0;top:0;height:100%;width:{answered_pct}%;"
            "background:#9ecae1'></div>"
            f"<div style='position:absolute;left:0;top:0;height:100%;width:{pct}%;"
            "background:#0072B2'></div></div>"
            "<small>dark: correct · light: answered</small></div>"
        )


# --------------------------------------------------------------------------- answers


def _norm(text: Any) -> str:
    cleaned = re.sub(r"\s+", " ", str(text)).strip().strip("\"'“”‘’").strip()
    return cleaned.rstrip(".").casefold()


def _resolve(value: Any, options: list[Option]) -> str | None:
    """An option id from an id or option text (case and spacing ignored), else None."""
    if not isinstance(value, str):
        return None
    wanted = _norm(value)
    wanted_id = wanted.rstrip(")")
    for option in options:
        if wanted_id == option.id:
            return option.id
    for option in options:
        if wanted == _norm(option.text):
            return option.id
    return None


def _listing(options: list[Option]) -> str:
    return ", ".join(f'"{o.id}"' for o in options)


class _Unusable(Exception):
    """The answer cannot be checked; the message says what to do."""


def _normalise(q: Question, answer: Any) -> Any:
    """Turn a student's answer into option ids, or raise _Unusable with a friendly message."""
    if q.kind == "reflection":
        if not isinstance(answer, str):
            raise _Unusable("Write your answer as text in quotes, e.g. a few sentences.")
        return answer.strip()
    if q.is_choice:
        if not isinstance(answer, str):
            raise _Unusable(
                f"Answer with one option letter in quotes ({_listing(q.options)}), "
                f"for example {q.how_to_answer()}"
            )
        chosen = _resolve(answer, q.options)
        if chosen is None:
            raise _Unusable(
                f"{answer.strip()!r} is not one of the options. Use one of {_listing(q.options)} "
                "or copy an option's text."
            )
        return chosen
    if q.kind == "ordering":
        items = re.split(r"[,;>\s]+", answer.strip()) if isinstance(answer, str) else answer
        if not isinstance(items, list | tuple) or not all(isinstance(i, str) for i in items):
            raise _Unusable(
                "Give the order as a list of option letters, earliest first, e.g. "
                + q.how_to_answer()
            )
        resolved = [_resolve(i, q.options) for i in items if i.strip()]
        unknown = [i for i, r in zip(items, resolved, strict=False) if r is None]
        if unknown:
            raise _Unusable(f"{unknown[0]!r} is not one of the events {_listing(q.options)}.")
        if sorted(resolved) != sorted(o.id for o in q.options):
            raise _Unusable(
                f"Use every event exactly once ({_listing(q.options)}), earliest first."
            )
        return resolved
    # matching
    if not isinstance(answer, dict):
        raise _Unusable("Give your matches as a dictionary, e.g. " + q.how_to_answer())
    pairs: dict[str, str] = {}
    for key, value in answer.items():
        item = _resolve(key, q.items)
        if item is None:
            raise _Unusable(f"{key!r} is not one of the items to match ({_listing(q.items)}).")
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        choice = _resolve(value, q.options)
        if choice is None:
            raise _Unusable(f"{value!r} is not one of the options ({_listing(q.options)}).")
        pairs[item] = choice
    missing = [i.id for i in q.items if i.id not in pairs]
    if missing:
        raise _Unusable("Match every item before checking; still open: " + ", ".join(missing) + ".")
    return pairs


def _blank(answer: Any) -> bool:
    if answer is None:
        return True
    if isinstance(answer, str):
        return not answer.strip()
    if isinstance(answer, list | tuple | dict | set):
        return len(answer) == 0
    return False


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
        if not answer:
            return None, "unattempted", "Write a few sentences first; then check to record them."
        model = _open(q, "model_answer", "model_answer")
        text = "Recorded. Thank you: there is no single right answer here."
        if model:
            text += "\nCompare with one possible answer: " + model
        return True, "recorded", text
    right = digest(salt, canonical(q.kind, answer)) == q._seal["key"]
    explanation = _open(q, "explanation", "explanation") if right else ""
    if q.is_choice:
        note = _open(q, answer)
        if right:
            return True, "correct", _join("Correct.", note, explanation)
        return False, "incorrect", _join("Not quite.", note, _try_again(q))
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
        return False, "incorrect", _join(head, "\n".join(notes), _try_again(q))
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
    return False, "incorrect", _join(head, "\n".join(notes), _try_again(q))


def _join(*parts: str) -> str:
    return "\n".join(p for p in parts if p)


def _try_again(q: Question) -> str:
    return f'Try again, or ask for a hint: cl.hint("{q.id}").'


# --------------------------------------------------------------------------- public checks


def check(question_id: str, answer: Any, *, record: bool = True) -> CheckResult:
    """Check an answer, save the attempt, and return feedback (never raises on an answer).

    ``answer`` is an option letter or the option's text (single choice), a list of letters
    earliest first (ordering), a dict item -> letter (matching), or text (reflection).

    Example:
        >>> import course_lib as cl
        >>> cl.check("nb04_attr_q03", "")  # doctest: +SKIP
        ℹ️ No answer yet: ...
    """
    try:
        return _check(question_id, answer, record)
    except CourseError as exc:
        return CheckResult(str(question_id), None, exc.friendly(), status="unknown")
    except Exception as exc:  # noqa: BLE001 - a student's answer must never produce a traceback
        return CheckResult(
            str(question_id),
            None,
            f"Something went wrong while checking ({type(exc).__name__}). Your answer was not "
            "recorded; please tell your instructor.",
            status="invalid",
        )


def _counts(attempt: dict[str, Any]) -> bool:
    """A real attempt: graded, or recorded for the instructor to mark (exam questions)."""
    return attempt.get("correct") is not None or attempt.get("status") == "recorded"


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


def _check(question_id: Any, answer: Any, record: bool) -> CheckResult:
    bank = _bank()
    if not isinstance(question_id, str) or question_id.strip() not in bank:
        message = _unknown_message(question_id, bank)
        return CheckResult(str(question_id), None, message, status="unknown")
    q = bank[question_id.strip()]
    from . import progress

    current = progress.store()
    previous = len([a for a in current.attempts(q.id) if _counts(a)])
    if _blank(answer):
        return CheckResult(
            q.id,
            None,
            "No answer yet: choose or write one, then check. Example: " + q.how_to_answer(),
            attempts=previous,
            status="unattempted",
        )
    try:
        normalised = _normalise(q, answer)
    except _Unusable as problem:
        return CheckResult(q.id, None, str(problem), attempts=previous, status="invalid")
    if q.exam:
        return _record_exam(q, normalised, current, previous, record)
    correct, status, feedback = _grade(q, normalised)
    if correct is None:
        return CheckResult(q.id, None, feedback, attempts=previous, status=status)
    if not record:
        return CheckResult(q.id, correct, feedback, attempts=previous, status=status)
    saved = current.record(
        {"question_id": q.id, "notebook": q.notebook, "answer": normalised, "correct": correct}
    )
    return CheckResult(
        q.id,
        correct,
        feedback,
        attempts=previous + 1,
        status=status,
        saved=saved,
        storage="" if saved else (current.last_error or ""),
    )


def previous_result(question_id: str) -> tuple[Any, CheckResult] | None:
    """The last saved answer to a question and its feedback (nothing is recorded), or None."""
    from . import progress

    attempts = [a for a in progress.store().attempts(question_id) if _counts(a)]
    if not attempts:
        return None
    answer = attempts[-1].get("answer")
    result = check(question_id, answer, record=False)
    result.attempts = len(attempts)
    return answer, result


_HINTS_SHOWN: dict[str, int] = {}


def hint(question_id: str) -> Message:
    """The next hint for a question (up to two), then a note that there are no more.

    Example:
        >>> import course_lib as cl
        >>> cl.hint("nb04_attr_q03")  # doctest: +SKIP
        Hint 1 of 2: ...
    """
    try:
        bank = _bank()
    except CourseError as exc:
        return Message(exc.friendly())
    if not isinstance(question_id, str) or question_id.strip() not in bank:
        return Message(_unknown_message(question_id, bank))
    q = bank[question_id.strip()]
    shown = _HINTS_SHOWN.get(q.id, 0)
    if not q.hints:
        return Message("This question has no hints: go with your best reading of the evidence.")
    if shown >= len(q.hints):
        return Message(
            f"No more hints ({len(q.hints)} shown). Re-read the quote and the speaker's role, "
            "then try an answer: the feedback explains each option."
        )
    _HINTS_SHOWN[q.id] = shown + 1
    return Message(f"Hint {shown + 1} of {len(q.hints)}: {q.hints[shown]}")


def forget_hints() -> None:
    """Start hints from the first one again (used by ``reset_progress``)."""
    _HINTS_SHOWN.clear()


progress.on_reset(forget_hints)  # progress calls back after a reset; it never imports exercises


def score(notebook: str | int | None = None) -> Score:
    """How many questions you have answered and got right (all notebooks, or one).

    Example:
        >>> import course_lib as cl
        >>> cl.score("04")  # doctest: +SKIP
        Score in notebook 04: 7 of 27 correct (9 answered)
    """
    from . import progress

    try:
        pool = questions(notebook)
    except CourseError:
        pool = []
    ids = {q.id for q in pool}
    answered: set[str] = set()
    right: set[str] = set()
    for attempt in progress.store().attempts():
        qid = attempt.get("question_id")
        if qid in ids and _counts(attempt):
            answered.add(qid)
            if attempt.get("correct"):
                right.add(qid)
    where = _notebook_id(notebook) if notebook is not None else None
    exam = {q.id for q in pool if q.exam}  # never right or wrong here: counted apart
    return Score(
        len(answered - exam), len(right - exam), len(ids - exam), where, len(answered & exam)
    )


def reload() -> None:
    """Forget the cached banks (after editing them in a running kernel)."""
    _bank_for.cache_clear()
