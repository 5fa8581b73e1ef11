"""Do the fixtures have the real API's shapes, and real structure to learn?"""
import numpy as np
import pytest

from harness.data import babi, load

SHAPES = {"mnist": ((28, 28), ()), "fashion_mnist": ((28, 28), ()), "cifar10": ((32, 32, 3), (1,)),
          "fer2013": ((48, 48, 1), ()), "imbalanced7": ((28, 28, 3), ())}


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_shapes_and_dtypes(name):
    got = load(name, "train")
    image, label = SHAPES[name]
    assert got.x.shape[1:] == image and got.y.shape[1:] == label
    assert got.x.dtype == np.uint8 and got.y.dtype == np.uint8


def test_imbalanced_supports_are_the_seeds():
    assert np.bincount(load("imbalanced7", "train").y).tolist() == [228, 359, 769, 80, 779, 4693, 99]
    assert np.bincount(load("imbalanced7", "test", size="gpu").y).tolist() == [33, 52, 110, 12, 111, 671, 14]


def test_gpu_subsets_are_larger():
    assert len(load("cifar10", "train", size="gpu")) > len(load("cifar10", "train", size="cpu"))


@pytest.mark.slow  # fits a model on each fixture (1 min in all)
@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
@pytest.mark.parametrize("name,floor", [("mnist", 0.7), ("fashion_mnist", 0.85), ("fer2013", 0.65),
                                        ("imbalanced7", 0.74), ("cifar10", 0.35)])
def test_a_linear_model_learns_the_fixture(name, floor):
    """Chance is 0.1 (0.14 for FER); imbalanced7's majority class alone scores 0.67."""
    from sklearn.linear_model import LogisticRegression

    train, test = load(name, "train"), load(name, "test")
    flat = lambda x: x.reshape(len(x), -1)[:, ::3] / 255.0  # noqa: E731 - a third of the pixels: quicker
    model = LogisticRegression(max_iter=100).fit(flat(train.x[:800]), train.y[:800].ravel())
    assert model.score(flat(test.x), test.y.ravel()) >= floor


def test_babi_answers_follow_the_world():
    """Replaying each story's moves gives the recorded answer and supporting line."""
    stories = load("babi_qa1", "train")
    assert len(stories) == 1000
    for line_block in babi.split_stories(stories.text)[:50]:
        where = {}
        for line in line_block.splitlines():
            nid, rest = line.split(" ", 1)
            if "\t" in rest:
                question, answer, support = rest.split("\t")
                actor = question.split()[2].rstrip("?")
                assert where[actor] == (answer, int(support))
            else:
                words = rest.rstrip(".").split()
                where[words[0]] = (words[-1], int(nid))
    assert babi.parse(stories.text)[0] == stories.data


def test_babi_generator_is_seeded():
    assert babi.generate(3, seed=5) == babi.generate(3, seed=5) != babi.generate(3, seed=6)


def test_word_vector_fixtures():
    w2v = load("word_vectors")
    assert w2v.source == "fixture" and w2v.kv.vector_size == 50 and "australia" in w2v.kv
    assert len(w2v.kv.most_similar("australia", topn=5)) == 5
    glove = load("word_vectors", "glove")
    assert "the" in glove.kv and glove.note.startswith("graded on fixture data")
