"""Command line for instructors: ``python -m course_lib slides|build-student|check``.

Messages are one line and say what to do; exit codes: 0 success, 1 the task failed (or
``check`` found a problem), 2 the command was mistyped. A build writes into a temporary
folder beside the output and moves the files into place only when all of them are ready.

Example:
    $ python -m course_lib slides decks/
    Wrote 5 slide decks to decks/ (open decks/index.html for how to show them).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .errors import CourseError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def default_notebooks() -> Path:
    """The checkout's ``notebooks/`` folder, else ``./notebooks``."""
    checkout = Path(__file__).resolve().parents[1] / "notebooks"
    return checkout if checkout.is_dir() else Path.cwd() / "notebooks"


def _count(items: Sequence[object], noun: str) -> str:
    return f"{len(items)} {noun}{'' if len(items) == 1 else 's'}"


def _out_dir(text: str) -> Path:
    """An output folder: never empty (Path("") would silently mean the current folder)."""
    if not text.strip():
        raise argparse.ArgumentTypeError('give a folder name, e.g. "decks"')
    return Path(text)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m course_lib",
        description="Balancing Act tools for instructors.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    def add_source(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--notebooks",
            type=Path,
            default=None,
            metavar="DIR",
            help="folder with the course notebooks (default: the course's notebooks/ folder)",
        )

    slides = sub.add_parser("slides", help="write an offline reveal.js deck per notebook")
    slides.add_argument("outdir", type=_out_dir, metavar="OUTDIR", help="folder for the decks")
    slides.add_argument(
        "--execute",
        action="store_true",
        help="run each notebook first so the decks show figures (takes a few minutes)",
    )
    slides.add_argument(
        "--hide-code", action="store_true", help="show text and outputs only, no code"
    )
    add_source(slides)

    student = sub.add_parser(
        "build-student", help="write student notebooks (no instructor cells, no outputs)"
    )
    student.add_argument("outdir", type=_out_dir, metavar="OUTDIR", help="folder for the notebooks")
    add_source(student)

    sub.add_parser("check", help="check the course data and this computer's set-up")
    return parser


def _slides(args: argparse.Namespace) -> int:
    from .slides import build_slides

    source = args.notebooks or default_notebooks()
    if args.execute:
        print("Running the notebooks first; this takes a few minutes…", flush=True)
    decks = build_slides(source, args.outdir, execute=args.execute, hide_code=args.hide_code)
    print(
        f"Wrote {_count(decks, 'slide deck')} to {args.outdir}/ "
        f"(open {args.outdir / 'index.html'} for how to show them)."
    )
    return EXIT_OK


def _student(args: argparse.Namespace) -> int:
    from .student_build import build_student

    source = args.notebooks or default_notebooks()
    written = build_student(source, args.outdir)
    print(
        f"Wrote {_count(written, 'student notebook')} to {args.outdir}/ "
        "(instructor cells removed, outputs cleared)."
    )
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from . import checkup

    findings = checkup.run()
    for finding in findings:
        print(finding.line(), flush=True)
    problems = checkup.problems(findings)
    if problems:
        names = ", ".join(f.item for f in problems)
        print(f"\nProblems found: {names}. Fix them, then run this check again.", file=sys.stderr)
        return EXIT_FAILED
    print("\nEverything is in place.")
    return EXIT_OK


COMMANDS = {"slides": _slides, "build-student": _student, "check": _check}


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command and return its exit code (never a traceback for expected problems)."""
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except CourseError as exc:
        print(f"Error: {' '.join(str(exc).split())}", file=sys.stderr)
    except OSError as exc:  # disk full, permission denied, …: say which file
        where = exc.filename or "a file"
        reason = exc.strerror or " ".join(str(exc).split()) or type(exc).__name__
        print(f"Error: could not write or read {where}: {reason}.", file=sys.stderr)
    except ImportError as exc:  # e.g. nbconvert or nbclient missing on a minimal install
        print(
            f"Error: this command needs the Python package '{exc.name}'. "
            f"Install it with: pip install {exc.name}",
            file=sys.stderr,
        )
    except KeyboardInterrupt:
        print("Stopped.", file=sys.stderr)
    return EXIT_FAILED
