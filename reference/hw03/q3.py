"""hw03 Q3: the ablation table, one row per variant the seed trains.

The rubric checks the table for completeness and sanity (every variant
present, losses positive, accuracies in [0, 1], epochs within the budget),
never for exact values: they depend on the machine, the subset and the seed.
"""
from reference.hw03.training import SEED_EPOCHS, VARIANTS, get_variant, train_variant

ROW_KEYS = ("variant", "min_train_loss", "min_val_loss", "epochs", "seconds", "max_val_accuracy")


def table_row(name, history, seconds):
    """One table row from a Keras History: best values over the epochs actually run."""
    h = history.history
    return {
        "variant": name,
        "min_train_loss": float(min(h["loss"])),
        "min_val_loss": float(min(h["val_loss"])),
        "epochs": len(h["loss"]),
        "seconds": float(seconds),
        "max_val_accuracy": float(max(h["val_accuracy"])),  # a fraction, not a percentage
    }


def ablation_table(x, y, epochs=SEED_EPOCHS, variants=None):
    """Train every variant (or the named ``variants``) on ``x, y`` and tabulate them."""
    specs = VARIANTS if variants is None else [get_variant(name) for name in variants]
    rows = []
    for spec in specs:
        _, history, seconds = train_variant(spec, x, y, epochs=epochs)
        rows.append(table_row(spec["variant"], history, seconds))
    return rows


# --- known mistakes -------------------------------------------------------

def mistake_ablation_table_percent_accuracy(x, y, epochs=SEED_EPOCHS, variants=None):
    """max_val_accuracy is given in percent (as in the seed's table); the table stores a fraction in [0, 1].

    fa: max_val_accuracy به درصد آمده است (مانند جدول گزارش)؛ جدول باید کسری در بازهٔ [0, 1] نگه دارد.
    """
    rows = ablation_table(x, y, epochs=epochs, variants=variants)
    return [dict(row, max_val_accuracy=100.0 * row["max_val_accuracy"]) for row in rows]
