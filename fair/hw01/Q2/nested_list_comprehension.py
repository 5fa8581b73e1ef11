# Freedom exercised: returning a list of lists of ints built with a comprehension (lists for arrays).


def _as_int(label):
    # a CIFAR label is a one-element row like [6]
    if isinstance(label, (list, tuple)):
        return int(label[0])
    try:
        return int(label)
    except TypeError:
        return int(label[0])


def one_hot(labels, num_classes):
    flat = [_as_int(l) for l in labels]
    return [[1 if col == lab else 0 for col in range(num_classes)] for lab in flat]


if __name__ == "__main__":
    for row in one_hot([0, 3, 9, 1], 10):
        print(row)
