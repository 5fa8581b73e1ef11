"""hw14 Q2: triplet loss, batch-hard mining and an embedding network for MNIST.

The loss for one (anchor, positive, negative) row is
    max(||a - p||^2 - ||a - n||^2 + alpha, 0)
with *squared* Euclidean distances. A row whose negative is already farther than the
positive by at least ``alpha`` costs nothing.
"""
import numpy as np


def _squared_distances(a, b):
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return np.sum(np.square(a - b), axis=-1)


def triplet_loss(anchor, positive, negative, alpha=0.4):
    """Per-row triplet loss, shape (batch,)."""
    margin = _squared_distances(anchor, positive) - _squared_distances(anchor, negative)
    return np.maximum(margin + alpha, 0.0)


def mean_triplet_loss(anchor, positive, negative, alpha=0.4):
    """The batch loss: mean of the per-row losses (the zero rows count too)."""
    return float(np.mean(triplet_loss(anchor, positive, negative, alpha)))


def _pairwise_squared_distances(embeddings):
    e = np.asarray(embeddings, dtype=np.float64)
    return np.sum(np.square(e[:, None, :] - e[None, :, :]), axis=-1)


def hardest_triplets(embeddings, labels):
    """Batch-hard mining: for each anchor the farthest same-label row (not itself) and the
    closest other-label row. Returns (positive_idx, negative_idx), one index per anchor.

    An anchor that is alone in its class gets itself as positive.
    """
    d = _pairwise_squared_distances(embeddings)
    labels = np.asarray(labels).reshape(-1)
    same = labels[:, None] == labels[None, :]
    not_self = ~np.eye(len(labels), dtype=bool)
    positive_d = np.where(same & not_self, d, -np.inf)
    positive_idx = np.argmax(positive_d, axis=1)
    alone = ~np.any(same & not_self, axis=1)
    positive_idx[alone] = np.flatnonzero(alone)
    negative_idx = np.argmin(np.where(same, np.inf, d), axis=1)
    return positive_idx, negative_idx


def build_embedding_network(input_shape, dim):
    """A small CNN mapping an image to a ``dim``-vector (MNIST is easy; no need for a
    MobileNet): three 3x3 convolutions, max-pooling, Dense(128, relu), Dense(dim)."""
    import keras
    from keras import layers

    return keras.Sequential([
        keras.Input(shape=input_shape),
        layers.Conv2D(32, 3, activation="relu"),
        layers.Conv2D(32, 3, activation="relu"),
        layers.Conv2D(32, 3, activation="relu"),
        layers.MaxPooling2D(2),
        layers.Flatten(),
        layers.Dense(128, activation="relu"),
        layers.Dense(dim),
    ])


def mistake_triplet_loss_euclidean(anchor, positive, negative, alpha=0.4):
    """Plain Euclidean distances were used; the triplet loss uses squared distances
    ||a - p||^2 and ||a - n||^2.

    fa: فاصلهٔ اقلیدسی ساده به کار رفته است؛ triplet loss مربع فاصله‌ها یعنی ||a - p||^2 و ||a - n||^2 را به کار
    می‌برد.
    """
    d_ap = np.sqrt(_squared_distances(anchor, positive))
    d_an = np.sqrt(_squared_distances(anchor, negative))
    return np.maximum(d_ap - d_an + alpha, 0.0)


def mistake_triplet_loss_no_hinge(anchor, positive, negative, alpha=0.4):
    """max(., 0) is missing: easy triplets give negative losses and reward pushing
    negatives ever farther instead of costing nothing.

    fa: max(., 0) جا افتاده است: سه‌تایی‌های آسان loss منفی می‌دهند و به جای بی‌هزینه بودن، دورتر راندن
    نمونه‌های منفی را پاداش می‌دهند.
    """
    return _squared_distances(anchor, positive) - _squared_distances(anchor, negative) + alpha


def mistake_triplet_loss_alpha_subtracted(anchor, positive, negative, alpha=0.4):
    """alpha is subtracted; the margin must be added so that the negative has to be
    farther than the positive by at least alpha.

    fa: alpha کم شده است؛ حاشیه باید اضافه شود تا نمونهٔ منفی دست‌کم به اندازهٔ alpha از نمونهٔ مثبت دورتر باشد.
    """
    margin = _squared_distances(anchor, positive) - _squared_distances(anchor, negative)
    return np.maximum(margin - alpha, 0.0)


def mistake_triplet_loss_terms_swapped(anchor, positive, negative, alpha=0.4):
    """d(a, n) - d(a, p) is the wrong way round: this loss pulls negatives closer and
    pushes positives away.

    fa: d(a, n) - d(a, p) برعکس است: این loss نمونه‌های منفی را نزدیک‌تر می‌کشد و مثبت‌ها را دور می‌کند.
    """
    margin = _squared_distances(anchor, negative) - _squared_distances(anchor, positive)
    return np.maximum(margin + alpha, 0.0)


def mistake_mean_triplet_loss_hinge_after_mean(anchor, positive, negative, alpha=0.4):
    """max(., 0) was applied to the batch mean instead of to each row, so hard rows are
    cancelled by easy ones.

    fa: max(., 0) روی میانگین دسته اعمال شده نه روی هر سطر، پس سطرهای سخت با سطرهای آسان خنثی می‌شوند.
    """
    margin = _squared_distances(anchor, positive) - _squared_distances(anchor, negative)
    return float(max(np.mean(margin + alpha), 0.0))


def mistake_mean_triplet_loss_sum(anchor, positive, negative, alpha=0.4):
    """The per-row losses were summed, not averaged: the loss then grows with the batch
    size.

    fa: loss سطرها جمع شده نه میانگین‌گیری: در این صورت loss با اندازهٔ دسته بزرگ می‌شود.
    """
    return float(np.sum(triplet_loss(anchor, positive, negative, alpha)))


def mistake_hardest_triplets_easiest(embeddings, labels):
    """argmin and argmax are swapped: this picks the closest positive and the farthest
    negative, i.e. the easiest triplets, which mostly have zero loss.

    fa: جای argmin و argmax عوض شده است: این کد نزدیک‌ترین مثبت و دورترین منفی، یعنی آسان‌ترین سه‌تایی‌ها را
    برمی‌دارد که بیشترشان loss صفر دارند.
    """
    d = _pairwise_squared_distances(embeddings)
    labels = np.asarray(labels).reshape(-1)
    same = labels[:, None] == labels[None, :]
    not_self = ~np.eye(len(labels), dtype=bool)
    positive_idx = np.argmin(np.where(same & not_self, d, np.inf), axis=1)
    negative_idx = np.argmax(np.where(same, -np.inf, d), axis=1)
    return positive_idx, negative_idx


def mistake_hardest_triplets_self_positive(embeddings, labels):
    """The anchor itself was allowed as its own positive and the closest positive picked:
    d(a, a) = 0, so every anchor is its own 'hardest' positive.

    fa: خود anchor هم به عنوان مثبتِ خودش پذیرفته شده و نزدیک‌ترین مثبت انتخاب شده است: d(a, a) = 0، پس هر
    anchor «سخت‌ترین» مثبتِ خودش می‌شود.
    """
    d = _pairwise_squared_distances(embeddings)
    labels = np.asarray(labels).reshape(-1)
    same = labels[:, None] == labels[None, :]
    positive_idx = np.argmin(np.where(same, d, np.inf), axis=1)
    negative_idx = np.argmin(np.where(same, np.inf, d), axis=1)
    return positive_idx, negative_idx


def mistake_mean_triplet_loss_euclidean(anchor, positive, negative, alpha=0.4):
    """The mean of a per-row loss with plain Euclidean distances; the triplet loss uses
    squared distances ||a - p||^2 and ||a - n||^2.

    fa: میانگین loss سطرها با فاصلهٔ اقلیدسی ساده گرفته شده؛ triplet loss مربع فاصله‌ها یعنی ||a - p||^2 و ||a -
    n||^2 را به کار می‌برد.
    """
    return float(np.mean(mistake_triplet_loss_euclidean(anchor, positive, negative, alpha)))


def mistake_mean_triplet_loss_no_hinge(anchor, positive, negative, alpha=0.4):
    """The mean of per-row losses without max(., 0): easy triplets count negatively and
    cancel hard ones.

    fa: میانگین loss سطرها بدون max(., 0) گرفته شده: سه‌تایی‌های آسان منفی حساب می‌شوند و سه‌تایی‌های سخت را
    خنثی می‌کنند.
    """
    return float(np.mean(mistake_triplet_loss_no_hinge(anchor, positive, negative, alpha)))


def mistake_mean_triplet_loss_alpha_subtracted(anchor, positive, negative, alpha=0.4):
    """The mean of per-row losses with alpha subtracted; the margin must be added.

    fa: میانگین loss سطرها با alpha کم‌شده گرفته شده؛ حاشیه باید اضافه شود.
    """
    return float(np.mean(mistake_triplet_loss_alpha_subtracted(anchor, positive, negative, alpha)))
