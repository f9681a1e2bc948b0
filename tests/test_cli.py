"""`python -m course_lib slides|build-student|check` on a temporary copy of the notebooks."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

from course_lib import cli, slides, student_build

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
EXTRA_NAME = "99_cli_test.ipynb"  # a notebook made here, so the test never depends on content


def _extra_notebook() -> nbformat.NotebookNode:
    """A notebook with an instructor cell and a stale output: what the builds must clean."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.metadata["course"] = {"id": "99", "title": "CLI test"}
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    cells = [
        nbformat.v4.new_markdown_cell("# CLI test"),
        nbformat.v4.new_code_cell("print('hello')", execution_count=3),
        nbformat.v4.new_markdown_cell("Model answer: SECRET-ANSWER"),
        nbformat.v4.new_markdown_cell("## After the note"),
    ]
    cells[1].outputs = [nbformat.v4.new_output("stream", name="stdout", text="hello\n")]
    cells[2].metadata["tags"] = ["instructor"]
    for cell, kind in zip(cells, ["slide", "-", "notes", "slide"], strict=True):
        cell.metadata["slideshow"] = {"slide_type": kind}
    nb.cells = cells
    return nb


@pytest.fixture
def source(tmp_path) -> Path:
    """A copy of notebooks/ plus the test notebook."""
    src = tmp_path / "notebooks"
    src.mkdir()
    for path in NOTEBOOKS:
        shutil.copy(path, src / path.name)
    nbformat.write(_extra_notebook(), src / EXTRA_NAME)
    return src


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


class _Refs(HTMLParser):
    """Collects the URLs a page loads: script src, stylesheet href, ES-module imports."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self._in_script = True
            if attrs.get("src"):
                self.urls.append(attrs["src"])
        if tag == "link" and attrs.get("href"):
            self.urls.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            # require([...]) lists, import … from '…', and the widget renderer's src
            self.urls += re.findall(r"""from\s+['"]([^'"]+)['"]""", data)
            self.urls += re.findall(r"""['"]([^'"\s]+\.js)['"]""", data)


def _loaded_urls(page: Path) -> list[str]:
    parser = _Refs()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.urls


# --- notebooks carry what the builds rely on ---------------------------------------------


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_cell_has_a_slide_type(path):
    nb = nbformat.read(path, as_version=4)
    missing = [
        i for i, c in enumerate(nb.cells) if "slide_type" not in c.metadata.get("slideshow", {})
    ]
    assert not missing, f"{path.name}: cells without metadata.slideshow.slide_type: {missing}"
    bad = [
        i
        for i, c in enumerate(nb.cells)
        if student_build.is_instructor_cell(c) and c.metadata["slideshow"]["slide_type"] != "notes"
    ]
    assert not bad, f"{path.name}: instructor cells that are not speaker notes: {bad}"


def test_there_are_notebooks():
    assert NOTEBOOKS, "notebooks/ holds no notebooks"


# --- slides ------------------------------------------------------------------------------


def test_slides_writes_offline_decks(source, tmp_path):
    before = _digest(source)
    out = tmp_path / "decks"
    assert cli.main(["slides", str(out), "--notebooks", str(source)]) == 0

    decks = sorted(out.glob("*.slides.html"))
    assert [d.name.removesuffix(".slides.html") for d in decks] == sorted(
        p.stem for p in source.glob("*.ipynb")
    )
    for deck in decks:
        urls = _loaded_urls(deck)
        # reveal.js, require.js and jQuery from the local copies; the widget renderer only
        # where a notebook carries widget state (the test notebook does)
        wanted = dict(slides.LOCAL_URLS)
        if deck.name != "99_cli_test.slides.html":
            wanted.pop("widget_renderer_url")
        for needed in wanted.values():
            assert any(u.startswith(needed) for u in urls), (deck.name, needed, urls)
        remote = [u for u in urls if re.match(r"^(https?:)?//", u)]
        assert not remote, f"{deck.name} loads from the internet: {remote}"
        for url in urls:
            assert (out / url.split("?")[0]).is_file(), f"{deck.name}: {url} is not in {out}"
        text = deck.read_text(encoding="utf-8")
        assert '<div class="reveal">' in text
    # every asset a deck names exists, with the licences beside them
    assert (out / "_assets" / "html-manager" / "embed-amd.js").is_file()
    assert len(list((out / "_assets").rglob("LICENSE*"))) >= 4

    extra = (out / "99_cli_test.slides.html").read_text(encoding="utf-8")
    assert re.search(r'<aside class="notes">.*SECRET-ANSWER', extra, re.S), (
        "note not in speaker view"
    )

    index = (out / "index.html").read_text(encoding="utf-8")
    assert "python -m http.server" in index
    for deck in decks:
        assert f'href="{deck.name}"' in index
    assert _digest(source) == before, "building slides changed the source notebooks"


def test_widget_renderer_is_local():
    exporter = slides.slides_exporter()
    assert exporter.widget_renderer_url == "_assets/html-manager/embed-amd.js"
    assert exporter.reveal_url_prefix == "_assets/reveal.js"
    assert not exporter.require_js_url.startswith("http")
    assert not exporter.jquery_url.startswith("http")


def test_vendored_assets_are_small_and_documented():
    files = [p for p in slides.ASSETS.rglob("*") if p.is_file()]
    total = sum(p.stat().st_size for p in files)
    assert total < 5_000_000, f"vendored assets grew to {total / 1e6:.1f} MB"
    provenance = (slides.ASSETS / "PROVENANCE.md").read_text(encoding="utf-8")
    for name in ("reveal.js", "requirejs", "jquery", "@jupyter-widgets/html-manager"):
        assert name in provenance
    assert not [p for p in files if p.suffix == ".map"], "source maps are not needed"


# --- student build -----------------------------------------------------------------------


def test_build_student_drops_instructor_cells_and_outputs(source, tmp_path):
    before = _digest(source)
    out = tmp_path / "student"
    assert cli.main(["build-student", str(out), "--notebooks", str(source)]) == 0

    assert sorted(p.name for p in out.glob("*.ipynb")) == sorted(before)
    for path in sorted(out.glob("*.ipynb")):
        original = nbformat.read(source / path.name, as_version=4)
        built = nbformat.read(path, as_version=4)
        nbformat.validate(built)
        assert not [c for c in built.cells if "instructor" in c.metadata.get("tags", [])]
        for cell in built.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, path.name
        kept = [c for c in original.cells if not student_build.is_instructor_cell(c)]
        assert [c.source for c in built.cells] == [c.source for c in kept]
        assert [c.metadata for c in built.cells] == [c.metadata for c in kept]
        assert built.metadata.get("course") == original.metadata.get("course")
        assert built.metadata["kernelspec"]["name"] == "python3"
        assert "widgets" not in built.metadata

    extra = (out / EXTRA_NAME).read_text(encoding="utf-8")
    assert "SECRET-ANSWER" not in extra and "hello\\n" not in extra
    assert _digest(source) == before, "the student build changed the source notebooks"


def test_student_notebook_does_not_modify_its_input():
    nb = _extra_notebook()
    student_build.student_notebook(nb)
    assert len(nb.cells) == 4 and nb.cells[1].outputs


# --- friendly failures -------------------------------------------------------------------


def test_refuses_to_overwrite_the_source(source, capsys):
    before = _digest(source)
    assert cli.main(["build-student", str(source), "--notebooks", str(source)]) == 1
    err = capsys.readouterr().err
    assert "Error:" in err and "Traceback" not in err
    assert _digest(source) == before


def test_missing_notebooks_folder_is_explained(tmp_path, capsys):
    code = cli.main(["slides", str(tmp_path / "out"), "--notebooks", str(tmp_path / "nope")])
    assert code == 1
    assert "no notebooks folder" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["slides", "build-student"])
def test_a_malformed_notebook_is_one_line_and_nothing_is_left_behind(
    command, source, tmp_path, capsys
):
    (source / "03_broken.ipynb").write_text('{"cells": [', encoding="utf-8")
    out = tmp_path / "new" / "out"
    assert cli.main([command, str(out), "--notebooks", str(source)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("Error: ")
    assert "03_broken.ipynb is not a readable notebook" in err
    assert not (tmp_path / "new").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notebooks"]


def test_a_failed_build_keeps_the_previous_output(source, tmp_path, monkeypatch, capsys):
    out = tmp_path / "student"
    assert cli.main(["build-student", str(out), "--notebooks", str(source)]) == 0
    before = _digest(out)
    first = sorted(source.glob("*.ipynb"))[0]
    nb = nbformat.read(first, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("A change that must not land half-way."))
    nbformat.write(nb, first)
    real_dumps, calls = student_build.json.dumps, []

    def disk_fills_up(*args, **kwargs):  # the third notebook cannot be written
        calls.append(1)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real_dumps(*args, **kwargs)

    monkeypatch.setattr(student_build.json, "dumps", disk_fills_up)
    assert cli.main(["build-student", str(out), "--notebooks", str(source)]) == 1
    assert "No space left on device" in capsys.readouterr().err
    assert _digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notebooks", "student"]


@pytest.mark.parametrize("command", ["slides", "build-student"])
def test_refuses_the_library_and_data_folders(command, capsys):
    from course_lib import data

    for target in (Path(cli.__file__).parent, data.data_dir() / "decks"):
        before = sorted(p.name for p in target.parent.iterdir())
        assert cli.main([command, str(target)]) == 1
        err = capsys.readouterr().err
        assert "choose another folder" in err and "None" not in err
        assert sorted(p.name for p in target.parent.iterdir()) == before


@pytest.mark.parametrize("empty", ["", "  "])
def test_an_empty_output_path_is_refused(empty, capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["slides", empty])
    assert exc.value.code == 2
    assert "give a folder name" in capsys.readouterr().err


def test_usage_error_exits_2(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["fly"])
    assert exc.value.code == 2


def _run_module(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "course_lib", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def test_check_reports_broken_data_without_a_traceback(tmp_path):
    result = _run_module(
        "check", env={"COURSE_LIB_DATA": str(tmp_path), "COURSE_LIB_HOME": str(tmp_path)}
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Course data: PROBLEM" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_check_passes_on_the_shipped_data(tmp_path):
    home = tmp_path / "not" / "yet"
    result = _run_module("check", env={"COURSE_LIB_HOME": str(home)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Everything is in place" in result.stdout
    for item in ("Course data", "Exercise banks", "Map layers", "Saving answers"):
        assert f"{item}: OK" in result.stdout, item
    assert "Interactive widgets: OK" in result.stdout
    assert not (tmp_path / "not").exists()  # the probe cleans up after itself


def _check_in_process(capsys) -> tuple[int, str]:
    code = cli.main(["check"])
    out = capsys.readouterr()
    return code, out.out + out.err


def _assert_problem(code: int, text: str, item: str) -> None:
    assert code == 1, text
    assert f"{item}: PROBLEM" in text and "Everything is in place" not in text
    assert "Traceback" not in text


def test_check_fails_when_answers_cannot_be_saved(tmp_path, monkeypatch, capsys):
    a_file = tmp_path / "progress_here"
    a_file.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("COURSE_LIB_HOME", str(a_file))
    code, text = _check_in_process(capsys)
    _assert_problem(code, text, "Saving answers")
    assert "is a file, not a folder" in text


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs chown (root)")
def test_check_fails_on_another_users_folder(tmp_path, monkeypatch, capsys):
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    os.chown(theirs, 65534, 65534)
    monkeypatch.setenv("COURSE_LIB_HOME", str(theirs))
    code, text = _check_in_process(capsys)
    _assert_problem(code, text, "Saving answers")
    assert "belongs to another user" in text
    assert list(theirs.iterdir()) == []  # nothing written there


def test_check_names_the_one_bad_bank(data_copy, capsys):
    (data_copy / "exercises" / "03_actors.yaml").write_text("questions: [\n", "utf-8")
    code, text = _check_in_process(capsys)
    _assert_problem(code, text, "Exercise bank 03_actors.yaml")
    assert "Exercise banks: OK" in text  # the other banks still load and are counted


def test_check_reads_every_map_layer(data_copy, capsys):
    (data_copy / "geo" / "towns_extra.geojson").write_text('{"features": [{}]}', "utf-8")
    code, text = _check_in_process(capsys)
    _assert_problem(code, text, "Map layers")
    assert "towns_extra.geojson" in text


@pytest.mark.slow
def test_executed_deck_shows_figures_with_alt_text(tmp_path):
    source = tmp_path / "one"
    source.mkdir()
    shutil.copy(REPO / "notebooks" / "00_start_here.ipynb", source)
    out = tmp_path / "decks"
    code = cli.main(["slides", str(out), "--notebooks", str(source), "--execute", "--hide-code"])
    assert code == 0
    deck = (out / "00_start_here.slides.html").read_text(encoding="utf-8")
    assert re.search(r'<img [^>]*alt="[^"]{20,}', deck), "no figure with alt text in the deck"
    assert "cl.timeline_explorer(" not in deck, "--hide-code left code in the deck"
    assert "application/vnd.jupyter.widget-view+json" not in deck  # static views only
    assert not [u for u in _loaded_urls(out / "00_start_here.slides.html") if "://" in u]


def test_missing_package_is_explained(source, tmp_path, capsys, monkeypatch):
    def no_nbconvert(*args, **kwargs):
        raise ImportError("No module named 'nbconvert'", name="nbconvert")

    monkeypatch.setattr(slides, "slides_exporter", no_nbconvert)
    assert cli.main(["slides", str(tmp_path / "out"), "--notebooks", str(source)]) == 1
    assert "pip install nbconvert" in capsys.readouterr().err
