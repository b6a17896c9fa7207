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

#: Text sizes by role, in CSS pixels as the page shows them; none is below MIN_TEXT_CSS_PX.
TEXT_CSS_PX = {"tick": 15, "legend": 15, "annotation": 15, "label": 17, "title": 18}
#: The widest a static figure may be, in CSS pixels. A wider image is shrunk to the output area
#: (JupyterLab, Voilà: ``max-width: 100%``), and its text with it. JupyterLab 4 leaves an image 828 CSS px
#: in a window 1280 CSS px wide with the file browser open (a 1920-pixel projector at 150 % zoom), and
#: 824 in one 1024 px wide with the file browser closed.
MAX_FIGURE_WIDTH_CSS_PX = 820
#: Image pixels per CSS pixel of the static figures a notebook shows inline (IPython's "retina" factor).
INLINE_PIXELS_PER_CSS_PX = 2.0
#: Line styles and markers that go with the cycle's colours, so that lines differ by more than colour.
LINESTYLES = ("-", "--", "-.", ":")
MARKERS = ("o", "s", "^", "D", "v", "P", "X")


def font_size(role: str) -> float:
    """The font size in points of a text role (``"tick"``, ``"legend"``, ``"annotation"``, ``"label"``, ``"title"``)."""
    try:
        return points_for_css_px(TEXT_CSS_PX[role])
    except KeyError:
        raise ValueError(f"unknown text role {role!r}; choose one of {sorted(TEXT_CSS_PX)}") from None


def rc_params() -> dict:
    """matplotlib settings that give any figure (pyplot's too) the course's sizes, fonts and colours.

    ``figure.dpi`` is :data:`CSS_PX_PER_INCH`, so an inch of figure is that many CSS pixels on the
    page and a font of p points shows as p · CSS_PX_PER_INCH / 72 CSS pixels.
    """
    from cycler import cycler

    return {
        "figure.dpi": CSS_PX_PER_INCH,
        "figure.figsize": (7.5, 4.2),
        "font.size": font_size("annotation"),
        "axes.titlesize": font_size("title"),
        "axes.labelsize": font_size("label"),
        "xtick.labelsize": font_size("tick"),
        "ytick.labelsize": font_size("tick"),
        "legend.fontsize": font_size("legend"),
        "legend.title_fontsize": font_size("legend"),
        "figure.titlesize": font_size("title"),
        "axes.prop_cycle": cycler(color=[PALETTE[name] for name in CYCLE]),
        "lines.linewidth": 2.5,
        "lines.markersize": 8,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "image.cmap": "viridis",
    }


def notebook_defaults() -> None:
    """Apply :func:`rc_params` and, inside a Jupyter kernel, show figures as sharp images with a text alternative.

    In a kernel it selects the inline backend and has every matplotlib ``Figure`` left as a cell's
    last expression (or shown by pyplot) displayed as a PNG of :data:`INLINE_PIXELS_PER_CSS_PX`
    pixels per CSS pixel, with its width in CSS pixels and its text alternative
    (see :func:`bpcourse.plots.display.figure_bundle`). Outside a kernel it changes only rcParams.
    """
    import matplotlib

    matplotlib.rcParams.update(rc_params())
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None or not hasattr(shell, "kernel"):
        return
    shell.run_line_magic("matplotlib", "inline")
    from bpcourse.plots.display import install

    install(shell)


def css_px_for_points(points: float) -> float:
    """How many CSS pixels a font of ``points`` takes on the page (the inverse of :func:`points_for_css_px`)."""
    return points * CSS_PX_PER_INCH / 72.0


# -- slider demos: the figure as the page shows it, and the widgets around it ----------------------

#: The widest a demo's figure is, in CSS pixels: as wide as a static figure may be, so that the page
#: never shrinks it (nor its text); the readout table wraps below it where there is no room beside.
MAX_DEMO_WIDTH_CSS_PX = MAX_FIGURE_WIDTH_CSS_PX
#: Text of a demo's controls, readout table and status line, in CSS pixels.
DEMO_TEXT_CSS_PX = 16
#: Width in CSS pixels of a demo's slider row (label and track).
CONTROL_CSS_PX = 520
#: Marker size (points) of the moving points of a demo: large enough to see from the back row.
MARKER_SIZE = 11
#: Colour of a segment or label that marks a gap, an error or the chosen element.
HIGHLIGHT = PALETTE["vermillion"]


def demo_rc() -> dict:
    """:func:`rc_params` for a demo's figure, whose width the page shows as it is (see :func:`css_width`)."""
    params = rc_params()
    params.pop("figure.dpi")                 # a demo's Figure is rendered at DPI, set where it is made
    params.pop("figure.figsize")
    params["lines.markersize"] = MARKER_SIZE
    params["mathtext.fontset"] = "dejavusans"
    return params


def css_width(figsize_inches: float) -> int:
    """The width in CSS pixels at which a figure ``figsize_inches`` wide is shown."""
    return int(round(figsize_inches * CSS_PX_PER_INCH))


def demo_css(scope: str) -> str:
    """CSS that gives every control, readout and caption inside ``.{scope}`` readable text."""
    text, title = DEMO_TEXT_CSS_PX, TEXT_CSS_PX["title"]
    return (f".{scope} {{ --jp-widgets-font-size: {text}px; --jp-widgets-inline-height: 32px; }}\n"
            f".{scope} .widget-label, .{scope} .widget-readout, .{scope} select, .{scope} button, "
            f".{scope} .widget-html-content {{ font-size: {text}px; }}\n"
            f".{scope} .bpcourse-title {{ font-size: {title}px; font-weight: bold; margin: 4px 0; }}\n"
            f".{scope} table.bpcourse-readout {{ font-size: {text}px; border-collapse: collapse; }}\n"
            f".{scope} table.bpcourse-readout th {{ text-align: left; font-weight: normal; padding: 2px 1em 2px 0; }}\n"
            f".{scope} table.bpcourse-readout td {{ padding: 2px 0; }}\n"
            f".{scope} .bpcourse-sr-only {{ position: absolute; width: 1px; height: 1px; overflow: hidden; "
            f"clip: rect(0, 0, 0, 0); white-space: nowrap; }}\n"
            f".{scope} .bpcourse-status {{ font-size: {text}px; margin: 4px 0; min-height: 1.4em; }}\n")
