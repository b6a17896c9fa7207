r"""bpcourse: reference code for a course that derives the four equations of backpropagation.

Glossary (code name → symbol in the notebooks; layers l = 1..L, layer 1 is the input):

==============  ==========================================================
``X``           the inputs a^1, one column per example, shape (n_1, m)
``Y``           the targets y, shape (n_L, m)
``W``           W^l, weights into layer l, shape (n_l, n_{l-1}); w^l_{jk} joins
                neuron k of layer l-1 to neuron j of layer l
``b``           b^l, biases of layer l, shape (n_l, 1)
``z``           z^l = W^l a^{l-1} + b^l, the weighted input
``a``           a^l = σ(z^l), the activation
``sigma``       the activation function σ (``.fn``) with ``.prime`` = σ'
``nabla_a_C``   ∇_a C, the gradient of the cost with respect to a^L
``delta``       δ^l, the error of layer l: column x is ∂C_x/∂z^l for example x
                (the batch mean's derivative ∂C/∂z^l is 1/m of it)
``eta``         η, the learning rate
``l2``          λ, the strength of L2 weight decay
==============  ==========================================================

Modules: :mod:`~bpcourse.activations`, :mod:`~bpcourse.costs`, :mod:`~bpcourse.equations`
(BP1–BP4), :mod:`~bpcourse.network`, :mod:`~bpcourse.gradcheck`, :mod:`~bpcourse.train`,
:mod:`~bpcourse.data`, :mod:`~bpcourse.plots`, :mod:`~bpcourse.widgets`,
:mod:`~bpcourse.exercises`. Importing the package changes no global state; notebooks call
:func:`setup_notebook` in their first cell.
"""

import importlib

from bpcourse.network import Network

__version__ = "0.1.0"
__all__ = ["Network", "setup_notebook", "__version__"]

#: Submodules reachable as attributes (``bpcourse.data.digits()``), imported on first use so
#: that ``import bpcourse`` stays fast (plots, widgets and data pull in matplotlib, ipywidgets
#: and scikit-learn).
SUBMODULES = ("activations", "autodiff", "costs", "data", "equations", "exercises", "gradcheck", "network",
              "plots", "style", "train", "widgets")


def __getattr__(name: str):
    if name in SUBMODULES:
        return importlib.import_module(f"bpcourse.{name}")
    raise AttributeError(f"module 'bpcourse' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(SUBMODULES))


def setup_notebook(seed: int = 0):
    """Seed NumPy and set readable plot and print defaults; return a seeded Generator.

    Call it once in a notebook's first cell. It sets ``np.random.seed(seed)`` (for
    code that uses the legacy global generator), numpy printing to 4 decimals, and the
    course's figure style (:func:`bpcourse.style.notebook_defaults`): fonts readable on a
    projector and, inside Jupyter, the inline backend with sharp images that carry a text
    alternative, so a ``Figure`` left as a cell's last expression is shown as such an image.
    It also limits BLAS to one thread: the course's matrices are small, and on a busy
    machine a multi-threaded matrix product of a 64×300 batch was measured 7× slower.
    """
    import numpy as np

    from bpcourse import style

    np.random.seed(seed)
    _one_blas_thread()
    np.set_printoptions(precision=4, suppress=True, linewidth=100)
    style.notebook_defaults()
    return np.random.default_rng(seed)


def _one_blas_thread() -> None:
    """Limit the BLAS library behind numpy to one thread (if threadpoolctl is installed)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return
    threadpool_limits(limits=1, user_api="blas")
