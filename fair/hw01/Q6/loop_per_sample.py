# Freedom exercised: a loop over the rows of the predicted probabilities, returning a Python list of ints.
def predict_labels(model, x):
    probabilities = model.predict(x, verbose=0)
    labels = []
    for row in probabilities:
        best, best_p = 0, row[0]
        for k in range(1, len(row)):
            if row[k] > best_p:
                best, best_p = k, row[k]
        labels.append(best)
    return labels
