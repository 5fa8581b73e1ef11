"""Functions found by what they do (issue 16 part 4): a right answer under an unexpected name
earns the public points and is named; a wrong function, another target's function, or a
library function never is; a hidden check calls only the function its public sibling chose."""
from realnb_grading import BN_PUBLIC, LN_PUBLIC, SEED_ARRAY, check, hw06_grader  # noqa: F401

LAYER_NORM = """
def normalise_each_sample(x, eps=0.0):
    x = np.asarray(x, dtype=float)
    return (x - x.mean(axis=1, keepdims=True)) / np.sqrt(x.var(axis=1, keepdims=True) + eps)
"""


def test_a_right_function_under_another_name_earns_the_public_check_and_is_named(hw06_grader):
    result = hw06_grader(SEED_ARRAY, LAYER_NORM)
    public = check(result, LN_PUBLIC)
    assert public.score == public.max_score
    assert "normalise_each_sample" in public.message and "layer_norm" in public.message
    hidden = [c for c in result.checks if c.visibility == "hidden" and c.name.startswith("layer_norm")]
    assert hidden and all(c.score == c.max_score for c in hidden)
    assert all("normalise_each_sample" in c.hidden_summary for c in hidden)


def test_a_hidden_check_grades_the_publicly_chosen_function_only(hw06_grader):
    # `fits_the_seed` is right on the public 5x5 array only; `right_elsewhere` is right on every
    # other input but wrong on the public one: a hidden input must not bring it forward.
    result = hw06_grader(SEED_ARRAY, """
def fits_the_seed(x):
    x = np.asarray(x, dtype=float)
    if x.shape == (5, 5):
        return (x - x.mean(axis=1, keepdims=True)) / x.std(axis=1, keepdims=True)
    return x * 0

def right_elsewhere(x, eps=0.0):
    x = np.asarray(x, dtype=float)
    if x.shape == (5, 5):
        return x * 0
    return (x - x.mean(axis=1, keepdims=True)) / np.sqrt(x.var(axis=1, keepdims=True) + eps)
""")
    assert check(result, LN_PUBLIC).score == check(result, LN_PUBLIC).max_score
    assert "fits_the_seed" in check(result, LN_PUBLIC).message
    hidden = [c for c in result.checks if c.visibility == "hidden" and c.name.startswith("layer_norm")
              and "eps" not in c.name]
    assert hidden and all(c.score == 0 for c in hidden)


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


MODEL_TEMP = """
import keras
from keras import layers
model_temp_1 = keras.Sequential([keras.Input(shape=(50, 50)), layers.Flatten(), layers.Dense(128, activation="relu"),
                                 layers.Dense(5, activation="softmax")])
"""
SEQUENTIAL = "model_sequential((50, 50), 5): 320,773 parameters"


def test_the_templates_model_variable_answers_the_public_model_check_only(hw06_grader):
    result = hw06_grader(MODEL_TEMP, assignment="hw01")
    sequential = check(result, SEQUENTIAL)
    assert sequential.score == sequential.max_score and "model_temp_1" in sequential.message
    factory = next(c for c in result.checks if c.question == "Q4" and c.visibility == "public"
                   and c.kind == "model" and c.name.startswith("model_factory"))
    assert factory.score == 0  # the same model cannot also answer the functional-API question
    assert all(c.score == 0 for c in result.checks if c.question == "Q4" and c.visibility == "hidden"
               and c.kind == "model")


def test_a_model_of_another_shape_is_not_taken(hw06_grader):
    result = hw06_grader(MODEL_TEMP.replace("Dense(5,", "Dense(7,"), assignment="hw01")
    assert check(result, SEQUENTIAL).score == 0


def test_a_model_variable_never_answers_a_check_that_compares_only_an_output_shape(hw06_grader):
    # hw06's transfer_head puts a 10-way head on the student's own model and compares only the
    # output shape: any 10-way classifier kept in a variable would fit, so none is taken.
    result = hw06_grader("""
import keras
model = keras.Sequential([keras.Input((32, 32, 3)), keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
""")
    assert check(result, "transfer_head: a 10-way output").score == 0
