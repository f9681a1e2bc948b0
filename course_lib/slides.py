"""Static reveal.js decks that open without internet, one per notebook.

nbconvert's slides loader fetches reveal.js, require.js and jQuery from CDNs; here they point
at copies shipped in ``course_lib/_assets`` and copied beside the decks, so a deck works on a
classroom machine with no network. Decks are served over http (``python -m http.server``):
browsers refuse some scripts from ``file://``.

Example:
    >>> import tempfile
    >>> source = Path(tempfile.mkdtemp())
    >>> intro = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Hello")])
    >>> nbformat.write(intro, source / "01_intro.ipynb")
    >>> [deck.name for deck in build_slides(source, source / "decks")]
    ['01_intro.slides.html']
    >>> shutil.rmtree(source)
"""

from __future__ import annotations

import contextlib
import html
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

import nbformat

from . import slide_fit
from .errors import CourseError

ASSETS = Path(__file__).with_name("_assets")
ASSET_DIR_NAME = "_assets"  # folder inside OUTDIR that holds the copied assets
TEMPLATE = "course_reveal"
REVEAL_DIST = ("reveal.css", "reveal.js", "theme")  # belong under reveal.js/dist/ in a deck
# where each loader lives, relative to a deck in OUTDIR
LOCAL_URLS = {
    "reveal_url_prefix": f"{ASSET_DIR_NAME}/reveal.js",
    "require_js_url": f"{ASSET_DIR_NAME}/requirejs/require.js",
    "jquery_url": f"{ASSET_DIR_NAME}/jquery/jquery.min.js",
    "widget_renderer_url": f"{ASSET_DIR_NAME}/html-manager/embed-amd.js",
}


class BuildError(CourseError):
    """A deck or a student notebook could not be written."""

    hint = "Check the folder names, then run the command again."


def notebook_paths(source: Path) -> list[Path]:
    """The course notebooks in ``source``, in order (``*.ipynb``, checkpoints ignored)."""
    source = Path(source)
    if not source.is_dir():
        raise BuildError(f"There is no notebooks folder at {source}.")
    paths = sorted(p for p in source.glob("*.ipynb") if not p.name.startswith("."))
    if not paths:
        raise BuildError(f"The folder {source} holds no notebooks (*.ipynb).")
    return paths


def check_out_dir(source: Path, out: Path) -> None:
    """Refuse an output folder that would overwrite the course: the notebooks folder itself,
    the library's own folder or the data folder (or anything inside them), or a file.

    Example:
        >>> try:
        ...     check_out_dir(Path("notebooks"), Path(__file__).parent / "decks")
        ... except BuildError as exc:
        ...     print(str(exc).split(" is ")[1])
        inside the course library's own folder; choose another folder, e.g. decks/.
    """
    from . import data

    resolved = Path(out).resolve()
    if not str(out).strip():
        raise BuildError("Give a name for the output folder, e.g. decks/.")
    if resolved == Path(source).resolve():
        raise BuildError(
            f"The output folder {out} is the notebooks folder itself; choose another folder "
            "so the course notebooks are not overwritten."
        )
    protected = {"the course library's own folder": Path(__file__).resolve().parent}
    with contextlib.suppress(CourseError):  # no data folder: nothing there to protect
        protected["the course data folder"] = data.data_dir().resolve()
    for what, folder in protected.items():
        if resolved == folder or folder in resolved.parents:
            raise BuildError(
                f"The output folder {out} is inside {what}; choose another folder, e.g. decks/."
            )
    if resolved.exists() and not resolved.is_dir():
        raise BuildError(f"The output {out} is a file, not a folder; choose a folder name.")


def read_notebook(path: Path) -> nbformat.NotebookNode:
    """A notebook, or a :class:`BuildError` naming the file when it is not a valid one.

    Example:
        >>> try:
        ...     read_notebook(Path(__file__))
        ... except BuildError as exc:
        ...     print("slides.py is not a readable notebook" in str(exc))
        True
    """
    try:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
    except Exception as exc:  # noqa: BLE001 - nbformat raises many kinds; each is one line here
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        reason = reason if len(reason) <= 100 else reason[:99] + "…"
        raise BuildError(
            f"{path} is not a readable notebook ({reason}); fix or remove it, "
            "then run the command again."
        ) from None
    return nb


@contextlib.contextmanager
def staged(out: Path) -> Iterator[Path]:
    """A temporary folder beside ``out`` to write into. When the block ends normally, its
    files replace those of the same name in ``out``; otherwise it is removed with every folder
    made for it, so a failed build leaves nothing half-written.
    """
    out = Path(out).resolve()
    made = [p for p in reversed(out.parents) if not p.exists()]
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-building-", dir=out.parent))
    try:
        yield tmp
        out.mkdir(exist_ok=True)
        for entry in sorted(tmp.iterdir()):
            target = out / entry.name
            if target.is_dir() and not target.is_symlink():
                shutil.rmtree(target)
            os.replace(entry, target)
        made = []
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        for folder in reversed(made):  # innermost first
            with contextlib.suppress(OSError):
                folder.rmdir()


def copy_assets(out: Path) -> Path:
    """Copy the vendored browser files (and their licences) into ``out/_assets``."""
    target = Path(out) / ASSET_DIR_NAME
    shutil.copytree(ASSETS, target, ignore=shutil.ignore_patterns("templates"), dirs_exist_ok=True)
    # nbconvert's template wants reveal.js's npm layout (<prefix>/dist/...); the package stores
    # those files one level up because git and the wheel build ignore folders named dist/
    reveal = target / "reveal.js"
    (reveal / "dist").mkdir(exist_ok=True)
    for name in REVEAL_DIST:
        shutil.rmtree(reveal / "dist" / name, ignore_errors=True)
        (reveal / name).replace(reveal / "dist" / name)
    return target


def slides_exporter(show_code: bool = False):  # -> nbconvert.SlidesExporter (lazy import)
    """A SlidesExporter whose scripts and styles all point at local copies, for 16:9 slides
    of 1280×720 (the deck's own typography is in :mod:`course_lib.slide_fit`).

    Decks show text and outputs (figures, tables) only; ``show_code=True`` adds the code.
    """
    from nbconvert import SlidesExporter
    from nbconvert.preprocessors import TagRemovePreprocessor
    from traitlets.config import Config

    config = Config()
    for trait, url in LOCAL_URLS.items():
        setattr(config.SlidesExporter, trait, url)
    config.SlidesExporter.reveal_theme = "white"  # the shipped theme; others load web fonts
    config.SlidesExporter.reveal_scroll = False  # every slide fits (slide_fit): no scrolling
    config.SlidesExporter.reveal_number = "c/t"
    config.SlidesExporter.reveal_width = str(slide_fit.DECK_WIDTH)
    config.SlidesExporter.reveal_height = str(slide_fit.DECK_HEIGHT)
    config.SlidesExporter.exclude_input_prompt = True
    config.SlidesExporter.exclude_output_prompt = True
    config.SlidesExporter.exclude_input = not show_code
    exporter = SlidesExporter(
        config=config,
        extra_template_basedirs=[str(ASSETS / "templates")],
        template_name=TEMPLATE,
    )
    # the cells slide_fit makes to hold a slide's text and outputs have no code of their own
    outputs_only = TagRemovePreprocessor(remove_input_tags={slide_fit.OUTPUT_ONLY})
    exporter.register_preprocessor(outputs_only, enabled=True)
    return exporter


PROJECTOR_CELL = "import course_lib.style as _style\n_style.present(True)\ndel _style"
PROJECTOR_MARK = "course-slides-projector"  # metadata key of the cell added for the run


def execute_notebook(
    nb: nbformat.NotebookNode, timeout: int = 600, presenting: bool = False
) -> nbformat.NotebookNode:
    """Run a notebook in a throwaway folder (answers saved there too) and return it.

    Widget state is not stored: a deck has no kernel, so each interactive view shows its
    static figure and text instead. ``presenting=True`` draws the figures in projector mode
    (``cl.present()`` right after the set-up cell; that cell is gone from the result).
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    if presenting:
        nb = _with_projector_cell(nb)
    with tempfile.TemporaryDirectory(prefix="course-slides-") as tmp:
        env = dict(os.environ, COURSE_LIB_HOME=tmp)
        client = NotebookClient(
            nb,
            timeout=timeout,
            kernel_name="python3",
            resources={"metadata": {"path": tmp}},
            store_widget_state=False,
        )
        try:
            # the kernel's own start-up warnings would only confuse; cell errors still surface
            client.execute(env=env, stderr=subprocess.DEVNULL)
        except CellExecutionError as exc:
            first = str(exc).strip().splitlines()[-1] if str(exc).strip() else "an error"
            raise BuildError(f"A cell failed while running the notebook: {first}") from exc
    if presenting:
        nb.cells = [c for c in nb.cells if not c.metadata.get(PROJECTOR_MARK)]
    return nb


def _with_projector_cell(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of ``nb`` that switches projector mode on after its first code cell (the
    set-up cell), or first thing when it has no code."""
    import copy

    nb = copy.deepcopy(nb)
    cell = nbformat.v4.new_code_cell(PROJECTOR_CELL)
    cell.metadata[PROJECTOR_MARK] = True
    cell["id"] = "course-slides-projector"
    codes = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    nb.cells.insert(codes[0] + 1 if codes else 0, cell)
    return nb


def build_slides(
    source: Path,
    out: Path,
    *,
    execute: bool = False,
    show_code: bool = False,
    hide_code: bool | None = None,
    timeout: int = 600,
    jobs: int = 1,
) -> list[Path]:
    """Write ``<name>.slides.html`` for every notebook in ``source`` into ``out``.

    Nothing is executed unless ``execute=True`` (then each notebook runs first, in a temp
    folder, with figures at projector sizes; ``jobs`` kernels at a time). Every slide is
    laid out to fit 1280×720 (:func:`course_lib.slide_fit.fit_slides`); code is left out
    unless ``show_code=True`` (``hide_code``, the older switch, still works). ``out`` also
    receives the assets and an ``index.html`` with instructions.
    """
    source, out = Path(source), Path(out)
    check_out_dir(source, out)
    notebooks = {path: read_notebook(path) for path in notebook_paths(source)}  # all, first
    show_code = (not hide_code) if hide_code is not None else show_code
    exporter = slides_exporter(show_code=show_code)
    names = [f"{path.stem}.slides.html" for path in notebooks]
    if execute:
        notebooks = _execute_all(notebooks, timeout, jobs)
    with staged(out) as tmp:
        copy_assets(tmp)
        for (path, nb), name in zip(notebooks.items(), names, strict=True):
            nb = slide_fit.fit_slides(nb, show_code=show_code)
            resources = {"metadata": {"name": path.stem}, "course_deck_css": slide_fit.DECK_CSS}
            try:
                body, _ = exporter.from_notebook_node(nb, resources=resources)
            except Exception as exc:  # noqa: BLE001 - a broken cell names its notebook
                raise BuildError(f"{path} could not be made into slides ({exc}).") from None
            (tmp / name).write_text(body, encoding="utf-8")
        write_index(
            tmp, [tmp / n for n in names], titles=[_title(p, nb) for p, nb in notebooks.items()]
        )
    return [out / name for name in names]


def _execute_all(
    notebooks: dict[Path, nbformat.NotebookNode], timeout: int, jobs: int
) -> dict[Path, nbformat.NotebookNode]:
    """Each notebook run in projector mode (``jobs`` kernels at a time), in order."""
    from concurrent.futures import ThreadPoolExecutor

    def run(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
        return execute_notebook(nb, timeout=timeout, presenting=True)

    with ThreadPoolExecutor(max(1, jobs)) as pool:
        done = list(pool.map(run, notebooks.values()))
    return dict(zip(notebooks, done, strict=True))


def _title(path: Path, nb: nbformat.NotebookNode) -> str:
    course = nb.metadata.get("course", {})
    return str(course.get("title") or path.stem)


def write_index(out: Path, decks: Iterable[Path], titles: Iterable[str]) -> Path:
    """An ``index.html`` listing the decks and how to open them offline."""
    items = "\n".join(
        f'<li><a href="{html.escape(d.name)}">{html.escape(t)}</a> '
        f"<code>{html.escape(d.name)}</code></li>"
        for d, t in zip(decks, titles, strict=True)
    )
    page = f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Balancing Act: slide decks</title>
<style>body {{ font-family: sans-serif; max-width: 46em; margin: 2em auto; line-height: 1.5;
font-size: 1.15em; }} code {{ background: #eee; padding: 0 .2em; }}</style></head>
<body>
<h1>Balancing Act: slide decks</h1>
<p>These decks work <strong>without internet</strong>: everything they need is in the
<code>{ASSET_DIR_NAME}/</code> folder next to this page.</p>
<h2>How to open them</h2>
<ol>
<li>Open a terminal in this folder.</li>
<li>Run <code>python -m http.server 8000</code></li>
<li>Open <a href="http://localhost:8000/">http://localhost:8000/</a> in a browser
and pick a deck.</li>
</ol>
<p>Double-clicking a deck (a <code>file://</code> address) is not enough: browsers
refuse some of the deck's scripts from local files, and the slides then show as one long page.</p>
<h2>Keys</h2>
<p>Arrow keys move between slides; <kbd>S</kbd> opens the speaker view with the
teaching notes; <kbd>F</kbd> is full screen; <kbd>Esc</kbd> shows an overview.</p>
<p>Decks are static: interactive views show their figure and text. For live widgets in
class, open the notebook in JupyterLab and use View &rarr; Presentation Mode.</p>
<h2>Decks</h2>
<ul>
{items}
</ul>
</body>
</html>
"""
    target = Path(out) / "index.html"
    target.write_text(page, encoding="utf-8")
    return target
