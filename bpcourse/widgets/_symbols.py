"""The course's symbols in plain text and in HTML: δ³₂, a²ₖ, ∂C/∂w³₁₂ …

Plain text (Unicode super- and subscripts) goes where no markup is possible: slider labels, the
image's text alternative and the sentence a screen reader announces. HTML (``<sup>``, ``<sub>``)
goes in the readout table, where every browser font shows it.
"""

from __future__ import annotations

import re

_SUP = str.maketrans("0123456789+-−=()lLjkn", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ˡᴸʲᵏⁿ")
_SUB = str.maketrans("0123456789+-−=()jklmn", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ⱼₖₗₘₙ")


def sup(text) -> str:
    """``text`` in Unicode superscripts (digits, signs and the letters l, L, j, k, n)."""
    return str(text).translate(_SUP)


def sub(text) -> str:
    """``text`` in Unicode subscripts (digits, signs and the letters j, k, l, m, n)."""
    return str(text).translate(_SUB)


def sym(base: str, upper="", lower="") -> str:
    """A symbol with a superscript and a subscript in plain text: ``sym("δ", 3, 2)`` → ``δ³₂``."""
    return f"{base}{sup(upper)}{sub(lower)}"


def html(base: str, upper="", lower="") -> str:
    """The same symbol in HTML: ``html("δ", 3, 2)`` → ``δ<sup>3</sup><sub>2</sub>``."""
    out = base
    if upper != "":
        out += f"<sup>{upper}</sup>"
    if lower != "":
        out += f"<sub>{lower}</sub>"
    return out


def number(x: float, digits: int = 4) -> str:
    """A number for a sentence: ``digits`` significant digits, a true minus sign, "undefined" for NaN."""
    x = float(x)
    if x != x:
        return "undefined"
    if x in (float("inf"), float("-inf")):
        return "∞" if x > 0 else "−∞"
    return f"{x:.{digits}g}".replace("-", "−")


def signed(x: float, digits: int = 4) -> str:
    """Like :func:`number`, with a + in front of positive numbers."""
    text = number(x, digits)
    return text if text.startswith(("−", "undefined")) or float(x) == 0 else "+" + text


class Html(str):
    """A readout value written in HTML (``W<sup>[3]</sup><sub>24</sub>``): the table shows it as markup."""

    @property
    def text(self) -> str:
        """The value as plain text, as a page's ``textContent`` reads it."""
        return re.sub(r"<[^>]+>", "", self)
