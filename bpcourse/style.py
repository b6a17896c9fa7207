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


# -- text sizes, in CSS pixels as the page shows them, and in points for matplotlib ----------------

#: Tick labels, legends and annotations: the smallest text anything shows.
SMALL_TEXT_CSS_PX = MIN_TEXT_CSS_PX
#: Axis labels, readout tables, slider labels.
TEXT_CSS_PX = 16
#: Axes titles and demo titles.
TITLE_CSS_PX = 18


def font_points(kind: str = "text") -> float:
    """The matplotlib font size (points) of ``"small"``, ``"text"`` or ``"title"`` text."""
    sizes = {"small": SMALL_TEXT_CSS_PX, "text": TEXT_CSS_PX, "title": TITLE_CSS_PX}
    try:
        return points_for_css_px(sizes[kind])
    except KeyError:
        raise ValueError(f"unknown text kind {kind!r}; choose one of {sorted(sizes)}") from None


def css_px_for_points(points: float) -> float:
    """How many CSS pixels a font of ``points`` takes on the page (the inverse of :func:`points_for_css_px`)."""
    return points * CSS_PX_PER_INCH / 72.0


def figure_rc() -> dict:
    """matplotlib settings for a figure drawn to be projected: text sizes, line widths, the palette.

    Use with ``matplotlib.rc_context(figure_rc())`` while the figure's artists are created.
    """
    from cycler import cycler

    small, text, title = font_points("small"), font_points("text"), font_points("title")
    return {
        "font.size": text, "axes.titlesize": title, "axes.labelsize": text,
        "xtick.labelsize": small, "ytick.labelsize": small, "legend.fontsize": small,
        "legend.title_fontsize": small, "figure.titlesize": title,
        "lines.linewidth": 2.5, "lines.markersize": 10, "axes.linewidth": 1.2,
        "axes.grid": True, "grid.alpha": 0.3,
        "axes.prop_cycle": cycler(color=[PALETTE[name] for name in CYCLE]),
        "image.cmap": "viridis", "mathtext.fontset": "dejavusans",
    }


# -- demos: the figure as the page shows it, and the widgets around it ----------------------------

#: Width in CSS pixels of a demo's slider row (label and track).
CONTROL_CSS_PX = 520
#: Marker sizes (points) of the moving points of a demo: large enough to see from the back row.
MARKER_SIZE = 11
#: Colour of a segment or label that marks a gap, an error or the chosen element.
HIGHLIGHT = PALETTE["vermillion"]


def css_width(figsize_inches: float) -> int:
    """The width in CSS pixels at which a figure ``figsize_inches`` wide is shown."""
    return int(round(figsize_inches * CSS_PX_PER_INCH))


def demo_css(scope: str) -> str:
    """CSS that gives every control, readout and caption inside ``.{scope}`` readable text."""
    return (f".{scope} {{ --jp-widgets-font-size: {TEXT_CSS_PX}px; --jp-widgets-inline-height: 32px; }}\n"
            f".{scope} .widget-label, .{scope} .widget-readout, .{scope} select, .{scope} button, "
            f".{scope} .widget-html-content {{ font-size: {TEXT_CSS_PX}px; }}\n"
            f".{scope} .bpcourse-title {{ font-size: {TITLE_CSS_PX}px; font-weight: bold; margin: 4px 0; }}\n"
            f".{scope} table.bpcourse-readout {{ font-size: {TEXT_CSS_PX}px; border-collapse: collapse; }}\n"
            f".{scope} table.bpcourse-readout th {{ text-align: left; font-weight: normal; padding: 2px 1em 2px 0; }}\n"
            f".{scope} table.bpcourse-readout td {{ padding: 2px 0; }}\n"
            f".{scope} .bpcourse-sr-only {{ position: absolute; width: 1px; height: 1px; overflow: hidden; "
            f"clip: rect(0, 0, 0, 0); white-space: nowrap; }}\n"
            f".{scope} .bpcourse-status {{ font-size: {TEXT_CSS_PX}px; margin: 4px 0; min-height: 1.4em; }}\n")
