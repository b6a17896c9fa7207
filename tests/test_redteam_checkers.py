"""Red team: every checker in CHECKERS against answers a student could hand in.

For each checker a table of answers, each with what must happen: correct answers written in
unusual styles must pass; wrong answers must not (known mistakes, and wrong answers that are
*not* among the known mistakes, which must then not be given a mistake's name). Every checker
also gets the same list of junk: answers that raise, exit, print a lot, return the wrong type,
take the wrong number of parameters. Whatever the answer, the checker returns a Result and
never raises. Hypothesis adds random correct styles and random small corruptions.
"""

from __future__ import annotations

import fractions
import functools
import sys
from dataclasses import dataclass

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bpcourse.exercises as exercises
from bpcourse import Network, activations, costs
from bpcourse.activations import sigmoid
from bpcourse.equations import bp1, bp2, bp3, bp4
from bpcourse.exercises import _core
from bpcourse.exercises.slips import CASES
from bpcourse.gradcheck import numerical_gradient, relative_error

sig = sigmoid.fn


def sp(z):
    s = 1.0 / (1.0 + np.exp(-z))
    return s * (1 - s)


@dataclass
class A:
    """One answer: ``ok`` says whether it must pass; ``mistake`` the name it must be given (a prefix),
    or None when the answer is not a known mistake and must not get a mistake's name; ``says`` text
    that the feedback must contain."""

    label: str
    fn: object
    ok: bool
    mistake: str | None = "any"
    says: str = ""


def right(label, fn):
    return A(label, fn, True, None)


def wrong(label, fn, mistake="any", says=""):
    return A(label, fn, False, mistake, says)


def unknown(label, fn, says=""):
    """Wrong in a way no known mistake describes: must fail, and no mistake may be named."""
    return A(label, fn, False, None, says)


OWN = "calling the package's own function"


# -- 00 ----------------------------------------------------------------------------------------------
INDEX = [
    right("tuple", lambda l, j, k: (l - 2, k - 1, j - 1)),
    right("list", lambda l, j, k: [l - 2, k - 1, j - 1]),
    right("int array", lambda l, j, k: np.array([l - 2, k - 1, j - 1])),
    right("numpy ints", lambda l, j, k: tuple(np.int64(v) for v in (l - 2, k - 1, j - 1))),
    right("0-d int arrays", lambda l, j, k: tuple(np.array(v) for v in (l - 2, k - 1, j - 1))),
    right("int32 array", lambda l, j, k: np.array([l - 2, k - 1, j - 1], dtype=np.int32)),
    right("keyword-style", lambda l, j, k, *, extra=None: (l - 2, k - 1, j - 1)),
    wrong("float triple", lambda l, j, k: (l - 2.0, k - 1.0, j - 1.0), None, "float"),
    wrong("float array", lambda l, j, k: np.array([l - 2, k - 1, j - 1], dtype=float), None, "float"),
    wrong("numeric string", lambda l, j, k: f"{l - 2},{k - 1},{j - 1}", None, "string"),
    wrong("bools", lambda l, j, k: (True, False, True), None, "bool"),
    wrong("j and k swapped", lambda l, j, k: (l - 2, j - 1, k - 1), "j and k swapped"),
    wrong("layer l-1", lambda l, j, k: (l - 1, k - 1, j - 1), "the layer off by one (l - 1)"),
    wrong("1-based", lambda l, j, k: (l - 2, k, j), "indices counted from 1"),
    unknown("layer l-3", lambda l, j, k: (l - 3, k - 1, j - 1)),
    unknown("only two", lambda l, j, k: (l - 2, k - 1), "tuple of 3"),
    unknown("dict", lambda l, j, k: {"i": l - 2, "r": k - 1, "c": j - 1}, "dict"),
    unknown("right on small layers only", lambda l, j, k: (l - 2, k - 1, j - 1) if l < 4 else (0, 0, 0)),
]


def z_right(A_prev, W, b):
    return A_prev @ W.T + b.T


ROWMAJOR_Z = [
    right("A @ W.T + b.T", z_right),
    right("transpose of the column form", lambda A_, W, b: (W @ A_.T + b).T),
    right("einsum", lambda A_, W, b: np.einsum("mk,jk->mj", A_, W) + b.ravel()),
    right("nested list", lambda A_, W, b: z_right(A_, W, b).tolist()),
    right("float32", lambda A_, W, b: z_right(A_, W, b).astype(np.float32)),
    right("row by row", lambda A_, W, b: np.array([W @ row + b[:, 0] for row in A_])),
    wrong("A @ W", lambda A_, W, b: A_ @ W + b.T, "W not transposed"),
    wrong("column form", lambda A_, W, b: W @ A_.T + b, "the column-form result"),
    wrong("no bias", lambda A_, W, b: A_ @ W.T, "a forgotten bias"),
    wrong("bias as a column", lambda A_, W, b: A_ @ W.T + b, "the bias added as a column"),
    wrong("sigma applied", lambda A_, W, b: sig(A_ @ W.T + b.T), "σ applied"),
    unknown("bias twice", lambda A_, W, b: A_ @ W.T + 2 * b.T),
    unknown("bias subtracted", lambda A_, W, b: A_ @ W.T - b.T),
    unknown("transposed only when square", lambda A_, W, b: z_right(A_, W, b).T
            if A_.shape[0] == W.shape[0] else z_right(A_, W, b)),
    unknown("complex", lambda A_, W, b: z_right(A_, W, b) + 1e-9j, "complex"),
    unknown("rounded", lambda A_, W, b: np.round(z_right(A_, W, b), 2)),
]


# -- 01 ----------------------------------------------------------------------------------------------
def layer_right(W, a, b, s):
    return s(W @ a + b)


LAYER = [
    right("s(W @ a + b)", layer_right),
    right("np.dot", lambda W, a, b, s: s(np.dot(W, a) + b)),
    right("column by column", lambda W, a, b, s: np.column_stack([s(W @ a[:, i] + b[:,
          0]) for i in range(a.shape[1])])),
    right("list", lambda W, a, b, s: layer_right(W, a, b, s).tolist()),
    right("float32", lambda W, a, b, s: layer_right(W, a, b, s).astype(np.float32)),
    right("in place on a copy of z", lambda W, a, b, s: s(np.add(W @ a, b, out=np.empty((W.shape[0], a.shape[1]))))),
    wrong("hard-coded sigmoid", lambda W, a, b, s: sig(W @ a + b), "a hard-coded sigmoid"),
    wrong("W.T", lambda W, a, b, s: s(W.T @ a + b), "W transposed"),
    wrong("b.ravel()", lambda W, a, b, s: s(W @ a + b.ravel()), "the bias added along the rows"),
    wrong("bias after", lambda W, a, b, s: s(W @ a) + b, "the bias added after σ"),
    wrong("no sigma", lambda W, a, b, s: W @ a + b, "σ not applied"),
    unknown("tanh hard-coded", lambda W, a, b, s: np.tanh(W @ a + b)),
    unknown("bias doubled", lambda W, a, b, s: s(W @ a + 2 * b)),
    unknown("sigma of W only", lambda W, a, b, s: s(W) @ a + b),
    unknown("first example only", lambda W, a, b, s: s(W @ a[:, :1] + b)),
    unknown("mean over the batch", lambda W, a, b, s: s(W @ a + b).mean(axis=1, keepdims=True)),
]


def ff_right(weights, biases, X):
    a = X
    for W, b in zip(weights, biases):
        a = sig(W @ a + b)
    return a


def ff_recursive(weights, biases, X):
    if not weights:
        return X
    return ff_recursive(weights[1:], biases[1:], sig(weights[0] @ X + biases[0]))


def ff_network(weights, biases, X):
    net = Network([X.shape[0]] + [W.shape[0] for W in weights])
    net.weights, net.biases = weights, biases
    return net.feedforward(X)


FEEDFORWARD = [
    right("loop", ff_right),
    right("recursion", ff_recursive),
    right("reduce", lambda Ws, bs, X: __import__("functools").reduce(lambda a, p: sig(p[0] @ a + p[1]),
                                                                      zip(Ws, bs), X)),
    right("list", lambda Ws, bs, X: ff_right(Ws, bs, X).tolist()),
    right("float32 inputs", lambda Ws, bs, X: ff_right([W.astype(np.float32) for W in Ws],
                                                       [b.astype(np.float32) for b in bs], X.astype(np.float32))),
    right("own sigmoid", lambda Ws, bs, X: __import__("functools").reduce(
        lambda a, p: 1 / (1 + np.exp(-(p[0] @ a + p[1]))), zip(Ws, bs), X)),
    wrong("Network.feedforward", ff_network, OWN),
    wrong("skips the output layer", lambda Ws, bs, X: ff_right(Ws[:-1], bs[:-1], X), "the output layer skipped"),
    wrong("linear", lambda Ws, bs, X: __import__("functools").reduce(lambda a, p: p[0] @ a + p[1], zip(Ws, bs), X),
          "σ never applied"),
    wrong("all activations", lambda Ws, bs, X: [X] + [ff_right(Ws[:i + 1], bs[:i + 1], X) for i in range(len(Ws))],
          "the list of all activations"),
    unknown("layers in reverse order", lambda Ws, bs, X: ff_right(Ws[::-1], bs[::-1], X)
            if all(W.shape[0] == W.shape[1] for W in Ws) else ff_right(Ws, bs, X) + 1),
    unknown("bias only in the first layer", lambda Ws, bs, X: ff_right(Ws, [bs[0]] + [0 * b for b in bs[1:]], X)),
    unknown("tanh", lambda Ws, bs, X: __import__("functools").reduce(lambda a, p: np.tanh(p[0] @ a + p[1]),
                                                                      zip(Ws, bs), X)),
    unknown("X returned", lambda Ws, bs, X: X),
    unknown("one example", lambda Ws, bs, X: ff_right(Ws, bs, X[:, :1])),
    unknown("mean of the outputs", lambda Ws, bs, X: ff_right(Ws, bs, X).mean(axis=1)),
]


# -- 02 ----------------------------------------------------------------------------------------------
def quad_right(A_, Y):
    return 0.5 * np.sum((A_ - Y) ** 2) / A_.shape[1]


QUADRATIC = [
    right("sum / m", quad_right),
    right("norm squared", lambda A_, Y: np.linalg.norm(A_ - Y) ** 2 / (2 * A_.shape[1])),
    right("mean of column costs", lambda A_, Y: np.mean(0.5 * np.sum((Y - A_) ** 2, axis=0))),
    right("(1,) array", lambda A_, Y: np.array([quad_right(A_, Y)])),
    right("1x1 array", lambda A_, Y: np.array([[quad_right(A_, Y)]])),
    right("0-d array", lambda A_, Y: np.array(quad_right(A_, Y))),
    right("float32", lambda A_, Y: np.float32(quad_right(A_, Y))),
    right("list of one", lambda A_, Y: [quad_right(A_, Y)]),
    right("Fraction", lambda A_, Y: fractions.Fraction(quad_right(A_, Y))),
    right("einsum", lambda A_, Y: 0.5 * np.einsum("ij,ij->", A_ - Y, A_ - Y) / A_.shape[1]),
    wrong("package cost", lambda A_, Y: costs.quadratic.fn(A_, Y).mean(), OWN),
    wrong("numeric string", lambda A_, Y: str(quad_right(A_, Y)), None, "string"),
    wrong("complex", lambda A_, Y: complex(quad_right(A_, Y), 1e-6), None, "complex"),
    wrong("bool", lambda A_, Y: True, None, "bool"),
    wrong("missing half", lambda A_, Y: 2 * quad_right(A_, Y), "a missing ½"),
    wrong("sum over the batch", lambda A_, Y: quad_right(A_, Y) * A_.shape[1], "summing over the batch"),
    wrong("MSE", lambda A_, Y: np.mean((A_ - Y) ** 2), "a missing ½ and a mean over every entry"),
    wrong("per-example", lambda A_, Y: 0.5 * np.sum((A_ - Y) ** 2, axis=0), "the per-example costs"),
    unknown("abs instead of square", lambda A_, Y: 0.5 * np.sum(np.abs(A_ - Y)) / A_.shape[1]),
    unknown("cubed", lambda A_, Y: 0.5 * np.sum(np.abs(A_ - Y) ** 3) / A_.shape[1]),
    unknown("dict", lambda A_, Y: {"C": quad_right(A_, Y)}, "dict"),
    unknown("divided by m - 1", lambda A_, Y: 0.5 * np.sum((A_ - Y) ** 2) / max(A_.shape[1] - 1, 1)),
    unknown("first example only", lambda A_, Y: 0.5 * np.sum((A_[:, 0] - Y[:, 0]) ** 2)),
]


def dd_right(g, v):
    return np.sum(g * v) / np.sqrt(np.sum(v * v))


DIRECTIONAL = [
    right("sum / norm", dd_right),
    right("vdot", lambda g, v: np.vdot(g, v / np.linalg.norm(v))),
    right("ravel @ ravel", lambda g, v: g.ravel() @ v.ravel() / np.linalg.norm(v.ravel())),
    right("tensordot", lambda g, v: np.tensordot(g, v, axes=g.ndim) / np.linalg.norm(v)),
    right("Python floats", lambda g, v: sum(float(a) * float(b) for a, b in zip(g.flat, v.flat))
          / sum(float(b) ** 2 for b in v.flat) ** 0.5),
    right("float32", lambda g, v: np.float32(dd_right(g, v))),
    right("1x1", lambda g, v: np.array([[dd_right(g, v)]])),
    wrong("no normalisation", lambda g, v: np.sum(g * v), "forgetting to normalise v"),
    wrong("norm squared", lambda g, v: np.sum(g * v) / np.sum(v * v), "dividing by ‖v‖²"),
    wrong("minus", lambda g, v: -dd_right(g, v), "a wrong sign"),
    wrong("products", lambda g, v: g * v / np.linalg.norm(v), "returning the elementwise products"),
    unknown("gradient normalised too", lambda g, v: dd_right(g, v) / np.linalg.norm(g)),
    unknown("divided by the size", lambda g, v: np.sum(g * v) / v.size),
    unknown("spectral norm", lambda g, v: np.sum(g * v) / np.linalg.norm(v, 2) if v.ndim == 2 and v.shape[1] > 1
            else dd_right(g, v)),
    unknown("angle", lambda g, v: float(np.arccos(np.clip(dd_right(g, v) / np.linalg.norm(g), -1, 1)))),
    unknown("string", lambda g, v: f"{dd_right(g, v):.4f}", "string"),
]


def paths_right(net, x, y):
    (z2, z3), (a1, a2, a3) = net.forward(x)
    W3 = net.W(3)
    return sum(x[0, 0] * sp(z2[0, 0]) * W3[k, 0] * sp(z3[k, 0]) * (a3[k, 0] - y[k, 0]) for k in range(2))


def paths_vector(net, x, y):
    (z2, z3), (a1, a2, a3) = net.forward(x)
    return float(((a3 - y) * sp(z3)).ravel() @ net.W(3)[:, 0] * sp(z2[0, 0]) * x[0, 0])


def paths_fd(net, x, y):
    h = 1e-5
    up, down = net.copy(), net.copy()
    up.W(2)[0, 0] += h
    down.W(2)[0, 0] -= h
    return (up.cost(x, y) - down.cost(x, y)) / (2 * h)


CHAIN = [
    right("loop over paths", paths_right),
    right("vectorised", paths_vector),
    right("a(1 - a)", lambda net, x, y: (lambda z, a: sum(x[0, 0] * a[1][0, 0] * (1 - a[1][0, 0]) * net.W(3)[k, 0]
                                                           * a[2][k, 0] * (1 - a[2][k, 0]) * (a[2][k, 0] - y[k, 0])
                                                           for k in range(2)))(*net.forward(x))),
    right("1x1 array", lambda net, x, y: np.array([[paths_right(net, x, y)]])),
    right("changes the network it is given", lambda net, x, y: (paths_right(net, x, y), net.W(3).fill(0.0))[0]),
    wrong("net.backprop", lambda net, x, y: net.backprop(x, y)[0][0][0, 0], OWN),
    wrong("numerical_gradient", lambda net, x, y: numerical_gradient(net, x, y)[0][0][0, 0], OWN),
    wrong("the backward pass by bp1, bp2, bp4", lambda net, x, y: (lambda c: bp4(bp2(net.W(3), bp1(
        c.a(3) - y, c.z(3), "sigmoid"), c.z(2), "sigmoid"), x)[0, 0])(net.forward(x)), OWN),
    wrong("net.output_error, then by hand", lambda net, x, y: (lambda c: float(
        (net.W(3).T @ net.output_error(c.a(3), y, c.z(3)))[0, 0] * sp(c.z(2)[0, 0]) * x[0, 0]))(net.forward(x)), OWN),
    wrong("finite differences", paths_fd, "an approximation"),
    wrong("one path", lambda net, x, y: (lambda z, a: x[0, 0] * sp(z[0][0, 0]) * net.W(3)[0, 0] * sp(z[1][0, 0])
                                                     * (a[2][0, 0] - y[0, 0]))(*net.forward(x)),
          "only the path through output neuron 1"),
    wrong("sigma'(a)", lambda net, x, y: (lambda z, a: sum(x[0, 0] * sp(a[1][0, 0]) * net.W(3)[k, 0] * sp(a[2][k, 0])
                                                           * (a[2][k, 0] - y[k,
                                                               0]) for k in range(2)))(*net.forward(x)),
          "σ'(a) in place of σ'(z)"),
    unknown("x_2 in place of x_1", lambda net, x, y: paths_right(net, x, y) / x[0, 0] * x[1, 0]),
    unknown("bias gradient", lambda net, x, y: (lambda z, a: sum(sp(z[0][0, 0]) * net.W(3)[k, 0] * sp(z[1][k, 0])
                                                                 * (a[2][k, 0] - y[k,
                                                                     0]) for k in range(2)))(*net.forward(x))),
    unknown("the cost", lambda net, x, y: float(0.5 * np.sum((net.feedforward(x) - y) ** 2))),
    unknown("2x2 array", lambda net, x, y: np.full((2, 2), paths_right(net, x, y)), "one number"),
    unknown("zero", lambda net, x, y: 0.0),
]


# -- 03 ----------------------------------------------------------------------------------------------
def bp1_right(g, z):
    s = sig(z)
    return g * s * (1 - s)


BP1 = [
    right("s(1 - s)", bp1_right),
    right("exp form", lambda g, z: g * np.exp(-z) / (1 + np.exp(-z)) ** 2),
    right("sigmoid.prime", lambda g, z: g * sigmoid.prime(z)),
    right("np.multiply", lambda g, z: np.multiply(g, sp(z))),
    right("in place on g", lambda g, z: g.__imul__(sp(z))),
    right("float32", lambda g, z: bp1_right(g, z).astype(np.float32)),
    right("float32 throughout", lambda g, z: bp1_right(g.astype(np.float32), z.astype(np.float32))),
    right("nested list", lambda g, z: bp1_right(g, z).tolist()),
    right("diag matrix per example", lambda g, z: np.column_stack([np.diag(sp(z[:, i])) @ g[:, i]
                                                                   for i in range(z.shape[1])])),
    right("tanh identity", lambda g, z: g * 0.25 * (1 - np.tanh(z / 2) ** 2)),
    wrong("bp1 itself", lambda g, z: bp1(g, z, "sigmoid"), OWN),
    wrong("sigma'(a)", lambda g, z: g * sigmoid.prime(sig(z)), "σ'(a) in place of σ'(z)"),
    wrong("sign", lambda g, z: -g * sp(z), "a wrong sign"),
    wrong("no sigma'", lambda g, z: g + 0.0, "a missing σ'(z^L)"),
    wrong("tanh'", lambda g, z: g * (1 - np.tanh(z) ** 2)),
    wrong("@", lambda g, z: g @ sp(z).T, "a matrix product in place of ⊙"),
    wrong("finite-difference σ'", lambda g, z: g * (sig(z + 1e-5) - sig(z - 1e-5)) / 2e-5, "an approximate σ'"),
    wrong("finite-difference σ', forward", lambda g, z: g * (sig(z + 1e-7) - sig(z)) / 1e-7, "an approximate σ'"),
    unknown("1.01 times", lambda g, z: 1.01 * bp1_right(g, z)),
    unknown("sigma'(z) squared", lambda g, z: g * sp(z) ** 2),
    unknown("transposed only when square", lambda g, z: bp1_right(g, z).T if g.shape[0] == g.shape[1]
            else bp1_right(g, z)),
    unknown("imaginary part", lambda g, z: bp1_right(g, z) + 1e-3j, "complex"),
    unknown("rounded", lambda g, z: np.round(bp1_right(g, z), 3)),
    unknown("right except saturated entries", lambda g, z: np.where(np.abs(z) > 20, g * 0.25, bp1_right(g, z))),
]


CE = [
    right("a - y", lambda a, y, z: a - y),
    right("sigma(z) - y", lambda a, y, z: sig(z) - y),
    right("float32", lambda a, y, z: (a - y).astype(np.float32)),
    right("list", lambda a, y, z: (a - y).tolist()),
    right("subtract", lambda a, y, z: np.subtract(a, y)),
    right("in place on a", lambda a, y, z: a.__isub__(y)),
    wrong("uncancelled with a(1 - a)", lambda a, y, z: (a - y) / (a * (1 - a)) * (a * (1 - a)), "the uncancelled form"),
    wrong("uncancelled with sigma'", lambda a, y, z: (a - y) / (a * (1 - a)) * sigmoid.prime(z),
          "the uncancelled form"),
    wrong("uncancelled from the two terms", lambda a, y, z: (-y / a + (1 - y) / (1 - a)) * sp(z),
          "the uncancelled form"),
    wrong("quadratic's delta", lambda a, y, z: (a - y) * sp(z), "an extra σ'(z)"),
    wrong("Network.output_error", lambda a, y, z: Network([2, a.shape[0]], cost="cross_entropy").output_error(a, y, z),
          OWN),
    wrong("y - a", lambda a, y, z: y - a, "a wrong sign"),
    wrong("grad_a alone", lambda a, y, z: (a - y) / (a * (1 - a)), "the gradient ∂C/∂a without σ'(z)"),
    wrong("mean over the batch", lambda a, y, z: (a - y).mean(axis=1, keepdims=True), "averaging over the batch"),
    unknown("a", lambda a, y, z: a + 0.0),
    unknown("z - y", lambda a, y, z: z - y),
    wrong("(a - y) a", lambda a, y, z: (a - y) * a, "σ(z) in place of σ'(z)"),
    unknown("log ratio", lambda a, y, z: np.log(a) - np.log(np.clip(y, 1e-12, None))),
    unknown("transposed", lambda a, y, z: (a - y).T if a.shape[0] == a.shape[1] else (a - y) * 1.5),
]


# -- 04 ----------------------------------------------------------------------------------------------
def bp2_right(W, d, z):
    return (W.T @ d) * sp(z)


BP2 = [
    right("W.T @ d * sp", bp2_right),
    right("einsum", lambda W, d, z: np.einsum("kj,km->jm", W, d) * sp(z)),
    right("(d.T @ W).T", lambda W, d, z: (d.T @ W).T * sp(z)),
    right("loops", lambda W, d, z: np.array([[sum(W[k, j] * d[k, x] for k in range(W.shape[0])) * sp(z[j, x])
                                              for x in range(d.shape[1])] for j in range(W.shape[1])])),
    right("float32", lambda W, d, z: bp2_right(W, d, z).astype(np.float32)),
    right("a(1 - a)", lambda W, d, z: (lambda a: (W.T @ d) * a * (1 - a))(sig(z))),
    right("diag matrices", lambda W, d, z: np.column_stack([np.diag(sp(z[:, i])) @ W.T @ d[:, i]
                                                            for i in range(d.shape[1])])),
    wrong("bp2 itself", lambda W, d, z: bp2(W, d, z, "sigmoid"), OWN),
    wrong("W @ d", lambda W, d, z: (W @ d) * sp(z), "a missing transpose"),
    wrong("no sigma'", lambda W, d, z: W.T @ d, "a forgotten σ'(z^l)"),
    wrong("sigma'(a)", lambda W, d, z: (W.T @ d) * sp(sig(z)), "σ'(a) in place of σ'(z)"),
    wrong("minus", lambda W, d, z: -(W.T @ d) * sp(z), "a reversed sign"),
    wrong("sigma' inside", lambda W, d, z: W.T @ (d * sp(z)), "σ'(z^l) multiplied in before"),
    unknown("sum over the batch", lambda W, d, z: bp2_right(W, d, z).sum(axis=1, keepdims=True)),
    unknown("W.T @ W", lambda W, d, z: (W.T @ W) @ sp(z) if W.shape[0] == W.shape[1] else (W.T @ d) * 2 * sp(z)),
    unknown("transposed result on square W", lambda W, d, z: bp2_right(W, d, z).T
            if d.shape[1] == W.shape[1] else bp2_right(W, d, z)),
    unknown("sigma'(z) of the next layer", lambda W, d, z: (W.T @ d) * sp(W.T @ d)),
]


def product_right(net, x, l):
    zs, acts = net.forward(x)

    def D(k):
        return np.diag(sp(zs[k - 2][:, 0]))

    P = D(net.L)
    for k in range(net.L, l, -1):
        P = D(k - 1) @ net.W(k).T @ P
    return P


def product_broadcast(net, x, l):
    # D^[k] P written as σ'(z^k) (a column) times P, row by row: the same product, without np.diag
    c = net.forward(x)
    P = sp(c.z(net.L)) * np.eye(net.sizes[-1])
    for k in range(net.L, l, -1):
        P = sp(c.z(k - 1)) * (net.W(k).T @ P)
    return P


def product_recursive(net, x, l):
    zs, _ = net.forward(x)
    if l == net.L:
        return np.diag(sp(zs[-1][:, 0]))
    return np.diag(sp(zs[l - 2][:, 0])) @ net.W(l + 1).T @ product_recursive(net, x, l + 1)


def product_columns_by_bp2(net, x, l):
    # the product's columns as δ^l for each unit vector in place of a^L − y, by the package's bp2
    zs, _ = net.forward(x)
    V = sp(zs[-1]) * np.eye(net.sizes[-1])
    for k in range(net.L, l, -1):
        V = bp2(net.W(k), V, zs[k - 3], "sigmoid")
    return V


def hadamard_column(net, x, l):
    # BP2 in a loop on a^L − y with y = 0: δ^l, a column, not the product asked for
    c = net.forward(x)
    v = sp(c.z(net.L)) * c.a(net.L)
    for k in range(net.L, l, -1):
        v = (net.W(k).T @ v) * sp(c.z(k - 1))
    return v


DELTA_PRODUCT = [
    right("product of D and W.T", product_right),
    right("σ' broadcast over rows", product_broadcast),
    right("recursion", product_recursive),
    right("list", lambda net, x, l: product_right(net, x, l).tolist()),
    right("float32", lambda net, x, l: product_right(net, x, l).astype(np.float32)),
    right("one matrix product", lambda net, x, l: np.linalg.multi_dot(
        [np.diag(sp(net.forward(x)[0][l - 2][:, 0]))]
        + sum(([net.W(k).T, np.diag(sp(net.forward(x)[0][k - 2][:, 0]))] for k in range(l + 1, net.L + 1)), []))
        if l < net.L else product_right(net, x, l)),
    wrong("net.errors", lambda net, x, l: net.errors(x, np.zeros((net.sizes[-1], 1)))[2][l - 2], OWN),
    wrong("bp2 on the columns of D^[L]", product_columns_by_bp2, OWN),
    wrong("the Hadamard loop on a column (δ^l)", hadamard_column, None, "shape"),
    wrong("1-D", lambda net, x, l: product_right(net, x, l).ravel(), None, "shape"),
    wrong("D^[L] everywhere", lambda net, x, l: _product_with(net, x, l, D_of=lambda k: net.L),
          "D^[L] in place of D^[l]"),
    wrong("no transpose", lambda net, x, l: _product_with(net, x, l, transpose=False), "a missing transpose"),
    wrong("no leading D^[l]", lambda net, x, l: _product_with(net, x, l, lead=False), "a forgotten leading D^[l]"),
    wrong("sigma'(a)", lambda net, x, l: _product_with(net, x, l, prime=lambda z: sp(sig(z))),
          "σ'(a) in place of σ'(z)"),
    unknown("the identity", lambda net, x, l: np.eye(net.sizes[l - 1], net.sizes[-1])),
    unknown("D^[l] missing and sign flipped", lambda net, x, l: -_product_with(net, x, l, lead=False)),
    unknown("product transposed when square", lambda net, x, l: product_right(net, x, l).T
            if net.sizes[l - 1] == net.sizes[-1] else 2 * product_right(net, x, l)),
    unknown("transposed", lambda net, x, l: product_right(net, x, l).T, "shape"),
    unknown("zeros", lambda net, x, l: np.zeros((net.sizes[l - 1], net.sizes[-1]))),
]


def prediction_right(net, x, y, db):
    errors = net.errors(x, y)
    return sum(float(np.sum(errors.delta(l) * db[l])) for l in db)


def prediction_by_hand(net, x, y, db):
    # BP1 and BP2 written out, then Σ δ^l_j Δb^l_j with loops over l and j (j from 1)
    c = net.forward(x)
    delta = {net.L: (c.a(net.L) - y) * sp(c.z(net.L))}
    for l in range(net.L - 1, 1, -1):
        delta[l] = (net.W(l + 1).T @ delta[l + 1]) * sp(c.z(l))
    return sum(delta[l][j - 1, 0] * db[l][j - 1, 0] for l in db for j in range(1, net.sizes[l - 1] + 1))


def prediction_by_backprop(net, x, y, db):
    _, grad_b = net.backprop(x, y)                  # for one example ∂C/∂b^l = δ^l (BP3)
    return sum(float(grad_b[l - 2].ravel() @ db[l].ravel()) for l in db)


def prediction_fd(net, x, y, db, h=1e-6):
    # the directional derivative along the nudge by central differences: close, not exact
    from bpcourse.exercises.bp3 import true_change
    return (true_change(net, x, y, {l: h * d for l, d in db.items()})
            - true_change(net, x, y, {l: -h * d for l, d in db.items()})) / (2 * h)


def _true_change(net, x, y, db):
    from bpcourse.exercises.bp3 import true_change
    return true_change(net, x, y, db)


BIAS_PREDICTION = [
    right("sum of δ ⊙ Δb", prediction_right),
    right("loops over l and j", prediction_by_hand),
    right("from backprop's ∂C/∂b", prediction_by_backprop),
    right("a 1×1 array", lambda net, x, y, db: np.array([[prediction_right(net, x, y, db)]])),
    right("numpy float32", lambda net, x, y, db: np.float32(prediction_right(net, x, y, db))),
    right("vdot per layer", lambda net, x, y, db: sum(np.vdot(net.errors(x, y).delta(l), db[l]) for l in db)),
    right("changes the nudges it is given", lambda net, x, y, db: (prediction_right(net, x, y, db),
                                                                    [d.fill(0.0) for d in db.values()])[0]),
    wrong("the true change", _true_change, "the true change"),
    wrong("a reversed sign", lambda net, x, y, db: -prediction_right(net, x, y, db), "a reversed sign"),
    wrong("the output layer alone", lambda net, x, y, db: float(np.sum(net.errors(x, y).delta(net.L) * db[net.L])),
          "only the output layer's term"),
    wrong("a^l for δ^l", lambda net, x, y, db: sum(float(np.sum(net.forward(x).a(l) * db[l])) for l in db),
          "the activations a^l in place of δ^l"),
    wrong("|δ Δb|", lambda net, x, y, db: sum(float(np.sum(np.abs(net.errors(x, y).delta(l) * db[l]))) for l in db),
          "the sizes |δ| |Δb|"),
    wrong("finite differences", prediction_fd),
    unknown("half of it", lambda net, x, y, db: 0.5 * prediction_right(net, x, y, db)),
    unknown("the first layer's term alone", lambda net, x, y, db: float(np.sum(net.errors(x, y).delta(2) * db[2]))),
    unknown("the cost itself", lambda net, x, y, db: float(net.cost(x, y))),
    unknown("zero", lambda net, x, y, db: 0.0),
    unknown("one number per layer", lambda net, x, y, db: [float(np.sum(net.errors(x, y).delta(l) * db[l]))
                                                           for l in db], "one number"),
]


def _product_with(net, x, l, **switches):
    from bpcourse.exercises.bp2 import _product
    return _product(net, x, l, **switches)


# -- 05 ----------------------------------------------------------------------------------------------
BP3 = [
    right("mean keepdims", lambda d: d.mean(axis=1, keepdims=True)),
    right("sum / m", lambda d: d.sum(axis=1, keepdims=True) / d.shape[1]),
    right("reshape", lambda d: d.mean(axis=1).reshape(-1, 1)),
    right("@ ones", lambda d: d @ np.ones((d.shape[1], 1)) / d.shape[1]),
    right("np.matrix", lambda d: np.matrix(d).mean(axis=1)),
    right("list of lists", lambda d: [[float(v)] for v in d.mean(axis=1)]),
    right("float32", lambda d: d.astype(np.float32).mean(axis=1, keepdims=True)),
    right("changes delta in place", lambda d: (d.__imul__(1.0 / d.shape[1])).sum(axis=1, keepdims=True)),
    right("[:, None]", lambda d: np.mean(d, 1)[:, None]),
    wrong("bp3 itself", lambda d: bp3(d), OWN),
    wrong("sum", lambda d: d.sum(axis=1, keepdims=True), "summing instead of averaging over the batch"),
    wrong("1-D mean", lambda d: d.mean(axis=1), "returning shape (n,)"),
    wrong("axis 0 as a column", lambda d: d.mean(axis=0, keepdims=True).T, "averaging over the neurons"),
    wrong("divided by the rows", lambda d: d.sum(axis=1, keepdims=True) / d.shape[0],
          "dividing by the number of neurons"),
    wrong("first column", lambda d: d[:, :1].copy(), "only the first example"),
    unknown("median", lambda d: np.median(d, axis=1, keepdims=True)),
    unknown("max", lambda d: d.max(axis=1, keepdims=True)),
    unknown("divided by m - 1", lambda d: d.sum(axis=1, keepdims=True) / max(d.shape[1] - 1, 1)),
    unknown("float16", lambda d: d.astype(np.float16).mean(axis=1, keepdims=True), "float16"),
    unknown("booleans", lambda d: d.mean(axis=1, keepdims=True) > 0, "booleans"),
    unknown("rounded to ints", lambda d: np.round(d.mean(axis=1, keepdims=True)).astype(int)),
]


# -- 06 ----------------------------------------------------------------------------------------------
def bp4_right(d, a):
    return d @ a.T / d.shape[1]


BP4 = [
    right("d @ a.T / m", bp4_right),
    right("einsum", lambda d, a: np.einsum("jm,km->jk", d, a) / d.shape[1]),
    right("sum of outer products", lambda d, a: sum(np.outer(d[:, i], a[:,
          i]) for i in range(d.shape[1])) / d.shape[1]),
    right("broadcast mean", lambda d, a: (d[:, None, :] * a[None, :, :]).mean(axis=2)),
    right("float32", lambda d, a: bp4_right(d, a).astype(np.float32)),
    right("tuple of tuples", lambda d, a: tuple(map(tuple, bp4_right(d, a)))),
    right("np.dot", lambda d, a: np.dot(d, a.T) / d.shape[1]),
    wrong("bp4 itself", lambda d, a: bp4(d, a), OWN),
    wrong("sum", lambda d, a: d @ a.T, "summing over the batch"),
    wrong("a @ d.T", lambda d, a: a @ d.T / d.shape[1], "the transposed product"),
    wrong("first example", lambda d, a: d[:, :1] @ a[:, :1].T, "using only the first example"),
    wrong("/ rows", lambda d, a: d @ a.T / d.shape[0], "dividing by the number of rows"),
    unknown("transposed only when square", lambda d, a: bp4_right(d,
            a).T if d.shape[0] == a.shape[0] else bp4_right(d, a)),
    unknown("/ m²", lambda d, a: d @ a.T / d.shape[1] ** 2),
    unknown("/ (m - 1)", lambda d, a: d @ a.T / max(d.shape[1] - 1, 1)),
    unknown("last example", lambda d, a: np.outer(d[:, -1], a[:, -1])),
    unknown("a squared", lambda d, a: d @ (a ** 2).T / d.shape[1]),
]


def wg_right(d, acts, l):
    return d @ acts[l - 2].T / d.shape[1]


WEIGHT_GRADIENT = [
    right("activations[l - 2]", wg_right),
    right("negative index", lambda d, acts, l: d @ acts[l - 2 - len(acts)].T / d.shape[1]),
    right("pops from the list", lambda d, acts, l: d @ acts.pop(l - 2).T / d.shape[1]),
    right("int(l)", lambda d, acts, l: d @ acts[int(l) - 2].T / d.shape[1]),
    right("einsum", lambda d, acts, l: np.einsum("jm,km->jk", d, acts[l - 2]) / d.shape[1]),
    right("float32", lambda d, acts, l: wg_right(d, acts, l).astype(np.float32)),
    wrong("a^l", lambda d, acts, l: d @ acts[l - 1].T / d.shape[1], "a^l in place of a^{l-1}"),
    wrong("a^{l-2}", lambda d, acts, l: d @ acts[l - 3].T / d.shape[1], "a^{l-2} in place"),
    wrong("a^1", lambda d, acts, l: d @ acts[0].T / d.shape[1], "the input a^1 in every layer"),
    wrong("sum", lambda d, acts, l: d @ acts[l - 2].T, "summing over the batch"),
    wrong("bp4 itself", lambda d, acts, l: bp4(d, acts[l - 2]), OWN),
    wrong("float index", lambda d, acts, l: d @ acts[l / 1 - 2].T / d.shape[1], None, "TypeError"),
    unknown("a^L", lambda d, acts, l: d @ acts[-1].T / d.shape[1] if acts[-1].shape[0] == acts[l - 2].shape[0]
            else 2 * wg_right(d, acts, l)),
    unknown("mean of a", lambda d, acts, l: d.mean(axis=1, keepdims=True) @ acts[l - 2].mean(axis=1, keepdims=True).T),
    unknown("dict", lambda d, acts, l: {"W": wg_right(d, acts, l)}, "dict"),
    unknown("transposed when square", lambda d, acts, l: wg_right(d, acts, l).T
            if d.shape[0] == acts[l - 2].shape[0] else wg_right(d, acts, l)),
]


# -- 07 ----------------------------------------------------------------------------------------------
def bp_right(weights, biases, X, Y, prime=sp):
    m = X.shape[1]
    zs, acts = [], [X]
    for W, b in zip(weights, biases):
        zs.append(W @ acts[-1] + b)
        acts.append(sig(zs[-1]))
    delta = (acts[-1] - Y) * prime(zs[-1])
    grad_W, grad_b = [None] * len(weights), [None] * len(weights)
    for i in range(len(weights) - 1, -1, -1):
        grad_W[i] = delta @ acts[i].T / m
        grad_b[i] = delta.sum(axis=1, keepdims=True) / m
        if i > 0:
            delta = (weights[i].T @ delta) * prime(zs[i - 1])
    return grad_W, grad_b


def bp_per_example(weights, biases, X, Y):
    m = X.shape[1]
    total_W = [np.zeros_like(W) for W in weights]
    total_b = [np.zeros_like(b) for b in biases]
    for i in range(m):
        gW, gb = bp_right(weights, biases, X[:, i:i + 1], Y[:, i:i + 1])
        total_W = [t + g / m for t, g in zip(total_W, gW)]
        total_b = [t + g / m for t, g in zip(total_b, gb)]
    return total_W, total_b


def bp_appending(weights, biases, X, Y):
    gW, gb = bp_right(weights, biases, X, Y)
    out_W, out_b = [], []
    for i in range(len(gW) - 1, -1, -1):
        out_W.insert(0, gW[i])
        out_b.insert(0, gb[i])
    return out_W, out_b


def _output_layer_only(grad_W, grad_b):
    return [0 * g for g in grad_W[:-1]] + grad_W[-1:], [0 * g for g in grad_b[:-1]] + grad_b[-1:]


def bp_net(weights, biases, X, Y):
    net = Network([X.shape[0]] + [W.shape[0] for W in weights])
    net.weights, net.biases = weights, biases
    return net.backprop(X, Y)


def bp_fd(weights, biases, X, Y):
    def cost(ws, bs):
        a = X
        for W, b in zip(ws, bs):
            a = sig(W @ a + b)
        return 0.5 * np.sum((a - Y) ** 2) / X.shape[1]
    h = 1e-5
    out = []
    for params in (weights, biases):
        grads = []
        for P in params:
            G = np.zeros_like(P)
            for idx in np.ndindex(P.shape):
                old = P[idx]
                P[idx] = old + h
                up = cost(weights, biases)
                P[idx] = old - h
                down = cost(weights, biases)
                P[idx] = old
                G[idx] = (up - down) / (2 * h)
            grads.append(G)
        out.append(grads)
    return tuple(out)


BACKPROP = [
    right("matrix form", bp_right),
    right("one example at a time", bp_per_example),
    right("insert(0, …)", bp_appending),
    right("tuple of tuples", lambda *a: tuple(tuple(g) for g in bp_right(*a))),
    right("list pair", lambda *a: list(bp_right(*a))),
    right("float32 throughout", lambda w, b, X, Y: bp_right([v.astype(np.float32) for v in w],
                                                            [v.astype(np.float32) for v in b],
                                                            X.astype(np.float32), Y.astype(np.float32))),
    right("nested lists", lambda *a: tuple([g.tolist() for g in part] for part in bp_right(*a))),
    wrong("Network.backprop", bp_net, OWN),
    wrong("own finite differences", bp_fd, "an approximation"),
    wrong("sigma'(a)", lambda *a: bp_right(*a, prime=lambda z: sp(sig(z))), "σ'(a) in place of σ'(z)"),
    wrong("reversed lists", lambda *a: tuple(part[::-1] for part in bp_right(*a)),
          "the gradient lists in reverse order"),
    wrong("(grad_b, grad_W)", lambda *a: bp_right(*a)[::-1], "(grad_b, grad_W)"),
    wrong("summed over the batch",
          lambda w, b, X, Y: tuple([g * X.shape[1] for g in part] for part in bp_right(w, b, X, Y)),
          "summing over the batch"),
    unknown("only the output layer right", lambda *a: _output_layer_only(*bp_right(*a))),
    unknown("gradients times 1.5", lambda *a: tuple([1.5 * g for g in part] for part in bp_right(*a))),
    unknown("biases not averaged", lambda w, b, X, Y: (bp_right(w, b, X, Y)[0],
                                                       [g * X.shape[1] for g in bp_right(w, b, X, Y)[1]])
            if X.shape[1] > 1 else (bp_right(w, b, X, Y)[0], [g * 3 for g in bp_right(w, b, X, Y)[1]])),
    unknown("dict", lambda *a: {"grad_W": bp_right(*a)[0], "grad_b": bp_right(*a)[1]}, "dict"),
    unknown("generator", lambda *a: (part for part in bp_right(*a)), "generator"),
    unknown("weights returned", lambda w, b, X, Y: (w, b)),
]


def re_right(a, b):
    den = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if den == 0 else np.linalg.norm(a - b) / den


RELATIVE_ERROR = [
    right("reference", re_right),
    right("+1e-12 guard", lambda a, b: np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b) + 1e-12)),
    right("max(1e-8, …)", lambda a, b: np.linalg.norm(a - b) / max(1e-8, np.linalg.norm(a) + np.linalg.norm(b))),
    right("sqrt of sums", lambda a, b: (np.sum((a - b) ** 2) ** 0.5 / (np.sum(a ** 2) ** 0.5 + np.sum(b ** 2) ** 0.5)
                                        if np.any(a) or np.any(b) else 0.0)),
    right("float32 inputs", lambda a, b: re_right(a.astype(np.float32), b.astype(np.float32))),
    right("0-d array", lambda a, b: np.array(re_right(a, b))),
    right("1x1 array", lambda a, b: np.array([[re_right(a, b)]])),
    right("ravel first", lambda a, b: re_right(a.ravel(), b.ravel())),
    right("np.float32", lambda a, b: np.float32(re_right(a, b))),
    wrong("the package's", relative_error, OWN),
    wrong("0/0", lambda a, b: np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b)), "dividing 0 by 0"),
    wrong("0/0 in Python floats (raises)", lambda a, b: float(np.linalg.norm(a - b))
          / float(np.linalg.norm(a) + np.linalg.norm(b)), "dividing 0 by 0"),
    wrong("1.0 when a = b = 0", lambda a, b: re_right(a, b) if np.any(a) or np.any(b) else 1.0,
          "the wrong value when a = b = 0", "relative error is 0"),
    wrong("max of norms", lambda a, b: re_right(a, b) * (np.linalg.norm(a) + np.linalg.norm(b))
          / max(np.linalg.norm(a), np.linalg.norm(b)) if np.any(a) or np.any(b) else 0.0, "max(‖a‖, ‖b‖)"),
    wrong("/‖a‖", lambda a, b: np.linalg.norm(a - b) / np.linalg.norm(a), "dividing by ‖a‖ only"),
    wrong("/‖b‖", lambda a, b: np.linalg.norm(a - b) / np.linalg.norm(b), "dividing by ‖b‖ only"),
    wrong("+1e-3 guard", lambda a, b: np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b) + 1e-3),
          "a guard ε in the denominator"),
    wrong("absolute", lambda a, b: np.linalg.norm(a - b), "the absolute error"),
    unknown("mean of entries", lambda a, b: float(np.mean(np.abs(a - b)) / (np.mean(np.abs(a)) + np.mean(np.abs(b))))
            if np.any(a) or np.any(b) else 0.0),
    unknown("squared ratio", lambda a, b: re_right(a, b) ** 2),
    unknown("string", lambda a, b: f"{re_right(a, b):.3e}", "string"),
    unknown("complex via sqrt", lambda a, b: np.sqrt(complex(np.sum((a - b) ** 2)))
            / (np.linalg.norm(a) + np.linalg.norm(b) + 1e-300), "complex"),
    unknown("1 - cosine", lambda a, b: 1 - np.sum(a * b) / (np.linalg.norm(a) * np.linalg.norm(b))
            if np.any(a) and np.any(b) else 0.0),
]


# -- 08 ----------------------------------------------------------------------------------------------
def step_right(weights, biases, grad_W, grad_b, eta):
    return [W - eta * g for W, g in zip(weights, grad_W)], [b - eta * g for b, g in zip(biases, grad_b)]


def step_deepcopy_inplace(weights, biases, grad_W, grad_b, eta):
    new_W, new_b = [W.copy() for W in weights], [b.copy() for b in biases]
    for W, g in zip(new_W, grad_W):
        W -= eta * g
    for b, g in zip(new_b, grad_b):
        b -= eta * g
    return new_W, new_b


def step_in_place(weights, biases, grad_W, grad_b, eta):
    for W, g in zip(weights, grad_W):
        W -= eta * g
    for b, g in zip(biases, grad_b):
        b -= eta * g
    return weights, biases


def step_list_items(weights, biases, grad_W, grad_b, eta):
    for i in range(len(weights)):
        weights[i] = weights[i] - eta * grad_W[i]
        biases[i] = biases[i] - eta * grad_b[i]
    return weights, biases


def step_shallow(weights, biases, grad_W, grad_b, eta):
    new_W, new_b = list(weights), list(biases)
    for i in range(len(new_W)):
        new_W[i] -= eta * grad_W[i]
        new_b[i] -= eta * grad_b[i]
    return new_W, new_b


def step_grads_scaled(weights, biases, grad_W, grad_b, eta):
    for g in grad_W + grad_b:
        g *= eta
    return [W - g for W, g in zip(weights, grad_W)], [b - g for b, g in zip(biases, grad_b)]


def step_in_place_deep_only(weights, biases, grad_W, grad_b, eta):
    new = step_right(weights, biases, grad_W, grad_b, eta)
    if len(weights) > 3:
        weights[-1] -= 0.0 * grad_W[-1] + 1e-3
    return new


SGD_STEP = [
    right("comprehensions", step_right),
    right("copies then -=", step_deepcopy_inplace),
    right("np.subtract", lambda w, b, gw, gb, eta: ([np.subtract(W, eta * g) for W, g in zip(w, gw)],
                                                    [np.subtract(c, eta * g) for c, g in zip(b, gb)])),
    right("tuples", lambda *a: tuple(tuple(p) for p in step_right(*a))),
    right("map into lists", lambda w, b, gw, gb, eta: (list(map(lambda p: p[0] - eta * p[1], zip(w, gw))),
                                                       list(map(lambda p: p[0] - eta * p[1], zip(b, gb))))),
    right("float32", lambda *a: tuple([p.astype(np.float32) for p in part] for part in step_right(*a))),
    wrong("in place", step_in_place, "changing the given arrays in place"),
    wrong("list items replaced", step_list_items, "changing the given lists (not the arrays)"),
    wrong("shallow list copy then -=", step_shallow, "changing the given arrays in place"),
    wrong("gradients scaled in place", step_grads_scaled, "changing the given arrays in place"),
    wrong("in place in deep networks only", step_in_place_deep_only, "changing the given arrays in place"),
    wrong("plus", lambda w, b, gw, gb, eta: step_right(w, b, gw, gb, -eta), "a plus sign"),
    wrong("biases first", lambda *a: step_right(*a)[::-1], "returning the biases first"),
    wrong("no eta", lambda w, b, gw, gb, eta: step_right(w, b, gw, gb, 1.0), "forgetting η"),
    wrong("generators", lambda w, b, gw, gb, eta: ((W - eta * g for W, g in zip(w, gw)),
                                                   (c - eta * g for c, g in zip(b, gb))), None, "generator"),
    unknown("eta squared", lambda w, b, gw, gb, eta: step_right(w, b, gw, gb, eta ** 2)),
    unknown("only the weights", lambda w, b, gw, gb, eta: step_right(w, b, gw, gb, eta)[0]),
    unknown("half a step on the biases", lambda w, b, gw, gb, eta: (step_right(w, b, gw, gb, eta)[0],
                                                                     step_right(w, b, gw, gb, eta / 2)[1])),
    unknown("momentum-like", lambda w, b, gw, gb, eta: step_right(w, b, [2 * g for g in gw], gb, eta)),
]


def mb_right(m, batch_size, rng):
    order = rng.permutation(m)
    return [order[k:k + batch_size] for k in range(0, m, batch_size)]


def mb_blocks(m, batch_size, rng):
    blocks = [np.arange(m)[k:k + batch_size] for k in range(0, m, batch_size)]
    return [rng.permutation(b) for b in blocks]


MINI_BATCHES = [
    right("permutation and slices", mb_right),
    right("array_split", lambda m, bs, rng: np.array_split(rng.permutation(m), range(bs, m, bs))),
    right("choice without replacement", lambda m, bs, rng: [o[k:k + bs] for o in [rng.choice(m, m, replace=False)]
                                                            for k in range(0, m, bs)]),
    right("lists of ints", lambda m, bs, rng: [[int(i) for i in o[k:k + bs]] for o in [rng.permutation(m)]
                                               for k in range(0, m, bs)]),
    right("shuffle in place", lambda m, bs, rng: (lambda o: (rng.shuffle(o), [o[k:k + bs] for k in range(0, m,
          bs)])[1])(
        np.arange(m))),
    right("tuple of arrays", lambda m, bs, rng: tuple(mb_right(m, bs, rng))),
    right("shuffled, then each batch sorted", lambda m, bs, rng: [np.sort(b) for b in mb_right(m, bs, rng)]),
    wrong("generator function", lambda m, bs, rng: (b for b in mb_right(m, bs, rng)), None, "generator"),
    wrong("float indices", lambda m, bs, rng: [b.astype(float) for b in mb_right(m, bs, rng)], None, "float"),
    wrong("unshuffled", lambda m, bs, rng: [np.arange(m)[k:k + bs] for k in range(0, m, bs)], "no shuffling"),
    wrong("shuffled within batches", mb_blocks, "shuffling within batches only"),
    wrong("drops the last batch", lambda m, bs, rng: mb_right(m, bs, rng)[:m // bs] if m % bs and m > bs
          else mb_right(m, bs, rng), "dropping the last partial batch"),
    wrong("np.random", lambda m, bs, rng: mb_right(m, bs, np.random.default_rng()), "not using the rng argument"),
    wrong("fixed seed", lambda m, bs, rng: mb_right(m, bs, np.random.default_rng(0)), "not using the rng argument"),
    wrong("with replacement", lambda m, bs, rng: [rng.integers(0, m, min(bs, m - k)) for k in range(0, m, bs)]
          if m > 1 else [np.array([0])], "sampling with replacement"),
    unknown("1-based", lambda m, bs, rng: [b + 1 for b in mb_right(m, bs, rng)], "outside"),
    unknown("one big batch", lambda m, bs, rng: [rng.permutation(m)]),
    unknown("boolean masks", lambda m, bs, rng: [np.isin(np.arange(m), b) for b in mb_right(m, bs, rng)], "booleans"),
    unknown("single indices", lambda m, bs, rng: list(rng.permutation(m)), "single index"),
    unknown("small last batch first", lambda m, bs, rng: mb_right(m, bs, rng)[::-1]),
]


# -- 09 ----------------------------------------------------------------------------------------------
def acc_right(A_, Y):
    return float(np.mean(np.argmax(A_, axis=0) == np.argmax(Y, axis=0)))


ACCURACY = [
    right("mean of the comparison", acc_right),
    right("np.float64", lambda A_, Y: np.mean(A_.argmax(0) == Y.argmax(0))),
    right("sum / m", lambda A_, Y: (A_.argmax(0) == Y.argmax(0)).sum() / A_.shape[1]),
    right("Fraction", lambda A_, Y: fractions.Fraction(int((A_.argmax(0) == Y.argmax(0)).sum()), A_.shape[1])),
    right("loop", lambda A_, Y: sum(int(np.argmax(A_[:, i]) == np.argmax(Y[:, i])) for i in range(A_.shape[1]))
          / A_.shape[1]),
    right("float32", lambda A_, Y: np.float32(acc_right(A_, Y))),
    right("(1,) array", lambda A_, Y: np.array([acc_right(A_, Y)])),
    right("one-hot product", lambda A_, Y: float(np.sum((A_ == A_.max(axis=0)) * Y) / A_.shape[1])),
    wrong("bool array", lambda A_, Y: A_.argmax(0) == Y.argmax(0), None, "booleans"),
    wrong("percentage", lambda A_, Y: 100 * acc_right(A_, Y), "a percentage"),
    wrong("count", lambda A_, Y: int((A_.argmax(0) == Y.argmax(0)).sum()), "counting the right answers"),
    wrong("axis 1", lambda A_, Y: float(np.mean(A_.argmax(1) == Y.argmax(1))), "the argmax over the wrong axis"),
    wrong("error rate", lambda A_, Y: 1 - acc_right(A_, Y), "the error rate"),
    wrong("entry by entry", lambda A_, Y: float(np.mean((A_ == A_.max(axis=0)).astype(float) == Y)),
          "comparing one-hot arrays entry by entry"),
    unknown("argmin", lambda A_, Y: float(np.mean(A_.argmin(0) == Y.argmax(0)))),
    unknown("percentage string", lambda A_, Y: f"{acc_right(A_, Y):.1%}", "string"),
    unknown("divided by the classes", lambda A_, Y: float(np.sum(A_.argmax(0) == Y.argmax(0)) / A_.shape[0])),
    unknown("threshold at 0.5", lambda A_, Y: float(np.mean(np.all((A_ > 0.5) == (Y > 0.5), axis=0)))),
    unknown("complex", lambda A_, Y: complex(acc_right(A_, Y)), "complex"),
]


def ce_right(a, y):
    return -np.sum(y * np.log(a) + (1 - y) * np.log(1 - a), axis=0)


CROSS_ENTROPY = [
    right("two terms", ce_right),
    right("log1p", lambda a, y: -np.sum(y * np.log(a) + (1 - y) * np.log1p(-a), axis=0)),
    right("list", lambda a, y: [float(v) for v in ce_right(a, y)]),
    right("column loop", lambda a, y: np.array([-sum(y[j, i] * np.log(a[j, i]) + (1 - y[j, i]) * np.log(1 - a[j, i])
                                                     for j in range(a.shape[0])) for i in range(a.shape[1])])),
    right("float32", lambda a, y: ce_right(a, y).astype(np.float32)),
    right("ones @", lambda a, y: -(np.ones(a.shape[0]) @ (y * np.log(a) + (1 - y) * np.log(1 - a)))),
    wrong("package cost", lambda a, y: costs.cross_entropy.fn(a, y), OWN),
    # the package's cost reached by paths no tripwire on costs.cross_entropy covers
    wrong("package cost, its bound method", costs.cross_entropy.fn, OWN),
    wrong("package cost, a bound method kept earlier", lambda a, y, fn=costs.cross_entropy.fn: fn(a, y), OWN),
    wrong("package cost, by name", lambda a, y: costs.get("cross_entropy").fn(a, y), OWN),
    wrong("package cost, its formula", costs.cross_entropy.per_example, OWN),
    wrong("package cost, through evaluate", lambda a, y: costs.evaluate("cross_entropy", a, y), OWN),
    wrong("package cost, in a partial", functools.partial(costs.cross_entropy.fn), OWN),
    wrong("one term", lambda a, y: -np.sum(y * np.log(a), axis=0), "a missing (1 − y) ln(1 − a) term"),
    wrong("no minus", lambda a, y: -ce_right(a, y), "a sign error"),
    wrong("mean", lambda a, y: float(np.mean(ce_right(a, y))), "averaging over the batch"),
    wrong("axis 1", lambda a, y: -np.sum(y * np.log(a) + (1 - y) * np.log(1 - a), axis=1),
          "summing over the wrong axis"),
    wrong("log10", lambda a, y: -np.sum(y * np.log10(a) + (1 - y) * np.log10(1 - a), axis=0), "log base 10"),
    wrong("(1, m)", lambda a, y: ce_right(a, y)[None, :], None, "shape"),
    unknown("quadratic cost", lambda a, y: 0.5 * np.sum((a - y) ** 2, axis=0)),
    unknown("swapped roles", lambda a, y: -np.sum(a * np.log(np.clip(y, 1e-12, 1)) + (1 - a)
                                                   * np.log(np.clip(1 - y, 1e-12, 1)), axis=0)),
    unknown("log2", lambda a, y: -np.sum(y * np.log2(a) + (1 - y) * np.log2(1 - a), axis=0)),
    unknown("max instead of sum", lambda a, y: -np.min(y * np.log(a) + (1 - y) * np.log(1 - a), axis=0)),
    unknown("dict per example", lambda a, y: dict(enumerate(ce_right(a, y))), "dict"),
]


# -- 10 ----------------------------------------------------------------------------------------------
SLIP_ANSWERS = []
for _n, _c in CASES.items():
    SLIP_ANSWERS.append(A(f"case {_n}: the slip line", (_n, _c.slip_line), True, None))
    SLIP_ANSWERS.append(A(f"case {_n}: upper case with parentheses", (_n, f" ({_c.slip_line.upper()}) "), True, None))
    for _letter in _c.lines:
        if _letter != _c.slip_line:
            SLIP_ANSWERS.append(A(f"case {_n}: line {_letter}", (_n, _letter), False, f"picked line ({_letter})"))
SLIP_ANSWERS += [
    wrong("two letters", (1, "c, d"), None, "not one of the lines"),
    wrong("a list", (1, ["c"]), None, "a list"),
    wrong("a number", (1, 3), None, "an integer"),
    wrong("empty", (1, ""), None, "not one of the lines"),
    wrong("not answered", (1, None), None, "not answered yet"),
    wrong("case as float", (2.0, "b"), None, "case must be one of"),
    wrong("case as string", ("2", "b"), None, "case must be one of"),
    wrong("case out of range", (10, "a"), None, "case must be one of"),
    wrong("case as bool", (True, "a"), None, "case must be one of"),
    wrong("a letter beyond the lines", (1, "e"), None, "not one of the lines"),
]

FIX_ANSWERS = []
for _n, _c in CASES.items():
    FIX_ANSWERS.append(A(f"case {_n}: the fix", (_n, _c.fix), True, None))
    FIX_ANSWERS.append(A(f"case {_n}: the fix, returning lists",
                         (_n, (lambda f: lambda *a: np.asarray(f(*a)).tolist())(_c.fix)), True, None))
    FIX_ANSWERS.append(A(f"case {_n}: the claim", (_n, _c.claim), False, "the claim unchanged"))
    FIX_ANSWERS.append(A(f"case {_n}: the fix doubled", (_n, (lambda f: lambda *a: 2 * np.asarray(f(*a)))(_c.fix)),
                         False, None))
def fix_9_in_place(p, grad, eta):
    p -= eta * grad
    return p


def claim_9_in_place(p, grad, eta):
    p += eta * grad
    return p


FIX_ANSWERS += [
    right("case 9: in place, p -= eta * grad", (9, fix_9_in_place)),
    wrong("case 9: the claim in place, p += eta * grad", (9, claim_9_in_place), "the claim unchanged"),
    right("case 1: a(1 - a) for σ'", (1, lambda a_L, y, z_L: (a_L - y) * a_L * (1 - a_L))),
    right("case 3: einsum", (3, lambda W, d, z: np.einsum("kj,km->jm", W, d) * sp(z))),
    right("case 9: float32", (9, lambda p, g, eta: (p - eta * g).astype(np.float32))),
    wrong("case 7: uncancelled", (7, lambda a, y, z: (a - y) / (a * (1 - a)) * sp(z)), "the uncancelled form"),
    wrong("case 3: σ'(a)", (3, lambda W, d, z: (W.T @ d) * sp(sig(z))), "σ'(a) in place of σ'(z)"),
    wrong("case 5: z^L still used", (5, lambda W, d, z, zL: sp(zL) * (W.T @ d)), "the claim unchanged"),
    unknown("case 9: η²", (9, lambda p, g, eta: p - eta ** 2 * g)),
    unknown("case 8: divided by m twice", (8, lambda d, a: d @ a.T / d.shape[1] ** 2)),
    wrong("case 6: a^l kept but averaged differently", (6, lambda d, a, al: d @ al.T / d.shape[0]), None),
]


# -- 11 ----------------------------------------------------------------------------------------------
def softmax_right(z):
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


def softmax_a(z):
    return softmax_right(z)[:, 0]


SOFTMAX = [
    right("max-shifted", softmax_right),
    right("column loop", lambda z: np.column_stack([np.exp(c - c.max()) / np.exp(c - c.max()).sum() for c in z.T])),
    right("log-sum-exp", lambda z: np.exp(z - (z.max(axis=0) + np.log(np.exp(z - z.max(axis=0)).sum(axis=0))))),
    right("list", lambda z: softmax_right(z).tolist()),
    right("float32 after float64", lambda z: softmax_right(z).astype(np.float32)),
    right("transpose twice", lambda z: softmax_right(z.T.T)),
    wrong("package softmax", lambda z: activations.softmax.fn(z), OWN),
    wrong("no max-subtraction", lambda z: np.exp(z) / np.exp(z).sum(axis=0, keepdims=True), "no max-subtraction"),
    wrong("one max for the batch", lambda z: np.exp(z - z.max()) / np.exp(z - z.max()).sum(axis=0, keepdims=True),
          "one maximum for the whole batch"),
    wrong("min subtracted", lambda z: np.exp(z - z.min(axis=0)) / np.exp(z - z.min(axis=0)).sum(axis=0),
          "an overflow at z = 1000"),
    wrong("rows", lambda z: np.exp(z - z.max(axis=1, keepdims=True))
          / np.exp(z - z.max(axis=1, keepdims=True)).sum(axis=1, keepdims=True), "the softmax along the wrong axis"),
    wrong("whole batch", lambda z: np.exp(z - z.max()) / np.exp(z - z.max()).sum(), "normalising over the whole"),
    wrong("no normalisation", lambda z: np.exp(z), "the exponentials without"),
    wrong("sigmoid", lambda z: sig(z), "the sigmoid in place of the softmax"),
    wrong("no keepdims (m = 1 only)", lambda z: np.exp(z - z.max(axis=0)) / np.exp(z - z.max(axis=0)).sum(axis=0)
          if z.shape[1] == 1 else softmax_right(z).T, None),
    unknown("squared", lambda z: softmax_right(z) ** 2),
    unknown("temperature 2", lambda z: softmax_right(z / 2)),
    unknown("rounded", lambda z: np.round(softmax_right(z), 3)),
    unknown("clipped inputs", lambda z: softmax_right(np.clip(z, -50, 50))),
]


def jac_right(z):
    a = softmax_a(z)
    return np.diag(a) - np.outer(a, a)


SOFTMAX_JACOBIAN = [
    right("diag − outer", jac_right),
    right("double loop", lambda z: np.array([[softmax_a(z)[i] * ((i == j) - softmax_a(z)[j])
                                               for j in range(len(z))] for i in range(len(z))])),
    right("diagflat and @", lambda z: np.diagflat(softmax_right(z)) - softmax_right(z) @ softmax_right(z).T),
    right("a[:, None] broadcasting", lambda z: softmax_a(z)[:, None] * (np.eye(len(z)) - softmax_a(z)[None, :])),
    right("list", lambda z: jac_right(z).tolist()),
    right("transposed (it is symmetric)", lambda z: jac_right(z).T),
    wrong("package jacobian", lambda z: activations.softmax.jacobian(z)[0], OWN),
    wrong("diagonal only", lambda z: np.diag(softmax_a(z) * (1 - softmax_a(z))), "the diagonal-only Jacobian"),
    wrong("sigmoid's σ'", lambda z: np.diag(sp(z)[:, 0]), "the sigmoid's σ'(z) applied entry by entry"),
    wrong("only −a aᵀ", lambda z: -np.outer(softmax_a(z), softmax_a(z)), "the term diag(a) left out"),
    wrong("plus", lambda z: np.diag(softmax_a(z)) + np.outer(softmax_a(z), softmax_a(z)), "a plus sign"),
    wrong("negated", lambda z: -jac_right(z), "the Jacobian with its sign flipped"),
    wrong("np.diag of a column", lambda z: np.diag(softmax_right(z)) - softmax_right(z) @ softmax_right(z).T,
          "np.diag of the (n, 1) column"),
    wrong("a_i(1 − a_j) everywhere", lambda z: np.outer(softmax_a(z), 1 - softmax_a(z)),
          "the diagonal's formula"),
    wrong("(1, n, n)", lambda z: jac_right(z)[None], None, "shape"),
    unknown("twice", lambda z: 2 * jac_right(z) - np.diag(np.diag(jac_right(z)))),
    unknown("a_i a_j on the diagonal", lambda z: 2 * np.diag(softmax_a(z) ** 2) - np.outer(softmax_a(z), softmax_a(z))),
    unknown("identity minus", lambda z: np.eye(len(z)) - np.outer(softmax_a(z), softmax_a(z))),
]


def softmax_delta_right(g, z):
    a = softmax_right(z)
    return a * (g - np.sum(a * g, axis=0, keepdims=True))


SOFTMAX_OUTPUT_ERROR = [
    right("weighted mean", softmax_delta_right),
    right("two terms", lambda g, z: softmax_right(z) * g - softmax_right(z) * (softmax_right(z) * g).sum(axis=0)),
    right("Jacobian per column", lambda g, z: np.column_stack([jac_right(z[:, [x]]).T @ g[:, x]
                                                               for x in range(z.shape[1])])),
    right("package Jacobian and einsum", lambda g, z: np.einsum("xij,ix->jx", activations.softmax.jacobian(z), g)),
    right("list", lambda g, z: softmax_delta_right(g, z).tolist()),
    right("float32", lambda g, z: softmax_delta_right(g, z).astype(np.float32)),
    wrong("package bp1", lambda g, z: bp1(g, z, "softmax"), OWN),
    wrong("diagonal only", lambda g, z: g * softmax_right(z) * (1 - softmax_right(z)), "the diagonal-only Jacobian"),
    wrong("sigmoid's σ'", lambda g, z: g * sp(z), "the sigmoid's σ'(z^L) applied entry by entry"),
    wrong("first Jacobian for all", lambda g, z: jac_right(z[:, [0]]).T @ g, "the first example's Jacobian"),
    wrong("wrong axis", lambda g, z: (lambda a: a * (g - np.sum(a * g, axis=0, keepdims=True)))(
        np.exp(z - z.max(axis=1, keepdims=True)) / np.exp(z - z.max(axis=1, keepdims=True)).sum(axis=1, keepdims=True)),
        "the softmax taken along the wrong axis"),
    wrong("second term only", lambda g, z: -softmax_right(z) * np.sum(softmax_right(z) * g, axis=0, keepdims=True),
          "the term a ⊙ ∇_a C left out"),
    wrong("plus", lambda g, z: softmax_right(z) * (g + np.sum(softmax_right(z) * g, axis=0, keepdims=True)),
          "a plus sign"),
    wrong("no factor a", lambda g, z: g - np.sum(softmax_right(z) * g, axis=0, keepdims=True), "the factor a missing"),
    wrong("batch sum", lambda g, z: softmax_right(z) * (g - np.sum(softmax_right(z) * g)), "aᵀ∇_a C summed over"),
    unknown("mean instead of weighted mean", lambda g, z: softmax_right(z) * (g - g.mean(axis=0, keepdims=True))),
    unknown("squared a", lambda g, z: softmax_right(z) ** 2 * (g - np.sum(softmax_right(z) * g, axis=0))),
    unknown("a − g", lambda g, z: softmax_right(z) - g),
]


def general_right(J, g):
    return np.column_stack([J[x].T @ g[:, x] for x in range(g.shape[1])])


BP1_JACOBIAN = [
    right("column loop", general_right),
    right("einsum", lambda J, g: np.einsum("xij,ix->jx", J, g)),
    right("batched matmul", lambda J, g: (np.transpose(J, (0, 2, 1)) @ g.T[:, :, None])[:, :, 0].T),
    right("row-vector form", lambda J, g: np.column_stack([g[:, x] @ J[x] for x in range(g.shape[1])])),
    right("list", lambda J, g: general_right(J, g).tolist()),
    right("float32", lambda J, g: general_right(J, g).astype(np.float32)),
    wrong("no transpose", lambda J, g: np.column_stack([J[x] @ g[:, x] for x in range(g.shape[1])]),
          "the Jacobian not transposed"),
    wrong("no transpose, einsum", lambda J, g: np.einsum("xij,jx->ix", J, g), "the Jacobian not transposed"),
    wrong("diagonal only", lambda J, g: g * np.diagonal(J, axis1=1, axis2=2).T, "the diagonal only"),
    wrong("first Jacobian", lambda J, g: J[0].T @ g, "the first example's Jacobian"),
    wrong("mean Jacobian", lambda J, g: J.mean(axis=0).T @ g, "one Jacobian for the batch"),
    wrong("transposed result", lambda J, g: general_right(J, g).T, None, "shape"),
    unknown("sum of both", lambda J, g: general_right(J, g) + np.einsum("xij,jx->ix", J, g)),
    unknown("negated", lambda J, g: -general_right(J, g)),
    unknown("halved", lambda J, g: general_right(J, g) / 2),
    unknown("last Jacobian", lambda J, g: J[-1].T @ g),
]


def ll_right(a, y):
    return -np.sum(y * np.log(a), axis=0)


LOG_LIKELIHOOD = [
    right("sum", ll_right),
    right("column loop", lambda a, y: np.array([-sum(y[j, x] * np.log(a[j, x]) for j in range(a.shape[0]))
                                                for x in range(a.shape[1])])),
    right("ones @", lambda a, y: -(np.ones(a.shape[0]) @ (y * np.log(a)))),
    right("list", lambda a, y: [float(v) for v in ll_right(a, y)]),
    right("float32", lambda a, y: ll_right(a, y).astype(np.float32)),
    right("einsum", lambda a, y: -np.einsum("jx,jx->x", y, np.log(a))),
    wrong("package cost", lambda a, y: costs.log_likelihood.fn(a, y), OWN),
    wrong("no minus", lambda a, y: np.sum(y * np.log(a), axis=0), "the log-likelihood without its minus sign"),
    wrong("mean", lambda a, y: float(np.mean(ll_right(a, y))), "averaging over the batch"),
    wrong("sum over batch", lambda a, y: float(np.sum(ll_right(a, y))), "summing over the batch"),
    wrong("cross-entropy", lambda a, y: -np.sum(y * np.log(a) + (1 - y) * np.log(1 - a), axis=0),
          "the cross-entropy of sigmoid outputs"),
    wrong("y left out", lambda a, y: -np.sum(np.log(a), axis=0), "−Σ_j ln a_j"),
    wrong("argmax of y", lambda a, y: -np.log(a[np.argmax(y, axis=0), np.arange(a.shape[1])]), "only the class"),
    wrong("log10", lambda a, y: -np.sum(y * np.log10(a), axis=0), "log base 10"),
    wrong("(1, m)", lambda a, y: ll_right(a, y)[None, :], None, "shape"),
    wrong("clipped at 1e-7", lambda a, y: -np.sum(y * np.log(np.clip(a, 1e-7, 1)), axis=0),
          "a clipped away from 0 before the log"),
    wrong("a + 1e-12 in the log", lambda a, y: -np.sum(y * np.log(a + 1e-12), axis=0),
          "a clipped away from 0 before the log"),
    right("xlogy", lambda a, y: -np.sum(np.where(y > 0, y * np.log(np.where(y > 0, a, 1.0)), 0.0), axis=0)),
    unknown("log2", lambda a, y: -np.sum(y * np.log2(a), axis=0)),
    unknown("swapped roles", lambda a, y: -np.sum(a * np.log(np.clip(y, 1e-12, 1)), axis=0)),
    unknown("quadratic", lambda a, y: 0.5 * np.sum((a - y) ** 2, axis=0)),
    unknown("1 − a", lambda a, y: -np.sum(y * np.log(1 - a), axis=0)),
]


# -- 12 ------------------------------------------------------------------------------------------------
def mm_loops(A, B, G):
    gA, gB = np.zeros(A.shape), np.zeros(B.shape)
    for i in range(A.shape[0]):
        for k in range(A.shape[1]):
            for j in range(B.shape[1]):
                gA[i, k] += G[i, j] * B[k, j]
                gB[k, j] += A[i, k] * G[i, j]
    return gA, gB


def mm_engine(A, B, G):
    from bpcourse import autodiff
    a, b = autodiff.Tensor(A), autodiff.Tensor(B)
    out = autodiff.matmul(a, b)
    out.grad = G
    out.propagate()
    return a.grad, b.grad


MATMUL_RULE = [
    right("G Bᵀ and Aᵀ G", lambda A, B, G: (G @ B.T, A.T @ G)),
    right("as a list", lambda A, B, G: [G @ B.T, A.T @ G]),
    right("np.dot", lambda A, B, G: (np.dot(G, B.T), np.dot(A.T, G))),
    right("np.matmul", lambda A, B, G: (np.matmul(G, B.T), np.matmul(A.T, G))),
    right("einsum", lambda A, B, G: (np.einsum("ij,kj->ik", G, B), np.einsum("ik,ij->kj", A, G))),
    right("transposes of transposes", lambda A, B, G: ((B @ G.T).T, (G.T @ A).T)),
    right("index loops", mm_loops),
    right("nested lists", lambda A, B, G: ((G @ B.T).tolist(), (A.T @ G).tolist())),
    wrong("no transposes", lambda A, B, G: (G @ B, A @ G), "no transposes"),
    wrong("transposes on the wrong side", lambda A, B, G: (B.T @ G, G @ A.T), "the transposes on the wrong side"),
    wrong("the pair swapped", lambda A, B, G: (A.T @ G, G @ B.T), "the two gradients swapped"),
    wrong("entry by entry", lambda A, B, G: (G * B, A * G), "entry-by-entry"),
    wrong("the engine's own rule", mm_engine, OWN, "autodiff.matmul"),
    unknown("grad_A doubled", lambda A, B, G: (2 * G @ B.T, A.T @ G)),
    unknown("grad_B left at zero", lambda A, B, G: (G @ B.T, np.zeros_like(B))),
    unknown("both negated", lambda A, B, G: (-(G @ B.T), -(A.T @ G)), "wrong sign"),
    unknown("grad_A alone, not a pair", lambda A, B, G: G @ B.T),
]


def bias_loop(G):
    out = np.zeros((G.shape[0], 1))
    for x in range(G.shape[1]):
        out[:, 0] += G[:, x]
    return out


BIAS_RULE = [
    right("sum with keepdims", lambda G: G.sum(axis=1, keepdims=True)),
    right("times a column of ones", lambda G: G @ np.ones((G.shape[1], 1))),
    right("np.add.reduce", lambda G: np.add.reduce(G, axis=1)[:, None]),
    right("reshape", lambda G: G.sum(axis=1).reshape(-1, 1)),
    right("a loop over the columns", bias_loop),
    right("einsum", lambda G: np.einsum("ij->i", G)[:, None]),
    right("nested list", lambda G: np.sum(G, 1, keepdims=True).tolist()),
    right("the mean times m", lambda G: G.mean(axis=1, keepdims=True) * G.shape[1]),
    wrong("the mean", lambda G: G.mean(axis=1, keepdims=True), "the mean of G's columns"),
    wrong("shape (n,)", lambda G: G.sum(axis=1), "the sum with shape (n,)"),
    wrong("the wrong axis", lambda G: G.sum(axis=0, keepdims=True), "summing over the neurons"),
    wrong("G unchanged", lambda G: G, "G itself"),
    unknown("the first column only", lambda G: G[:, :1]),
    unknown("the largest entry of each row", lambda G: G.max(axis=1, keepdims=True)),
    unknown("a sum of squares", lambda G: (G ** 2).sum(axis=1, keepdims=True)),
    unknown("one number for everything", lambda G: G.sum()),
    unknown("a row instead of a column", lambda G: G.sum(axis=1, keepdims=True).T),
]


def _nodes_in_order(C, memory=True):
    order, seen = [], set()

    def visit(node):
        if memory and id(node) in seen:
            return
        seen.add(id(node))
        for p in node.parents:
            visit(p)
        order.append(node)
    visit(C)
    return order


def _sweep(C, *, memory=True, reverse=True, seed=1.0, reset=True, times=1):
    order = _nodes_in_order(C, memory)
    if reset:
        for node in order:
            node.grad = np.zeros_like(node.value)
    if seed is not None:
        C.grad = np.full_like(C.value, seed)
    for node in (reversed(order) if reverse else order):
        for _ in range(times):
            node.propagate()


def sweep_iterative(C):
    order, seen, stack = [], set(), [(C, False)]
    while stack:
        node, done = stack.pop()
        if done:
            order.append(node)
        elif id(node) not in seen:
            seen.add(id(node))
            stack.append((node, True))
            stack.extend((p, False) for p in node.parents)
    for node in order:
        node.grad = np.zeros_like(node.value)
    C.grad = np.ones_like(C.value)
    for node in order[::-1]:
        node.propagate()


def sweep_kahn(C):
    nodes, stack = {}, [C]
    while stack:
        n = stack.pop()
        if id(n) not in nodes:
            nodes[id(n)] = n
            stack.extend(n.parents)
    users = dict.fromkeys(nodes, 0)
    for n in nodes.values():
        for p in n.parents:
            users[id(p)] += 1
    for n in nodes.values():
        n.grad = n.grad * 0
    C.grad = 1.0                                   # a plain number, as micrograd seeds it
    ready = [C]
    while ready:
        n = ready.pop()
        n.propagate()
        for p in n.parents:
            users[id(p)] -= 1
            if users[id(p)] == 0:
                ready.append(p)


def sweep_seen_list(C):
    order, seen = [], []

    def visit(node):
        if any(node is s for s in seen):
            return
        seen.append(node)
        for p in node.parents:
            visit(p)
        order.append(node)
    visit(C)
    for node in order:
        node.grad = np.zeros_like(node.value)
    C.grad = np.ones_like(C.value)
    for node in reversed(order):
        node.propagate()


def sweep_engine_order(C):
    from bpcourse import autodiff
    order = autodiff.topological_order(C)
    for node in order:
        node.grad = np.zeros_like(node.value)
    C.grad = np.ones_like(C.value)
    for node in reversed(order):
        node.propagate()


def sweep_breadth_first(C):
    order, seen, queue = [], {id(C)}, [C]
    while queue:
        node = queue.pop(0)
        order.append(node)
        for p in node.parents:
            if id(p) not in seen:
                seen.add(id(p))
                queue.append(p)
    for node in order:
        node.grad = np.zeros_like(node.value)
    C.grad = np.ones_like(C.value)
    for node in order:
        node.propagate()


def sweep_without_C(C):
    order = _nodes_in_order(C)
    for node in order:
        node.grad = np.zeros_like(node.value)
    C.grad = np.ones_like(C.value)
    for node in reversed(order[:-1]):
        node.propagate()


def sweep_resets_leaves_only(C):
    order = _nodes_in_order(C)
    for node in order:
        if not node.parents:
            node.grad = np.zeros_like(node.value)
    C.grad = np.ones_like(C.value)
    for node in reversed(order):
        node.propagate()


BACKWARD_SWEEP = [
    right("recursive depth-first", lambda C: _sweep(C)),
    right("iterative depth-first", sweep_iterative),
    right("counting users (Kahn), seeded with 1.0", sweep_kahn),
    right("visited nodes in a list", sweep_seen_list),
    right("seeded with the int 1", lambda C: _sweep(C, seed=1)),
    right("returns C as well", lambda C: (_sweep(C), C)[1]),
    wrong("no visited set", lambda C: _sweep(C, memory=False), "a node reached by two paths"),
    wrong("forward order", lambda C: _sweep(C, reverse=False), "the rules run in forward order"),
    wrong("breadth-first order", sweep_breadth_first, "the rules run in breadth-first order"),
    wrong("C's own rule skipped", sweep_without_C, "the rules run in forward order (or C's own rule never run)"),
    wrong("no seed", lambda C: _sweep(C, seed=None), "no gradient at all"),
    wrong("no reset", lambda C: _sweep(C, reset=False), "grads not reset"),
    wrong("C.backward()", lambda C: C.backward(), OWN, "Tensor.backward"),
    wrong("the engine's order", sweep_engine_order, OWN, "autodiff.topological_order"),
    unknown("seeded with 2", lambda C: _sweep(C, seed=2.0), "2 times"),
    unknown("each rule run twice", lambda C: _sweep(C, times=2)),
    unknown("only the leaves reset", sweep_resets_leaves_only),
    wrong("does nothing", lambda C: None, "no gradient at all"),
]


TABLES = {
    "check_rowmajor_index": INDEX, "check_rowmajor_z": ROWMAJOR_Z,
    "check_layer_forward": LAYER, "check_feedforward": FEEDFORWARD,
    "check_quadratic_cost": QUADRATIC, "check_directional_derivative": DIRECTIONAL,
    "check_chain_rule_paths": CHAIN,
    "check_bp1": BP1, "check_output_error_cross_entropy": CE,
    "check_bp2": BP2, "check_delta_product": DELTA_PRODUCT, "check_bias_prediction": BIAS_PREDICTION,
    "check_bp3": BP3,
    "check_bp4": BP4, "check_weight_gradient": WEIGHT_GRADIENT,
    "check_backprop": BACKPROP, "check_relative_error": RELATIVE_ERROR,
    "check_sgd_step": SGD_STEP, "check_mini_batches": MINI_BATCHES,
    "check_accuracy": ACCURACY, "check_cross_entropy": CROSS_ENTROPY,
    "check_slip": SLIP_ANSWERS, "check_fix": FIX_ANSWERS,
    "check_softmax": SOFTMAX, "check_softmax_jacobian": SOFTMAX_JACOBIAN, "check_bp1_jacobian": BP1_JACOBIAN,
    "check_softmax_output_error": SOFTMAX_OUTPUT_ERROR, "check_log_likelihood": LOG_LIKELIHOOD,
    "check_matmul_rule": MATMUL_RULE, "check_bias_rule": BIAS_RULE, "check_backward_sweep": BACKWARD_SWEEP,
}

#: The parameter counts of each checker's exercise (for the junk answers).
PARAMS = {"check_rowmajor_index": 3, "check_rowmajor_z": 3, "check_layer_forward": 4, "check_feedforward": 3,
          "check_quadratic_cost": 2, "check_directional_derivative": 2, "check_chain_rule_paths": 3,
          "check_bp1": 2, "check_output_error_cross_entropy": 3, "check_bp2": 3, "check_delta_product": 3,
          "check_bp3": 1, "check_bias_prediction": 4, "check_bp4": 2, "check_weight_gradient": 3, "check_backprop": 4,
          "check_relative_error": 2, "check_sgd_step": 5, "check_mini_batches": 3, "check_accuracy": 2,
          "check_cross_entropy": 2, "check_fix": 3, "check_softmax": 1, "check_softmax_jacobian": 1,
          "check_bp1_jacobian": 2, "check_softmax_output_error": 2, "check_log_likelihood": 2,
          "check_matmul_rule": 3, "check_bias_rule": 1}
# check_backward_sweep is left out of PARAMS: its answer changes the graph it is given and returns nothing,
# so the junk answers' return values mean nothing to it (its own tests cover what a sweep can get wrong).


def _call(checker_name, answer):
    checker = getattr(exercises, checker_name)
    if checker_name in ("check_slip", "check_fix"):
        return checker(*answer)
    return checker(answer)


def _rows():
    for name, table in TABLES.items():
        for a in table:
            yield pytest.param(name, a, id=f"{name}: {a.label}")


def _assert_is_a_result(result):
    assert isinstance(result, _core.Result)
    assert result.passed in (True, False)
    assert result.steps and all(isinstance(s, str) and s for s in result.steps)
    assert str(result) and result._repr_html_()
    assert "Traceback" not in "\n".join(result.steps)


@pytest.mark.parametrize("name, answer", list(_rows()))
def test_answer_table(name, answer):
    _core.forget()
    result = _call(name, answer.fn)
    _assert_is_a_result(result)
    text = "\n".join(result.steps)
    assert result.passed is answer.ok, f"{answer.label}: {text}"
    if not answer.ok:
        if answer.mistake is None:
            assert result.mistake in (None, "wrong shape", "wrong number of parameters"), \
                f"{answer.label}: named {result.mistake!r}, which it is not"
        elif answer.mistake != "any":
            assert result.mistake is not None and result.mistake.startswith(answer.mistake), \
                f"{answer.label}: expected {answer.mistake!r}, got {result.mistake!r}: {text}"
    assert answer.says in text, f"{answer.label}: {answer.says!r} not in {text!r}"


# -- junk, for every checker that takes a function ---------------------------------------------------

class _Weird:
    def __array__(self, *args, **kwargs):
        raise RuntimeError("no array here")


def _exits(*args):
    sys.exit(3)


def _raises_system_exit_zero(*args):
    raise SystemExit(0)


def _prints_a_lot(*args):
    for i in range(3000):
        print("debug line", i)
    return None


def _prints_then_raises(*args):
    print("about to fail")
    raise KeyError("missing")


def _recurses(*args):
    return _recurses(*args)


def _not_written(*args):
    raise NotImplementedError


def _name_error(*args):
    return undefined_name + 1  # noqa: F821


JUNK = [
    ("raises ValueError", lambda *a: (_ for _ in ()).throw(ValueError("boom")), "raised ValueError"),
    ("NameError", _name_error, "NameError"),
    ("sys.exit", _exits, "sys.exit()"),
    ("SystemExit(0)", _raises_system_exit_zero, "sys.exit()"),
    ("prints a lot", _prints_a_lot, "None"),
    ("prints then raises", _prints_then_raises, "KeyError"),
    ("recursion", _recurses, "RecursionError"),
    ("not written", _not_written, "not written yet"),
    ("None", lambda *a: None, "None"),
    ("numeric string", lambda *a: "0.5", "string"),
    ("dict", lambda *a: {"answer": 1.0}, "dict"),
    ("set", lambda *a: {1.0, 2.0}, "set"),
    ("map", lambda *a: map(float, [1.0]), "map"),
    ("generator", lambda *a: (x for x in [1.0]), "generator"),
    ("object", lambda *a: object(), "object"),
    ("__array__ that raises", lambda *a: _Weird(), ""),
    ("a function", lambda *a: (lambda: 1.0), "function"),
    ("string array", lambda *a: np.array(["1.0", "2.0"]), ""),
    ("nan", lambda *a: np.nan, ""),
    ("ragged list", lambda *a: [[1.0, 2.0], [3.0]], ""),
]
NOT_FUNCTIONS = [42, "my_fn", None, np.zeros(3), [lambda *a: 0]]


def _junk_rows():
    for name in PARAMS:
        for label, fn, says in JUNK:
            yield pytest.param(name, fn, says, id=f"{name}: {label}")


def _junk_call(name, fn):
    return _call(name, (3, fn) if name == "check_fix" else fn)


@pytest.mark.parametrize("name, fn, says", list(_junk_rows()))
def test_junk_answers_get_feedback_not_a_traceback(name, fn, says, capsys):
    _core.forget()
    result = _junk_call(name, fn)
    _assert_is_a_result(result)
    assert result.passed is False
    assert says in "\n".join(result.steps)
    assert len(capsys.readouterr().out) < 2000          # the student's prints do not flood the notebook


@pytest.mark.parametrize("name", list(PARAMS))
@pytest.mark.parametrize("thing", NOT_FUNCTIONS, ids=["int", "str", "None", "array", "list"])
def test_things_that_are_not_functions(name, thing):
    result = _junk_call(name, thing)
    _assert_is_a_result(result)
    assert not result.passed and "expected a function" in result.message


@pytest.mark.parametrize("name", list(PARAMS))
def test_a_wrong_number_of_parameters_is_said_so(name):
    n = PARAMS[name]
    too_many = eval("lambda " + ", ".join(f"p{i}" for i in range(n + 1)) + ": 0")
    too_few = eval("lambda " + ", ".join(f"p{i}" for i in range(max(n - 1, 0))) + ": 0")
    for fn in (too_many, too_few):
        result = _junk_call(name, fn)
        assert not result.passed and result.mistake == "wrong number of parameters"
        assert f"with {n}" in result.message


@pytest.mark.parametrize("name", list(PARAMS))
def test_keyboard_interrupt_still_interrupts(name):
    def interrupted(*args):
        raise KeyboardInterrupt
    with pytest.raises(KeyboardInterrupt):
        _junk_call(name, interrupted)


def test_the_students_line_is_named_not_the_checkers_or_numpys():
    def my_bp2(W_next, delta_next, z_l):
        s = sig(z_l)
        return (delta_next @ W_next) * s * (1 - s)      # the factors in the wrong order: a shape error
    _core.forget()
    result = exercises.check_bp2(my_bp2)
    first = result.message
    assert "in my_bp2, line" in first and "(delta_next @ W_next)" in first
    assert "_core" not in first and "numpy" not in first


def test_every_public_check_takes_an_answer_and_never_raises():
    public = [n for n in dir(exercises) if n.startswith("check_")]
    assert sorted(public) == sorted(exercises.CHECKERS)
    assert "check_function" not in public


# -- hints in steps ----------------------------------------------------------------------------------

def test_asking_again_gives_a_hint_then_the_term_at_fault():
    _core.forget()
    wrong_bp1 = lambda g, z: g * sigmoid.prime(sig(z))  # noqa: E731
    first = exercises.check_bp1(wrong_bp1)
    assert first.level == 1 and "Hint:" not in str(first) and "σ'(a)" not in str(first)
    second = exercises.check_bp1(wrong_bp1)
    assert second.level == 2 and "Hint:" in str(second) and "At fault" not in str(second)
    third = exercises.check_bp1(wrong_bp1)
    assert third.level == 3 and "At fault: it looks like σ'(a)" in str(third)
    # a different wrong answer starts again at the first step
    other = exercises.check_bp1(lambda g, z: -g * sigmoid.prime(z))
    assert other.level == 1
    # .hint() shows one more step of the same result
    _core.forget()
    r = exercises.check_bp1(wrong_bp1)
    assert r.hint().level == 2 and r.hint().level == 3 and r.hint().level == 3


def test_the_first_step_says_what_is_wrong_without_naming_the_mistake():
    for name, table in TABLES.items():
        for a in table:
            if a.ok or a.mistake in (None, "any", OWN) or name == "check_slip":
                continue
            _core.forget()
            result = _call(name, a.fn)
            if result.mistake and result.mistake.startswith(a.mistake) and len(result.steps) == 3:
                said = result.steps[0].split(" (in ")[0]          # the student's own line may quote anything
                assert result.mistake not in said, (name, a.label)


# -- properties, with hypothesis ---------------------------------------------------------------------

_ARRAY_EXERCISES = {
    "check_bp1": (exercises.bp1.BP1, ), "check_bp2": (exercises.bp2.BP2, ), "check_bp3": (exercises.bp3.BP3, ),
    "check_bp4": (exercises.bp4.BP4, ), "check_layer_forward": (exercises.forward.LAYER, ),
    "check_rowmajor_z": (exercises.notation.Z, ), "check_cross_entropy": (exercises.digits.CROSS_ENTROPY, ),
    "check_output_error_cross_entropy": (exercises.bp1.OUTPUT_ERROR_CE, ),
    "check_feedforward": (exercises.forward.FEEDFORWARD, ),
    "check_softmax": (exercises.softmax.SOFTMAX, ), "check_softmax_jacobian": (exercises.softmax.SOFTMAX_JACOBIAN, ),
    "check_bp1_jacobian": (exercises.softmax.BP1_JACOBIAN, ),
    "check_softmax_output_error": (exercises.softmax.SOFTMAX_OUTPUT_ERROR, ),
    "check_log_likelihood": (exercises.softmax.LOG_LIKELIHOOD, ),
}
_STYLES = {
    "as is": lambda x: x, "tolist": lambda x: x.tolist(), "float32": lambda x: x.astype(np.float32),
    "Fortran order": np.asfortranarray, "longdouble": lambda x: x.astype(np.longdouble),
    "tuple rows": lambda x: tuple(map(tuple, x)) if x.ndim == 2 else tuple(x),
    "object array": lambda x: x.astype(object),
}


def _copy_of_reference(exercise):
    """The reference's answers looked up by case, so that no package function a checker forbids is called."""
    wants = exercise.wants()

    def same(a, b):
        if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
            return np.array_equal(a, b)
        if isinstance(a, list):
            return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
        return a is b or a == b

    def answer(*args):
        for case, want in zip(exercise.cases, wants):
            if all(same(a, b) for a, b in zip(args, case.args)):
                return np.array(want, dtype=float)
        raise AssertionError("not a case of this exercise")
    return answer


@settings(max_examples=60, deadline=None, derandomize=True)
@given(name=st.sampled_from(sorted(_ARRAY_EXERCISES)), style=st.sampled_from(sorted(_STYLES)))
def test_the_right_answer_in_any_style_passes(name, style):
    (exercise,) = _ARRAY_EXERCISES[name]
    ref = _copy_of_reference(exercise)
    result = exercise.check(lambda *args: _STYLES[style](ref(*args)))
    assert result.passed, f"{name}, {style}: {result}"


@settings(max_examples=120, deadline=None, derandomize=True)
@given(name=st.sampled_from(sorted(_ARRAY_EXERCISES)), case=st.integers(0, 50), entry=st.integers(0, 10 ** 6),
       rel=st.floats(1e-4, 10.0), sign=st.sampled_from([-1.0, 1.0]))
def test_one_corrupted_entry_on_one_case_never_passes(name, case, entry, rel, sign):
    (exercise,) = _ARRAY_EXERCISES[name]
    ref = _copy_of_reference(exercise)
    target = exercise.cases[case % len(exercise.cases)].args

    def corrupted(*args):
        out = ref(*args)
        if all(np.array_equal(a, t) if isinstance(a, np.ndarray) else True for a, t in zip(args, target)):
            flat = out.reshape(-1)
            i = entry % flat.size
            scale = max(abs(flat[i]), np.max(np.abs(flat)))
            flat[i] += sign * rel * scale
        return out
    _core.forget()
    result = exercise.check(corrupted)
    assert not result.passed
    assert result.mistake is None, f"{name}: a corrupted answer was named {result.mistake!r}"


@settings(max_examples=60, deadline=None, derandomize=True)
@given(name=st.sampled_from(sorted(_ARRAY_EXERCISES)), factor=st.floats(0.5, 2.0).filter(lambda f: abs(f - 1) > 1e-4))
def test_a_scaled_answer_never_passes(name, factor):
    (exercise,) = _ARRAY_EXERCISES[name]
    ref = _copy_of_reference(exercise)
    result = exercise.check(lambda *args: factor * ref(*args))
    assert not result.passed


@settings(max_examples=40, deadline=None, derandomize=True)
@given(scale=st.floats(1e-3, 1e3), guard=st.sampled_from([0.0, 1e-300, 1e-15, 1e-12]))
def test_relative_error_with_a_tiny_guard_passes_at_any_scale_of_the_answer(scale, guard):
    def answer(a, b):
        den = np.linalg.norm(a) + np.linalg.norm(b)
        return 0.0 if den == 0 else np.linalg.norm(a - b) / (den + guard)
    assert exercises.check_relative_error(answer).passed


# -- the counts the issue asks for -------------------------------------------------------------------

def answer_counts() -> dict:
    """Answers tried per checker: its table, plus the junk, non-functions and parameter counts."""
    extra = len(JUNK) + len(NOT_FUNCTIONS) + 2 + 1
    return {name: len(TABLES[name]) + (extra if name in PARAMS else 0) for name in exercises.CHECKERS}


def test_the_suite_is_as_large_as_promised():
    for name in exercises.CHECKERS:
        assert len(TABLES[name]) >= 15, name
    assert sum(len(t) for t in TABLES.values()) >= 400
    assert sum(answer_counts().values()) >= 900
