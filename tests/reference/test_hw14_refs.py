"""hw14 references meet COURSE.md's numbers and contracts; each known mistake differs."""
import importlib
import inspect
import os
import subprocess
import sys

import numpy as np
import pytest

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from harness_testing import mistakes_of, target_of

from reference.hw14 import q1, q2, q3, q4, support  # noqa: E402

MODULES = [q1, q2, q3, q4]
SEED_SUPPORTS = [228, 359, 769, 80, 779, 4693, 99]




@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_every_mistake_mirrors_its_target(module):
    """Does each mistake have its target's signature and a one-line explanation?"""
    for name, fn in mistakes_of(module):
        target = getattr(module, target_of(module, name))
        assert inspect.signature(fn) == inspect.signature(target), name
        assert fn.__doc__ and fn.__doc__.strip(), name


def test_numpy_questions_import_without_tensorflow():
    code = ("import sys, reference.hw14.q1, reference.hw14.q2, reference.hw14.q3, "
            "reference.hw14.q4; assert 'tensorflow' not in sys.modules and "
            "'keras' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True,
                   env={**os.environ, "PYTHONPATH": os.getcwd()})


# ---------------------------------------------------------------- Q1 word vectors
@pytest.fixture(scope="module")
def lee_vectors():
    """Tiny word2vec vectors trained on gensim's bundled Lee corpus (deterministic)."""
    from gensim.models import Word2Vec
    from gensim.test.utils import datapath
    from gensim.utils import simple_preprocess

    with open(datapath("lee_background.cor"), encoding="utf8") as f:
        sentences = [simple_preprocess(line) for line in f]
    return Word2Vec(sentences, vector_size=24, min_count=5, epochs=5, workers=1, seed=1).wv


@pytest.fixture(scope="module")
def planted_vectors():
    """Vectors where gender is one exact offset, so analogies have a known answer."""
    from gensim.models import KeyedVectors

    female = np.array([0.0, 0.0, 0.0, 1.0])
    base = {"man": [1, 0, 0, 0], "king": [0, 1, 0, 0], "actor": [0, 0, 1, 0],
            "boy": [1, 0, 0.5, 0]}
    words, vectors = [], []
    for word, vec in base.items():
        words += [word, {"man": "woman", "king": "queen", "actor": "actress",
                         "boy": "girl"}[word]]
        vectors += [np.array(vec, float), np.array(vec, float) + female]
    kv = KeyedVectors(vector_size=4)
    kv.add_vectors(words, np.array(vectors, dtype=np.float32))
    return kv


def test_most_similar_excludes_the_word(lee_vectors):
    result = q1.most_similar(lee_vectors, "government", topn=5)
    assert len(result) == 5 and all(w != "government" for w, _ in result)
    assert result == lee_vectors.most_similar("government", topn=5)
    wrong = q1.mistake_most_similar_includes_word(lee_vectors, "government", topn=5)
    assert wrong[0][0] == "government" and wrong != result


def test_analogy_adds_w2_and_subtracts_w3(planted_vectors):
    assert q1.analogy(planted_vectors, "man", "actress", "actor")[0][0] == "woman"
    assert q1.analogy(planted_vectors, "king", "woman", "man")[0][0] == "queen"
    swapped = q1.mistake_analogy_swapped(planted_vectors, "man", "actress", "actor")
    assert swapped[0][0] != "woman"


def test_analogy_order_on_trained_vectors(lee_vectors):
    expected = lee_vectors.most_similar(positive=["police", "israel"], negative=["australia"])
    assert q1.analogy(lee_vectors, "police", "israel", "australia", topn=10) == expected
    assert q1.mistake_analogy_swapped(lee_vectors, "police", "israel", "australia",
                                      topn=10) != expected


def test_distances_are_one_minus_cosine(lee_vectors):
    others = ["police", "israel", "bank"]
    got = q1.distances(lee_vectors, "government", others)
    want = [1 - lee_vectors.similarity("government", w) for w in others]
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    assert not np.allclose(q1.mistake_distances_similarity(lee_vectors, "government", others), got)


def _assert_equal_up_to_column_sign(a, b):
    signs = np.sign(np.sum(a * b, axis=0))
    np.testing.assert_allclose(a * signs, b, rtol=1e-4, atol=1e-5)


def test_project_2d_is_pca_up_to_sign(lee_vectors):
    from sklearn.decomposition import PCA

    words = ["government", "police", "israel", "bank", "fire", "people", "minister"]
    got = q1.project_2d(lee_vectors, words)
    want = PCA(n_components=2).fit_transform(np.stack([lee_vectors[w] for w in words]))
    assert got.shape == (7, 2)
    _assert_equal_up_to_column_sign(got, want)
    with pytest.raises(AssertionError):
        _assert_equal_up_to_column_sign(q1.mistake_project_2d_not_centred(lee_vectors, words), want)


def test_glove_text_format_works():
    from gensim.models import KeyedVectors
    from gensim.test.utils import datapath

    kv = KeyedVectors.load_word2vec_format(datapath("test_glove.txt"), no_header=True)
    words = list(kv.index_to_key[:5])
    assert q1.project_2d(kv, words).shape == (5, 2)
    assert len(q1.most_similar(kv, words[0], topn=3)) == 3


# ---------------------------------------------------------------- Q2 triplet loss
ANCHOR = np.zeros((4, 2))
POSITIVE = np.array([[1, 0], [1, 0], [0, 1], [2, 0]], float)
NEGATIVE = np.array([[2, 0], [1, 0.5], [1, 0], [1, 0]], float)
# d(a,p) - d(a,n) + 0.4 per row: 1-4, 1-1.25, 1-1, 4-1 (+0.4) -> the first row is easy (0).
EXPECTED_ROWS = [0.0, 0.15, 0.4, 3.4]


def test_triplet_loss_per_row_including_zero_rows():
    np.testing.assert_allclose(q2.triplet_loss(ANCHOR, POSITIVE, NEGATIVE), EXPECTED_ROWS,
                               atol=1e-12)
    np.testing.assert_allclose(q2.triplet_loss(ANCHOR, POSITIVE, NEGATIVE, alpha=0.0),
                               [0, 0, 0, 3.0], atol=1e-12)


def test_mean_triplet_loss_averages_all_rows():
    assert q2.mean_triplet_loss(ANCHOR, POSITIVE, NEGATIVE) == pytest.approx(0.9875)
    assert q2.mean_triplet_loss(ANCHOR, POSITIVE, NEGATIVE, alpha=1.0) == pytest.approx(1.4375)


def test_triplet_loss_accepts_tensors_and_float32():
    import tensorflow as tf

    got = q2.triplet_loss(*(tf.constant(a, tf.float32) for a in (ANCHOR, POSITIVE, NEGATIVE)))
    np.testing.assert_allclose(got, EXPECTED_ROWS, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("name", [n for n, _ in mistakes_of(q2) if "triplet_loss" in n])
def test_each_loss_mistake_differs(name):
    args = (ANCHOR, POSITIVE, NEGATIVE)
    target = getattr(q2, target_of(q2, name))
    assert not np.allclose(getattr(q2, name)(*args), target(*args))


# 1-D embeddings, two classes; worked out by hand (see the brief).
BATCH = np.array([[0.0], [1.0], [3.0], [10.0], [11.0], [2.5]])
BATCH_LABELS = np.array([0, 0, 0, 1, 1, 1])


def test_hardest_triplets_on_a_fixed_batch():
    positive, negative = q2.hardest_triplets(BATCH, BATCH_LABELS)
    assert list(positive) == [2, 2, 0, 5, 5, 4]
    assert list(negative) == [5, 5, 5, 2, 2, 2]


def test_hardest_triplets_matches_brute_force():
    rng = np.random.default_rng(3)
    emb, labels = rng.normal(size=(20, 5)), rng.integers(0, 4, 20)
    positive, negative = q2.hardest_triplets(emb, labels)
    for i in range(20):
        d = np.sum((emb - emb[i]) ** 2, axis=1)
        pos = [j for j in range(20) if labels[j] == labels[i] and j != i]
        neg = [j for j in range(20) if labels[j] != labels[i]]
        assert positive[i] == (max(pos, key=lambda j: d[j]) if pos else i)
        assert negative[i] == min(neg, key=lambda j: d[j])


@pytest.mark.parametrize("name", [n for n, _ in mistakes_of(q2) if "hardest" in n])
def test_each_mining_mistake_differs(name):
    got = getattr(q2, name)(BATCH, BATCH_LABELS)
    want = q2.hardest_triplets(BATCH, BATCH_LABELS)
    assert any(list(g) != list(w) for g, w in zip(got, want))


@pytest.fixture(scope="module")
def digits_28():
    """sklearn's digits upscaled to MNIST's 28x28 in [0, 1], with a channel axis."""
    from sklearn.datasets import load_digits

    d = load_digits()
    img = np.pad(np.kron(d.images, np.ones((3, 3))), ((0, 0), (2, 2), (2, 2))) / 16.0
    return img[..., None].astype(np.float32), d.target


def test_embedding_network_training_lowers_loss(digits_28):
    import keras

    x, y = digits_28
    keras.utils.set_random_seed(0)
    net = q2.build_embedding_network((28, 28, 1), 8)
    assert net.output_shape == (None, 8)
    losses = support.train_triplet_network(net, x[:256], y[:256], epochs=1, seed=0)
    assert losses[-1] < 0.6 * losses[0]
    emb = net.predict(x[:512], verbose=0)
    assert support.nearest_neighbour_accuracy(emb[:256], y[:256], emb[256:], y[256:512]) > 0.7


# ---------------------------------------------------------------- Q3 metrics
@pytest.fixture(scope="module")
def imbalanced():
    """7 classes with the seed's supports; a noisy classifier that favours class 5."""
    rng = np.random.default_rng(0)
    y_true = rng.permutation(np.repeat(np.arange(7), SEED_SUPPORTS))
    logits = rng.normal(size=(len(y_true), 7))
    logits[np.arange(len(y_true)), y_true] += 1.5
    logits[:, 5] += 1.0
    y_score = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    return y_true, np.argmax(y_score, axis=1), y_score


def test_report_equals_sklearn(imbalanced):
    from sklearn.metrics import classification_report

    y_true, y_pred, _ = imbalanced
    got = q3.report(y_true, y_pred)
    want = classification_report(y_true, y_pred, output_dict=True, zero_division=0)
    assert [got[str(k)]["support"] for k in range(7)] == SEED_SUPPORTS
    for key in [str(k) for k in range(7)] + ["macro avg", "weighted avg"]:
        for metric in ("precision", "recall", "f1-score", "support"):
            assert got[key][metric] == pytest.approx(want[key][metric])


def test_roc_auc_and_confusion_equal_sklearn(imbalanced):
    from sklearn.metrics import confusion_matrix, roc_auc_score
    from sklearn.preprocessing import label_binarize

    y_true, y_pred, y_score = imbalanced
    want = roc_auc_score(label_binarize(y_true, classes=range(7)), y_score, average=None)
    np.testing.assert_allclose(q3.roc_auc_per_class(y_true, y_score), want, rtol=1e-12)
    np.testing.assert_array_equal(q3.confusion(y_true, y_pred), confusion_matrix(y_true, y_pred))
    assert q3.confusion(y_true, y_pred).sum(axis=1).tolist() == SEED_SUPPORTS


def test_recommended_metric_is_recall():
    assert q3.recommended_metric == "recall"
    assert "accuracy" in q3.MISTAKEN_VALUES["recommended_metric"]


def _flatten_report(rep):
    return np.array([rep[k][m] for k in sorted(k for k in rep if k != "accuracy")
                     for m in ("precision", "recall", "f1-score")])


@pytest.mark.parametrize("name", [n for n, _ in mistakes_of(q3)])
def test_each_metric_mistake_differs(name, imbalanced):
    y_true, y_pred, y_score = imbalanced
    target = target_of(q3, name)
    second = y_score if target == "roc_auc_per_class" else y_pred
    got = getattr(q3, name)(y_true, second)
    want = getattr(q3, target)(y_true, second)
    if target == "report":
        got, want = _flatten_report(got), _flatten_report(want)
    assert not np.allclose(got, want)


# ---------------------------------------------------------------- Q4 tuner
def test_search_space_kinds_and_ranges():
    space = {p["kind"]: p for p in support.search_space(q4.build_hypermodel)}
    assert (space["Int"]["min_value"], space["Int"]["max_value"], space["Int"]["step"]) == (16, 512, 16)
    assert space["Choice"]["values"] == [1e-2, 1e-3, 1e-4]


def test_best_model_rebuilt_from_seed_values():
    model = q4.best_model({"dense_neurons": 352, "learning_rate": 0.001})
    assert model.count_params() == 279_850
    assert model.output_shape == (None, 10)
    assert float(model.optimizer.learning_rate) == pytest.approx(0.001)
    assert q4.mistake_best_model_ignores_values(
        {"dense_neurons": 352, "learning_rate": 0.001}).count_params() == 407_050


def test_the_learning_rate_mistake_keeps_the_units_and_drops_the_tuned_rate():
    model = q4.mistake_best_model_default_learning_rate({"dense_neurons": 352, "learning_rate": 1e-4})
    assert model.count_params() == 279_850
    assert float(model.optimizer.learning_rate) == pytest.approx(1e-3)
    assert float(q4.mistake_best_model_ignores_values(
        {"dense_neurons": 352, "learning_rate": 1e-4}).optimizer.learning_rate) == pytest.approx(1e-4)


@pytest.mark.parametrize("name", ["mistake_build_hypermodel_fixed_units",
                                  "mistake_build_hypermodel_step_32"])
def test_search_space_mistakes_differ(name):
    assert support.search_space(getattr(q4, name)) != support.search_space(q4.build_hypermodel)


def test_modules_reload_cleanly():
    for module in MODULES:
        importlib.reload(module)
