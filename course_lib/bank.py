"""The question banks: what a question is, and reading ``data/exercises/*.yaml`` safely.

One YAML file per notebook. Each bank loads on its own, so one broken file disables only its
own notebook's questions (:class:`Banks` holds the questions and one ``DataError`` per bad
file). Keys and sealed texts stay as they are (see :mod:`course_lib.sealing`); checking an
answer is :mod:`course_lib.exercises`' business.

Example:
    >>> q = question("nb04_attr_q03")
    >>> q.kind, len(q.options), q.quote_text() != ""
    ('attribution', 4, True)
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from . import answers, data
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


@data.per_folder
def _quotes_by_id() -> dict[str, tuple[str, tuple[str, ...]]]:
    """Quote id -> (text, source ids), read once per data folder: every question header,
    static form and source list asks for these, and ``data.quotes()`` copies the table."""
    table = data.quotes()
    return {str(qid): (str(row["text"]), tuple(row["source_ids"])) for qid, row in table.iterrows()}


def _quote(quote_id: str) -> tuple[str, tuple[str, ...]]:
    try:
        return _quotes_by_id().get(quote_id, ("", ()))
    except CourseError:  # a question still shows without its quote
        return "", ()


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
            ids += list(_quote(self.quote_id)[1])
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
        return _quote(self.quote_id)[0] if self.quote_id else ""

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


def notebook_id(notebook: Any) -> str:
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
    wanted = notebook_id(notebook)
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


def reload() -> None:
    """Forget the cached banks (after editing them in a running kernel)."""
    _banks_for.cache_clear()
