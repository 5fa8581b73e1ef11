# Freedom exercised: gensim calls with keyword arguments (positive=[word]), distance() per word in a loop returning a list, sklearn PCA for the projection.
import numpy as np
from sklearn.decomposition import PCA


def most_similar(kv, word, topn=10):
    return kv.most_similar(positive=[word], topn=topn)


def analogy(kv, w1, w2, w3, topn=1):
    return kv.most_similar(positive=[w1, w2], negative=[w3], topn=topn)


def distances(kv, word, others):
    result = []
    for other in others:
        result.append(kv.distance(word, other))
    return result


def project_2d(kv, words):
    matrix = np.array([kv[w] for w in words])
    return PCA(n_components=2).fit_transform(matrix)
