"""Colours stay apart for colour-blind readers; projector mode really enlarges text."""

from __future__ import annotations

import inspect
import itertools

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_rgb  # noqa: E402

from course_lib import style  # noqa: E402

colorspacious = pytest.importorskip("colorspacious")

MIN_DISTANCE = 10.0  # CAM02-UCS ΔE; about 10 reads as "clearly different" on a projector
CVD_TYPES = ("deuteranomaly", "protanomaly", "tritanomaly")
FONT_KEYS = (
    "font.size",
    "axes.titlesize",
    "axes.labelsize",
    "legend.fontsize",
    "xtick.labelsize",
    "ytick.labelsize",
)


def _ucs(colour: str, cvd: str | None) -> np.ndarray:
    rgb = np.array(to_rgb(colour))
    if cvd is not None:
        space = {"name": "sRGB1+CVD", "cvd_type": cvd, "severity": 100}
        # what a screen can show: simulated values outside the gamut are clipped
        rgb = np.clip(colorspacious.cspace_convert(rgb, space, "sRGB1"), 0, 1)
    return colorspacious.cspace_convert(rgb, "sRGB1", "CAM02-UCS")


def _distinct_colours() -> list[str]:
    return sorted({c.upper() for c in style.PALETTE.values()})


def test_palette_has_enough_distinct_colours():
    assert len(_distinct_colours()) >= 8


@pytest.mark.parametrize("cvd", [None, *CVD_TYPES], ids=["normal", *CVD_TYPES])
def test_palette_colours_stay_apart(cvd):
    too_close = []
    for a, b in itertools.combinations(_distinct_colours(), 2):
        distance = float(np.linalg.norm(_ucs(a, cvd) - _ucs(b, cvd)))
        if distance < MIN_DISTANCE:
            names_a = [k for k, v in style.PALETTE.items() if v.upper() == a]
            names_b = [k for k, v in style.PALETTE.items() if v.upper() == b]
            too_close.append(f"{a} {names_a} vs {b} {names_b}: {distance:.1f}")
    assert not too_close, f"under {cvd or 'normal vision'}: " + "; ".join(too_close)


def test_the_check_detects_close_colours():
    # the same measure must flag a known bad pair (red/green under deuteranomaly)
    d = np.linalg.norm(_ucs("#D55E00", "deuteranomaly") - _ucs("#6B8E23", "deuteranomaly"))
    assert d < MIN_DISTANCE


@pytest.fixture
def restore_style():
    saved = {k: matplotlib.rcParams[k] for k in (*FONT_KEYS, "lines.linewidth")}
    was = style.presenting()
    yield
    style.present(was)
    matplotlib.rcParams.update(saved)


def test_present_enlarges_fonts_and_switches_back(restore_style):
    style.present(False)
    normal = {k: float(matplotlib.rcParams[k]) for k in FONT_KEYS}
    assert not style.presenting()
    assert all(size < 16 for size in normal.values()), normal

    style.present()
    assert style.presenting()
    big = {k: float(matplotlib.rcParams[k]) for k in FONT_KEYS}
    assert all(size >= 16 for size in big.values()), big
    assert matplotlib.rcParams["lines.linewidth"] >= 2.5
    assert style.figure_size(8, 5)[0] > 8

    style.present(False)
    assert not style.presenting()
    assert {k: float(matplotlib.rcParams[k]) for k in FONT_KEYS} == normal


def test_public_present_is_the_style_one():
    import course_lib as cl

    # cl.* functions are the modules' own, behind the argument check (inspect.unwrap)
    assert inspect.unwrap(cl.present) is style.present
    assert inspect.unwrap(cl.presenting) is style.presenting


def test_a_figure_says_its_description_once_and_names_the_picture():
    """Alt text and caption both holding the description made screen readers read it twice,
    and viewers without images print the alt in the picture's place: it stood twice there."""
    import html as html_module

    import course_lib as cl

    result = cl.karabakh_map("2022-03-18")
    page = result._repr_mimebundle_()["text/html"]
    assert 'alt="Karabakh as of 18 March 2022 (After the 2020 statement) (described below)"' in page
    assert page.count(html_module.escape(result.alt_text[:60])) == 1
