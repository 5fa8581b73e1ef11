"""The worker's leniency, probe by probe: names, adapters, discovery (no subprocess needed)."""
import numpy as np

from harness.contract import plain
from harness.worker.probes import run_probe

X = np.arange(1.0, 26.0).reshape(5, 5) ** 1.5


def ask(namespace, tmp_path, target="layer_norm", args=(X,), kwargs=None, **probe):
    encoded, arrays = plain.encode(list(args), prefix="in")
    kw_encoded, kw_arrays = plain.encode(kwargs or {}, prefix="kw")
    fields = {"id": "p", "target": target, "call": True, "args": encoded,
              "kwargs": {k: v for k, v in plain.decode(kw_encoded, kw_arrays).items()}, **probe}
    answer = run_probe(fields, dict(namespace), {**arrays, **kw_arrays}, tmp_path, 100_000)
    value = None
    if answer["error"] is None:
        npz = tmp_path / "p.npz"
        value = plain.decode(answer["value"], plain.load_arrays(npz) if npz.exists() else {})
    return answer, value


def right(x, eps=0.0):
    return (x - x.mean(axis=1, keepdims=True)) / np.sqrt(x.var(axis=1, keepdims=True) + eps)


def no_keepdims(x, gamma, beta, eps):
    return gamma * (x - x.mean(axis=1)) / np.sqrt(x.var(axis=1) + eps) + beta, {"cache": 1}


ALL = {"allowed": ["rename-kwargs", "neutral-params", "keras-loss", "first-of-tuple"],
       "neutral": {"gamma": 1.0, "beta": 0.0, "eps": 0.0}, "shape": [5, 5]}


def test_a_close_spelling_is_used_and_reported(tmp_path):
    answer, value = ask({"layer_noramlization": right}, tmp_path, fuzzy=True, aliases=["layer_normalization"])
    assert np.allclose(value, right(X))
    assert answer["resolution"] == {"name": "layer_noramlization", "how": "fuzzy"}


def test_fuzzy_matching_can_be_turned_off(tmp_path):
    answer, _ = ask({"layer_noramlization": right}, tmp_path, fuzzy=False, aliases=["layer_normalization"])
    assert answer["error"]["kind"] == "missing" and answer["error"]["reason"]["params"]["close"] == "layer_noramlization"


def test_an_alias_wins_over_a_close_spelling_and_a_template_name_over_both(tmp_path):
    namespace = {"layernorm_forward": right, "layer_nrom": lambda x: x}
    answer, _ = ask(namespace, tmp_path, aliases=["layernorm_forward"], fuzzy=True)
    assert answer["resolution"]["name"] == "layernorm_forward"
    answer, _ = ask({**namespace, "layer_norm": right}, tmp_path, aliases=["layernorm_forward"], fuzzy=True)
    assert "resolution" not in answer  # the template was followed: nothing to report


def test_a_close_spelling_of_another_target_is_never_taken(tmp_path):
    answer, _ = ask({"model_b": right}, tmp_path, target="model_a", fuzzy=True, avoid=["model_b"])
    assert answer["error"]["kind"] == "missing"
    answer, _ = ask({"model_b": right}, tmp_path, target="model_a", fuzzy=True)
    assert answer["resolution"]["how"] == "fuzzy"  # the rule above is what prevented it


def test_a_variable_with_the_name_does_not_hide_a_function_under_an_alias(tmp_path):
    answer, value = ask({"layer_norm": right(X), "layernorm": right}, tmp_path, aliases=["layernorm"])
    assert answer["resolution"]["name"] == "layernorm" and np.allclose(value, right(X))


def test_adapters_never_make_a_wrong_answer_right(tmp_path):
    answer, value = ask({"layernorm_forward": no_keepdims}, tmp_path, aliases=["layernorm_forward"], adapters=ALL)
    assert np.allclose(value, no_keepdims(X, 1.0, 0.0, 0.0)[0]) and not np.allclose(value, right(X))
    assert [a["name"] for a in answer["resolution"]["adaptations"]] == ["neutral-params", "first-of-tuple"]


def test_a_forbidden_adapter_is_not_used(tmp_path):
    forbidden = {**ALL, "allowed": ["neutral-params"]}
    _, value = ask({"layer_norm": no_keepdims}, tmp_path, adapters=forbidden)
    assert isinstance(value, tuple)  # (out, cache) as returned: the grader will find it wrong
    answer, _ = ask({"layer_norm": no_keepdims}, tmp_path, adapters={**ALL, "allowed": []})
    assert answer["error"]["ename"] == "TypeError"


def test_eps_is_renamed_or_carried_in_a_cs231n_param_dict(tmp_path):
    def with_epsilon(x, epsilon=0.0):
        return right(x, epsilon)

    def cs231n(x, gamma, beta, ln_param):
        return gamma * right(x, ln_param["eps"]) + beta, None

    for function in (with_epsilon, cs231n):
        answer, value = ask({"layer_norm": function}, tmp_path, kwargs={"eps": 7.0}, adapters=ALL)
        assert np.allclose(value, right(X, 7.0)), answer


def test_an_extra_parameter_with_no_neutral_value_is_not_guessed(tmp_path):
    answer, _ = ask({"layer_norm": lambda x, temperature: x}, tmp_path, adapters=ALL)
    assert answer["error"]["ename"] == "TypeError"


def test_a_keras_style_triplet_loss_is_called_with_stacked_predictions(tmp_path):
    from reference.hw14.q2 import triplet_loss

    def seed_style(y_pred, alpha=0.4):
        anch, pos, neg = y_pred
        return np.maximum(np.sum((anch - pos) ** 2, axis=1) - np.sum((anch - neg) ** 2, axis=1) + alpha, 0)

    def concatenated(y_true, y_pred, alpha=0.4):
        d = y_pred.shape[1] // 3
        a, p, n = y_pred[:, :d], y_pred[:, d:2 * d], y_pred[:, 2 * d:]
        return np.maximum(np.sum((a - p) ** 2, axis=1) - np.sum((a - n) ** 2, axis=1) + alpha, 0)

    rng = np.random.default_rng(0)
    a, p, n = (rng.normal(size=(6, 4)) for _ in range(3))
    spec = {**ALL, "shape": [6]}
    for function in (seed_style, concatenated):
        answer, value = ask({"triplet_loss": function}, tmp_path, target="triplet_loss", args=(a, p, n),
                            kwargs={"alpha": 0.2}, adapters=spec)
        assert np.allclose(value, triplet_loss(a, p, n, 0.2)), answer
        assert answer["resolution"]["adaptations"][0]["name"] == "keras-loss"


def test_discovery_lists_only_number_arrays_of_the_shape_or_its_transpose(tmp_path):
    namespace = {"ln": right(X), "wide": np.zeros((3, 7)), "wide_t": [[0.0] * 3] * 7, "names": ["a"] * 5,
                 "square_of_words": [["a"] * 5] * 5, "np": np, "f": right, "_hidden": right(X)}
    answer, value = ask(namespace, tmp_path, target="", call=False, discover={"kind": "arrays", "shape": [7, 3]})
    assert [item["name"] for item in value] == ["wide", "wide_t"]
