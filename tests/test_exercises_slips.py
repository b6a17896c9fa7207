"""Notebook 10's case files and checkers: every slip is really wrong, every fix really right."""

from collections import Counter

import numpy as np
import pytest

from bpcourse.activations import sigmoid
from bpcourse.exercises import check_fix, check_slip
from bpcourse.exercises.slips import (
    CASES,
    case_errors,
    case_network,
    error_table,
    gradient_with,
)
from bpcourse.gradcheck import numerical_gradient, relative_error

NUMBERS = sorted(CASES)


def test_at_least_six_cases_each_with_one_slip_line():
    assert len(CASES) >= 6
    for c in CASES.values():
        assert c.slip_line in c.lines
        # every wrong line has its own feedback; no text shown before a right pick (a line's feedback,
        # the nudge, the hints of the fixes) names the slipped line
        assert set(c.line_hints) == set(c.lines) - {c.slip_line}
        for hint in [*c.line_hints.values(), c.nudge, c.claim_hint, *(h for _, _, h in c.mistakes)]:
            assert f"({c.slip_line})" not in hint


def test_the_position_of_the_slip_carries_no_information():
    # every letter holds some case's slip and none more than a third of them: one letter for all scores little
    counts = Counter(c.slip_line for c in CASES.values())
    assert set(counts) == set(CASES[1].lines)
    assert max(counts.values()) <= len(CASES) / 3


@pytest.mark.parametrize("n", NUMBERS)
def test_the_planted_slip_is_really_wrong(n):
    errors = case_errors(n)
    assert max(errors.values()) > 0.1


@pytest.mark.parametrize("n", NUMBERS)
def test_the_fix_is_really_right(n):
    errors = case_errors(n, CASES[n].fix)
    assert max(errors.values()) <= 1e-7


@pytest.mark.parametrize("n", NUMBERS)
def test_the_fix_agrees_with_the_complex_step_to_rounding(n):
    net, X, Y = case_network(n)
    gW, gb = gradient_with(n, CASES[n].fix, net, X, Y)
    nW, nb = numerical_gradient(net, X, Y, method="complex")
    assert max(relative_error(g, m) for g, m in zip(gW + gb, nW + nb)) < 1e-12


@pytest.mark.parametrize("n", NUMBERS)
def test_the_fix_plugged_in_equals_the_package_backprop(n):
    net, X, Y = case_network(n)
    gW, gb = gradient_with(n, CASES[n].fix, net, X, Y)
    pW, pb = net.backprop(X, Y)
    for g, p in zip(gW + gb, pW + pb):
        assert np.allclose(g, p, rtol=1e-12, atol=1e-14)


def test_an_in_place_step_is_accepted_and_measured_as_meant():
    def fix_9(p, grad, eta):
        p -= eta * grad
        return p

    assert check_fix(9, fix_9).passed
    net, X, Y = case_network(9)
    before = [P.copy() for P in net.weights + net.biases]
    gW, gb = gradient_with(9, fix_9, net, X, Y)
    assert all(np.array_equal(P, Q) for P, Q in zip(before, net.weights + net.biases))   # net not moved
    nW, nb = numerical_gradient(net, X, Y)
    assert max(error_table(gW, gb, nW, nb).values()) < 1e-7
    # the uphill step written in place is still the slip
    def claim_in_place(p, grad, eta):
        p += eta * grad
        return p

    assert not check_fix(9, claim_in_place).passed
    gW, gb = gradient_with(9, claim_in_place, net, X, Y)
    assert min(error_table(gW, gb, nW, nb).values()) > 0.99


@pytest.mark.parametrize("n", NUMBERS)
def test_a_fix_that_writes_into_its_arguments_passes_and_measures_alike(n):
    """check_fix calls an answer on copies; gradient_with must too, or a fix that scribbles on its
    arguments would pass the checker and then move the network (or the cache) in the rerun."""
    def scribbling(*args):
        out = np.array(CASES[n].fix(*args), copy=True)
        for a in args:
            if isinstance(a, np.ndarray):
                a *= 3.0
        return out

    assert check_fix(n, scribbling).passed
    net, X, Y = case_network(n)
    before = [P.copy() for P in net.weights + net.biases]
    gW, gb = gradient_with(n, scribbling, net, X, Y)
    assert all(np.array_equal(P, Q) for P, Q in zip(before, net.weights + net.biases))
    pW, pb = net.backprop(X, Y)
    for g, p in zip(gW + gb, pW + pb):
        assert np.allclose(g, p, rtol=1e-12, atol=1e-14)


def test_known_sizes_of_some_slips():
    # the sign slip and the uphill step point exactly the wrong way: relative error 1
    assert all(abs(e - 1) < 1e-6 for e in case_errors(1).values())
    assert all(abs(e - 1) < 1e-6 for e in case_errors(9).values())
    # the missing 1/m makes every weight gradient m times too large: (m - 1)/(m + 1), and leaves b alone
    net, X, Y = case_network(8)
    m = X.shape[1]
    errors = case_errors(8)
    for name, e in errors.items():
        if name.startswith("W"):
            assert abs(e - (m - 1) / (m + 1)) < 1e-6
        else:
            assert e < 1e-7
    # slips in BP2 leave the output layer's gradients untouched
    for n in (3, 4, 5):
        errors = case_errors(n)
        assert errors["W^4"] < 1e-7 and errors["b^4"] < 1e-7
        assert errors["W^2"] > 0.1


@pytest.mark.parametrize("n", NUMBERS)
def test_check_fix_accepts_the_reference(n):
    result = check_fix(n, CASES[n].fix)
    assert result.passed
    assert result.steps[-1] == CASES[n].explanation


@pytest.mark.parametrize("n", NUMBERS)
def test_check_fix_rejects_the_original_slip_with_its_hint(n):
    result = check_fix(n, CASES[n].claim)
    assert not result.passed
    assert result.mistake == "the claim unchanged (the slip is still there)"
    assert result.steps[-1].endswith(CASES[n].claim_hint)


@pytest.mark.parametrize("n", NUMBERS)
def test_check_fix_names_each_known_wrong_fix(n):
    assert CASES[n].mistakes, "every case lists at least one wrong fix besides the claim"
    for name, wrong, hint in CASES[n].mistakes:
        if wrong is None:        # recognised by the cases it fails (the uncancelled form), tested below
            continue
        result = check_fix(n, wrong)
        assert not result.passed
        assert result.mistake == name
        assert result.steps[-1].endswith(hint)


def test_check_fix_recognises_hand_written_wrong_fixes():
    # written as a student would, not taken from the module
    def fix_3_no_sigma_prime(W_next, delta_next, z_l):
        return W_next.T @ delta_next

    r = check_fix(3, fix_3_no_sigma_prime)
    assert not r.passed and "σ'" in "\n".join(r.steps)

    def fix_8_divides_by_neurons(delta_l, a_prev):
        return delta_l @ a_prev.T / delta_l.shape[0]

    r = check_fix(8, fix_8_divides_by_neurons)
    assert not r.passed and "columns" in "\n".join(r.steps)

    def fix_7_keeps_grad_a(a_L, y, z_L):
        return (a_L - y) / (a_L * (1 - a_L))

    r = check_fix(7, fix_7_keeps_grad_a)
    assert not r.passed and "σ'(z^L) once" in "\n".join(r.steps)

    def fix_7_uncancelled(a_L, y, z_L):
        return (a_L - y) / (a_L * (1 - a_L)) * sigmoid.prime(z_L)

    r = check_fix(7, fix_7_uncancelled)
    assert not r.passed and r.mistake == "the uncancelled form" and "saturated" in r.message


@pytest.mark.parametrize("bad", [
    lambda *args: None,
    lambda *args: 1 / 0,
    lambda *args: np.zeros((2, 2)),
    lambda *args: "delta",
])
@pytest.mark.parametrize("n", [1, 3, 6, 9])
def test_check_fix_never_raises_on_broken_answers(n, bad):
    result = check_fix(n, bad)
    assert not result.passed
    assert result.message


def test_check_fix_not_written_yet_and_not_a_function():
    def stub(a_L, y, z_L):
        raise NotImplementedError

    r = check_fix(1, stub)
    assert not r.passed and "not written yet" in r.message
    r = check_fix(1, 42)
    assert not r.passed and "function" in r.message


@pytest.mark.parametrize("n", NUMBERS)
def test_check_slip_accepts_the_right_line_in_several_spellings(n):
    c = CASES[n]
    for spelling in (c.slip_line, c.slip_line.upper(), f"({c.slip_line})", f" {c.slip_line} "):
        r = check_slip(n, spelling)
        assert r.passed
        assert r.steps[-1] == c.explanation


@pytest.mark.parametrize("n", NUMBERS)
def test_check_slip_gives_feedback_on_each_wrong_line_without_the_answer(n):
    c = CASES[n]
    for letter in c.lines:
        if letter == c.slip_line:
            continue
        r = check_slip(n, letter)
        assert not r.passed
        assert c.line_hints[letter] in r.message
        assert r.mistake == f"picked line ({letter})"
        assert c.explanation not in "\n".join(r.steps)


@pytest.mark.parametrize("answer", [None, "", "z", 3, 2.5, ["a"], object()])
def test_check_slip_never_raises_on_odd_answers(answer):
    r = check_slip(2, answer)
    assert not r.passed
    assert r.message


@pytest.mark.parametrize("case", [0, 10, "one", None, True, 2.0])
def test_unknown_case_numbers_get_a_result_not_an_exception(case):
    assert not check_slip(case, "a").passed
    assert not check_fix(case, CASES[1].fix).passed


def test_results_render_as_html_and_text():
    r = check_slip(1, CASES[1].slip_line)
    assert "Passed" in r._repr_html_()
    assert "PASSED" in str(r)
