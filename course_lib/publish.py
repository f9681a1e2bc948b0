"""Publish the student copy: the repository students open on Binder, Colab or a JupyterHub.

``python -m course_lib publish-student OUT [--exam SPEC] [--repo owner/name]`` writes a
complete repository: the student notebooks (no instructor cells, tags, attachments or
outputs), ``course_lib``, the data, ``requirements.txt``/``pyproject.toml``, Binder's
``runtime.txt``, and a README whose launch links all come from :mod:`course_lib.links`.
Tests, tools, benchmarks and the plain answer file stay behind.

``--exam`` names notebooks (``05``) and/or question ids: in the published banks those
questions carry no key material at all (no hash, no sealed feedback, no explanation, no
model answer), so ``cl.check`` can only record the answer; the instructor marks it with
``class-report``. In a notebook with exam questions, cells tagged ``answer`` (worked answers
in the text) are left out as well. Before returning, the copy is audited for everything that
must not be in it.

Example:
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp()) / "student-copy"
    >>> print(publish_student(out, exam="05"))  # doctest: +ELLIPSIS
    Published 7 notebooks to .../student-copy for https://github.com/...
    >>> sorted(p.name for p in out.iterdir() if not p.name.startswith("."))[:4]
    ['CITATION.cff', 'LICENSE', 'LICENSE-CONTENT.md', 'README.md']
"""

from __future__ import annotations

import copy
import difflib
import json
import re
import shutil
import textwrap
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import nbformat
import yaml

from . import __version__, exercises, links
from .errors import CourseError
from .student_build import student_notebook

SOURCE = Path(__file__).resolve().parents[1]
MARKER = ".balancing-act-student.json"
KEEP_ON_REPUBLISH = (".git", ".github")  # the student repository's own history and CI
COPIED_FILES = ("LICENSE", "LICENSE-CONTENT.md", "CITATION.cff")
NEVER_PUBLISHED = ("tests", "tools", "benchmarks", ".ci")
ANSWER_FILE_NAME = "exercise_answers.json"
ANSWER_TAG = "answer"  # a cell that works an answer out: left out where that answer is an exam
BINDER_RUNTIME = "python-3.12"  # repo2docker's runtime.txt; the pins support 3.11–3.13
PIP_LINE = re.compile(r'(%pip install[^\n"]*")balancing-act @ git\+[^"]*(")')
_DROPPED_TOML = ("[project.optional-dependencies]", "[tool.pytest", "[tool.ruff")


class PublishError(CourseError):
    """The student copy cannot be written (or failed its audit)."""


class FolderError(PublishError):
    """The output folder cannot take a student copy."""

    hint = "Choose an empty folder (or an earlier student copy) outside the course's folders."


@dataclass
class Published:
    """What :func:`publish_student` wrote."""

    out: Path
    repo: str
    notebooks: list[Path]
    exam: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def text(self) -> str:
        exam = f" (exam: {len(self.exam)} questions marked by you)" if self.exam else ""
        lines = [
            f"Published {len(self.notebooks)} notebooks to {self.out} for "
            f"https://github.com/{self.repo}{exam}.",
            f"Next: push that folder to https://github.com/{self.repo}; its README has the "
            "students' Binder, Colab and JupyterHub links.",
        ]
        return "\n".join(lines + [f"Note: {n}" for n in self.notes])

    def __repr__(self) -> str:
        return self.text()


# --------------------------------------------------------------------------- exam spec


def exam_questions(
    spec: str | Sequence[str] | None, bank: dict[str, exercises.Question]
) -> list[str]:
    """Question ids named by ``spec``: notebook numbers (``5``, ``05``) and/or question ids,
    separated by commas or spaces.

    Example:
        >>> q = exercises.Question("nb05_x", "05", "classify", "?")
        >>> exam_questions("5", {"nb05_x": q})
        ['nb05_x']
    """
    if spec is None:
        return []
    text = spec if isinstance(spec, str) else " ".join(spec)
    chosen: list[str] = []
    for token in (t for t in re.split(r"[,\s]+", text) if t):
        if re.fullmatch(r"\d{1,2}", token):
            notebook = token.zfill(2)
            ids = [qid for qid, q in bank.items() if q.notebook == notebook]
            if not ids:
                raise PublishError(f"--exam {token}: notebook {notebook} has no questions.")
            chosen += ids
        elif token in bank:
            chosen.append(token)
        else:
            close = difflib.get_close_matches(token, list(bank), n=1)
            tip = f' Did you mean "{close[0]}"?' if close else ""
            raise PublishError(f"--exam {token}: there is no question {token!r}.{tip}")
    return list(dict.fromkeys(chosen))


# --------------------------------------------------------------------------- pieces


def _check_source(source: Path) -> None:
    needed = ("notebooks", "data", "course_lib", "pyproject.toml", "requirements.txt")
    missing = [name for name in needed if not (source / name).exists()]
    if missing:
        raise PublishError(
            f"publish-student needs the course's source folder; {source} has no "
            f"{', '.join(missing)}. Run it from a checkout of the instructor repository."
        )


def _prepare(out: Path, source: Path) -> None:
    if out == source or source.is_relative_to(out):
        raise FolderError(f"{out} holds the course itself; choose another folder.")
    for inner in ("notebooks", "data", "course_lib", "tests"):
        if out.is_relative_to(source / inner):
            raise FolderError(f"{out} is inside the course's {inner}/ folder.")
    if out.exists() and not out.is_dir():
        raise FolderError(f"{out} is a file, not a folder.")
    if out.is_dir():
        entries = [p for p in out.iterdir() if p.name not in KEEP_ON_REPUBLISH]
        if entries and not (out / MARKER).exists():
            raise FolderError(
                f"{out} is not empty and is not a student copy written by publish-student."
            )
        for entry in entries:  # an earlier copy: replace it (its git history stays)
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
    out.mkdir(parents=True, exist_ok=True)


_IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints", "_data")


def strip_exam_bank(path: Path, exam_ids: Iterable[str]) -> bool:
    """Remove every key of the exam questions in one bank file; True if it changed."""
    wanted = set(exam_ids)
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    changed = False
    for entry in content.get("questions", []):
        if isinstance(entry, dict) and entry.get("id") in wanted:
            entry.pop("seal", None)  # the hash, per-item hashes, sealed feedback and answers
            entry["exam"] = True
            changed = True
    if changed:
        header = (
            "# Student copy, written by python -m course_lib publish-student.\n"
            "# Questions marked exam: true carry no answer key: the instructor marks them.\n"
        )
        body = yaml.safe_dump(content, allow_unicode=True, sort_keys=False, width=100)
        path.write_text(header + body, encoding="utf-8")
    return changed


def student_copy(
    nb: nbformat.NotebookNode, repo: str, exam: bool = False
) -> tuple[nbformat.NotebookNode, int]:
    """The published notebook: the student build, then no tags and no attachments, and the
    Colab set-up cell installing from the student copy. In a notebook with exam questions
    (``exam``), cells tagged ``answer`` (worked answers in the text) go too. Returns it and
    the number of attachments removed."""
    if exam:
        nb = copy.deepcopy(nb)
        nb.cells = [c for c in nb.cells if ANSWER_TAG not in c.get("metadata", {}).get("tags", [])]
    out = student_notebook(nb)
    removed = 0
    requirement = links.pip_requirement(repo)
    for cell in out.cells:
        cell.metadata.pop("tags", None)
        if "attachments" in cell:
            removed += len(cell.pop("attachments") or {})
        if cell.cell_type == "code":
            cell.source = PIP_LINE.sub(lambda m: m.group(1) + requirement + m.group(2), cell.source)
    return out, removed


def _write_notebooks(
    source: Path, out: Path, repo: str, exam_notebooks: set[str]
) -> tuple[list[Path], list[str]]:
    target = out / links.NOTEBOOK_FOLDER
    target.mkdir()
    written, notes = [], []
    for path in sorted((source / "notebooks").glob("*.ipynb")):
        original = nbformat.read(path, as_version=4)
        exam = str(original.metadata.get("course", {}).get("id", path.name[:2])) in exam_notebooks
        nb, removed = student_copy(original, repo, exam=exam)
        nbformat.validate(nb)
        if removed:
            notes.append(f"{path.name}: {removed} cell attachment(s) left out")
        tagged = [c for c in original.cells if ANSWER_TAG in c.metadata.get("tags", [])]
        if exam:
            notes.append(
                f"{path.name} has exam questions: {len(tagged)} cell(s) tagged "
                f"'{ANSWER_TAG}' were left out. Read the rest before the exam: its text, "
                "figures and data (e.g. the course's own reading of events) may still show "
                "the answers."
            )
        file = target / path.name
        file.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(file)
    return written, notes


def _name(requirement: str) -> str:
    return re.split(r"[=<>!~\[; ]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def student_requirements(text: str, runtime: Iterable[str]) -> str:
    """The course's pins without the test and tooling section (runtime dependencies stay)."""
    keep_names = {_name(r) for r in runtime}
    lines = [
        "# Balancing Act, student copy (Python 3.11–3.13): Binder builds from this file;",
        "# on your own computer: python3 -m pip install -r requirements.txt",
    ]
    tooling = False
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            tooling = stripped.lower().startswith("# tests and tooling")
            if not tooling and not stripped.lower().startswith("# pinned for"):
                lines.append(line)
            continue
        if stripped and (not tooling or _name(stripped) in keep_names):
            lines.append(line)
    return "\n".join(lines) + "\n"


def student_pyproject(text: str) -> str:
    """``pyproject.toml`` without the sections that only serve the test suite and linters."""
    out, dropping = [], False
    for line in text.splitlines():
        if line.startswith("["):
            dropping = line.strip().startswith(_DROPPED_TOML)
        if not dropping:
            out.append(line)
    return "\n".join(out).rstrip() + "\n"


def _titles(notebooks: list[Path]) -> list[tuple[str, str, str, int]]:
    rows = []
    for path in notebooks:
        meta = json.loads(path.read_text(encoding="utf-8"))["metadata"].get("course", {})
        rows.append(
            (
                str(meta.get("id", path.stem[:2])),
                path.name,
                str(meta.get("title", path.stem)),
                int(meta.get("time_minutes", 0)),
            )
        )
    return rows


def student_readme(repo: str, notebooks: list[Path], exam_ids: list[str]) -> str:
    """The student README: every launch link is built by :mod:`course_lib.links`."""
    first = notebooks[0].name
    name = repo.split("/")[1]
    table = ["| # | Notebook | Time | Open it |", "|---|---|---|---|"]
    for nb_id, file, title, minutes in _titles(notebooks):
        open_it = (
            f"[Binder]({links.binder_url(file, repo)}) · [Colab]({links.colab_url(file, repo)})"
        )
        table.append(f"| {nb_id} | [{title}](notebooks/{file}) | {minutes} min | {open_it} |")
    exam = ""
    if exam_ids:
        notebooks_with_exam = sorted({qid.split("_")[0].removeprefix("nb") for qid in exam_ids})
        exam = (
            "\n"
            + textwrap.fill(
                "**Exam questions.** Some questions (in notebook "
                f"{', '.join(notebooks_with_exam)}) are marked by your instructor: checking one "
                "records your answer and says so, without saying whether it is right. You can "
                "change an answer until you hand in; the last one counts.",
                width=92,
            )
            + "\n"
        )
    binder_badge = "https://mybinder.org/badge_logo.svg"
    colab_badge = "https://colab.research.google.com/assets/colab-badge.svg"
    return f"""# Balancing Act

[![Launch on Binder]({binder_badge})]({links.binder_url(first, repo)})
[![Open in Colab]({colab_badge})]({links.colab_url(first, repo)})

**How Azerbaijan balanced between Russia and Ukraine in 2022**: a course in Jupyter notebooks,
with maps of Karabakh, diagrams of who pulls Baku which way, and exercises built on real
quotes. No programming needed: you read, click and answer.

This is the students' copy of the course (version {__version__}).

## Open the course

- **In the browser, nothing to install (Binder).** Click the Binder badge above, or a
  Binder link in the table. The first start can take several minutes. Binder sessions are
  temporary: hand in your answers (below) before you close the tab.
- **Google Colab.** Click a Colab link in the table. The first cell installs the course
  (about a minute, once per session). Colab's files vanish with the session: hand in your
  answers before you close it.
- **Your university's JupyterHub.** Your instructor gives you a link; it copies the course
  into your home folder, e.g.
  `{links.nbgitpuller_url(first, repo=repo)}`
  (with your hub's address).
- **Your own computer** (Python 3.11–3.13):

  ```bash
  git clone {links.git_url(repo)} && cd {name}
  python3 -m pip install -r requirements.txt && jupyter lab notebooks/{first}
  ```

## Notebooks

{chr(10).join(table)}

## Your answers

Every answer you check is saved at once, in `~/.balancing_act/` on your computer or hub.
To hand in, run this in any notebook and give your instructor the file it names:

```python
cl.export_progress()   # asks your name once; or cl.export_progress(student="Your Name")
```
{exam}
## Licences

Course code: MIT ([LICENSE](LICENSE)). Course text and data: CC BY 4.0
([LICENSE-CONTENT.md](LICENSE-CONTENT.md)). Please cite the course as
[CITATION.cff](CITATION.cff) says.
"""


def _gitignore(source: Path) -> str:
    lines = (source / ".gitignore").read_text(encoding="utf-8").splitlines()
    lines = [line for line in lines if "tests" not in line and "artifacts" not in line]
    return "\n".join(lines + ["# hand-in files students write", "balancing_act_*.json", ""])


# --------------------------------------------------------------------------- audit


def key_material(question: exercises.Question) -> list[str]:
    """Every string that would give away an answer: salt, hashes, sealed texts and the
    plain texts they open to (from the instructor's bank)."""
    sealed = question._seal
    found: list[str] = []
    for name, value in sealed.items():
        if isinstance(value, str):
            found.append(value)
            if name in ("explanation", "model_answer"):
                found.append(exercises._open(question, name, name))
        elif isinstance(value, list):
            found += [v for v in value if isinstance(v, str)]
        elif isinstance(value, dict):
            found += [v for v in value.values() if isinstance(v, str)]
            found += [exercises._open(question, label) for label in value]
    return [text for text in found if len(text) >= 12]  # short texts would match anywhere


def audit(
    out: Path, exam_ids: Iterable[str], instructor_bank: dict[str, exercises.Question]
) -> list[str]:
    """What must not be in a student copy but is: instructor folders, the answer file,
    instructor cells, tags, attachments, outputs, and any key material of exam questions."""
    problems = [f"{name}/ is in the copy" for name in NEVER_PUBLISHED if (out / name).exists()]
    files = [p for p in out.rglob("*") if p.is_file() and ".git" not in p.relative_to(out).parts]
    problems += [
        f"{p.relative_to(out)} is in the copy" for p in files if p.name == ANSWER_FILE_NAME
    ]
    for path in sorted((out / links.NOTEBOOK_FOLDER).glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for i, cell in enumerate(nb.cells):
            where = f"{path.name} cell {i}"
            if cell.metadata.get("tags"):
                problems.append(f"{where} has tags {cell.metadata['tags']}")
            if "attachments" in cell:
                problems.append(f"{where} has attachments")
            if cell.cell_type == "code" and (cell.outputs or cell.execution_count):
                problems.append(f"{where} has outputs")
    needles = {
        text: qid
        for qid in exam_ids
        if qid in instructor_bank
        for text in key_material(instructor_bank[qid])
    }
    if needles:
        for path in files:
            try:
                text = path.read_text(encoding="utf-8")
            except (UnicodeDecodeError, OSError):
                continue
            for needle, qid in needles.items():
                if needle in text:
                    problems.append(f"{path.relative_to(out)} holds key material of {qid}")
    return problems


# --------------------------------------------------------------------------- publish


def publish_student(
    out: str | Path,
    exam: str | Sequence[str] | None = None,
    repo: str | None = None,
    source: Path = SOURCE,
) -> Published:
    """Write the student repository into ``out`` (see the module's description)."""
    repo = links.student_repo(repo)
    source = Path(source).resolve()
    _check_source(source)
    bank = exercises.load_bank(source / "data" / exercises.BANK_FOLDER)
    exam_ids = exam_questions(exam, bank)
    out = Path(out).expanduser().resolve()
    _prepare(out, source)

    shutil.copytree(source / "course_lib", out / "course_lib", ignore=_IGNORE)
    shutil.copytree(source / "data", out / "data", ignore=_IGNORE)
    for bank_file in sorted((out / "data" / exercises.BANK_FOLDER).glob("*.yaml")):
        strip_exam_bank(bank_file, exam_ids)
    exam_notebooks = {bank[qid].notebook for qid in exam_ids}
    notebooks, notes = _write_notebooks(source, out, repo, exam_notebooks)

    pyproject = (source / "pyproject.toml").read_text(encoding="utf-8")
    runtime = tomllib.loads(pyproject)["project"]["dependencies"]
    requirements = (source / "requirements.txt").read_text(encoding="utf-8")
    (out / "requirements.txt").write_text(student_requirements(requirements, runtime), "utf-8")
    (out / "pyproject.toml").write_text(student_pyproject(pyproject), "utf-8")
    (out / "runtime.txt").write_text(BINDER_RUNTIME + "\n", "utf-8")
    (out / "README.md").write_text(student_readme(repo, notebooks, exam_ids), "utf-8")
    (out / ".gitignore").write_text(_gitignore(source), "utf-8")
    for name in COPIED_FILES:
        if (source / name).exists():
            shutil.copy2(source / name, out / name)
    marker = {
        "course_version": __version__,
        "published": datetime.now(UTC).isoformat(timespec="seconds"),
        "repo": repo,
        "exam_questions": exam_ids,
    }
    (out / MARKER).write_text(json.dumps(marker, indent=1) + "\n", "utf-8")

    problems = audit(out, exam_ids, bank)
    if problems:
        raise PublishError(
            "The student copy failed its check and must not be published: " + "; ".join(problems)
        )
    return Published(out, repo, notebooks, exam_ids, notes)
