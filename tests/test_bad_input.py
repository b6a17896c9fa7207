"""Bad input gets a ValueError or TypeError whose message names the problem.

Each case says which call it makes, which exception it expects and a regular expression
the message must match. None may surface as numpy's own broadcasting or matmul error
(those are ValueErrors too, so the message is what tells them apart).
"""

import re

import numpy as np
import pytest

from bpcourse import Network, costs, data, gradcheck
from bpcourse.equations import bp1, bp2, bp3, bp4
from bpcourse.train import sgd

SIZES = [3, 5, 4, 2]
RNG = np.random.default_rng(0)
X = RNG.uniform(size=(3, 6))
Y = np.eye(2)[:, RNG.integers(0, 2, size=6)]

NUMPY_MESSAGES = re.compile(r"operands could not be broadcast|matmul: Input operand|mismatch in its core dimension|"
                            r"shapes .* not aligned|has no attribute|unsupported operand|object is not subscriptable")


def net(**kw):
    return Network(SIZES, seed=0, **kw)


def with_wrong_W(l, shape):
    n = net()
    n.weights[l - 2] = np.ones(shape)
    return n


def with_wrong_b(l, shape):
    n = net()
    n.biases[l - 2] = np.ones(shape)
    return n


def sgd_call(**kw):
    args = dict(epochs=1, batch_size=2, eta=0.5, progress=False, seed=0)
    args.update(kw)
    Xa, Ya = args.pop("X", X), args.pop("Y", Y)
    return lambda: sgd(args.pop("net", net()), Xa, Ya, **args)


with_nan = X.copy()
with_nan[1, 2] = np.nan
with_inf = Y.copy()
with_inf[0, 4] = np.inf

CASES = [
    # (id, call, exception, message pattern)
    # -- shapes at every layer
    ("X rows != input layer", lambda: net().feedforward(np.ones((4, 6))), ValueError,
     r"X has 4 rows but the input layer has 3 neurons"),
    ("W^2 wrong shape", lambda: with_wrong_W(2, (5, 4)).feedforward(X), ValueError,
     r"W\^2 has shape \(5, 4\) but .* needs \(5, 3\)"),
    ("W^3 of shape (4, 6) fed a^2 with 5 rows", lambda: with_wrong_W(3, (4, 6)).cost(X, Y), ValueError,
     r"W\^3 has shape \(4, 6\) but .* needs \(4, 5\) to turn a\^2 \(5 rows\)"),
    ("W^4 wrong shape", lambda: with_wrong_W(4, (3, 4)).backprop(X, Y), ValueError,
     r"W\^4 has shape \(3, 4\) but .* needs \(2, 4\)"),
    ("b^3 wrong shape", lambda: with_wrong_b(3, (4,)).feedforward(X), ValueError,
     r"b\^3 has shape \(4,\) but sizes=\[3, 5, 4, 2\] needs \(4, 1\)"),
    ("b^4 a row, not a column", lambda: with_wrong_b(4, (1, 2)).backprop(X, Y), ValueError,
     r"b\^4 has shape \(1, 2\) but sizes=\[3, 5, 4, 2\] needs \(2, 1\)"),
    ("Y rows != output layer", lambda: net().cost(X, np.ones((3, 6))), ValueError,
     r"Y has 3 rows but the output layer has 2 neurons"),
    ("X and Y different numbers of columns", lambda: net().backprop(X, Y[:, :5]), ValueError,
     r"X has 6 columns \(examples\) but Y has 5"),
    ("one example as a 1-D vector", lambda: net().feedforward(X[:, 0]), ValueError,
     r"X must be a 2-D array .* got 1-D shape \(3,\).*reshape\(-1, 1\)"),
    ("3-D input", lambda: net().feedforward(np.ones((3, 2, 2))), ValueError, r"X must be a 2-D array .* 3-D"),
    # -- values
    ("NaN in X", lambda: net().cost(with_nan, Y), ValueError,
     r"X contains NaN or inf \(first at row 2, column 3, counted from 1"),
    ("inf in Y", lambda: net().backprop(X, with_inf), ValueError,
     r"Y contains NaN or inf \(first at row 1, column 5, counted from 1"),
    ("empty batch", lambda: net().feedforward(np.ones((3, 0))), ValueError, r"X is an empty batch"),
    ("empty batch in sgd", sgd_call(X=np.ones((3, 0)), Y=np.ones((2, 0))), ValueError, r"X is an empty batch"),
    ("strings as X", lambda: net().feedforward("pixels"), TypeError, r"X must be a numeric array, got str"),
    ("object array as X", lambda: net().feedforward(np.array([[None, 1]] * 3)), TypeError,
     r"X must hold numbers, got an array of dtype object"),
    ("complex X", lambda: net().feedforward(X + 1j), TypeError, r"X must be real"),
    ("targets outside [0, 1] for cross-entropy", lambda: net(cost="cross_entropy").cost(X, 2 * Y), ValueError,
     r"Y must lie in \[0, 1\] for the cross_entropy cost \(targets are probabilities\), got values from 0 to 2"),
    ("negative targets for cross-entropy in sgd", sgd_call(net=net(cost="cross_entropy"), Y=Y - 0.5), ValueError,
     r"Y must lie in \[0, 1\] for the cross_entropy cost"),
    # -- the network's description
    ("unknown activation", lambda: Network(SIZES, activation="sigmod"), ValueError,
     r"unknown activation 'sigmod'; choose one of \['identity', 'relu', 'sigmoid', 'softmax', 'tanh'\]"),
    ("unknown cost", lambda: Network(SIZES, cost="hinge"), ValueError,
     r"unknown cost 'hinge'; choose one of \['cross_entropy', 'log_likelihood', 'quadratic'\]"),
    ("activation of the wrong type", lambda: Network(SIZES, activation=3), TypeError,
     r"activation must be a name such as 'sigmoid'"),
    ("cross-entropy without a sigmoid output", lambda: Network(SIZES, activation="relu", cost="cross_entropy"),
     ValueError,
     r"the cross_entropy cost needs an output layer of 'sigmoid' \(output_activation='sigmoid'\), not 'relu'"),
    ("a layer of 0 neurons", lambda: Network([3, 0, 2]), ValueError, r"layer 2 must have at least 1 neuron, got 0"),
    ("a negative layer size", lambda: Network([-1, 2]), ValueError, r"layer 1 must have at least 1 neuron, got -1"),
    ("a fractional layer size", lambda: Network([3, 2.5, 2]), TypeError, r"layer 2 size must be an integer, got 2.5"),
    ("only one layer", lambda: Network([3]), ValueError, r"sizes needs at least 2 layers"),
    ("sizes not a list", lambda: Network(3), TypeError, r"sizes must be a list of layer sizes"),
    ("negative weight scale", lambda: Network(SIZES, scale=-0.5), ValueError, r"scale must be > 0, got -0.5"),
    ("layer 1 has no weights", lambda: net().W(1), ValueError, r"layer l must be an integer from 2 to L = 4"),
    ("layer past the output", lambda: net().b(5), ValueError, r"layer l must be an integer from 2 to L = 4"),
    ("negative l2 in cost", lambda: net().cost(X, Y, l2=-0.1), ValueError, r"l2 must be >= 0, got -0.1"),
    # -- sgd's arguments
    ("eta = 0", sgd_call(eta=0), ValueError, r"eta must be > 0, got 0"),
    ("eta < 0", sgd_call(eta=-0.1), ValueError, r"eta must be > 0, got -0.1"),
    ("eta = nan", sgd_call(eta=float("nan")), ValueError, r"eta must be finite, got nan"),
    ("eta a string", sgd_call(eta="0.1"), TypeError, r"eta must be a real number, got '0.1'"),
    ("batch_size 0", sgd_call(batch_size=0), ValueError, r"batch_size must be at least 1, got 0"),
    ("batch_size a float", sgd_call(batch_size=2.0), TypeError, r"batch_size must be an integer, got 2.0"),
    ("batch_size larger than the data", sgd_call(batch_size=7), ValueError,
     r"batch_size 7 is larger than the 6 training examples"),
    ("epochs 0", sgd_call(epochs=0), ValueError, r"epochs must be at least 1, got 0"),
    ("negative l2 in sgd", sgd_call(l2=-1.0), ValueError, r"l2 must be >= 0, got -1.0"),
    ("X_val without Y_val", sgd_call(X_val=X), ValueError, r"give both X_val and Y_val, or neither"),
    ("validation data of the wrong shape", sgd_call(X_val=np.ones((2, 4)), Y_val=np.ones((2, 4))), ValueError,
     r"X_val has 2 rows but the input layer has 3 neurons"),
    ("early stopping without validation data", sgd_call(early_stopping=3), ValueError,
     r"early_stopping needs validation data"),
    # -- the equations on their own
    ("bp1 shapes differ", lambda: bp1(np.ones((2, 3)), np.ones((3, 2))), ValueError,
     r"nabla_a_C has shape \(2, 3\) but z_L has shape \(3, 2\)"),
    ("bp1 unknown activation", lambda: bp1(np.ones((2, 3)), np.ones((2, 3)), "softplus"), ValueError,
     r"unknown activation 'softplus'"),
    ("bp2: W^3 of shape (4, 5) with z^2 of 6 rows", lambda: bp2(np.ones((4, 5)), np.ones((4, 3)), np.ones((6, 3))),
     ValueError, r"W_next has shape \(4, 5\), so z\^l must have 5 rows .* but z_l has shape \(6, 3\)"),
    ("bp2: δ^{l+1} rows != W^{l+1} rows", lambda: bp2(np.ones((4, 5)), np.ones((3, 3)), np.ones((5, 3))),
     ValueError, r"W_next has shape \(4, 5\), so δ\^\(l\+1\) must have 4 rows"),
    ("bp2: W not transposed by the caller", lambda: bp2(np.ones((5, 4)).T.T, np.ones((4, 2)), np.ones((5, 2))),
     ValueError, r"W_next has shape \(5, 4\), so δ\^\(l\+1\) must have 5 rows"),
    ("bp2: columns differ", lambda: bp2([[1.0, 2.0]], [[1.0, 2.0]], [[1.0], [2.0]]), ValueError,
     r"delta_next has 2 columns \(examples\) but z_l has 1"),
    ("bp3 1-D δ", lambda: bp3(np.ones(4)), ValueError, r"delta_l must be a 2-D array"),
    ("bp4 columns differ", lambda: bp4(np.ones((3, 4)), np.ones((2, 5))), ValueError,
     r"delta_l has 4 columns \(examples\) but a_prev has 5"),
    ("bp4 NaN in a_prev", lambda: bp4(np.ones((3, 1)), np.array([[np.nan], [1.0]])), ValueError,
     r"a_prev contains NaN or inf"),
    # -- elsewhere in the package
    ("gradcheck unknown method", lambda: gradcheck.numerical_gradient(net(), X, Y, method="backward"), ValueError,
     r"method must be 'central', 'complex' or 'forward', got 'backward'"),
    ("gradcheck eps 0", lambda: gradcheck.numerical_gradient(net(), X, Y, eps=0.0), ValueError,
     r"eps must be > 0"),
    ("relative_error of different sizes", lambda: gradcheck.relative_error(np.ones(3), np.ones(4)), ValueError,
     r"cannot compare gradients of different sizes: 3 and 4 numbers"),
    ("cost evaluate with y outside [0, 1]", lambda: costs.evaluate("cross_entropy", [[0.5]], [[1.5]]), ValueError,
     r"y must lie in \[0, 1\] for the cross_entropy cost"),
    ("one_hot label out of range", lambda: data.one_hot([0, 3], 3), ValueError, r"labels must lie in 0..2, got 0..3"),
    ("digits test_size too large", lambda: data.digits(test_size=1797), ValueError,
     r"test_size must be less than the 1797 images"),
    ("digit_images of the wrong size", lambda: data.digit_images(np.ones((63, 2))), ValueError,
     r"digit images have 64 pixels \(rows\), got 63"),
]


def test_enough_distinct_cases():
    assert len(CASES) >= 15
    assert len({c[0] for c in CASES}) == len(CASES)


@pytest.mark.parametrize("call, exc, pattern", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_raises_an_error_that_names_the_problem(call, exc, pattern):
    with pytest.raises((ValueError, TypeError)) as info:
        call()
    assert info.type is exc or issubclass(info.type, exc), f"{info.type.__name__}: {info.value}"
    message = str(info.value)
    assert re.search(pattern, message), f"message {message!r} does not match {pattern!r}"
    assert not NUMPY_MESSAGES.search(message), f"numpy's own error leaked out: {message}"


def test_bad_weights_are_caught_before_any_matmul_in_sgd():
    n = with_wrong_W(3, (4, 6))
    with pytest.raises(ValueError, match=r"W\^3 has shape \(4, 6\)"):
        sgd(n, X, Y, epochs=1, batch_size=2, eta=0.1, progress=False)


def test_cross_entropy_accepts_targets_at_the_ends_of_0_1():
    # 0 and 1 themselves are allowed (one-hot targets), only values outside are not.
    assert np.isfinite(net(cost="cross_entropy").cost(X, Y))
