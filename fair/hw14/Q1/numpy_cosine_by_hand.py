# Freedom exercised: everything by hand with NumPy (unit vectors, cosine scores, 3CosAdd on normalised vectors excluding the query words), PCA via the covariance eigenvectors.
import numpy as np


def _unit(v):
    v = np.asarray(v, dtype=np.float64)
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


def _ranked(kv, direction, exclude, topn):
    all_unit = _unit(kv.vectors)
    scores = all_unit @ _unit(direction)
    order = np.argsort(-scores)
    out = []
    for i in order:
        w = kv.index_to_key[i]
        if w in exclude:
            continue
        out.append((w, float(scores[i])))
        if len(out) == topn:
            break
    return out


def most_similar(kv, word, topn=10):
    return _ranked(kv, kv[word], {word}, topn)


def analogy(kv, w1, w2, w3, topn=1):
    # w1 + w2 - w3 on unit-length vectors, as gensim's most_similar(positive, negative) does
    direction = _unit(kv[w1]) + _unit(kv[w2]) - _unit(kv[w3])
    return _ranked(kv, direction, {w1, w2, w3}, topn)


def distances(kv, word, others):
    a = _unit(kv[word])
    return np.array([1.0 - a @ _unit(kv[o]) for o in others])


def project_2d(kv, words):
    X = np.array([kv[w] for w in words], dtype=np.float64)
    X = X - X.mean(axis=0)
    cov = X.T @ X / (len(words) - 1)
    values, vectors = np.linalg.eigh(cov)
    top = vectors[:, np.argsort(values)[::-1][:2]]
    return X @ top
