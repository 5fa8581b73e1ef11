# fair answer: loops over rows/columns in plain Python, returning nested lists (COURSE.md accepts lists for arrays).
import math


def batch_norm(x, eps=0.0):
    rows = [list(map(float, r)) for r in x]
    n_rows, n_cols = len(rows), len(rows[0])
    out = [[0.0] * n_cols for _ in range(n_rows)]
    for j in range(n_cols):
        col = [rows[i][j] for i in range(n_rows)]
        mu = sum(col) / n_rows
        var = sum((v - mu) ** 2 for v in col) / n_rows
        for i in range(n_rows):
            out[i][j] = (rows[i][j] - mu) / math.sqrt(var + eps)
    return out


def layer_norm(x, eps=0.0):
    result = []
    for row in x:
        row = [float(v) for v in row]
        mu = sum(row) / len(row)
        var = sum((v - mu) ** 2 for v in row) / len(row)
        result.append([(v - mu) / math.sqrt(var + eps) for v in row])
    return result
