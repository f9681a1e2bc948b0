"""Answer keys as the banks store them: hashed keys and sealed texts (no widgets, no data).

A bank never holds a plain answer: each question carries a random salt and
``sha256(salt + canonical answer)``; per-option feedback, the explanation and model answers
are sealed (XOR with a SHA-256 key stream, base64). This keeps answers out of sight, not
secret: anyone can try every option with ``cl.check``. ``tools/exercise_keys.py`` writes
banks with these functions; :mod:`course_lib.exercises` reads them.

Example:
    >>> blob = seal("0f1e", "b", "Yes: the Declaration.")
    >>> unseal("0f1e", "b", blob)
    'Yes: the Declaration.'
    >>> digest("0f1e", canonical("stance", " B ")) == digest("0f1e", "b")
    True
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any


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
