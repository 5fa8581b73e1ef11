"""hw06 Q1 as real notebooks write it: each style gets the verdict a teaching assistant would give.

Q1 has 10 points: 2 + 2 public (the seed's 5x5 array) and 6 hidden (other inputs, eps).
"""
from realnb_grading import BN_PUBLIC, LN_PUBLIC, SEED_ARRAY, check, hw06_grader, q1  # noqa: F401

RIGHT_FUNCTIONS = """
def batch_norm(x, eps=0.0):
    return (x - x.mean(axis=0, keepdims=True)) / np.sqrt(x.var(axis=0, keepdims=True) + eps)
"""


def test_the_seeds_inline_expressions_earn_the_public_points_and_name_the_keepdims_mistake(hw06_grader):
    result = hw06_grader(SEED_ARRAY, """
        batch_norm = (arr - np.mean(arr, axis=0)) / np.std(arr, axis=0)
        batch_norm
        """, """
        layer_norm = (arr - np.mean(arr, axis=1)) / np.std(arr, axis=1)
        layer_norm
        """)
    assert q1(result) == 2  # batch norm right on the public array; hidden checks need a function
    bn, ln = check(result, BN_PUBLIC), check(result, LN_PUBLIC)
    assert bn.score == 2 and "variable `batch_norm`" in bn.message
    assert ln.score == 0 and ln.mistake["name"] == "no-keepdims" and "variable `layer_norm`" in ln.message
    assert result.mistakes() == ["no-keepdims"]


def test_inline_results_under_other_names_are_found_and_not_confused(hw06_grader):
    result = hw06_grader("""
        import numpy as np
        matrix = np.array([[20, 17, 32, 42, 65], [13, 65, 96, 53, 21], [45, 63, 74, 38, 64],
                           [23, 76, 40, 34, 26], [14, 66, 78, 49, 23]], dtype=float)
        bn = (matrix - matrix.mean(axis=0)) / matrix.std(axis=0)
        ln = (matrix - matrix.mean(axis=1, keepdims=True)) / matrix.std(axis=1, keepdims=True)
        """)
    assert q1(result) == 4
    assert "variable `bn`" in check(result, BN_PUBLIC).message
    assert "variable `ln`" in check(result, LN_PUBLIC).message


def test_arrays_only_printed_are_parsed_from_the_output(hw06_grader):
    result = hw06_grader(SEED_ARRAY, """
        x = arr.astype(float)
        print((x - x.mean(axis=0)) / x.std(axis=0))
        """, """
        (x - x.mean(axis=1).reshape(-1, 1)) / x.std(axis=1).reshape(-1, 1)
        """)
    assert q1(result) == 4
    assert "printed by cell 1" in check(result, BN_PUBLIC).message
    assert "printed by cell 2" in check(result, LN_PUBLIC).message


def test_extra_gamma_and_beta_parameters_get_neutral_values(hw06_grader):
    result = hw06_grader(SEED_ARRAY, """
        def batch_norm(X, gamma, beta, eps=0.0):
            mu, var = X.mean(axis=0), X.var(axis=0)
            return gamma * (X - mu) / np.sqrt(var + eps) + beta

        def layer_norm(X, gamma, beta, eps=0.0):
            mu, var = X.mean(axis=1, keepdims=True), X.var(axis=1, keepdims=True)
            return gamma * (X - mu) / np.sqrt(var + eps) + beta
        """)
    assert q1(result) == 10
    message = check(result, BN_PUBLIC).message
    assert "gamma = 1 per feature" in message and "beta = 0 per feature" in message


def test_cs231n_forward_functions_returning_out_and_cache(hw06_grader):
    result = hw06_grader(SEED_ARRAY, """
        def batchnorm_forward(x, gamma, beta, bn_param):
            eps = bn_param.get("eps", 1e-5)
            mu = np.mean(x, axis=0)
            var = np.var(x, axis=0)
            x_hat = (x - mu) / np.sqrt(var + eps)
            return gamma * x_hat + beta, (x, x_hat, mu, var, gamma, eps)

        def layernorm_forward(x, gamma, beta, eps):
            mu = np.mean(x, axis=1, keepdims=True)
            var = np.var(x, axis=1, keepdims=True)
            x_hat = (x - mu) / np.sqrt(var + eps)
            return gamma * x_hat + beta, (x_hat, mu, var)
        """)
    assert q1(result) == 10
    message = check(result, LN_PUBLIC).message
    assert "Graded `layernorm_forward` as `layer_norm`" in message
    assert "took the first of the 2 values returned" in message


def test_the_seeds_mistake_written_cs231n_style_is_still_the_keepdims_mistake(hw06_grader):
    result = hw06_grader(SEED_ARRAY, """
        def batchnorm_forward(x, gamma, beta, eps):
            out = gamma * (x - np.mean(x, axis=0)) / np.sqrt(np.var(x, axis=0) + eps) + beta
            return out, None

        def layernorm_forward(x, gamma, beta, eps):
            out = gamma * (x - np.mean(x, axis=1)) / np.sqrt(np.var(x, axis=1) + eps) + beta
            return out, None
        """)
    ln = check(result, LN_PUBLIC)
    assert ln.score == 0 and ln.mistake["name"] == "no-keepdims"
    assert q1(result) == 5  # the same score as the seed's own answer written as the template asks
    assert set(result.mistakes()) == {"no-keepdims"}


def test_misspelled_and_recased_names_are_graded_and_reported(hw06_grader):
    result = hw06_grader(SEED_ARRAY, """
        def BatchNorm(x, eps=0.0):
            return (x - x.mean(axis=0)) / np.sqrt(x.var(axis=0) + eps)

        def layer_noramlization(x, eps=0.0):
            return (x - x.mean(axis=1, keepdims=True)) / np.sqrt(x.var(axis=1, keepdims=True) + eps)
        """)
    assert q1(result) == 10
    assert "Graded `layer_noramlization` as `layer_norm` (a close spelling)" in check(result, LN_PUBLIC).message
    assert "Graded `BatchNorm` as `batch_norm`" in check(result, BN_PUBLIC).message


def test_lists_built_in_loops_are_found_even_transposed(hw06_grader):
    result = hw06_grader(SEED_ARRAY, """
        import math
        columns = []
        for j in range(5):
            col = [float(v) for v in arr[:, j]]
            mean = sum(col) / 5
            std = math.sqrt(sum((v - mean) ** 2 for v in col) / 5)
            columns.append([(v - mean) / std for v in col])   # one list per column: transposed
        rows = []
        for row in arr.tolist():
            mean = sum(row) / 5
            std = math.sqrt(sum((v - mean) ** 2 for v in row) / 5)
            rows.append([(v - mean) / std for v in row])
        """)
    assert q1(result) == 4
    assert "variable `columns` transposed" in check(result, BN_PUBLIC).message
    assert "variable `rows`" in check(result, LN_PUBLIC).message


def test_np_int_from_an_old_template_runs_under_a_shim_listed_in_the_notes(hw06_grader):
    result = hw06_grader("""
        import numpy as np
        arr = np.array([[20, 17, 32, 42, 65], [13, 65, 96, 53, 21], [45, 63, 74, 38, 64],
                        [23, 76, 40, 34, 26], [14, 66, 78, 49, 23]], dtype=np.int)
        """, RIGHT_FUNCTIONS + """
def layer_norm(x, eps=0.0):
    x = x.astype(np.float)
    return (x - x.mean(axis=1, keepdims=True)) / np.sqrt(x.var(axis=1, keepdims=True) + eps)
        """)
    assert q1(result) == 10
    assert [c.status for c in result.cells] == ["ok", "ok"]
    assert any("np.int" in s for s in result.environment["shims"])
    assert any("Old-API shims" in n and "np.float" in n for n in result.notes)


def test_an_old_api_no_shim_covers_is_an_environment_problem_not_a_mistake(hw06_grader):
    result = hw06_grader(SEED_ARRAY, RIGHT_FUNCTIONS, """
        first = np.asscalar(arr[0, 0])
        """)
    assert result.environment["environment_problems"][0].startswith("cell 2: AttributeError")
    assert any(n.startswith("Environment problem (not your mistake)") for n in result.notes)
    assert result.mistakes() == []


def test_a_template_notebook_reports_nothing_extra(hw06_grader):
    result = hw06_grader(SEED_ARRAY, RIGHT_FUNCTIONS, """
def layer_norm(x, eps=0.0):
    return (x - x.mean(axis=1, keepdims=True)) / np.sqrt(x.var(axis=1, keepdims=True) + eps)
        """)
    assert q1(result) == 10
    assert all(c.message == "correct" for c in result.checks if c.question == "Q1")
    assert result.environment["shims"] == [] and not any("shim" in n for n in result.notes)
