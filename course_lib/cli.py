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
        help="run each notebook first (figures at projector sizes) so the decks show figures",
    )
    slides.add_argument(
        "--show-code", action="store_true", help="show the code above its output (default: hidden)"
    )
    slides.add_argument("--hide-code", action="store_true", help=argparse.SUPPRESS)  # the default
    add_source(slides)

    student = sub.add_parser(
        "build-student", help="write student notebooks (no instructor cells, no outputs)"
    )
    student.add_argument("outdir", type=_out_dir, metavar="OUTDIR", help="folder for the notebooks")
    add_source(student)

    sub.add_parser("check", help="check the course data and this computer's set-up")

    restore = sub.add_parser(
        "restore-progress",
        help="put a student's answers back from a set-aside or older progress file",
    )
    restore.add_argument("file", type=Path, metavar="FILE", help="e.g. progress.damaged-….txt")
    restore.add_argument(
        "--home",
        type=Path,
        default=None,
        metavar="DIR",
        help="the student's answers folder (default: $COURSE_LIB_HOME, else ~/.balancing_act)",
    )
    _add_class_loop(sub)
    _add_site_parsers(sub, add_source)
    return parser


def _slides(args: argparse.Namespace) -> int:
    from .slides import build_slides

    source = args.notebooks or default_notebooks()
    if args.execute:
        print("Running the notebooks first; this takes a few minutes…", flush=True)
    show_code = args.show_code and not args.hide_code
    decks = build_slides(source, args.outdir, execute=args.execute, show_code=show_code, jobs=2)
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


def _restore_progress(args: argparse.Namespace) -> int:
    import filelock

    from .progress import ProgressError, restore_progress

    try:
        report = restore_progress(args.file, args.home)
    except (ProgressError, filelock.Timeout) as exc:
        print(f"Error: nothing was restored: {exc}.", file=sys.stderr)
        return EXIT_FAILED
    if not report.readable:
        print(f"Error: no answers could be read from {args.file}.", file=sys.stderr)
        return EXIT_FAILED
    print(report)
    return EXIT_OK


COMMANDS["restore-progress"] = _restore_progress
# --------------------------------------------------------------------------- the class loop
# publish-student and class-report (course_lib/publish.py, class_report.py)


def _add_class_loop(sub: argparse._SubParsersAction) -> None:
    publish = sub.add_parser(
        "publish-student",
        help="write the student repository (no teaching notes, no keys; exam questions unkeyed)",
    )
    publish.add_argument("out", type=Path, metavar="OUT", help="folder for the student copy")
    publish.add_argument(
        "--exam",
        action="append",
        metavar="SPEC",
        help="notebook numbers and/or question ids to mark yourself (e.g. 05 or nb04_attr_q03)",
    )
    publish.add_argument(
        "--repo",
        metavar="OWNER/NAME",
        help="the student copy's GitHub repository, for its launch links",
    )
    report = sub.add_parser(
        "class-report", help="re-grade the class's hand-ins and write the report and gradebooks"
    )
    report.add_argument(
        "exports",
        nargs="+",
        type=Path,
        metavar="EXPORT",
        help="export files, folders of them, or a tree of home folders",
    )
    report.add_argument("--out", type=Path, required=True, metavar="DIR", help="output folder")
    report.add_argument(
        "--keys",
        type=Path,
        metavar="PATH",
        help="the instructor's answer file (default: tests/exercise_answers.json)",
    )
    report.add_argument(
        "--anonymise", action="store_true", help="leave student names out of the page"
    )


def _publish(args: argparse.Namespace) -> int:
    from .publish import publish_student

    print(repr(publish_student(args.out, exam=args.exam, repo=args.repo)))
    return EXIT_OK


def _class_report(args: argparse.Namespace) -> int:
    from .class_results import build
    from .gradebook import write_report

    results = build(args.exports, keys=args.keys)
    for line in results.problems:
        print(f"Note: {line}", file=sys.stderr)
    for flag in dict.fromkeys(text for _, text in results.flags):
        print(f"Flag: {flag}", file=sys.stderr)
    if not results.students:
        print("Error: no usable hand-ins were found; nothing was written.", file=sys.stderr)
        return EXIT_FAILED
    written = write_report(results, args.out, anonymise=args.anonymise)
    print(
        f"Re-graded {_count(results.students, 'student')} with {results.keys_label}; wrote "
        f"{', '.join(p.name for p in written)} to {args.out}/ (open index.html)."
    )
    return EXIT_OK


COMMANDS.update({"publish-student": _publish, "class-report": _class_report})


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


# --- website and handouts (branch `site`, issue #14) -------------------------------------


def _add_site_parsers(sub: argparse._SubParsersAction, add_source) -> None:
    site = sub.add_parser("site", help="build the course website (static HTML, works offline)")
    site.add_argument("outdir", type=Path, metavar="OUTDIR", help="folder for the website")
    site.add_argument(
        "--student", action="store_true", help="the student edition (no instructor cells)"
    )
    site.add_argument(
        "--hub", default=None, metavar="URL", help="your JupyterHub, for the nbgitpuller buttons"
    )
    site.add_argument("--clean", action="store_true", help="rebuild everything (no cache)")
    site.add_argument("--cache-dir", type=Path, default=None, metavar="DIR", help=argparse.SUPPRESS)
    add_source(site)

    handouts = sub.add_parser("handouts", help="write printable A4 PDF handouts per notebook")
    handouts.add_argument("outdir", type=Path, metavar="OUTDIR", help="folder for the PDFs")
    handouts.add_argument(
        "--cache-dir", type=Path, default=None, metavar="DIR", help=argparse.SUPPRESS
    )
    add_source(handouts)


def _site(args: argparse.Namespace) -> int:
    from .site import build_site

    source = args.notebooks or default_notebooks()
    print("Building the website (the notebooks run first, about a minute)…", flush=True)
    report = build_site(
        source,
        args.outdir,
        student=args.student,
        hub=args.hub,
        clean=args.clean,
        cache_dir=args.cache_dir,
    )
    print(report)
    return EXIT_OK


def _handouts(args: argparse.Namespace) -> int:
    from .handouts import build_handouts

    source = args.notebooks or default_notebooks()
    print("Writing the handouts (the notebooks run first, about a minute)…", flush=True)
    written = build_handouts(source, args.outdir, cache_dir=args.cache_dir)
    print(
        f"Wrote {_count(written, 'PDF handout')} to {args.outdir}/ (student/ without answers, "
        "instructor/ with model answers)."
    )
    return EXIT_OK


COMMANDS.update({"site": _site, "handouts": _handouts})
