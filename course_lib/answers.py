"""Answers as a student types them, turned into option ids, or into a message that says
what to change: letters or option texts in any case and spacing, look-alike letters from a
Cyrillic or Greek keyboard named, blanks told apart from wrong answers, nothing long echoed.

Example:
    >>> from course_lib.exercises import question
    >>> normalise(question("nb04_attr_q03"), "  B ")
    'b'
    >>> is_blank(["", None]), is_blank("0")
    (True, False)
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Any

from .errors import shown

if TYPE_CHECKING:  # types only: the bank imports this module
    from .bank import Option, Question

MAX_ECHO = 60  # characters of a student's answer repeated in a message
MIN_REFLECTION_CHARS = 15  # "." or "idk" is not an answer yet
MIN_REFLECTION_WORDS = 3
MAX_ANSWER_CHARS = 20_000  # about eight pages: longer is a paste by mistake
MAX_OPTION_CHARS = 1_000  # longer than any option's text: not worth comparing

# Letters that look like Latin ones (Cyrillic and Greek), as typed on a non-Latin keyboard.
_LOOKALIKES = dict(
    zip(
        "аеорсхуіјѕԁԛԝАВЕКМНОРСТХІЈЅαοικνρυχΑΒΕΖΗΙΚΜΝΟΡΤΥΧ",
        "aeopcxyijsdqwABEKMHOPCTXIJSaoikvpuxABEZHIKMNOPTYX",
        strict=True,
    )
)


def shorten(value: Any, limit: int = MAX_ECHO) -> str:
    """A student's value for a message: quoted, one line, cut with an ellipsis.

    Example:
        >>> shorten("Baku " * 1000, limit=12)
        '“Baku Baku B…”'
    """
    if not isinstance(value, str):
        return f"“{shown(value, limit)}”"
    text = re.sub(r"\s+", " ", value[: limit * 4]).strip()
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return f"“{text}”"


def _lookalike_note(value: str) -> str:
    """A sentence naming the first non-Latin look-alike letter in ``value`` ("" if none)."""
    for char in value:
        if char in _LOOKALIKES:
            script = unicodedata.name(char, "").split(" ")[0].title()
            return (
                f"The letter “{char}” in your answer is {script}, not the Latin "
                f"“{_LOOKALIKES[char]}”: switch the keyboard to English (Latin) and type it again."
            )
    return ""


def _norm(text: Any) -> str:
    cleaned = unicodedata.normalize("NFKC", str(text))  # full-width "ａ" is "a"
    cleaned = re.sub(r"\s+", " ", cleaned).strip().strip("\"'“”‘’").strip()
    return cleaned.rstrip(".").casefold()


def _resolve(value: Any, options: list[Option]) -> str | None:
    """An option id from an id or option text (case and spacing ignored), else None."""
    if not isinstance(value, str) or len(value) > MAX_OPTION_CHARS:
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


class Unusable(Exception):
    """The answer cannot be checked; the message says what to do."""

    def __init__(self, message: str, how_to: str = ""):
        super().__init__(message)
        self.how_to = how_to


def _not_an_option(value: Any, options: list[Option], what: str) -> Unusable:
    note = _lookalike_note(value) if isinstance(value, str) else ""
    return Unusable(
        note
        or f"{shorten(value)} is not one of the {what}: use {_listing(options)} or copy the text."
    )


def normalise(q: Question, answer: Any) -> Any:
    """Turn a student's answer into option ids, or raise Unusable with a friendly message."""
    example = "Example: " + q.how_to_answer()
    if q.kind == "reflection":
        if not isinstance(answer, str):
            raise Unusable("Write your answer as text in quotes: a few sentences.", example)
        text = answer.strip()
        if len(text) > MAX_ANSWER_CHARS:
            raise Unusable(
                f"Your answer is {len(text):,} characters long; keep it under "
                f"{MAX_ANSWER_CHARS:,} (about eight pages) and check again."
            )
        words = re.findall(r"[^\W\d_]+", text)
        if len(text) < MIN_REFLECTION_CHARS or len(words) < MIN_REFLECTION_WORDS:
            raise Unusable(
                f"{shorten(text)} is a start. Write a sentence or two in your own words "
                f"(at least {MIN_REFLECTION_WORDS} words), then check again to record them."
            )
        return text
    if q.is_choice:
        if not isinstance(answer, str):
            raise Unusable(
                f"Answer with one option letter in quotes ({_listing(q.options)}).", example
            )
        chosen = _resolve(answer, q.options)
        if chosen is None:
            raise _not_an_option(answer, q.options, "options")
        return chosen
    if q.kind == "ordering":
        return _normalise_order(q, answer, example)
    return _normalise_matches(q, answer, example)


def _normalise_order(q: Question, answer: Any, example: str) -> list[str]:
    items = re.split(r"[,;>\s]+", answer.strip()) if isinstance(answer, str) else answer
    if not isinstance(items, list | tuple) or not all(
        isinstance(i, str) or i is None for i in items
    ):
        raise Unusable("Give the order as a list of option letters, earliest first.", example)
    if isinstance(answer, list | tuple) and len(items) == len(q.options):
        # the widget's form: one entry per place, "" where nothing is chosen yet
        empty = [_ORDINALS[n] for n, i in enumerate(items) if not (i or "").strip()]
        if empty:
            raise Unusable(f"Choose an event for every place; still empty: {', '.join(empty)}.")
    chosen = [i for i in items if i and i.strip()]
    resolved = []
    for item in chosen:
        option = _resolve(item, q.options)
        if option is None:
            raise _not_an_option(item, q.options, "events")
        resolved.append(option)
    twice = [o for o in dict.fromkeys(resolved) if resolved.count(o) > 1]
    if twice:
        raise Unusable(
            f"“{q.option_text(twice[0])}” is used more than once: use every event exactly once."
        )
    if len(resolved) != len(q.options):
        missing = [o.text for o in q.options if o.id not in resolved]
        raise Unusable(
            "Use every event exactly once, earliest first; missing: "
            + "; ".join(f"“{m}”" for m in missing)
            + ".",
            example,
        )
    return resolved


def _normalise_matches(q: Question, answer: Any, example: str) -> dict[str, str]:
    if not isinstance(answer, dict):
        raise Unusable("Give your matches as a dictionary: item letter to option letter.", example)
    pairs: dict[str, str] = {}
    for key, value in answer.items():
        item = _resolve(key, q.items)
        if item is None:
            raise _not_an_option(key, q.items, "items to match")
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        choice = _resolve(value, q.options)
        if choice is None:
            raise _not_an_option(value, q.options, "options")
        pairs[item] = choice
    missing = [i.text for i in q.items if i.id not in pairs]
    if missing:
        raise Unusable(
            "Match every item before checking; still open: "
            + "; ".join(f"“{m}”" for m in missing)
            + "."
        )
    return pairs


_ORDINALS = ("1st", "2nd", "3rd") + tuple(f"{n}th" for n in range(4, 21))


def is_blank(answer: Any) -> bool:
    if answer is None:
        return True
    if isinstance(answer, str):
        return not answer.strip()
    if isinstance(answer, list | tuple):
        return all(is_blank(a) for a in answer)
    if isinstance(answer, dict | set):
        return len(answer) == 0
    return False
