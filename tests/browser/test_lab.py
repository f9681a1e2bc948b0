"""Every notebook, run in a real JupyterLab in headless Chromium, the way a student runs it.

For each notebook: Run All, wait for the kernel to go idle, then check that no cell output
is an error, no widget callback raised (read from the kernel's iopub channel in the page and
from the kernel log), every widget rendered, and a figure is visible where the notebook draws
one. Then the two interactions students rely on most: answer a quiz, move the map's date.
Screenshots go to tests/artifacts/ (gitignored).
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from . import a11y
from .conftest import ARTIFACTS, REPO

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
IDS = [p.stem for p in NOTEBOOKS]
KEEP_OPEN = ("02", "04")  # notebooks the interaction tests reuse
RUN_TIMEOUT = 300  # seconds for one notebook's Run All (maps on 2 cores are the slowest)
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
LOG_PROBLEMS = re.compile(r"Exception in comm_msg|Exception in comm_open|Traceback \(most recent")

pytestmark = pytest.mark.browser

# --- JavaScript run in the page (window.jupyterapp exists: expose_app_in_browser) ----------
JS_FIND_PANEL = """(path) => {
  const app = window.jupyterapp;
  if (!app || !app.shell) return false;
  const panel = Array.from(app.shell.widgets('main')).find(
    w => w.context && w.context.path === path && w.content && w.sessionContext);
  if (!panel || !panel.context.isReady) return false;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  if (!kernel || kernel.status !== 'idle') return false;
  window.__panel = panel;
  return true;
}"""
# Exceptions inside widget callbacks never reach a cell. Button callbacks send an `error`
# message; an observer's exception is logged by the comm manager to stderr, which ipykernel
# sends as a `stream` message. Both have a comm message as parent: catch them here.
JS_LISTEN = """() => {
  const kernel = window.__panel.sessionContext.session.kernel;
  window.__commErrors = [];
  kernel.iopubMessage.connect((_, msg) => {
    const parent = msg.parent_header || {};
    if (!String(parent.msg_type).startsWith('comm_')) return;
    const type = msg.header.msg_type, content = msg.content || {};
    if (type === 'error') {
      window.__commErrors.push(content.ename + ': ' + content.evalue);
    } else if (type === 'stream' && content.name === 'stderr'
               && /Traceback|Exception in comm/.test(content.text)) {
      window.__commErrors.push(content.text.slice(-500));
    }
  });
  return true;
}"""
JS_RUN_ALL = """() => {
  window.jupyterapp.shell.activateById(window.__panel.id);
  window.jupyterapp.commands.execute('notebook:run-all-cells');  // fired, not awaited
  return true;
}"""
JS_PROGRESS = """() => {
  const panel = window.__panel;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  const cells = panel.content.widgets.filter(c => c.model.type === 'code');
  const prompts = Array.from(panel.node.querySelectorAll('.jp-InputPrompt'));
  return {
    status: kernel ? kernel.status : 'none',
    pending: prompts.filter(p => p.textContent.includes('*')).length,
    ran: cells.filter(c => c.model.executionCount !== null).length,
    total: cells.length,
  };
}"""
JS_OUTPUTS = """() => window.__panel.content.widgets
  .filter(c => c.model.type === 'code').map(c => c.model.outputs.toJSON())"""
JS_RENDERED = """() => {
  const node = window.__panel.node;
  const areas = Array.from(node.querySelectorAll('.jp-Cell-outputArea'));
  const imgs = Array.from(node.querySelectorAll('.jp-OutputArea-output img'));
  return {
    widgets: node.querySelectorAll('.jp-OutputArea-output > .jupyter-widgets').length,
    widgetErrors: areas.filter(a => a.innerText.includes('Error displaying widget')).length,
    images: imgs.filter(i => i.complete && i.naturalWidth > 0).length,
    text: areas.map(a => a.innerText).join('\\n'),
  };
}"""
JS_SCROLL_HEIGHT = """() => {
  const panel = window.__panel.node;
  const scroller = panel.querySelector('.jp-WindowedPanel-outer') || panel;
  return scroller.scrollHeight;
}"""
JS_SCROLL_TOP = """() => {
  const panel = window.__panel.node;
  const scroller = panel.querySelector('.jp-WindowedPanel-outer') || panel;
  scroller.scrollTop = 0;
  return true;
}"""


class OpenNotebook:
    """One notebook open in its own page, run top to bottom."""

    def __init__(self, page, name: str, lab):
        self.page, self.name, self.lab = page, name, lab
        self.console_errors: list[str] = []
        page.on("pageerror", self._page_error)

    def _page_error(self, exc) -> None:
        if "ResizeObserver loop" not in str(exc):  # benign layout notice from Chromium
            self.console_errors.append(str(exc))

    def open(self) -> None:
        url = f"{self.lab.url}/lab/tree/{self.name}?token={self.lab.token}"
        self.page.goto(url, wait_until="domcontentloaded", timeout=90_000)
        self.page.wait_for_function(JS_FIND_PANEL, arg=self.name, timeout=120_000, polling=500)
        self.page.evaluate(JS_LISTEN)

    def run_all(self) -> dict:
        started = time.monotonic()
        self.page.evaluate(JS_RUN_ALL)
        last, stable = None, 0
        while time.monotonic() - started < RUN_TIMEOUT:
            time.sleep(1.0)
            progress = self.page.evaluate(JS_PROGRESS)
            done = progress["status"] == "idle" and progress["pending"] == 0 and progress["ran"]
            stable = stable + 1 if done and progress == last else 0
            last = progress
            if stable >= 2:  # idle, nothing queued, unchanged for two polls
                progress["seconds"] = round(time.monotonic() - started, 1)
                return progress
        pytest.fail(f"{self.name}: Run All did not finish in {RUN_TIMEOUT} s ({last})")

    def outputs(self) -> list[list[dict]]:
        return self.page.evaluate(JS_OUTPUTS)

    def rendered(self) -> dict:
        return self.page.evaluate(JS_RENDERED)

    def comm_errors(self) -> list[str]:
        return self.page.evaluate("() => window.__commErrors")

    def screenshot(self, suffix: str = "") -> Path:
        height = min(self.page.evaluate(JS_SCROLL_HEIGHT) + 200, 16_000)
        self.page.set_viewport_size({"width": 1280, "height": max(900, height)})
        self.page.evaluate(JS_SCROLL_TOP)  # Run All leaves the panel scrolled to the end
        self.page.wait_for_timeout(500)
        path = ARTIFACTS / f"{Path(self.name).stem}{suffix}.png"
        self.page.screenshot(path=str(path))
        self.page.set_viewport_size({"width": 1280, "height": 900})
        return path


@pytest.fixture(scope="module")
def opened(lab, browser_context):
    """Notebooks already run, by file name (each opened once, reused by later tests)."""
    cache: dict[str, OpenNotebook] = {}
    runs: dict[str, dict] = {}

    def get(name: str) -> tuple[OpenNotebook, dict]:
        if name not in cache:
            nb = OpenNotebook(browser_context.new_page(), name, lab)
            nb.open()
            runs[name] = nb.run_all()
            cache[name] = nb
        return cache[name], runs[name]

    def release(name: str) -> None:
        """Close a notebook no later test needs, and stop its kernel (saves memory)."""
        if any(name.startswith(prefix) for prefix in KEEP_OPEN) or name not in cache:
            return
        cache.pop(name).page.close()
        for session in lab.api("GET", "/api/sessions"):
            if session.get("path", "").endswith(name):
                lab.api("DELETE", f"/api/sessions/{session['id']}")

    get.release = release  # type: ignore[attr-defined]
    yield get
    for nb in cache.values():
        nb.page.close()


def _error_outputs(outputs: list[list[dict]]) -> list[str]:
    found = []
    for i, cell in enumerate(outputs):
        for out in cell:
            if out.get("output_type") == "error":
                found.append(f"code cell {i}: {out.get('ename')}: {out.get('evalue')}")
    return found


def _figure_outputs(outputs: list[list[dict]]) -> int:
    """Outputs that draw a figure: a PNG, or HTML with an image (a figure with its alt text,
    or the static fallback a live view carries beside its widget)."""
    count = 0
    for cell in outputs:
        for out in cell:
            data = out.get("data", {})
            html = data.get("text/html", "")
            html = "".join(html) if isinstance(html, list) else html
            count += "image/png" in data or "<img" in html
    return count


@pytest.mark.parametrize("name", [p.name for p in NOTEBOOKS], ids=IDS)
def test_notebook_runs_in_lab(name, opened, lab, browser_context):
    try:
        _check_notebook(name, opened, lab, browser_context)
    finally:
        opened.release(name)


def _check_notebook(name, opened, lab, browser_context):
    nb, progress = opened(name)
    shot = nb.screenshot()
    outputs = nb.outputs()
    assert progress["ran"] == progress["total"], f"{name}: not every cell ran ({progress})"
    assert _error_outputs(outputs) == [], f"{name}: error outputs (see {shot})"

    rendered = nb.rendered()
    widget_outputs = sum(WIDGET_VIEW in out.get("data", {}) for cell in outputs for out in cell)
    assert rendered["widgetErrors"] == 0, f"{name}: 'Error displaying widget' (see {shot})"
    assert rendered["widgets"] >= widget_outputs, (
        f"{name}: {widget_outputs} widget outputs but {rendered['widgets']} rendered widgets"
    )
    # a widget whose frontend is missing shows its Python repr instead
    assert not re.search(r"\b[A-Z]\w+\(\s*(value|children|layout)=", rendered["text"]), name
    figures = _figure_outputs(outputs)
    assert rendered["images"] >= figures, (
        f"{name}: {figures} outputs draw a figure, {rendered['images']} images visible ({shot})"
    )

    assert nb.comm_errors() == [], f"{name}: a widget callback raised"
    assert not LOG_PROBLEMS.search(lab.new_log()), f"{name}: kernel log shows an exception"
    assert not nb.console_errors, f"{name}: JavaScript errors: {nb.console_errors[:3]}"
    assert not browser_context.blocked_requests, (
        f"requests to the internet: {browser_context.blocked_requests[:5]}"
    )
    print(f"{name}: {progress}, {rendered['widgets']} widgets, {rendered['images']} images")
    _audit_outputs(nb.page, name)


def _audit_outputs(page, name: str) -> None:
    """axe-core on the course's outputs after Run All, light and dark (branch `site`, #14).
    JupyterLab's own interface is audited apart and only reported (see a11y.UPSTREAM_LAB)."""
    for audit in a11y.audit_lab(page, name):
        if audit.scope != "course outputs":
            continue
        unexplained, _ = a11y.split_known(audit)
        assert not unexplained, (
            f"{name} ({audit.theme}): serious accessibility problems in the course's "
            f"outputs:\n{a11y.describe(unexplained)}"
        )


# --- interactions ----------------------------------------------------------------------


def _needs(notebook_prefix: str, module: str) -> str:
    """The notebook's file name, or skip saying what is missing."""
    match = [p.name for p in NOTEBOOKS if p.name.startswith(notebook_prefix)]
    if not match:
        pytest.skip(f"notebook {notebook_prefix}_*.ipynb does not exist yet")
    if not (REPO / "course_lib" / "ui" / module).exists():
        pytest.skip(f"course_lib/ui/{module} does not exist yet")
    return match[0]


def _widget_roots(page):
    """The top-level widget of each widget output."""
    return page.locator(".jp-OutputArea-output > .jupyter-widgets")


def _assert_clean(nb: OpenNotebook, lab, what: str) -> None:
    assert nb.comm_errors() == [], f"{what}: a widget callback raised"
    assert not LOG_PROBLEMS.search(lab.new_log()), f"{what}: kernel log shows an exception"


def test_quiz_answer_shows_feedback(opened, lab):
    name = _needs("04", "quiz_view.py")
    nb, _ = opened(name)
    page = nb.page
    quizzes = (
        _widget_roots(page)
        .filter(has=page.locator(".widget-radio-box"))
        .filter(has=page.get_by_role("button", name="Check"))
    )
    assert quizzes.count() >= 1, f"{name}: no multiple-choice quiz widget found"
    quiz = quizzes.first
    # the innermost box holding one question: its radio buttons, Check button and feedback
    question = (
        quiz.locator(".widget-vbox")
        .filter(has=page.locator(".widget-radio-box"))
        .filter(has=page.get_by_role("button", name="Check"))
        .last
    )
    question.scroll_into_view_if_needed()
    feedback = question.locator("[role=status]")
    assert feedback.count() == 0, "feedback shown before any answer"
    question.locator(".widget-radio-box label").first.click()
    question.get_by_role("button", name="Check").first.click()
    feedback.first.wait_for(state="visible", timeout=30_000)
    text = feedback.first.inner_text().strip()
    assert len(text) > 10, f"feedback too short: {text!r}"
    assert "Something went wrong" not in question.inner_text()
    question.screenshot(path=str(ARTIFACTS / "quiz_feedback.png"))
    _assert_clean(nb, lab, f"{name} quiz")


def test_map_date_control_changes_the_map(opened, lab):
    name = _needs("02", "map_view.py")
    nb, _ = opened(name)
    page = nb.page
    maps = (
        _widget_roots(page).filter(has=page.locator(".noUi-handle")).filter(has=page.locator("img"))
    )
    assert maps.count() >= 1, f"{name}: no map widget with a date slider found"
    view = maps.first
    view.scroll_into_view_if_needed()
    image = view.locator("img").first
    readout = view.locator(".widget-readout").first
    line = view.locator("[aria-live]").first  # the date shown beside the image
    before_src, before_date = image.get_attribute("src"), readout.inner_text()
    before_line = line.inner_text()
    handle = view.locator(".noUi-handle").first
    handle.focus()
    page.keyboard.press("ArrowLeft")  # one month earlier; the slider never starts at its left end
    # inside one state only the date line changes (the image is reused); across one, both
    page.wait_for_function(
        "([line, text]) => line.isConnected === false || line.innerText !== text",
        arg=[line.element_handle(), before_line],
        timeout=60_000,
        polling=250,
    )
    after_date = readout.inner_text()
    assert after_date != before_date, f"the date readout stayed at {before_date}"
    assert line.inner_text() != before_line, "the date line did not follow the slider"
    assert image.get_attribute("alt"), "the explorer's picture has no alt text"
    for _ in range(30):  # far enough back (to 2019) to reach another state: a new image
        page.keyboard.press("ArrowLeft")
    page.wait_for_function(  # the picture is replaced by one of the new state
        "([root, src]) => { const img = root.querySelector('img');"
        " return img.getAttribute('src') !== src && img.complete && img.naturalWidth > 0; }",
        arg=[view.element_handle(), before_src],
        timeout=60_000,
        polling=250,
    )
    assert "Sorry" not in view.inner_text(), view.inner_text()[:300]
    view.screenshot(path=str(ARTIFACTS / "map_after_slider.png"))
    _assert_clean(nb, lab, f"{name} map slider")


def test_harness_catches_widget_callback_errors(lab, browser_context):
    """The checks above can fail: a probe notebook whose widgets raise is caught both ways
    (an error message from a button callback, a stderr traceback from a slider observer)."""
    import nbformat

    probe = nbformat.v4.new_notebook()
    probe.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    probe.cells = [
        nbformat.v4.new_code_cell(
            "import ipywidgets as w\n"
            "button = w.Button(description='Boom')\n"
            "button.on_click(lambda _: 1 / 0)\n"
            "slider = w.IntSlider(description='Bad')\n"
            "slider.observe(lambda change: {}['missing'], names='value')\n"
            "w.VBox([button, slider])"
        )
    ]
    name = "zz_probe_harness.ipynb"
    nbformat.write(probe, lab.root / name)
    nb = OpenNotebook(browser_context.new_page(), name, lab)
    try:
        nb.open()
        nb.run_all()
        lab.new_log()
        page = nb.page
        page.get_by_role("button", name="Boom").click()
        page.wait_for_function("() => window.__commErrors.length > 0", timeout=30_000)
        assert "ZeroDivisionError" in nb.comm_errors()[0]
        page.locator(".noUi-handle").first.focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function("() => window.__commErrors.length > 1", timeout=30_000)
        assert "KeyError" in nb.comm_errors()[1]
    finally:
        nb.page.close()
        (lab.root / name).unlink()


# --- keyboard and audit bookkeeping (branch `site`, #14) ---------------------------------

JS_FOCUSABLE = """(root) => Array.from(root.querySelectorAll(
  'button, input, select, textarea, [tabindex]:not([tabindex="-1"])'))
  .filter(e => !e.disabled && e.offsetParent !== null)"""


def _tab_through(page, root, limit: int = 60) -> tuple[int, int]:
    """Tab from the first control of ``root`` until focus leaves it: (reached, controls)."""
    controls = root.evaluate_handle(JS_FOCUSABLE)
    total = controls.evaluate("list => list.length")
    assert total > 0, "no keyboard controls found"
    controls.evaluate("list => list[0].focus()")
    reached = set()
    for _ in range(limit):
        index = controls.evaluate("list => list.indexOf(document.activeElement)")
        inside = root.evaluate("(r) => r.contains(document.activeElement)")
        if not inside:
            break
        if index >= 0:
            reached.add(index)
        page.keyboard.press("Tab")
    return len(reached), total


def _first_question(page):
    # one question's own box: its radio buttons are a direct child
    question = _widget_roots(page).locator(".widget-vbox:has(> .widget-radio)").first
    question.scroll_into_view_if_needed()
    return question


def test_quiz_reachable_by_tab(opened, lab):
    name = _needs("04", "quiz_view.py")
    nb, _ = opened(name)
    question = _first_question(nb.page)
    reached, total = _tab_through(nb.page, question.element_handle())
    assert reached == total, f"Tab reached {reached} of {total} controls in the quiz"


JS_ATTEMPTS = """(root) => {
  const found = /attempts so far: (\\d+)/.exec(root.innerText);
  return found ? Number(found[1]) : 0;
}"""


def test_quiz_operable_by_keyboard(opened, lab):
    """Arrow keys choose an option (JupyterLab's command mode would move to another cell);
    Enter and Space on Check give feedback on that option."""
    name = _needs("04", "quiz_view.py")
    nb, _ = opened(name)
    page = nb.page
    question = _first_question(page)
    radios = question.locator("input[type=radio]")
    radios.first.focus()
    page.keyboard.press("ArrowDown")  # radio groups: arrows move and select
    page.keyboard.press("ArrowDown")
    assert question.locator("input[type=radio]:checked").count() == 1, "arrow keys chose nothing"
    assert radios.nth(2).evaluate("e => e.checked && e === document.activeElement"), (
        "the arrows left the quiz (the notebook's command mode took them)"
    )
    active = "() => (document.activeElement.innerText || '').trim()"
    for _ in range(6):  # Tab on to the Check button
        page.keyboard.press("Tab")
        if page.evaluate(active) == "Check":
            break
    assert page.evaluate(active) == "Check", "Tab did not reach the Check button"
    root = question.element_handle()
    before = root.evaluate(JS_ATTEMPTS)  # an earlier test may have answered this question
    for key, attempts in (("Enter", before + 1), ("Space", before + 2)):
        page.keyboard.press(key)
        page.wait_for_function(
            f"([root, n]) => ({JS_ATTEMPTS})(root) === n", arg=[root, attempts], timeout=10_000
        )
    status = question.locator("[role=status]").first.inner_text()
    assert "No answer yet" not in status, "the arrows' choice did not reach Python"
    question.screenshot(path=str(ARTIFACTS / "quiz_by_keyboard.png"))
    _assert_clean(nb, lab, f"{name} quiz by keyboard")


def test_explorer_works_from_the_keyboard(opened, lab):
    name = _needs("02", "map_view.py")
    nb, _ = opened(name)
    page = nb.page
    view = (
        _widget_roots(page).filter(has=page.locator(".noUi-handle")).filter(has=page.locator("img"))
    ).first
    view.scroll_into_view_if_needed()
    reached, total = _tab_through(page, view.element_handle())
    assert reached == total, f"Tab reached {reached} of {total} controls in the map explorer"
    image = view.locator("img").first
    line = view.locator("[aria-live]").first  # the date beside the image (same state: no redraw)
    before_line = line.inner_text()
    view.locator(".noUi-handle").first.focus()
    page.keyboard.press("ArrowLeft")
    page.wait_for_function(
        "([line, text]) => line.isConnected === false || line.innerText !== text",
        arg=[line.element_handle(), before_line],
        timeout=60_000,
    )
    buttons = view.locator("button")
    assert buttons.count(), "the map explorer has key-date buttons"
    before_line = line.inner_text()
    buttons.first.focus()
    page.keyboard.press("Enter")  # a key-date button, pressed from the keyboard, moves the map
    page.wait_for_function(
        "([line, text]) => line.isConnected === false || line.innerText !== text",
        arg=[line.element_handle(), before_line],
        timeout=60_000,
    )
    assert image.get_attribute("alt"), "the explorer's picture has no alt text"
    _assert_clean(nb, lab, f"{name} explorer by keyboard")


# a control's text wider than its box is cut ("14 Jan 20…"); a <select> shows only the chosen
# option, so its text is measured against the box less the arrow
OVERFLOWING_CONTROLS = """root => {
  const cut = [];
  const ctx = document.createElement('canvas').getContext('2d');
  for (const el of root.querySelectorAll(
      'button, label, .widget-label, .widget-readout, .widget-html-content, select')) {
    if (!el.offsetParent) continue;  // not shown
    if (el.tagName === 'SELECT') {
      const css = getComputedStyle(el);
      ctx.font = css.font;
      const text = el.options[el.selectedIndex]?.text || '';
      const room = el.clientWidth - parseFloat(css.paddingLeft) - parseFloat(css.paddingRight);
      if (ctx.measureText(text).width > room + 1) cut.push('menu: ' + text);
    } else if (el.scrollWidth > el.clientWidth + 1) {
      cut.push((el.innerText || el.textContent).trim().slice(0, 40));
    }
  }
  return cut;
}"""


@pytest.mark.parametrize(("prefix", "module"), [("02", "map_view.py"), ("03", "actor_view.py")])
def test_explorer_controls_are_not_cut(prefix, module, opened, lab):
    """No explorer control's text overflows its box (scrollWidth > clientWidth), #15."""
    name = _needs(prefix, module)
    nb, _ = opened(name)
    page = nb.page
    views = page.locator(".course-explorer")
    assert views.count() >= 1, f"{name}: no explorer found"
    for i in range(views.count()):
        view = views.nth(i)
        view.scroll_into_view_if_needed()
        cut = view.evaluate(OVERFLOWING_CONTROLS)
        assert cut == [], f"{name}: controls with cut-off text: {cut}"
    views.first.screenshot(path=str(ARTIFACTS / f"explorer_controls_{prefix}.png"))


def test_known_lab_violations_still_seen():
    """Each known course-output violation (a11y.KNOWN_COURSE) was seen in this run's audits;
    one that no longer appears has been fixed and should leave the list."""
    audits = [a for a in a11y.RESULTS if a.scope == "course outputs"]
    if len({a.where for a in audits}) < len(NOTEBOOKS):
        pytest.skip("not every notebook was audited in this run")
    used: set[str] = set()
    for audit in audits:
        used.update(a11y.split_known(audit)[1])
    stale = [fix for fix in a11y.KNOWN_COURSE.values() if fix not in used]
    assert not stale, f"fixed upstream or by its owner, remove from a11y.KNOWN_COURSE: {stale}"
