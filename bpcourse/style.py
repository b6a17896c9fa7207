"""One place for the sizes, fonts and colours of every figure and demo in the course.

A projected figure must be readable from the back of a lecture hall and sharp when the
browser is zoomed. Sizes here are in *CSS pixels* as the page shows them, and every image
carries :data:`PIXELS_PER_CSS_PX` image pixels per CSS pixel.

Colours are the Okabe–Ito palette, which stays distinguishable for the common forms of
colour blindness; never let colour alone carry a meaning that a label or marker shape
does not also carry.
"""

from __future__ import annotations

#: The smallest text any figure or demo shows, in CSS pixels.
MIN_TEXT_CSS_PX = 14
#: How many CSS pixels one inch of a figure takes on the page.
CSS_PX_PER_INCH = 100
#: Image pixels per CSS pixel (1.5 keeps text sharp at 150 % browser zoom).
PIXELS_PER_CSS_PX = 1.5
#: The dpi at which figures are rendered: CSS_PX_PER_INCH × PIXELS_PER_CSS_PX.
DPI = CSS_PX_PER_INCH * PIXELS_PER_CSS_PX

#: Okabe–Ito: black, orange, sky blue, bluish green, yellow, blue, vermillion, reddish purple.
PALETTE = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "grey": "#777777",
}
#: The order in which lines of one plot take their colours.
CYCLE = ("blue", "vermillion", "green", "orange", "purple", "sky", "black")


def colour(name: str) -> str:
    """The hex colour of a palette name (``"blue"``), or of the i-th colour of the cycle (``"C0"``)."""
    if name.startswith("C") and name[1:].isdigit():
        return PALETTE[CYCLE[int(name[1:]) % len(CYCLE)]]
    try:
        return PALETTE[name]
    except KeyError:
        raise ValueError(f"unknown colour {name!r}; choose one of {sorted(PALETTE)} or C0..C{len(CYCLE) - 1}") \
            from None


def points_for_css_px(css_px: float) -> float:
    """The font size in points that shows as ``css_px`` CSS pixels on the page."""
    return css_px * 72.0 / CSS_PX_PER_INCH
