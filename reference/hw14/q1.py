"""hw14 Q1: exploring pretrained word vectors with gensim.

Every function takes a gensim ``KeyedVectors`` (``Word2Vec(...).wv`` or vectors loaded
with ``KeyedVectors.load_word2vec_format``, GloVe files with ``no_header=True``).
"""
import numpy as np


def most_similar(kv, word, topn=10):
    """The ``topn`` nearest words by cosine similarity, as (word, similarity) pairs."""
    return kv.most_similar(word, topn=topn)


def analogy(kv, w1, w2, w3, topn=1):
    """Solve w3 : w2 :: w1 : ?  i.e. w4 = w1 + w2 - w3 (e.g. man, actress, actor -> woman).

    The offset we want is w4 - w1 = w2 - w3, so w2 is added and w3 subtracted.
    """
    return kv.most_similar(positive=[w1, w2], negative=[w3], topn=topn)


def distances(kv, word, others):
    """Cosine distances (1 - cosine similarity) from ``word`` to each word in ``others``."""
    return np.asarray(kv.distances(word, list(others)))


def project_2d(kv, words):
    """Project the words' vectors onto their first two principal components.

    PCA = centre the rows, then take the top right-singular vectors. Each component's
    sign is arbitrary, so results are compared up to the sign of each column.
    """
    vectors = np.stack([kv[w] for w in words]).astype(np.float64)
    centred = vectors - vectors.mean(axis=0)
    _, _, components = np.linalg.svd(centred, full_matrices=False)
    return centred @ components[:2].T


def mistake_most_similar_includes_word(kv, word, topn=10):
    """Searching by the raw vector (similar_by_vector) returns the query word itself first,
    with similarity 1.0; most_similar(word) excludes it.

    fa: جست‌وجو با خود بردار (similar_by_vector) اول خود واژهٔ پرسش را با شباهت 1.0 برمی‌گرداند؛
    most_similar(word) آن را کنار می‌گذارد.
    """
    return kv.similar_by_vector(kv[word], topn=topn)


def mistake_analogy_swapped(kv, w1, w2, w3, topn=1):
    """w2 and w3 are swapped: w1 + w3 - w2 moves along the opposite offset (actor -> actress
    reversed), so it cannot give w4 = w1 + w2 - w3.

    fa: جای w2 و w3 عوض شده است: w1 + w3 - w2 در جهت مخالف جابه‌جا می‌شود (actor -> actress وارونه)، پس
    نمی‌تواند w4 = w1 + w2 - w3 را بدهد.
    """
    return kv.most_similar(positive=[w1, w3], negative=[w2], topn=topn)


def mistake_distances_similarity(kv, word, others):
    """These are cosine similarities, not distances: distance = 1 - similarity, so close
    words should get small numbers.

    fa: این‌ها شباهت کسینوسی‌اند، نه فاصله: فاصله = 1 - شباهت، پس واژه‌های نزدیک باید عدد کوچک بگیرند.
    """
    return np.asarray([kv.similarity(word, other) for other in others])


def mistake_project_2d_not_centred(kv, words):
    """The vectors were not centred before the SVD, so the first 'component' points at the
    mean vector instead of the direction of largest variance (that is not PCA).

    fa: بردارها پیش از SVD مرکزی نشده‌اند، پس «مؤلفهٔ» اول به سمت بردار میانگین است نه جهت بیشترین واریانس (این
    PCA نیست).
    """
    vectors = np.stack([kv[w] for w in words]).astype(np.float64)
    _, _, components = np.linalg.svd(vectors, full_matrices=False)
    return vectors @ components[:2].T
