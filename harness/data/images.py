"""Deterministic image fixtures with real class structure.

Classes differ by shape, texture and colour, never by noise alone, so a small CNN
learns them and a training check means something. Everything is integer arithmetic
on numpy's PCG64 integer draws, so the bytes are identical on every platform (the
manifest's sha256 of each fixture holds across machines).
"""
from __future__ import annotations

import numpy as np

SHAPES = ("square", "disk", "triangle", "ring", "cross", "hbar", "vbars", "diamond", "xshape", "lshape")


def balanced_labels(n: int, n_classes: int, rng: np.random.Generator) -> np.ndarray:
    return rng.permutation(np.arange(n) % n_classes)


def counted_labels(counts, rng: np.random.Generator) -> np.ndarray:
    return rng.permutation(np.repeat(np.arange(len(counts)), counts))


def _offsets(rng, m, h, w, jitter):
    """Per-sample (dy, dx) grids centred on a jittered centre, shape (m, h, w)."""
    yy, xx = np.mgrid[0:h, 0:w].astype(np.int32)
    cy = h // 2 + rng.integers(-jitter, jitter + 1, m, dtype=np.int32)
    cx = w // 2 + rng.integers(-jitter, jitter + 1, m, dtype=np.int32)
    return yy[None] - cy[:, None, None], xx[None] - cx[:, None, None]


def shape_mask(kind: str, dy: np.ndarray, dx: np.ndarray, s: np.ndarray) -> np.ndarray:
    """Boolean mask of a shape of half-size `s` (m, 1, 1) around each sample's centre."""
    ay, ax, r2 = np.abs(dy), np.abs(dx), dy * dy + dx * dx
    box = (ay <= s) & (ax <= s)
    masks = {
        "square": box,
        "disk": r2 <= s * s,
        "triangle": (ay <= s) & (2 * ax <= dy + s),
        "ring": (r2 <= s * s) & (9 * r2 >= 4 * s * s),
        "cross": box & ((3 * ay <= s) | (3 * ax <= s)),
        "hbar": (3 * ay <= s) & (ax <= s),
        "vbars": (ay <= s) & (4 * np.abs(ax - s // 2) <= s),
        "diamond": ay + ax <= s,
        "xshape": box & (4 * np.abs(ay - ax) <= s),
        "lshape": box & ((4 * (dx + s) <= s) | (4 * (s - dy) <= s)),
    }
    return masks[kind]


def texture(kind: str, dy: np.ndarray, dx: np.ndarray) -> np.ndarray:
    """0/1 pattern: the second cue besides shape."""
    if kind == "solid":
        return np.ones_like(dy)
    if kind == "hstripes":
        return (dy // 2) % 2
    if kind == "vstripes":
        return (dx // 2) % 2
    if kind == "checker":
        return (dy // 3 + dx // 3) % 2
    return ((dy + dx) // 3) % 2  # "diagonal"


def _noise(rng, shape, amplitude):
    return rng.integers(-amplitude, amplitude + 1, shape, dtype=np.int32)


def fashion_like(labels: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """28x28 uint8 silhouettes on black, one shape per class (Fashion-MNIST layout)."""
    x = np.zeros((len(labels), 28, 28), dtype=np.int32)
    for k in range(10):
        idx = np.flatnonzero(labels == k)
        dy, dx = _offsets(rng, len(idx), 28, 28, jitter=2)
        s = rng.integers(7, 12, len(idx), dtype=np.int32)[:, None, None]
        shade = rng.integers(140, 256, len(idx), dtype=np.int32)[:, None, None]
        mask = shape_mask(SHAPES[k], dy, dx, s)
        x[idx] = mask * (shade + _noise(rng, mask.shape, 25))
    return np.clip(x, 0, 255).astype(np.uint8)


CIFAR_CLASSES = [(shape, tex) for tex in ("solid", "hstripes") for shape in SHAPES[:5]]
CIFAR_HUES = np.array([[220, 60, 60], [60, 200, 70], [70, 90, 230], [230, 200, 50], [200, 70, 210],
                       [60, 210, 210], [240, 140, 40], [140, 140, 140], [150, 90, 40], [250, 250, 250]])


def cifar_like(labels: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """32x32x3 uint8: a textured coloured object on a random coloured background."""
    n = len(labels)
    background = rng.integers(0, 160, (n, 1, 1, 3), dtype=np.int32)
    x = np.broadcast_to(background, (n, 32, 32, 3)) + _noise(rng, (n, 32, 32, 3), 30)
    for k, (shape, tex) in enumerate(CIFAR_CLASSES):
        idx = np.flatnonzero(labels == k)
        dy, dx = _offsets(rng, len(idx), 32, 32, jitter=4)
        s = rng.integers(7, 12, len(idx), dtype=np.int32)[:, None, None]
        colour = CIFAR_HUES[k] + _noise(rng, (len(idx), 3), 40)
        mask = shape_mask(shape, dy, dx, s) & (texture(tex, dy, dx) > 0)
        x[idx] = np.where(mask[..., None], colour[:, None, None, :], x[idx])
    return np.clip(x, 0, 255).astype(np.uint8)


# FER-2013 order: 0 angry, 1 disgust, 2 fear, 3 happy, 4 sad, 5 surprise, 6 neutral.
# Brows: (height above the face centre, inner-end slope); mouth: a curve or an opening.
FER_BROWS = {0: (10, 1), 1: (10, 2), 2: (13, -1), 3: (10, 0), 4: (10, -1), 5: (14, 0), 6: (10, 0)}
FER_MOUTHS = {0: "flat", 1: "wavy", 2: "slit", 3: "smile", 4: "frown", 5: "open", 6: "flat"}


def _mouth(kind: str, my: np.ndarray, dx: np.ndarray) -> np.ndarray:
    ax = np.abs(dx)
    if kind == "open":
        r2 = my * my + ax * ax
        return (r2 <= 16) & (r2 >= 5)
    if kind == "slit":
        return (4 * my * my + ax * ax <= 36) & (ax <= 6)
    curve = {"flat": 0 * dx, "smile": -(dx * dx) // 8, "frown": (dx * dx) // 8 - 4,
             "wavy": (dx // 3) % 2 * 2}[kind]
    return (np.abs(my - curve) <= 1) & (ax <= 7)


def fer_like(labels: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """48x48x1 uint8 cartoon faces whose brows and mouth carry the emotion."""
    n = len(labels)
    x = rng.integers(20, 90, (n, 1, 1), dtype=np.int32) + _noise(rng, (n, 48, 48), 15)
    for k in range(7):
        idx = np.flatnonzero(labels == k)
        m = len(idx)
        dy, dx = _offsets(rng, m, 48, 48, jitter=3)
        skin = rng.integers(140, 210, (m, 1, 1), dtype=np.int32)
        ink = rng.integers(10, 60, (m, 1, 1), dtype=np.int32)
        face = 256 * dy * dy + 169 * dx * dx <= 256 * 169 + rng.integers(-400, 400, (m, 1, 1))
        height, slope = FER_BROWS[k]
        inner = 9 - np.abs(dx)  # 0 at the outer end of a brow, 6 at its inner end
        tilt = np.where(dx < 0, 1, -1) if slope == 2 else slope  # 2: one brow up, one down
        brow_y = -height + (tilt * inner) // 2
        brows = (np.abs(dy - brow_y) <= 0) & (np.abs(dx) >= 3) & (np.abs(dx) <= 9)
        eyes = (dy + 5) ** 2 + (np.abs(dx) - 6) ** 2 <= 4
        features = brows | eyes | _mouth(FER_MOUTHS[k], dy - 9, dx)
        x[idx] = np.where(face, np.where(features, ink, skin), x[idx])
    return np.clip(x, 0, 255).astype(np.uint8)[..., None]


# HAM10000 classes in alphabetical order (akiec, bcc, bkl, df, mel, nv, vasc):
# lesion colour (RGB), half-size range and texture. Ranges overlap on purpose, as
# real lesions do, so the problem is learnable but not trivially so.
LESIONS = [((170, 80, 80), (5, 9), "checker"), ((210, 130, 140), (4, 8), "ring"),
           ((150, 100, 60), (7, 12), "solid"), ((120, 80, 50), (3, 6), "solid"),
           ((60, 35, 30), (7, 12), "diagonal"), ((110, 70, 45), (5, 10), "solid"),
           ((150, 40, 90), (3, 6), "solid")]


def lesion_like(labels: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """28x28x3 uint8 skin patches with one coloured, textured lesion (HMNIST layout)."""
    n = len(labels)
    skin = np.array([210, 150, 130]) + _noise(rng, (n, 3), 20)
    x = np.broadcast_to(skin[:, None, None, :], (n, 28, 28, 3)) + _noise(rng, (n, 28, 28, 3), 12)
    for k, (colour, (lo, hi), tex) in enumerate(LESIONS):
        idx = np.flatnonzero(labels == k)
        dy, dx = _offsets(rng, len(idx), 28, 28, jitter=3)
        s = rng.integers(lo, hi + 1, len(idx), dtype=np.int32)[:, None, None]
        mask = shape_mask("ring" if tex == "ring" else "disk", dy, dx, s)
        if tex not in ("solid", "ring"):
            mask &= (texture(tex, dy, dx) > 0) | (rng.integers(0, 2, mask.shape) > 0)
        tint = np.array(colour) + _noise(rng, (len(idx), 3), 35)
        x[idx] = np.where(mask[..., None], tint[:, None, None, :], x[idx])
    return np.clip(x, 0, 255).astype(np.uint8)


def digits_28(images_8x8: np.ndarray, rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    """sklearn's 8x8 digits (0..16) -> `n` MNIST-format 28x28 uint8 images.

    Each 8x8 digit is blown up 3x (24x24), padded to 28x28, smoothed with a 3x3 box
    (integer sum) and shifted by up to 2 pixels; index i draws base digit i mod base.
    """
    base = np.kron(images_8x8.astype(np.int32), np.ones((1, 3, 3), dtype=np.int32))
    base = np.pad(base, ((0, 0), (3, 3), (3, 3)))
    box = sum(base[:, i : i + 28, j : j + 28] for i in range(3) for j in range(3))
    smooth = np.clip(box * 255 // (16 * 5), 0, 255)
    pick = np.arange(n) % len(smooth)
    shifts = rng.integers(-2, 3, (n, 2))
    out = np.empty((n, 28, 28), dtype=np.uint8)
    for row, (i, (sy, sx)) in enumerate(zip(pick, shifts)):
        out[row] = np.roll(smooth[i], (sy, sx), axis=(0, 1))
    return out, pick
