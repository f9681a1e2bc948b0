"""Plain colour words for alt text and legend descriptions, made from the colour drawn.

Figure descriptions name colours ("an orange triangle"); writing the word by hand lets it
drift from the colour actually used (the map once said "red" for an orange marker). These
words are computed from the hex value, after compositing any transparency over the colour
behind it, so a description follows the palette whatever it becomes.

Example:
    >>> colour_name("#D55E00"), colour_name("#CC79A7", alpha=0.55)
    ('reddish orange', 'pink')
"""

from __future__ import annotations

import colorsys

from matplotlib.colors import to_rgb

# Hue ranges (degrees, upper bound exclusive) and their plain names.
_HUES = (
    (12, "red"),
    (33, "reddish orange"),
    (46, "orange"),
    (68, "yellow"),
    (85, "yellowish green"),
    (150, "green"),
    (178, "bluish green"),
    (195, "turquoise"),
    (245, "blue"),
    (275, "indigo"),
    (300, "purple"),
    (345, "pink"),
    (361, "red"),
)


def composite(colour: str, alpha: float = 1.0, over: str = "#FFFFFF") -> tuple[float, float, float]:
    """The RGB (0-1) a colour with ``alpha`` shows over an opaque ``over`` colour."""
    top, under = to_rgb(colour), to_rgb(over)
    return tuple(alpha * t + (1 - alpha) * u for t, u in zip(top, under, strict=True))  # type: ignore[return-value]


def colour_name(colour: str, alpha: float = 1.0, over: str = "#FFFFFF") -> str:
    """A plain name for ``colour`` as drawn (with ``alpha`` over ``over``): a hue word such as
    'orange' or 'blue', with 'light' or 'dark' where that helps; greys by lightness.

    Example:
        >>> [colour_name(c) for c in ("#000000", "#666666", "#0072B2", "#56B4E9")]
        ['black', 'grey', 'blue', 'light blue']
    """
    r, g, b = composite(colour, alpha, over)
    hue, light, sat = colorsys.rgb_to_hls(r, g, b)
    chroma = max(r, g, b) - min(r, g, b)
    if chroma < 0.06 or sat < 0.1:  # no hue worth naming
        if light < 0.15:
            return "black"
        if light > 0.93:
            return "white"
        return "light grey" if light > 0.75 else "dark grey" if light < 0.3 else "grey"
    degrees = hue * 360
    word = next(name for limit, name in _HUES if degrees < limit)
    if sat < 0.3:  # muted: a grey with a tint
        word = "brown" if degrees < 46 or degrees >= 345 else word
        return f"greyish {word}"
    if light < 0.3 and degrees < 46:
        return "brown" if word != "red" else "dark red"
    if light > 0.7 or (light > 0.6 and word in ("blue", "bluish green", "turquoise")):
        return word if word in ("yellow", "pink") else f"light {word}"
    if light < 0.25:
        return f"dark {word}"
    return word
