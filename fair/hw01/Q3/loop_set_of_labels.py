# Freedom exercised: a loop that collects labels into a set (no numpy for the count), plain Python ints.
def dataset_summary(x, y):
    n = len(x)
    shape = tuple(int(d) for d in x.shape[1:])
    first = y[0]
    is_onehot = hasattr(first, "__len__") and len(first) > 1
    if is_onehot:
        n_classes = len(first)
    else:
        seen = set()
        for label in y:
            if hasattr(label, "__len__"):   # CIFAR: each label is a 1-element array
                label = label[0]
            seen.add(int(label))
        n_classes = len(seen)
    return dict(n_samples=n, image_shape=shape, n_classes=n_classes)
