"""Misuses of the package a student really makes: each gets a clear error naming the argument and
the problem, never numpy's own message (or it simply works, where working is the right answer)."""

import re
import warnings

import numpy as np
import pytest

from bpcourse import Network, activations, costs, data
from bpcourse.equations import bp1, bp2, bp3, bp4
from bpcourse.gradcheck import KinkWarning, check, numerical_gradient, relative_error
from bpcourse.train import sgd

NUMPY_WORDS = re.compile(r"broadcast|operands could not|ufunc|casting|not aligned|matmul|object has no attribute")


def _higham():
    return data.higham()


def _hand_edited(kind):
    net = Network([2, 3, 2], seed=0)
    if kind == "int":
        net.weights[0] = np.array([[1, 0], [0, 1], [1, 1]])
    elif kind == "list":
        net.weights[0] = [[0.5, -0.5], [0.1, 0.2], [0.3, 0.3]]
    return net


@pytest.mark.parametrize("kind", ["int", "list"])
def test_hand_edited_weights_are_trained(kind):
    """Integer weights and nested lists are converted once, and then really trained."""
    X, Y = _higham()
    net = _hand_edited(kind)
    start = np.array(net.weights[0], dtype=float)
    sgd(net, X, Y, epochs=3, batch_size=5, eta=1.0, seed=0, progress=False)
    assert net.W(2).dtype == np.float64
    assert not np.allclose(net.W(2), start)
    assert np.isfinite(net.cost(X, Y))


def test_a_nan_weight_is_named_not_blamed_on_eta():
    X, Y = _higham()
    net = Network([2, 3, 2], seed=0)
    net.W(3)[1, 2] = np.nan
    with pytest.raises(ValueError, match=r"W\^3 contains nan at row 2, column 3"):
        sgd(net, X, Y, epochs=1, batch_size=5, eta=1.0, progress=False)


MISUSES = [
    ("sgd arguments in the wrong order", lambda: sgd(*_higham(), Network([2, 3, 2]), epochs=1, batch_size=2, eta=1.0),
     TypeError, r"sgd's first argument must be the Network to train, got ndarray"),
    ("check arguments in the wrong order", lambda: check(*_higham(), Network([2, 3, 2])),
     TypeError, r"check's first argument must be the Network, got ndarray"),
    ("numerical_gradient arguments in the wrong order", lambda: numerical_gradient(_higham()[0], Network([2, 3, 2]), 1),
     TypeError, r"numerical_gradient's first argument must be the Network"),
    ("validation inputs of the wrong shape",
     lambda: sgd(Network([2, 3, 2]), *_higham(), epochs=1, batch_size=2, eta=1.0, X_val=np.ones((3, 4)),
                 Y_val=np.ones((2, 4))), ValueError, r"X_val has 3 rows but the input layer has 2 neurons"),
    ("validation targets of the wrong shape",
     lambda: sgd(Network([2, 3, 2]), *_higham(), epochs=1, batch_size=2, eta=1.0, X_val=np.ones((2, 4)),
                 Y_val=np.ones((2, 3))), ValueError, r"X_val has 4 columns .* but Y_val has 3"),
    ("validation targets out of range for cross-entropy",
     lambda: sgd(Network([2, 3, 2], cost="cross_entropy"), *_higham(), epochs=1, batch_size=2, eta=1.0,
                 X_val=np.ones((2, 2)), Y_val=np.full((2, 2), 3.0)), ValueError, r"Y_val must lie in \[0, 1\]"),
    ("sizes as a set", lambda: Network({2, 3, 1}), TypeError, r"sizes must be a list of layer sizes .* got set"),
    ("sizes as a dict", lambda: Network({"in": 2, "out": 1}), TypeError, r"sizes must be a list"),
    ("a negative seed", lambda: Network([2, 3], seed=-1), ValueError, r"seed must be a non-negative integer"),
    ("a float seed", lambda: Network([2, 3], seed=1.5), TypeError, r"seed must be a non-negative integer"),
    ("a string weight", lambda: _with_weight("abc").cost(np.ones((2, 1)), np.ones((2, 1))), TypeError,
     r"W\^2 must be an array of numbers, got str"),
    ("a 1-D weight", lambda: _with_weight(np.ones(6)).cost(np.ones((2, 1)), np.ones((2, 1))), ValueError,
     r"W\^2 has shape \(6,\) but sizes=\[2, 3, 2\] needs \(3, 2\)"),
    ("a 1-D weight as a list", lambda: _with_weight([1.0] * 6).cost(np.ones((2, 1)), np.ones((2, 1))), ValueError,
     r"W\^2 must be a 2-D array"),
    ("a complex weight in training", lambda: sgd(_with_weight(np.ones((3, 2)) * 1j), *_higham(), epochs=1,
                                                  batch_size=2, eta=1.0), TypeError,
     r"W\^2 or b\^2 is complex: sgd trains real parameters"),
    ("weights list too short", lambda: _without_last_weight().cost(np.ones((2, 1)), np.ones((2, 1))), ValueError,
     r"net.weights must be a list of 2 arrays"),
    ("quadratic cost, mismatched shapes", lambda: costs.quadratic.fn(np.ones((2, 3)), np.ones((3, 2))), ValueError,
     r"a has shape \(2, 3\) but y has shape \(3, 2\)"),
    ("quadratic cost, a column against a batch (silent broadcast before)",
     lambda: costs.quadratic.fn(np.ones((2, 1)), np.ones((2, 5))), ValueError, r"a has shape \(2, 1\) but y has shape"),
    ("quadratic gradient, mismatched shapes", lambda: costs.quadratic.grad_a(np.ones((2, 3)), np.ones((2,))),
     ValueError, r"y must be a 2-D array"),
    ("cross-entropy, targets outside [0, 1]", lambda: costs.cross_entropy.fn([[0.5]], [[1.5]]), ValueError,
     r"y must lie in \[0, 1\] for the cross_entropy cost"),
    ("cross-entropy, outputs outside [0, 1]", lambda: costs.cross_entropy.fn([[1.5]], [[1.0]]), ValueError,
     r"a must lie in \[0, 1\] for the cross_entropy cost"),
    ("cross-entropy gradient, targets outside [0, 1]", lambda: costs.cross_entropy.grad_a([[0.5]], [[-1.0]]),
     ValueError, r"y must lie in \[0, 1\]"),
    ("cost of a NaN output", lambda: costs.quadratic.fn([[np.nan]], [[0.0]]), ValueError, r"a contains NaN or inf"),
    ("cost of strings", lambda: costs.quadratic.fn("0.5", [[0.0]]), TypeError, r"a must be a numeric array"),
    ("bp3 of a 1-D delta", lambda: bp3(np.ones(3)), ValueError, r"delta_l must be a 2-D array .* column vector"),
    ("bp4 with a_prev of another batch", lambda: bp4(np.ones((2, 3)), np.ones((4, 5))), ValueError,
     r"delta_l has 3 columns .* but a_prev has 5"),
    ("bp1 with shapes that differ", lambda: bp1(np.ones((2, 3)), np.ones((3, 2))), ValueError,
     r"nabla_a_C has shape \(2, 3\) but z_L has shape \(3, 2\)"),
    ("bp2 with W^{l+1} not transposed", lambda: bp2(np.ones((4, 5)).T, np.ones((4, 3)), np.ones((5, 3))), ValueError,
     r"W_next has shape \(5, 4\), so δ\^\(l\+1\) must have 5 rows"),
    ("sigmoid' of softmax asked entry by entry", lambda: activations.softmax.prime(np.ones((2, 2))), TypeError,
     r"softmax is not elementwise"),
    ("an activation that is not one", lambda: Network([2, 2], activation=42), TypeError,
     r"activation must be a name such as 'sigmoid'"),
    ("a cost that is not one", lambda: Network([2, 2], cost=np.mean), TypeError,
     r"cost must be a name such as 'quadratic'"),
    ("layer 1 asked for weights", lambda: Network([2, 3, 2]).W(1), ValueError,
     r"layer l must be an integer from 2 to L = 3 \(layer 1 is the input"),
    ("a layer number as a float", lambda: Network([2, 3, 2]).forward(np.ones((2, 1))).z(2.0), ValueError,
     r"z\^l exists for layers l = 2..3, got l = 2.0"),
    ("the relative error of gradients of different sizes", lambda: relative_error(np.ones(3), np.ones(4)), ValueError,
     r"cannot compare gradients of different sizes"),
    ("early stopping without validation data",
     lambda: sgd(Network([2, 3, 2]), *_higham(), epochs=1, batch_size=2, eta=1.0, early_stopping=2), ValueError,
     r"early_stopping needs validation data"),
    ("an eta that is a string", lambda: sgd(Network([2, 3, 2]), *_higham(), epochs=1, batch_size=2, eta="0.5"),
     TypeError, r"eta must be a real number"),
    ("a batch larger than the data", lambda: sgd(Network([2, 3, 2]), *_higham(), epochs=1, batch_size=11, eta=1.0),
     ValueError, r"batch_size 11 is larger than the 10 training examples"),
]


def _with_weight(W):
    net = Network([2, 3, 2], seed=0)
    net.weights[0] = W
    return net


def _without_last_weight():
    net = Network([2, 3, 2], seed=0)
    net.weights.pop()
    return net


@pytest.mark.parametrize("call, exc, pattern", [m[1:] for m in MISUSES], ids=[m[0] for m in MISUSES])
def test_misuse_gets_a_clear_error(call, exc, pattern):
    with pytest.raises((ValueError, TypeError)) as info:
        call()
    assert info.type is exc, f"{info.type.__name__}: {info.value}"
    assert re.search(pattern, str(info.value)), f"{info.value!s} does not match {pattern!r}"
    assert not NUMPY_WORDS.search(str(info.value)), f"numpy's own words leak: {info.value}"


def test_cost_functions_have_an_unchecked_path_for_inner_loops():
    a, y = np.full((2, 3), 0.25), np.zeros((2, 3))
    np.testing.assert_array_equal(costs.quadratic.fn(a, y, check=False), costs.quadratic.fn(a, y))
    # unchecked, a broadcast is the caller's business (the widgets use it knowingly)
    assert costs.quadratic.fn(a, np.zeros((2, 1)), check=False).shape == (3,)


def test_a_gradient_check_at_a_relu_kink_says_so():
    net = Network([2, 3, 1], activation="relu", output_activation="sigmoid", seed=0)
    net.biases[0][:] = 0.0
    X = np.zeros((2, 3))                        # every z^2_j = 0: on the kink
    Y = np.ones((1, 3))
    with pytest.warns(KinkWarning, match=r"z\^2_1 of example 1 is 0, within .* of the relu kink at 0"):
        check(net, X, Y)
    # away from the kink: no warning, and the check passes
    X_off = np.array([[0.5, -0.3, 0.8], [0.2, 0.9, -0.4]])
    with warnings.catch_warnings():
        warnings.simplefilter("error", KinkWarning)
        assert check(net, X_off, Y) < 1e-7
