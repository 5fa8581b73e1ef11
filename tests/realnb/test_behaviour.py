"""Functions found by what they do (issue 16 part 4): a right answer under an unexpected name
earns the public points and is named; a wrong function, another target's function, or a
library function never is; hidden checks still need the name."""
from realnb_grading import BN_PUBLIC, LN_PUBLIC, SEED_ARRAY, check, hw06_grader  # noqa: F401

LAYER_NORM = """
def normalise_each_sample(x):
    x = np.asarray(x, dtype=float)
    return (x - x.mean(axis=1, keepdims=True)) / x.std(axis=1, keepdims=True)
"""


def test_a_right_function_under_another_name_earns_the_public_check_and_is_named(hw06_grader):
    result = hw06_grader(SEED_ARRAY, LAYER_NORM)
    public = check(result, LN_PUBLIC)
    assert public.score == public.max_score
    assert "normalise_each_sample" in public.message and "layer_norm" in public.message
    hidden = [c for c in result.checks if c.visibility == "hidden" and c.name.startswith("layer_norm")]
    assert hidden and all(c.score == 0 for c in hidden)  # hidden inputs never choose a function


def test_a_known_mistake_under_another_name_is_named(hw06_grader):
    result = hw06_grader(SEED_ARRAY, """
        def my_ln(x):
            x = np.asarray(x, dtype=float)
            return (x - x.mean(axis=1, keepdims=True)) / x.std(axis=1, ddof=1, keepdims=True)
        """.replace("\n        ", "\n"))
    public = check(result, LN_PUBLIC)
    assert public.mistake is not None and public.mistake["name"] == "ddof-1"
    assert "my_ln" in public.message


def test_a_wrong_function_is_not_picked(hw06_grader):
    result = hw06_grader(SEED_ARRAY, "def double(x):\n    return np.asarray(x, dtype=float) * 2\n")
    assert check(result, LN_PUBLIC).score == 0 and check(result, BN_PUBLIC).score == 0
    assert "double" not in check(result, LN_PUBLIC).message


def test_a_library_function_is_never_the_answer(hw06_grader):
    # scipy's zscore(x) is exactly batch normalisation with eps = 0.
    result = hw06_grader(SEED_ARRAY, "from scipy.stats import zscore\nstandardise = zscore\n")
    assert check(result, BN_PUBLIC).score == 0


def test_another_targets_function_is_not_taken_for_this_one(hw06_grader):
    # batch_norm's answer is layer_norm's axes-swapped mistake: it must not be graded as layer_norm.
    result = hw06_grader(SEED_ARRAY, """
def batch_norm(x):
    x = np.asarray(x, dtype=float)
    return (x - x.mean(axis=0)) / x.std(axis=0)
""")
    assert check(result, BN_PUBLIC).score == check(result, BN_PUBLIC).max_score
    layer = check(result, LN_PUBLIC)
    assert layer.score == 0 and layer.mistake is None
