"""Grader-side pieces: name matching, printed-array parsing, candidate ranking, rubric rules."""
import numpy as np
import pytest

from harness.contract.aliases import edit_distance, match_name, relatedness
from harness.contract.protocol import CellReport
from harness.grading.printed_arrays import Candidate, best_match, printed_arrays, ranked
from harness.spec.rubric import RubricError
from harness.spec.rubric_loader import load_rubric

RIGHT = np.array([[1.0, -1.0, 0.5], [0.25, 2.0, -3.0]])


def test_a_swap_of_neighbouring_letters_is_one_edit():
    assert edit_distance("noramlization", "normalization") == 1
    assert match_name("layer_noramlization", "layer_norm", ["layer_normalization"]).how == "fuzzy"
    assert match_name("LayerNorm", "layer_norm").how == "case"


def test_short_names_are_never_fuzzy_matched_to_each_other():
    assert match_name("bn", "ln") is None and match_name("batch_norm", "layer_norm") is None
    assert match_name("LayerNorm", "layer_norm", fuzzy=False) is None


def test_variable_names_are_related_by_initials_and_first_word():
    assert relatedness("ln", "layer_norm") == 1 and relatedness("layer_out", "layer_norm") == 1
    assert relatedness("bn", "layer_norm") == 0 and relatedness("norm", "layer_norm") == 0


def cell(index, output):
    return CellReport(index, "ok", output=output)


def test_printed_arrays_are_read_in_repr_and_print_forms_with_their_rounding():
    repr_form = "Out: array([[ 1.  , -1.  ,  0.5 ],\n       [ 0.25,  2.  , -3.  ]])"
    print_form = "result:\n[[ 1.    -1.     0.5  ]\n [ 0.25   2.    -3.   ]]\nLoss 3"
    rounded = "[[ 1.001 -1.     0.5  ]\n [ 0.25   2.    -3.   ]]"
    found = printed_arrays([cell(1, repr_form), cell(2, print_form), cell(3, rounded)], (2, 3))
    assert [c.label for c in found] == [f"the array printed by cell {i}" for i in (1, 2, 3)]
    assert all(np.array_equal(c.value, RIGHT) for c in found[:2])
    assert found[2].atol == pytest.approx(5.05e-4)
    assert best_match(found[2:], RIGHT, [], 1e-5, 1e-6) is None  # 1.001 is a different printed value


def test_summarised_or_ragged_prints_are_not_answers():
    text = "[[1. 2. ... 9.]\n [1. 2. 3.]]\n[[1, 2], [3]]\narray([[nan, 1.], [2., 3.]], dtype=float32)"
    assert printed_arrays([cell(1, text)], (2, 2))[0].value[0, 1] == 1.0
    assert len(printed_arrays([cell(1, text)], (2, 3))) == 0


def test_a_variable_named_for_the_target_is_graded_even_when_another_array_is_right():
    named = Candidate("variable `layer_norm`", "layer_norm", RIGHT * 2)
    other = Candidate("variable `tmp`", "tmp", RIGHT)
    assert ranked([named, other], "layer_norm", [], {"batch_norm"}, []) == [named]


def test_another_targets_variable_or_right_answer_is_not_taken():
    bn = Candidate("variable `bn`", "bn", RIGHT * 2)
    printed = Candidate("the array printed by cell 1", "", RIGHT * 3)
    kept = ranked([bn, printed], "layer_norm", [], {"batch_norm"}, [RIGHT * 3])
    assert kept == []


def test_a_right_answer_beats_a_mistake_and_as_it_is_beats_transposed():
    square = np.array([[1.0, 2.0], [3.0, 4.0]])
    transposed = Candidate("variable `t`", "t", square.T)
    mistake_like = Candidate("variable `m`", "m", square * 2)
    match = best_match([mistake_like, transposed], square, [("mistake", square * 2)], 1e-5, 1e-6)
    assert match == (transposed, True, None)


def write(tmp_path, check_lines):
    text = f"""
id = "hw06"
title = "t"
reference = "reference.hw06"
[[questions]]
id = "Q1"
title = "q"
points = 1
module = "q1"
  [[questions.checks]]
  kind = "function"
  target = "layer_norm"
  points = 1
  {check_lines}
"""
    path = tmp_path / "hw06.toml"
    path.write_text(text)
    return path


@pytest.mark.parametrize("lines, error", [
    ('visibility = "hidden"\n  discovery = 1.0', "hidden inputs still need a callable"),
    ('discovery = 1.5', "discovery must be in 0..1"),
    ('adapters = ["first-of-tupel"]', "unknown adapter 'first-of-tupel'"),
])
def test_the_rubric_rejects_leniency_it_cannot_honour(tmp_path, lines, error):
    with pytest.raises(RubricError, match=error):
        load_rubric(write(tmp_path, lines))


def test_fuzzy_names_can_be_switched_off_for_a_whole_rubric(tmp_path):
    from harness.spec.plan import plan

    path = write(tmp_path, "")
    path.write_text("fuzzy_names = false\n" + path.read_text())
    assert plan(load_rubric(path))[0].probes[0].fuzzy is False
