"""The machinery every slider demo shares: build the figure once, update it in place.

A demo is a :class:`Demo`: a row of controls, the figure rendered as a PNG into an
``ipywidgets.Image``, and a table of the numbers the figure shows. Its ``update``
function changes artists in place (``set_ydata``, ``set_offsets`` …) and returns the
numbers; the Demo redraws and re-renders. All of it runs in the kernel, synchronously,
so setting ``slider.value`` from Python updates ``demo.readout`` and ``demo.png`` at once,
with no browser attached.
"""

from __future__ import annotations

import html
import io
import time
from typing import Callable

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image as PILImage


def new_figure(ncols: int = 1, nrows: int = 1, figsize=(8.0, 3.6), dpi: int = 80, **kwargs):
    """A Figure with its own Agg canvas (not registered with pyplot, so never shown twice).

    Call ``fig.tight_layout()`` once after labelling the axes; a layout engine that
    re-runs on every draw would double the cost of each slider move.
    """
    fig = Figure(figsize=figsize, dpi=dpi)
    FigureCanvasAgg(fig)
    axes = fig.subplots(nrows, ncols, squeeze=True, **kwargs)
    return fig, axes


def slider(description: str, value: float, min: float, max: float, step: float,
           readout_format: str = ".2f", **kwargs) -> widgets.FloatSlider:
    """A FloatSlider sized for a projector, updating only when released is *not* set:
    it answers while it moves (continuous_update=True)."""
    return widgets.FloatSlider(
        value=value, min=min, max=max, step=step, description=description,
        readout_format=readout_format, continuous_update=True,
        style={"description_width": "initial"}, layout=widgets.Layout(width="420px"), **kwargs)


def int_slider(description: str, value: int, min: int, max: int, step: int = 1, **kwargs) -> widgets.IntSlider:
    """An IntSlider styled like :func:`slider`."""
    return widgets.IntSlider(
        value=value, min=min, max=max, step=step, description=description, continuous_update=True,
        style={"description_width": "initial"}, layout=widgets.Layout(width="420px"), **kwargs)


def _format(value) -> str:
    if isinstance(value, (float, np.floating)):
        return f"{value:.6g}"
    if isinstance(value, np.ndarray):
        return np.array2string(value, precision=4, suppress_small=True)
    return str(value)


def _data_value(value) -> str:
    """A ``data-value`` attribute holding a number at full precision (for browser tests)."""
    if isinstance(value, (bool, np.bool_)):
        return ""
    if isinstance(value, (int, float, np.integer, np.floating)):
        return f" data-value='{float(value)!r}'"
    return ""


class Demo(widgets.VBox):
    """Controls, a figure and a readout of numbers, kept in step.

    Parameters
    ----------
    fig : matplotlib Figure made with :func:`new_figure`.
    controls : dict name → widget with a ``value`` trait (sliders, dropdowns).
    update : function called with the controls' values as keyword arguments; it
        updates the figure's artists in place and returns a dict name → number
        (or short string) to show beside the plot.
    title : shown above the controls.
    animated : artists that ``update`` changes. When given, the rest of the figure is
        drawn once and cached, and a slider move redraws only these artists (blitting);
        the figure is redrawn in full whenever an axis' limits change.
    background_key : optional function of the controls' values (as keyword arguments). Use it
        when ``update`` changes artists that are *not* animated (a table that depends on the
        layer, say): backgrounds are then cached per key as well as per axis limits.

    Attributes
    ----------
    sliders : the controls dict.
    readout : the dict returned by the last ``update``.
    png : bytes of the last rendered image.
    table : the readout as an HTML table; each value's cell carries ``data-name`` (its
        key in ``readout``) and, for numbers, ``data-value`` (the number in full precision).
    timings : seconds taken by each update (compute + redraw + render).
    """

    def __init__(self, fig: Figure, controls: dict, update: Callable[..., dict], title: str = "",
                 animated=(), background_key: Callable[..., object] | None = None):
        self.fig = fig
        self._background_key = background_key
        self._animated = list(animated)
        for artist in self._animated:
            artist.set_animated(True)
        self._backgrounds: dict = {}  # axis limits → the figure without its animated artists
        self.sliders = dict(controls)
        self._update = update
        self.readout: dict = {}
        self.png: bytes = b""
        self.timings: list[float] = []
        self.image = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
        self.table = widgets.HTML(layout=widgets.Layout(min_width="220px"))
        header = [widgets.HTML(f"<b>{title}</b>")] if title else []
        super().__init__(children=header + [
            widgets.VBox(list(self.sliders.values())),
            widgets.HBox([self.image, self.table]),
        ])
        for control in self.sliders.values():
            control.observe(self._on_change, names="value")
        self.refresh()

    def values(self) -> dict:
        """The controls' current values, by name."""
        return {name: c.value for name, c in self.sliders.items()}

    def _on_change(self, _change=None) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Recompute, update the artists, redraw and re-render (what a slider move does)."""
        t0 = time.perf_counter()
        self.readout = dict(self._update(**self.values()))
        self.png = self._render()
        self.image.value = self.png
        rows = "".join(f"<tr data-name='{html.escape(str(k))}'><td style='padding-right:1em'>{k}</td>"
                       f"<td data-name='{html.escape(str(k))}'{_data_value(v)}><code>{_format(v)}</code></td></tr>"
                       for k, v in self.readout.items())
        self.table.value = f"<table style='font-size:1.1em'>{rows}</table>"
        self.timings.append(time.perf_counter() - t0)

    def _limits(self) -> tuple:
        return tuple(tuple(ax.viewLim.bounds) for ax in self.fig.axes)

    def _render(self) -> bytes:
        """Draw (in full, or only the animated artists over a cached background) and encode PNG.

        Backgrounds are cached by the axes' limits, so going back to a layer or neuron shown
        before (whose axes were drawn then) is as fast as moving a continuous slider.
        """
        canvas = self.fig.canvas
        key = self._limits()
        if self._background_key is not None:
            key = (key, self._background_key(**self.values()))
        if key in self._backgrounds:
            canvas.restore_region(self._backgrounds[key])
        else:
            canvas.draw()  # draws everything except the animated artists
            if self._animated:
                if len(self._backgrounds) >= 32:
                    self._backgrounds.pop(next(iter(self._backgrounds)))  # forget the oldest
                self._backgrounds[key] = canvas.copy_from_bbox(self.fig.bbox)
        for artist in self._animated:
            self.fig.draw_artist(artist)
        width, height = canvas.get_width_height()
        image = PILImage.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
        buf = io.BytesIO()
        image.save(buf, format="png", compress_level=1)
        return buf.getvalue()
