"""Deep learning, homework 13 (s2306).

## سوال ۱
یادگیری با ناظر: همه‌ی داده‌ها برچسب دارند و مدل نگاشت ورودی به برچسب را یاد می‌گیرد (مثلاً دسته‌بندی تصویر).
نیمه‌نظارتی: فقط بخشی از داده‌ها برچسب دارند؛ با روش‌هایی مثل pseudo-labeling از داده‌های بدون برچسب هم استفاده می‌شود.
بدون ناظر: هیچ برچسبی نیست و ساختار داده کشف می‌شود (خوشه‌بندی، کاهش ابعاد).
خودنظارتی: برچسب از خود داده ساخته می‌شود (مثل پیش‌بینی چرخش تصویر) و ویژگی‌ها برای وظیفه‌ی اصلی منتقل می‌شوند.
یادگیری بازنمایی: یادگیری خودکار ویژگی‌های مفید داده، با یا بدون ناظر (autoencoder، word2vec).

## سوال ۲
الف) U(n) = n̄/n − 1 که n̄ تعداد برچسبی است که مدل بدون پیش‌آموزش لازم دارد تا به دقت مدل fine-tune شده با n برچسب برسد.
اگر پیش‌آموزش کمکی نکند U صفر است و اگر مدل بدون پیش‌آموزش هرگز به آن دقت نرسد U بی‌نهایت است.
ب) وظایف پایین‌دستی: دسته‌بندی اشیا، تخمین ژست، بخش‌بندی معنایی و تخمین عمق.
ج) روش‌های پیش‌آموزش: VAE، Rotation، CMC و AMDIM.

## سوال ۳
مدل حافظه با ضرب داخلی داستان و سوال، میزان توجه به هر کلمه‌ی داستان را حساب می‌کند و LSTM پاسخ را می‌سازد.
مدل کوچک است ولی واژگان محدودی دارد؛ برای دنیای واقعی داده و واژگان بزرگ‌تر و embedding از پیش آموخته لازم است.

## سوال ۴
پیش‌آموزش با چرخش به مدل ویژگی‌های عمومی تصویر را یاد می‌دهد و با ۲۰۰ برچسب دقت بهتری از آموزش از صفر می‌دهد.
در مدل دو خروجی، وظیفه‌ای که وزن ضرر بیشتری دارد بهتر یاد گرفته می‌شود.
"""
import numpy as np
import keras
from keras import layers


def utility(n_bar, n):
    return n_bar / n - 1


def labels_needed(n_values, accuracies, target_accuracy):
    # np.interp does the linear interpolation for me
    return float(np.interp(target_accuracy, accuracies, n_values))


def vectorize_stories(data, word_idx, story_maxlen, query_maxlen):
    stories = [[word_idx[w] for w in s] for s, _, _ in data]
    queries = [[word_idx[w] for w in q] for _, q, _ in data]
    answers = np.array([word_idx[a] for _, _, a in data])
    return (keras.utils.pad_sequences(stories, maxlen=story_maxlen),
            keras.utils.pad_sequences(queries, maxlen=query_maxlen), answers)


def best_epochs(history):
    h = history.history
    result = {}
    for name, key, pick in (("min_train_loss", "loss", np.argmin), ("min_val_loss", "val_loss", np.argmin),
                            ("max_train_accuracy", "accuracy", np.argmax),
                            ("max_val_accuracy", "val_accuracy", np.argmax)):
        best = int(pick(h[key]))
        result[name] = h[key][best]
        result[name + "_epoch"] = best + 1
    return result


def build_memory_network(vocab_size, story_maxlen, query_maxlen):
    story = keras.Input((story_maxlen,))
    question = keras.Input((query_maxlen,))
    m = layers.Embedding(vocab_size, 64)(story)
    c = layers.Embedding(vocab_size, query_maxlen)(story)
    u = layers.Embedding(vocab_size, 64)(question)
    p = layers.Activation("softmax")(layers.Dot(axes=(2, 2))([m, u]))
    o = layers.Permute((2, 1))(layers.Add()([p, c]))
    x = layers.LSTM(32)(layers.Concatenate()([o, u]))
    x = layers.Dropout(0.3)(x)
    out = layers.Dense(vocab_size, activation="softmax")(x)
    model = keras.Model([story, question], out)
    model.compile("rmsprop", "sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def preprocess(x_train, y_train, x_test, y_test):
    to_cat = keras.utils.to_categorical
    return x_train / 255.0, to_cat(y_train, 10), x_test / 255.0, to_cat(y_test, 10)


def core_model():
    model = keras.Sequential(name="core")
    model.add(keras.Input((32, 32, 3)))
    for filters, pool in ((32, 3), (64, 2), (128, 2)):
        model.add(layers.Conv2D(filters, 3, activation="relu"))
        model.add(layers.BatchNormalization())
        model.add(layers.MaxPooling2D(pool))
        model.add(layers.Dropout(0.3))
    model.add(layers.Flatten())
    model.add(layers.Dense(1024, activation="relu"))
    model.add(layers.BatchNormalization())
    model.add(layers.Dropout(0.5))
    return model


def rotate(x, deg):
    return np.rot90(x, deg // 90)


def build_finetune_model(core):
    model = keras.Sequential([core, layers.Dense(10, activation="softmax")])
    model.compile(keras.optimizers.Adam(1e-4), "categorical_crossentropy", metrics=["accuracy"])
    return model


def build_two_head_model(loss_weights=None):
    core = core_model()
    inp = keras.Input((32, 32, 3))
    features = core(inp)
    cls = layers.Dense(10, activation="softmax", name="classifier")(features)
    rot = layers.Dense(4, activation="softmax", name="rotator")(features)
    model = keras.Model(inp, [cls, rot])
    model.compile("adam", {"classifier": "categorical_crossentropy", "rotator": "categorical_crossentropy"},
                  loss_weights=loss_weights or {"classifier": 1, "rotator": 1},
                  metrics={"classifier": "accuracy", "rotator": "accuracy"})
    return model


if __name__ == "__main__":
    (x_tr, y_tr), (x_te, y_te) = keras.datasets.cifar10.load_data()
    x_train, y_train, x_test, y_test = preprocess(x_tr[:200], y_tr[:200], x_te, y_te)
    unlabeled = x_tr[200:] / 255.0
    k = np.random.choice(4, size=len(unlabeled), p=[0.1, 0.3, 0.3, 0.3])
    x_rot = np.stack([rotate(img, 90 * int(t)) for img, t in zip(unlabeled, k)])
    y_rot = keras.utils.to_categorical(k, 4)
    core = core_model()
    pretext = keras.Sequential([core, layers.Dense(4, activation="softmax")])
    pretext.compile("adam", "categorical_crossentropy", metrics=["accuracy"])
    pretext.fit(x_rot, y_rot, batch_size=32, epochs=20, validation_split=0.2)
    fine = build_finetune_model(core)
    print(best_epochs(fine.fit(x_train, y_train, epochs=40, validation_data=(x_test, y_test))))
    for w in ({"classifier": 10, "rotator": 1}, {"classifier": 1, "rotator": 10}, None):
        model = build_two_head_model(w)
        model.fit(np.concatenate([x_train, x_rot]),
                  [np.concatenate([y_train, np.zeros((len(x_rot), 10))]),
                   np.concatenate([np.zeros((len(x_train), 4)), y_rot])], epochs=20)
