import numpy as np
import pytest

from harness.contract.plain import Opaque
from harness.grading.compare import NotComparable, compare

TOL = {"rtol": 1e-5, "atol": 1e-6}
EXPECTED = np.array([[1.0, -2.0, 3.0], [0.5, 0.25, -1.0]])


def test_lists_and_float32_that_are_numerically_right_pass():
    assert compare(EXPECTED, EXPECTED.tolist(), **TOL).ok
    assert compare(EXPECTED, EXPECTED.astype(np.float32), **TOL).ok


def test_a_wrong_value_reports_the_worst_index_and_errors():
    got = EXPECTED.copy()
    got[1, 2] = -1.5
    result = compare(EXPECTED, got, **TOL)
    assert not result.ok
    assert result.details["worst_index"] == [1, 2]
    assert result.details["max_abs_error"] == pytest.approx(0.5)
    assert "1 of 6 values differ" in result.message


def test_a_square_answer_that_is_the_transpose_is_named():
    square = np.arange(9.0).reshape(3, 3)
    result = compare(square, square.T, **TOL)
    assert not result.ok and "transposed" in result.message and result.details["hint"] == "transposed"


def test_shape_problems_are_named_and_transposes_recognised():
    result = compare(EXPECTED, EXPECTED.T, **TOL)
    assert not result.ok and "transposed" in result.message
    result = compare(EXPECTED, EXPECTED.reshape(1, 2, 3), **TOL)
    assert not result.ok and "extra or missing axes" in result.message


@pytest.mark.parametrize("bad", [np.full((2, 3), np.nan), np.full((2, 3), np.inf), np.zeros((0, 3)), "text", None])
def test_nan_infinity_empty_and_non_numbers_never_pass(bad):
    assert not compare(EXPECTED, bad, **TOL).ok


def test_infinity_passes_where_infinity_is_expected():
    assert compare(float("inf"), float("inf"), **TOL).ok
    assert not compare(float("inf"), 1e308, **TOL).ok


def test_dicts_compare_per_key_and_name_missing_keys():
    expected = {"precision": np.array([0.5, 1.0]), "label": "cat"}
    assert compare(expected, {"precision": [0.5, 1.0], "label": "cat", "extra": 1}, **TOL).ok
    result = compare(expected, {"precision": [0.5, 1.0]}, **TOL)
    assert not result.ok and "label" in result.message
    result = compare(expected, {"precision": [0.5, 0.9], "label": "cat"}, **TOL)
    assert not result.ok and "precision" in result.message


def test_an_opaque_answer_fails_and_an_opaque_reference_is_a_grader_problem():
    assert not compare(EXPECTED, Opaque("Model", "<Model>"), **TOL).ok
    with pytest.raises(NotComparable):
        compare(Opaque("Model", "<Model>"), EXPECTED, **TOL)
