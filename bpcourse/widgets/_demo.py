"""The machinery every slider demo shares: build the figure once, update it in place.

A demo is a :class:`Demo`: a row of controls, the figure rendered as a PNG into an
``ipywidgets.Image``, a table of the numbers the figure shows, and one sentence that says
what the last move changed. Its ``update`` function changes artists in place (``set_ydata``,
``set_offsets`` …) and returns the numbers; the Demo redraws and re-renders. All of it runs in
the kernel, synchronously, so setting ``slider.value`` from Python updates ``demo.readout``
and ``demo.png`` at once, with no browser attached.

Sizes and colours come from :mod:`bpcourse.style`: figures are rendered at ``style.DPI`` and
the Image is told its width in CSS pixels, so the page shows ``style.PIXELS_PER_CSS_PX`` image
pixels per CSS pixel and text at the sizes the style module names.
"""

from __future__ import annotations

import functools
import html
import struct
import time
import zlib
from typing import Callable

import ipywidgets as widgets
import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bpcourse import style
from bpcourse.widgets._symbols import Html

#: The CSS class of every demo's outer box (its style sheet is scoped to it).
DEMO_CLASS = "bpcourse-demo"
#: Backgrounds kept per demo (each is a full RGBA copy of the figure, a few MB at the demo dpi).
MAX_BACKGROUNDS = 6


def styled(build: Callable) -> Callable:
    """Decorator for a demo function: its figure is built with :func:`bpcourse.style.demo_rc`."""
    @functools.wraps(build)
    def wrapper(*args, **kwargs):
        with matplotlib.rc_context(style.demo_rc()):
            return build(*args, **kwargs)
    return wrapper


def style_axes(*axes) -> None:
    """Tick labels at the style's small size, also for ticks matplotlib creates later, at draw time."""
    for ax in axes:
        ax.tick_params(which="both", labelsize=style.font_size("tick"))


def new_figure(ncols: int = 1, nrows: int = 1, figsize=(9.6, 4.4), dpi: float | None = None, **kwargs):
    """A Figure with its own Agg canvas (not registered with pyplot, so never shown twice).

    Rendered at ``style.DPI`` unless ``dpi`` is given; the page shows it ``figsize[0]`` ×
    ``style.CSS_PX_PER_INCH`` CSS pixels wide. Call ``fig.tight_layout()`` once after labelling
    the axes; a layout engine that re-runs on every draw would double the cost of each slider move.
    """
    with matplotlib.rc_context(style.demo_rc()):
        fig = Figure(figsize=figsize, dpi=style.DPI if dpi is None else dpi)
        FigureCanvasAgg(fig)
        axes = fig.subplots(nrows, ncols, squeeze=True, **kwargs)
    style_axes(*np.atleast_1d(axes).ravel())
    return fig, axes


def _control_layout() -> widgets.Layout:
    return widgets.Layout(width=f"{style.CONTROL_CSS_PX}px")


def slider(description: str, value: float, min: float, max: float, step: float,
           readout_format: str = ".2f", **kwargs) -> widgets.FloatSlider:
    """A FloatSlider sized for a projector that answers while it moves (continuous_update=True)."""
    return widgets.FloatSlider(
        value=value, min=min, max=max, step=step, description=description,
        readout_format=readout_format, continuous_update=True,
        style={"description_width": "initial"}, layout=_control_layout(), **kwargs)


def int_slider(description: str, value: int, min: int, max: int, step: int = 1, **kwargs) -> widgets.IntSlider:
    """An IntSlider styled like :func:`slider`."""
    return widgets.IntSlider(
        value=value, min=min, max=max, step=step, description=description, continuous_update=True,
        style={"description_width": "initial"}, layout=_control_layout(), **kwargs)


def log_slider(description: str, value: float, min_exp: float, max_exp: float, step: float = 0.05,
               readout_format: str = ".3g") -> widgets.FloatLogSlider:
    """A FloatLogSlider (base 10, exponents ``min_exp``..``max_exp``) styled like :func:`slider`."""
    return widgets.FloatLogSlider(
        value=value, base=10, min=min_exp, max=max_exp, step=step, description=description,
        readout_format=readout_format, continuous_update=True,
        style={"description_width": "initial"}, layout=_control_layout())


def dropdown(description: str, options, value) -> widgets.Dropdown:
    """A Dropdown styled like :func:`slider`."""
    return widgets.Dropdown(options=options, value=value, description=description,
                            style={"description_width": "initial"}, layout=_control_layout())


def _png_chunk(tag: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))


try:  # ISA-L's deflate is about ten times as fast as zlib's at the same level, and its output is zlib's format
    from isal.isal_zlib import compress as _deflate
except ImportError:  # pragma: no cover - zlib does the same, more slowly
    from zlib import compress as _deflate


def encode_png(rgba, rows=None) -> bytes:
    """A PNG (8-bit RGBA) of a pixel array of shape (height, width, 4), made for speed.

    Each row is stored with PNG's "up" filter (its difference from the row above: zero wherever
    the figure is flat, which is most of it), then deflated at level 1. This is lossless and
    several times as fast as Pillow's encoder with its adaptive filters, which matters at the
    demo's resolution: encoding was the largest share of a slider move. ``rows``, an optional
    uint8 array of shape (height, 4 · width + 1), is reused for the filtered rows.
    """
    rgba = np.asarray(rgba)
    height, width = rgba.shape[:2]
    flat = rgba.reshape(height, 4 * width)
    if rows is None or rows.shape != (height, 4 * width + 1):
        rows = np.empty((height, 4 * width + 1), dtype=np.uint8)
    rows[0, 0] = 0                                       # filter "none" for the first row
    rows[0, 1:] = flat[0]
    rows[1:, 0] = 2                                      # filter "up" for the others
    np.subtract(flat[1:], flat[:-1], out=rows[1:, 1:])   # uint8 arithmetic wraps modulo 256, as PNG wants
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)   # 8 bits per channel, RGBA
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header)
            + _png_chunk(b"IDAT", _deflate(rows, 1)) + _png_chunk(b"IEND", b""))


def _format(value) -> str:
    """A readout value as the table shows it (as text); a NaN (such as 0/0) is "undefined"."""
    if isinstance(value, Html):
        return value.text
    if isinstance(value, (float, np.floating)):
        if np.isnan(value):
            return "undefined"
        return f"{value:.6g}"
    if isinstance(value, np.ndarray):
        return np.array2string(value, precision=4, suppress_small=True)
    return str(value)


def _cell(value) -> str:
    """A readout value as HTML: markup as it is, anything else as escaped text in ``<code>``."""
    if isinstance(value, Html):
        return str(value)
    return f"<code>{html.escape(_format(value))}</code>"


def _data_value(value) -> str:
    """A ``data-value`` attribute holding a number at full precision (for browser tests)."""
    if isinstance(value, (bool, np.bool_)):
        return ""
    if isinstance(value, (int, float, np.integer, np.floating)):
        return f" data-value='{float(value)!r}'"
    return ""


try:  # a live region must be one element that stays on the page while its text changes
    import anywidget
    import traitlets

    class LiveText(anywidget.AnyWidget):
        """A line of text in an ``aria-live="polite"`` region: screen readers announce each new text."""

        _esm = """
        function render({ model, el }) {
          const p = document.createElement("p");
          p.className = "bpcourse-status";
          p.setAttribute("role", "status");
          p.setAttribute("aria-live", "polite");
          p.setAttribute("aria-atomic", "true");
          p.textContent = model.get("text");
          model.on("change:text", () => { p.textContent = model.get("text"); });
          el.appendChild(p);
        }
        export default { render };
        """
        text = traitlets.Unicode("").tag(sync=True)

except ImportError:  # without anywidget: the same text in an HTML widget (announced less reliably)
    class LiveText(widgets.HTML):
        """A line of text in an ``aria-live`` region, as an HTML widget (anywidget is not installed)."""

        def __init__(self, text: str = "", **kwargs):
            super().__init__(**kwargs)
            self.text = text

        @property
        def text(self) -> str:
            return self._text

        @text.setter
        def text(self, value: str) -> None:
            self._text = value
            self.value = (f"<p class='bpcourse-status' role='status' aria-live='polite' aria-atomic='true'>"
                          f"{html.escape(value)}</p>")


def _all_widgets(widget):
    """``widget``, its layout and style, and the same for every child, depth first."""
    yield widget
    for trait in ("layout", "style"):
        part = getattr(widget, trait, None)
        if isinstance(part, widgets.Widget):
            yield part
    for child in getattr(widget, "children", ()):
        yield from _all_widgets(child)


class Demo(widgets.VBox):
    """Controls, a figure, a readout of numbers and a sentence saying what changed, kept in step.

    Parameters
    ----------
    fig : matplotlib Figure made with :func:`new_figure`.
    controls : dict name → widget with a ``value`` trait (sliders, dropdowns).
    update : function called with the controls' values as keyword arguments; it
        updates the figure's artists in place and returns a dict key → number
        (or short string) to show beside the plot.
    title : shown above the controls.
    animated : artists that ``update`` changes. When given, the rest of the figure is
        drawn once and cached, and a slider move redraws only these artists (blitting);
        the figure is redrawn in full whenever an axis' limits change.
    background_key : optional function of the controls' values (as keyword arguments). Use it
        when ``update`` changes artists that are *not* animated (a table that depends on the
        layer, say): backgrounds are then cached per key as well as per axis limits.
    labels : how each readout key is shown, in the course's symbols (HTML allowed): a dict
        key → label, or a function of the controls' values returning one. Keys without a
        label are shown as they are.
    alt : function ``alt(readout, values)`` → the image's text alternative: what the figure
        shows now, in words.
    status : function ``status(readout, values)`` → one short sentence saying what the numbers
        are now (for example "δ³₂ = −0.0079: nudging w³₁₂ by +0.8 lowers C by 0.0053"), shown
        under the figure in a region that screen readers announce after each move.

    Attributes
    ----------
    sliders : the controls dict.
    readout : the dict returned by the last ``update``.
    labels : the label of each readout key, as shown.
    png : bytes of the last rendered image.
    alt : the image's current text alternative (also the Image widget's ``tooltip``, which the
        page shows as the ``<img>``'s title, its accessible name).
    status_text : the last announced sentence (the ``caption`` widget shows it).
    table : the readout as an HTML table; each row and value cell carries ``data-name`` (its
        key in ``readout``) and, for numbers, ``data-value`` (the number in full precision).
    timings : seconds taken by each update (compute + redraw + render).
    phases : for each update, the seconds spent in each phase: ``update`` (the demo's numbers and
        artists), ``draw`` (matplotlib), ``encode`` (the PNG) and ``widgets`` (table, texts, image).
    """

    def __init__(self, fig: Figure, controls: dict, update: Callable[..., dict], title: str = "",
                 animated=(), background_key: Callable[..., object] | None = None,
                 labels: dict | Callable[..., dict] | None = None,
                 alt: Callable[[dict, dict], str] | None = None,
                 status: Callable[[dict, dict], str] | None = None):
        self.fig = fig
        style_axes(*fig.axes)
        self.title = title
        self._background_key = background_key
        self._animated = list(animated)
        for artist in self._animated:
            artist.set_animated(True)
        self._backgrounds: dict = {}  # axis limits → the figure without its animated artists
        self.sliders = dict(controls)
        self._update = update
        self._labels = labels
        self._alt = alt
        self._status = status
        self.readout: dict = {}
        self.labels: dict = {}
        self.png: bytes = b""
        self.alt = ""
        self.status_text = ""
        self.timings: list[float] = []
        self.phases: list[dict] = []
        self._rows = np.empty((0, 0), dtype=np.uint8)     # the PNG encoder's buffer, reused
        self.closed = False
        self._attached: list[str] = []
        width = style.css_width(fig.get_figwidth())
        self.image = widgets.Image(format="png", layout=widgets.Layout(width=f"{width}px", max_width="100%",
                                                                         height="auto"))
        self.table = widgets.HTML(layout=widgets.Layout(min_width="260px", margin="0 0 0 12px"))
        self.caption = LiveText()
        header = widgets.HTML(f"<style>{style.demo_css(DEMO_CLASS)}</style>"
                              + (f"<div class='bpcourse-title'>{html.escape(title)}</div>" if title else ""))
        super().__init__(children=[
            header,
            widgets.VBox(list(self.sliders.values())),
            widgets.HBox([self.image, self.table], layout=widgets.Layout(flex_flow="row wrap",
                                                                         align_items="flex-start")),
            self.caption,
        ])
        self.add_class(DEMO_CLASS)
        for control in self.sliders.values():
            control.observe(self._on_change, names="value")
        self.refresh()

    def attach(self, **things) -> None:
        """Keep ``things`` as attributes (the demo's network, data, artists, for tests); close() drops them."""
        for name, thing in things.items():
            setattr(self, name, thing)
            self._attached.append(name)

    def values(self) -> dict:
        """The controls' current values, by name."""
        return {name: c.value for name, c in self.sliders.items()}

    def _on_change(self, _change=None) -> None:
        if not self.closed:
            self.refresh()

    def refresh(self, full: bool = False) -> None:
        """Recompute, update the artists, redraw and re-render (what a slider move does).

        ``full=True`` redraws the whole figure instead of restoring a cached background (and
        leaves the cache alone): a test compares the two pictures to catch a stale background.
        """
        if self.closed:
            raise RuntimeError("this demo was closed; build a new one")
        # No rc_context here: entering one copies and checks every rcParam (a few ms a move). An update
        # that sets a text (a title, say) gives its size explicitly; ticks take theirs from style_axes.
        self._refresh(full)

    def _refresh(self, full: bool) -> None:
        t0 = time.perf_counter()
        values = self.values()
        self.readout = dict(self._update(**values))
        labels = self._labels(**values) if callable(self._labels) else (self._labels or {})
        self.labels = {key: labels.get(key, html.escape(str(key))) for key in self.readout}
        t1 = time.perf_counter()
        self._draw(full)
        t2 = time.perf_counter()
        pixels = np.asarray(self.fig.canvas.buffer_rgba())
        if self._rows.shape != (pixels.shape[0], 4 * pixels.shape[1] + 1):
            self._rows = np.empty((pixels.shape[0], 4 * pixels.shape[1] + 1), dtype=np.uint8)
        self.png = encode_png(pixels, self._rows)
        t3 = time.perf_counter()
        self.image.value = self.png
        self.table.value = self._table()
        alt = self._alt(self.readout, values) if self._alt else f"{self.title}: the figure of this demo"
        if alt != self.alt:
            self.alt = alt
            self.image.tooltip = alt
        self.status_text = self._status(self.readout, values) if self._status else self._default_status()
        self.caption.text = self.status_text
        t4 = time.perf_counter()
        self.timings.append(t4 - t0)
        self.phases.append({"update": t1 - t0, "draw": t2 - t1, "encode": t3 - t2, "widgets": t4 - t3})

    def _table(self) -> str:
        rows = "".join(
            f"<tr data-name='{html.escape(str(k))}'><th scope='row'>{self.labels[k]}</th>"
            f"<td data-name='{html.escape(str(k))}'{_data_value(v)}>{_cell(v)}</td></tr>"
            for k, v in self.readout.items())
        caption = f"<caption class='bpcourse-sr-only'>{html.escape(self.title or 'the demo')}: its numbers</caption>"
        return f"<table class='bpcourse-readout'>{caption}{rows}</table>"

    def _default_status(self) -> str:
        return "; ".join(f"{k} = {_format(v)}" for k, v in list(self.readout.items())[:3])

    def _limits(self) -> tuple:
        return tuple(tuple(ax.viewLim.bounds) for ax in self.fig.axes)

    def _draw(self, full: bool = False) -> None:
        """Draw in full, or only the animated artists over a cached background.

        Backgrounds are cached by the axes' limits, so going back to a layer or neuron shown
        before (whose axes were drawn then) is as fast as moving a continuous slider.
        """
        canvas = self.fig.canvas
        key = self._limits()
        if self._background_key is not None:
            key = (key, self._background_key(**self.values()))
        if key in self._backgrounds and not full:
            canvas.restore_region(self._backgrounds[key])
        else:
            canvas.draw()  # draws everything except the animated artists
            if self._animated and not full:
                if len(self._backgrounds) >= MAX_BACKGROUNDS:
                    self._backgrounds.pop(next(iter(self._backgrounds)))  # forget the oldest
                self._backgrounds[key] = canvas.copy_from_bbox(self.fig.bbox)
        for artist in self._animated:
            self.fig.draw_artist(artist)

    def close(self) -> None:
        """Release every widget of the demo (controls, image, table, layouts, styles) and its figure."""
        if self.closed:
            return
        self.closed = True
        for control in self.sliders.values():
            control.unobserve(self._on_change, names="value")
        for widget in list(_all_widgets(self)):
            if widget is not self:
                widget.close()
        for name in self._attached:
            setattr(self, name, None)
        self._backgrounds.clear()
        self._animated.clear()
        self._rows = np.empty((0, 0), dtype=np.uint8)
        self.fig = None
        self._update = self._labels = self._alt = self._status = self._background_key = None
        self.png = b""
        self.image.value = b""
        self.children = ()
        super().close()
