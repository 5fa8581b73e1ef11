# Freedom exercised: similar_by_word, scipy's cosine distance, lists of lists as return values (pairs as [word, sim], projection as nested lists).
import numpy as np
from scipy.spatial.distance import cosine


def most_similar(kv, word, topn=10):
    return [[w, s] for w, s in kv.similar_by_word(word, topn=topn)]


def analogy(kv, w1, w2, w3, topn=1):
    pairs = kv.most_similar(positive=[w2, w1], negative=[w3], topn=topn)
    return [list(p) for p in pairs]


def distances(kv, word, others):
    return [float(cosine(kv[word], kv[o])) for o in others]


def project_2d(kv, words):
    data = np.vstack([kv.get_vector(w) for w in words]).astype(np.float64)
    data -= data.mean(0)
    u, s, vt = np.linalg.svd(data, full_matrices=False)
    return (u[:, :2] * s[:2]).tolist()
