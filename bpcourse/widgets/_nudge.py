r"""What a nudge of one weighted input does to the cost, for many nudges at once.

A bias b^l_j enters the network only through z^l_j = Σ_k w^l_jk a^{l-1}_k + b^l_j, and so does a
weight w^l_jk (as Δw a^{l-1}_k). So the cost after any such nudge is the cost after adding some Δz
to z^l_j and running layers l+1..L from there. With each Δz as one column, those layers run on all
the nudges as one batch.
"""

from __future__ import annotations

import numpy as np

from bpcourse.network import Network

Array = np.ndarray


def cost_after_z_nudges(net: Network, x: Array, y: Array, l: int, j: int, dz) -> Array:
    r"""C(z^l_j + Δz) for every Δz in ``dz`` (one example ``x``, target ``y``; nothing else changes).

    ``j`` counts neurons from 1 (row j − 1 of z^l). Returns an array shaped like ``np.ravel(dz)``:
    the cost of the example (no L2 term) after each nudge.
    """
    dz = np.ravel(np.asarray(dz, dtype=float))
    Z = np.repeat(net.forward(x, check=False).z(l), dz.size, axis=1)
    Z[j - 1] += dz
    A = net.sigma(l).fn(Z)
    for layer in range(l + 1, net.L + 1):                # a^{layer} = σ(W^{layer} a^{layer-1} + b^{layer})
        A = net.sigma(layer).fn(net.W(layer) @ A + net.b(layer))
    return net.cost_fn.fn(A, np.repeat(np.asarray(y, dtype=float), dz.size, axis=1))
