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


PROMPTS = {
    "Q3": {
        "fa": (
            "برای هر یک از مدل‌ها (مدل پایه، ۳ و ۴ لایه پیچشی، کرنل ۵×۵ و ۷×۷ در لایه اول، یک لایه "
            "پیچشی ۵×۵، نرخ‌های یادگیری ۰.۱، ۰.۰۱، ۰.۰۰۱ و ۰.۰۰۰۱، توابع فعال‌سازی tanh و Leaky ReLU، "
            "بهینه‌ساز SGD، نرمال‌سازی دسته‌ای در لایه اول، اندازه دسته ۴ و ۱۲۸ و مدل MobileNetV2) "
            "نمودار خطای آموزش و اعتبارسنجی را رسم کنید، کمینه خطای آموزش و اعتبارسنجی، تعداد "
            "Epoch، مدت زمان آموزش و بیشینه دقت را در یک جدول گزارش کنید و نتایج را تحلیل کنید: "
            "هر تغییر چه اثری بر همگرایی، بیش‌برازش و زمان آموزش داشت و چرا؟"
        ),
        "en": (
            "For every model (default; 3 and 4 conv layers; 5x5 and 7x7 first kernels; one 5x5 "
            "conv layer; learning rates 0.1, 0.01, 0.001, 0.0001; tanh and leaky ReLU; SGD; batch "
            "normalisation first; batch sizes 4 and 128; MobileNetV2) plot the training and "
            "validation loss, report min train loss, min validation loss, epochs run, training "
            "time and max validation accuracy in one table, and interpret the results: how did "
            "each change affect convergence, overfitting and training time, and why?"
        ),
    },
}
