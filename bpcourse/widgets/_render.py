"""A figure canvas for the demos that renders each text once: later draws copy its pixels.

matplotlib's Agg renderer (3.11) draws a text glyph by glyph: it shapes the string, then has
FreeType hint and rasterise every glyph, each time the text is drawn. A demo draws the same texts
over and over (a label whose string did not change, the tick labels of a full redraw), so this
renderer keeps what that work produces:

* **texts**: the coverage bitmaps of a string drawn at a given position, font, angle and hinting,
  keyed by all of them; drawing it again is one blend of those bitmaps (merged into one, at the
  second draw, where its glyphs do not touch), with the current colour and clip, as the first
  draw did.
* **glyphs**: the bitmap of one glyph at a given font, size, angle and sub-pixel offset (FreeType
  places a glyph in 1/64 pixel steps, and a glyph moved by whole pixels rasterises to the same
  bitmap, moved), so a new string reuses the glyphs that other strings rendered before it.

It also keeps each font's ascent, descent and line gap, which ``Text`` reads for every text it lays
out. The caches give the pixels matplotlib would have drawn, byte for byte (a test compares every
demo's figure drawn with and without them). Mathtext and TeX are laid out by matplotlib on every
draw and take only their glyphs from the cache; a text with a path effect, and every text under a
matplotlib that draws a string as one bitmap (before 3.11), is drawn as matplotlib draws it.
"""

from __future__ import annotations

import inspect
import math
from collections import OrderedDict

import matplotlib as mpl
import numpy as np
from matplotlib.backends import backend_agg
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.font_manager import fontManager, get_font
from matplotlib.image import AxesImage
from matplotlib.transforms import Bbox, IdentityTransform

#: Bytes of bitmaps kept (least recently used first out). All the demos of the course, every control
#: moved 40 times, keep about 1 MB of texts and 1 MB of glyphs; a caption whose number changes on every
#: move adds a few kB per new string.
MAX_TEXT_BYTES = 8 * 2**20
MAX_GLYPH_BYTES = 4 * 2**20


def _glyph_api() -> bool:
    """True if this matplotlib draws text through ``_draw_text_glyphs_and_boxes`` as 3.11 does."""
    method = getattr(RendererAgg, "_draw_text_glyphs_and_boxes", None)
    if method is None or not hasattr(backend_agg, "get_hinting_flag") or not hasattr(backend_agg, "RenderMode"):
        return False
    return list(inspect.signature(method).parameters) == ["self", "gc", "x", "y", "angle", "glyphs", "boxes"]


GLYPH_API = _glyph_api()


class _LRU(OrderedDict):
    """A dict that forgets its least recently used entries once they hold more than ``max_bytes``."""

    def __init__(self, max_bytes: int):
        super().__init__()
        self.max_bytes = max_bytes
        self.nbytes = 0
        self._sizes: dict = {}

    def get(self, key):
        value = super().get(key)
        if value is not None:
            self.move_to_end(key)
        return value

    def put(self, key, value, nbytes: int = 64) -> None:
        self.resize(key, nbytes)
        self[key] = value
        while self.nbytes > self.max_bytes and len(self) > 1:
            old, _ = self.popitem(last=False)
            self.nbytes -= self._sizes.pop(old)

    def resize(self, key, nbytes: int) -> None:
        """Count ``nbytes`` (plus a little for the entry itself) for ``key`` from now on."""
        nbytes += 200
        self.nbytes += nbytes - self._sizes.get(key, 0)
        self._sizes[key] = nbytes


def _nbytes(images: list) -> int:
    return sum(image.nbytes for image, _, _ in images)


_TEXTS = _LRU(MAX_TEXT_BYTES)
_GLYPHS = _LRU(MAX_GLYPH_BYTES)
_METRICS = _LRU(256 * 300)
#: How many texts and glyphs were drawn from the caches and how many rendered (for tests and benchmarks).
STATS = {"texts_cached": 0, "texts_rendered": 0, "glyphs_cached": 0, "glyphs_rendered": 0}


class _Recorder:
    """Stands in for the C++ renderer while a text is drawn: records each glyph bitmap it blends."""

    def __init__(self, renderer):
        self.renderer = renderer
        self.images: list | None = []

    def draw_text_image(self, image, x, y, angle, gc):
        self.renderer.draw_text_image(image, x, y, angle, gc)
        if self.images is not None:
            if isinstance(image, np.ndarray) and image.dtype == np.uint8 and image.ndim == 2 and angle == 0:
                self.images.append((image.copy(), int(x), int(y)))
            else:
                self.images = None                  # something this cache does not model: draw, keep nothing

    def __getattr__(self, name):                    # anything else (draw_path for a rule) is not a glyph
        self.images = None
        return getattr(self.renderer, name)


def _merged(images: list) -> list:
    """One bitmap for glyphs that touch no common pixel; otherwise the glyphs as they are, in order.

    ``draw_text_image(image, x, y)`` puts the image's bottom row at y (downwards) and its left
    column at x; a pixel of coverage 0 is left as it is, so glyphs side by side blend the same
    whether drawn one by one or as one image.
    """
    if len(images) < 2:
        return images
    x0 = min(x for _, x, _ in images)
    x1 = max(x + im.shape[1] for im, x, _ in images)
    top = min(y - im.shape[0] for im, _, y in images)
    bottom = max(y for _, _, y in images)
    if (x1 - x0) * (bottom - top) > 4_000_000:
        return images
    merged = np.zeros((bottom - top, x1 - x0), dtype=np.uint8)
    covered = np.zeros(merged.shape, dtype=bool)
    for im, x, y in images:
        rows = slice(y - im.shape[0] - top, y - top)
        cols = slice(x - x0, x - x0 + im.shape[1])
        ink = im > 0
        if np.any(covered[rows, cols] & ink):
            return images                            # glyphs overlap: each must blend over the other
        covered[rows, cols] |= ink
        np.maximum(merged[rows, cols], im, out=merged[rows, cols])
    return [(merged, x0, bottom)]


#: The settings that choose a font file and how its glyphs are hinted, besides a text's own properties.
_FONT_RC = ("font.family", "font.serif", "font.sans-serif", "font.cursive", "font.fantasy", "font.monospace",
            "font.enable_last_resort", "text.hinting", "text.hinting_factor", "text.kerning_factor", "text.language")


def _font_rc() -> tuple:
    rc = mpl.rcParams
    return tuple(tuple(v) if isinstance(v, list) else v for v in (rc.get(k) for k in _FONT_RC))


class TextCachingRenderer(RendererAgg):
    """``RendererAgg`` that draws a text it has drawn before from the bitmaps kept then."""

    def _get_font_height_metrics(self, prop):
        """A font's ascent, descent and line gap at its size (what ``Text`` lays out lines with), kept per font.

        ``Text._get_layout`` asks the renderer for these when it can (otherwise it finds the font
        file and reads its tables itself, for every text drawn); the values are computed as it
        computes them.
        """
        if not hasattr(fontManager, "_find_fonts_by_props"):
            return None, None, None                     # Text then reads them itself
        key = (prop, self.dpi, _font_rc())
        try:
            metrics = _METRICS.get(key)
        except TypeError:
            return None, None, None
        if metrics is None:
            metrics = None, None, None
            font = get_font(fontManager._find_fonts_by_props(prop))
            for table_name, gap_key, ascent_key, descent_key in (
                    ("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
                    ("hhea", "lineGap", "ascent", "descent")):
                table = font.get_sfnt_table(table_name)
                if table is None:
                    continue
                scale = 1 / font.get_sfnt_table("head")["unitsPerEm"] * prop.get_size_in_points() * self.dpi / 72
                metrics = table[ascent_key] * scale, -table[descent_key] * scale, table[gap_key] * scale
                break
            _METRICS.put(key, metrics)
        return metrics

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if ismath or not GLYPH_API:
            return super().draw_text(gc, x, y, s, prop, angle, ismath=ismath, mtext=mtext)
        key = (s, prop, float(x), float(y), angle, self.dpi, self.height, bool(gc.get_antialiased()), _font_rc(),
               mtext.get_fontfeatures() if mtext is not None and hasattr(mtext, "get_fontfeatures") else None,
               mtext.get_language() if mtext is not None and hasattr(mtext, "get_language") else None)
        try:
            images = _TEXTS.get(key)
        except TypeError:                               # an unhashable property: draw as matplotlib does
            return super().draw_text(gc, x, y, s, prop, angle, ismath=ismath, mtext=mtext)
        if images is None:
            STATS["texts_rendered"] += 1
            recorder = _Recorder(self._renderer)
            real, self._renderer = self._renderer, recorder
            try:
                super().draw_text(gc, x, y, s, prop, angle, ismath=ismath, mtext=mtext)
            finally:
                self._renderer = real
            if recorder.images is not None:
                _TEXTS.put(key, [recorder.images, False], _nbytes(recorder.images))   # merged when drawn again
            return None
        STATS["texts_cached"] += 1
        glyphs, merged = images
        if not merged:
            images[:] = glyphs, merged = _merged(glyphs), True
            _TEXTS.resize(key, _nbytes(glyphs))
        for image, ix, iy in glyphs:
            self._renderer.draw_text_image(image, ix, iy, 0, gc)
        return None

    def _draw_text_glyphs_and_boxes(self, gc, x, y, angle, glyphs, boxes):
        """As matplotlib's, with each glyph's bitmap rendered once per sub-pixel offset and kept."""
        cos = math.cos(math.radians(angle))
        sin = math.sin(math.radians(angle))
        load_flags = backend_agg.get_hinting_flag()
        aa = bool(gc.get_antialiased())
        mode = backend_agg.RenderMode.NORMAL if aa else backend_agg.RenderMode.MONO
        hinting_factor = mpl.rcParams["text.hinting_factor"]
        height = int(self.height)
        for font, size, glyph_index, slant, extend, dx, dy in glyphs:   # dy is upwards
            tx = round(0x40 * (x + dx * cos - dy * sin))
            ty = round(0x40 * (self.height - y + dx * sin + dy * cos))     # FreeType's y is upwards
            key = (font.fname, getattr(font, "face_index", 0), size, self.dpi, glyph_index, angle, slant, extend,
                   load_flags, aa, hinting_factor, tx & 0x3F, ty & 0x3F)
            glyph = _GLYPHS.get(key)
            if glyph is None:
                STATS["glyphs_rendered"] += 1
                font.set_size(size, self.dpi)
                font._set_transform(
                    (0x10000 * np.array([[cos, -sin], [sin, cos]]) @ [[extend, extend * slant], [0, 1]])
                    .round().astype(int),
                    [tx & 0x3F, ty & 0x3F])
                bitmap = font._render_glyph(glyph_index, load_flags, mode)
                buffer = np.array(bitmap.buffer, dtype=np.uint8)
                if not aa:
                    buffer *= 0xFF
                glyph = (buffer, bitmap.left, bitmap.top)
                _GLYPHS.put(key, glyph, buffer.nbytes)
            else:
                STATS["glyphs_cached"] += 1
            buffer, left, top = glyph
            # draw_text_image's y is downwards and names the bitmap's bottom side
            self._renderer.draw_text_image(buffer, left + (tx >> 6), height - (top + (ty >> 6)) + buffer.shape[0],
                                           0, gc)
        if boxes:
            super()._draw_text_glyphs_and_boxes(gc, x, y, angle, iter(()), boxes)


class DemoCanvas(FigureCanvasAgg):
    """An Agg canvas whose renderer keeps rendered text (see :class:`TextCachingRenderer`)."""

    def get_renderer(self, *args, **kwargs):
        w, h = self.get_width_height(physical=True)
        key = w, h, self.figure.dpi
        if self._lastKey != key or not isinstance(getattr(self, "renderer", None), TextCachingRenderer):
            self.renderer = TextCachingRenderer(w, h, self.figure.dpi)
            self._lastKey = key
        return self.renderer



class NearestImage(AxesImage):
    """An ``AxesImage`` drawn nearest-neighbour by numpy indexing, for a demo whose image changes on each move.

    matplotlib resamples an image through floating-point arrays the size of the output even for
    ``interpolation="nearest"`` (~12 ms for a demo's mosaic or region map). Here the colours are
    looked up once per ``set_data`` (``to_rgba``, as matplotlib does) and each output pixel takes
    the colour of the data cell under its centre. The output's pixel edges are rounded as
    matplotlib rounds them, so the image covers the same pixels, with the same colours except
    where a pixel's centre falls on the edge between two cells (Agg locates centres to 1/256 of
    a pixel and may take the other cell there: a boundary a pixel further). Any other case (another
    interpolation, a rotated or non-affine transform, a magnifying renderer) is drawn by
    ``AxesImage`` itself.
    """

    _rgba = None

    def set_data(self, A):
        super().set_data(A)
        self._rgba = None

    def changed(self):
        """The colour map or its limits changed: look the colours up again at the next draw."""
        self._rgba = None
        super().changed()

    def make_image(self, renderer, magnification=1.0, unsampled=False):
        trans = self.get_transform()
        matrix = trans.get_matrix() if trans.is_affine else None
        if (unsampled or magnification != 1.0 or self.get_interpolation() != "nearest" or matrix is None
                or matrix[0, 1] != 0 or matrix[1, 0] != 0 or np.ndim(self.get_alpha()) > 0):
            return super().make_image(renderer, magnification, unsampled)
        left, right, bottom, top = self.get_extent()
        (x_a, y_a), (x_b, y_b) = trans.transform([[left, bottom], [right, top]])
        out = Bbox.from_extents(min(x_a, x_b), min(y_a, y_b), max(x_a, x_b), max(y_a, y_b))
        clip = ((self.get_clip_box() or self.axes.bbox) if self.get_clip_on()
                else self.get_figure(root=True).bbox)
        clipped = Bbox.intersection(out, clip)
        if clipped is None:
            return None, 0, 0, None
        x0 = int(np.floor(clipped.x0 + 0.5))             # round half up, as matplotlib does
        y0 = int(np.ceil(clipped.y0 - 0.5 - 1e-8))       # round half down
        x1 = int(np.floor(clipped.x1 + 0.5 + 1e-8))
        y1 = int(np.ceil(clipped.y1 - 0.5))
        if x1 <= x0 or y1 <= y0:
            return None, 0, 0, None
        if self._rgba is None:   # one uint32 per RGBA pixel: gathering whole pixels is several times as fast
            rgba = np.ascontiguousarray(self.to_rgba(self._A, bytes=True))
            self._rgba = rgba.view(np.uint32).reshape(rgba.shape[:2])
        rows, cols = self._rgba.shape
        # data coordinates of the output pixels' centres: columns left to right, rows bottom to top
        inverse = trans.inverted()
        xs = inverse.transform(np.column_stack([np.arange(x0, x1) + 0.5, np.full(x1 - x0, y0 + 0.5)]))[:, 0]
        ys = inverse.transform(np.column_stack([np.full(y1 - y0, x0 + 0.5), np.arange(y0, y1) + 0.5]))[:, 1]
        u = np.floor((xs - left) / (right - left) * cols).astype(np.intp)
        v = np.floor((ys - bottom) / (top - bottom) * rows).astype(np.intp)   # 0 at the extent's bottom edge
        j = np.clip(u, 0, cols - 1)
        i = np.clip(rows - 1 - v if self.origin == "upper" else v, 0, rows - 1)
        image = np.take(np.take(self._rgba, i, axis=0), j, axis=1)
        return image.view(np.uint8).reshape(image.shape + (4,)), x0, y0, IdentityTransform()


def imshow_nearest(ax, A, *, cmap=None, vmin=None, vmax=None, origin=None, extent=None, aspect=None) -> NearestImage:
    """``ax.imshow(A, interpolation="nearest", ...)`` with the image drawn by :class:`NearestImage`."""
    image = NearestImage(ax, cmap=cmap, origin=origin, extent=extent, interpolation="nearest")
    ax.set_aspect(mpl.rcParams["image.aspect"] if aspect is None else aspect)
    image.set_data(A)
    image.set_clip_path(ax.patch)
    image.set_clim(vmin, vmax)
    image.set_extent(image.get_extent())          # the axes' limits follow the image, as with imshow
    ax.add_image(image)
    return image
