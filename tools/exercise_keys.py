"""Maintainers' tool: turn an authoring file with plain answers into a sealed question bank.

Authoring files hold the answers in plain text, so they are never shipped or committed next
to the questions: keep them outside the repository (or regenerate one with ``unseal``).

    # seal: authoring YAML -> data/exercises/<file>, and record the keys for the tests
    python tools/exercise_keys.py seal ~/course-private/04_voices.yaml \\
        --answers tests/exercise_answers.json

    # unseal: a shipped bank + the test keys -> an authoring YAML to edit (write it outside!)
    python tools/exercise_keys.py unseal data/exercises/04_voices.yaml \\
        --answers tests/exercise_answers.json --out ~/course-private/04_voices.yaml

Authoring format (YAML)::

    file: 04_voices.yaml            # name of the bank inside data/exercises/
    notebook: "04"
    questions:
      - id: nb04_attr_q03
        kind: attribution           # see course_lib.exercises.KINDS
        title: Who called it a shame?
        prompt: Who said this?
        quote_id: q03               # optional; must exist in quotes.csv
        source_ids: [iwpr_2022_03_18]  # optional; sources behind the feedback (sources.csv)
        options: {a: Altay Goyushov, b: Thomas de Waal, c: Ilgar Mammadov}
        answer: a                   # ordering: a list; matching: {item: option}
        feedback: {a: why a is right, b: why b is wrong, c: why c is wrong}
        hints: [first hint, second hint]
        explanation: shown after a correct answer
      # ordering: options (events), answer [ids earliest first], notes {id: shown if misplaced}
      # matching: items {id: text}, options {id: text}, answer {item: option}, notes {item: ...}
      # reflection: model_answer (shown after any attempt); no answer

Choice options are shuffled and re-lettered (a, b, c …) deterministically per question so
that the right answer is not always the same letter. Matching options are shuffled and
re-lettered so that no item's own option sits at the item's position (answering a, b, c …
down the list gets no match right), and ordering options are listed so that no event is in
its own place. ``shuffle: false`` on a question keeps its options' ids and order as written:
``unseal`` writes it, because the ids it writes are the published letters, so unsealing and
sealing again gives the same bank (a matching question is still checked for answer order).
Salts are kept from an existing bank, so rebuilding gives small diffs.
"""

from __future__ import annotations

import argparse
import json
import random
import secrets
import string
import sys
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from course_lib.exercises import (  # noqa: E402
    CHOICE_KINDS,
    KINDS,
    canonical,
    digest,
    pair_label,
    position_label,
    seal,
    unseal,
)

BANKS = REPO / "data" / "exercises"


class AuthoringError(Exception):
    pass


def _ids(mapping: Any, what: str, qid: str) -> dict[str, str]:
    if not isinstance(mapping, dict) or not mapping:
        raise AuthoringError(f"{qid}: '{what}' must be a mapping id -> text")
    return {str(k).lower(): str(v) for k, v in mapping.items()}


def _shuffle_until(ids: list[str], rng: random.Random, ok: Any) -> list[str]:
    """``ids`` shuffled by ``rng`` until ``ok(order)`` holds (deterministic per question)."""
    order = list(ids)
    for _ in range(10_000):
        rng.shuffle(order)
        if ok(order):
            return order
    raise AuthoringError(f"no order of {ids} avoids the answer's order")


def _existing_salts(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {q["id"]: q["seal"]["salt"] for q in content.get("questions", []) if "seal" in q}


def seal_question(src: dict[str, Any], notebook: str, salt: str) -> tuple[dict, Any]:
    """One authoring entry -> (sealed entry, plain answer with the shipped option ids)."""
    qid, kind = str(src["id"]), src.get("kind")
    if kind not in KINDS:
        raise AuthoringError(f"{qid}: kind {kind!r} is not one of {KINDS}")
    rng = random.Random(qid)
    out: dict[str, Any] = {"id": qid, "notebook": notebook, "kind": kind}
    if src.get("title"):
        out["title"] = str(src["title"])
    out["prompt"] = str(src["prompt"])
    if src.get("quote_id"):
        out["quote_id"] = str(src["quote_id"])
    if src.get("source_ids"):
        out["source_ids"] = [str(x) for x in src["source_ids"]]
    hints = [str(h) for h in src.get("hints") or []]
    if len(hints) > 2:
        raise AuthoringError(f"{qid}: at most two hints")
    sealed: dict[str, Any] = {"salt": salt}
    answer: Any = None

    if kind in CHOICE_KINDS:
        options = _ids(src["options"], "options", qid)
        feedback = _ids(src.get("feedback"), "feedback", qid)
        if set(feedback) != set(options):
            raise AuthoringError(f"{qid}: feedback must cover every option")
        old_ids = list(options)
        if src.get("shuffle", True):
            rng.shuffle(old_ids)
            relabel = {old: string.ascii_lowercase[i] for i, old in enumerate(old_ids)}
        else:  # the published letters, as unseal writes them
            relabel = {old: old for old in old_ids}
        plain = str(src["answer"]).lower()
        if plain not in options:
            raise AuthoringError(f"{qid}: answer {plain!r} is not an option")
        answer = relabel[plain]
        out["options"] = [{"id": relabel[o], "text": options[o]} for o in old_ids]
        sealed["key"] = digest(salt, canonical(kind, answer))
        sealed["feedback"] = {relabel[o]: seal(salt, relabel[o], feedback[o]) for o in old_ids}
    elif kind == "ordering":
        options = _ids(src["options"], "options", qid)
        answer = [str(a).lower() for a in src["answer"]]
        if sorted(answer) != sorted(options):
            raise AuthoringError(f"{qid}: the answer must use every option once")

        def no_event_in_place(order: list[str]) -> bool:
            return all(event != right for event, right in zip(order, answer, strict=True))

        shown = _shuffle_until(answer, rng, no_event_in_place)
        out["options"] = [{"id": o, "text": options[o]} for o in shown]
        notes = _ids(src.get("notes"), "notes", qid)
        sealed["key"] = digest(salt, canonical(kind, answer))
        sealed["positions"] = sorted(
            digest(salt, position_label(item, place)) for place, item in enumerate(answer, 1)
        )
        sealed["feedback"] = {o: seal(salt, o, notes[o]) for o in shown}
    elif kind == "matching":
        items = _ids(src["items"], "items", qid)
        options = _ids(src["options"], "options", qid)
        answer = {str(k).lower(): str(v).lower() for k, v in src["answer"].items()}
        if set(answer) != set(items) or not set(answer.values()) <= set(options):
            raise AuthoringError(f"{qid}: the answer must match every item to an option")
        notes = _ids(src.get("notes"), "notes", qid)
        item_ids = list(items)

        def misses_answer_order(order: list[str]) -> bool:
            return not any(order[k % len(order)] == answer[i] for k, i in enumerate(item_ids))

        if src.get("shuffle", True):
            old_ids = _shuffle_until(list(options), rng, misses_answer_order)
            relabel = {old: string.ascii_lowercase[i] for i, old in enumerate(old_ids)}
        elif misses_answer_order(list(options)):
            old_ids, relabel = list(options), {o: o for o in options}
        else:
            raise AuthoringError(f"{qid}: the options in the items' order would be the answer")
        answer = {i: relabel[c] for i, c in answer.items()}
        out["items"] = [{"id": i, "text": t} for i, t in items.items()]
        out["options"] = [{"id": relabel[o], "text": options[o]} for o in old_ids]
        sealed["key"] = digest(salt, canonical(kind, answer))
        sealed["pairs"] = sorted(digest(salt, pair_label(i, c)) for i, c in answer.items())
        sealed["feedback"] = {i: seal(salt, i, notes[i]) for i in items}
    else:  # reflection
        sealed["model_answer"] = seal(salt, "model_answer", str(src["model_answer"]))
    if src.get("explanation"):
        sealed["explanation"] = seal(salt, "explanation", str(src["explanation"]))
    if hints:
        out["hints"] = hints
    out["seal"] = sealed
    return out, answer


def seal_file(source: Path, answers_path: Path | None, banks: Path = BANKS) -> Path:
    """Seal one authoring file into ``banks/<file>``; merge its keys into ``answers_path``."""
    src = yaml.safe_load(source.read_text(encoding="utf-8"))
    notebook = str(src["notebook"]).zfill(2)
    target = banks / src["file"]
    salts = _existing_salts(target)
    entries, keys = [], {}
    for question in src["questions"]:
        qid = str(question["id"])
        salt = salts.get(qid) or secrets.token_hex(8)
        entry, answer = seal_question(question, notebook, salt)
        entries.append(entry)
        if entry["kind"] != "reflection":
            keys[qid] = {"kind": entry["kind"], "answer": answer}
    header = (
        "# Generated by tools/exercise_keys.py from an authoring file kept outside the repo.\n"
        "# Answer keys are hashed and feedback is sealed; edit the authoring file, not this.\n"
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    body = yaml.safe_dump({"questions": entries}, allow_unicode=True, sort_keys=False, width=100)
    target.write_text(header + body, encoding="utf-8")
    if answers_path is not None:
        existing = (
            json.loads(answers_path.read_text(encoding="utf-8")) if answers_path.exists() else {}
        )
        existing.update(keys)
        answers_path.write_text(
            json.dumps(existing, indent=1, ensure_ascii=False, sort_keys=True) + "\n",
            encoding="utf-8",
        )
    return target


def unseal_file(bank: Path, answers_path: Path) -> dict[str, Any]:
    """A shipped bank + the test keys -> an authoring document (plain answers!)."""
    content = yaml.safe_load(bank.read_text(encoding="utf-8"))
    keys = json.loads(answers_path.read_text(encoding="utf-8"))
    questions = []
    notebook = ""
    for entry in content["questions"]:
        notebook = entry["notebook"]
        sealed, qid = entry["seal"], entry["id"]
        salt = sealed["salt"]
        out: dict[str, Any] = {"id": qid, "kind": entry["kind"]}
        for field in ("title", "prompt", "quote_id", "source_ids"):
            if field in entry:
                out[field] = entry[field]
        if entry["kind"] in CHOICE_KINDS or entry["kind"] == "matching":
            out["shuffle"] = False  # the ids below are the published letters: keep them
        if "items" in entry:
            out["items"] = {i["id"]: i["text"] for i in entry["items"]}
        if "options" in entry:
            out["options"] = {o["id"]: o["text"] for o in entry["options"]}
        if entry["kind"] != "reflection":
            out["answer"] = keys[qid]["answer"]
        opened = {k: unseal(salt, k, v) for k, v in (sealed.get("feedback") or {}).items()}
        if entry["kind"] in CHOICE_KINDS:
            out["feedback"] = opened
        elif opened:
            out["notes"] = opened
        if "model_answer" in sealed:
            out["model_answer"] = unseal(salt, "model_answer", sealed["model_answer"])
        if "hints" in entry:
            out["hints"] = entry["hints"]
        if "explanation" in sealed:
            out["explanation"] = unseal(salt, "explanation", sealed["explanation"])
        questions.append(out)
    return {"file": bank.name, "notebook": notebook, "questions": questions}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_seal = sub.add_parser("seal", help="authoring YAML -> sealed bank in data/exercises")
    p_seal.add_argument("sources", nargs="+", type=Path)
    p_seal.add_argument("--answers", type=Path, help="JSON file to merge the keys into (tests)")
    p_seal.add_argument("--banks", type=Path, default=BANKS)
    p_unseal = sub.add_parser("unseal", help="sealed bank + keys -> authoring YAML")
    p_unseal.add_argument("bank", type=Path)
    p_unseal.add_argument("--answers", type=Path, required=True)
    p_unseal.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    try:
        if args.command == "seal":
            for source in args.sources:
                print("wrote", seal_file(source, args.answers, args.banks))
        else:
            if args.out.resolve().is_relative_to((REPO / "data").resolve()):
                parser.error("write authoring files outside data/: they hold plain answers")
            doc = unseal_file(args.bank, args.answers)
            args.out.write_text(
                yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100),
                encoding="utf-8",
            )
            print("wrote", args.out)
    except (AuthoringError, KeyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
