"""Inside a fresh worker-like process: are keras.datasets and Model.fit intercepted?"""
import json
from pathlib import Path

import pytest

INSTALL = (
    "from harness.data import serve\n"
    "notes = serve.install({'data_dir': None, 'size': 'cpu', 'epoch_cap': 2, 'seed': 0})\n"
)


def test_install_does_not_import_tensorflow(run_python):
    out = run_python(INSTALL + "import sys, json\n"
                     "print(json.dumps([notes, 'tensorflow' in sys.modules, 'keras' in sys.modules]))")
    notes, tf_loaded, keras_loaded = json.loads(out)
    assert not tf_loaded and not keras_loaded
    assert any("graded on fixture data" in n for n in notes) and any("at most 2 epoch" in n for n in notes)


SNIPPET = INSTALL + """
import json, tarfile
import keras
import tensorflow as tf
(x, y), (xt, yt) = keras.datasets.mnist.load_data()
(cx, cy), _ = tf.keras.datasets.cifar10.load_data()
model = keras.Sequential([keras.Input((28, 28)), keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
model.compile("sgd", "sparse_categorical_crossentropy")
full = model.fit(x[:64] / 255.0, y[:64], epochs=50, verbose=0)
resumed = model.fit(x[:64] / 255.0, y[:64], batch_size=32, epochs=50, initial_epoch=7, verbose=0)
archive = tf.keras.utils.get_file("babi-tasks-v1-2.tar.gz", origin="https://example.invalid/babi.tar.gz")
try:
    keras.datasets.cifar100.load_data()
    blocked = False
except OSError:
    blocked = True
print(json.dumps({"mnist": [x.shape, str(x.dtype), y.shape, xt.shape], "cifar": [cx.shape, cy.shape],
                  "epochs": len(full.history["loss"]), "resumed": resumed.epoch,
                  "babi": tarfile.open(archive).getnames(), "blocked": blocked,
                  "served": sorted(serve.served())}))
"""


@pytest.mark.slow  # imports TensorFlow and trains in a fresh process (10 s)
def test_load_data_serves_the_subset_and_fit_is_capped(run_python):
    got = json.loads(run_python(SNIPPET).strip().splitlines()[-1])
    assert got["mnist"] == [[2000, 28, 28], "uint8", [2000], [500, 28, 28]]
    assert got["cifar"] == [[2000, 32, 32, 3], [2000, 1]]
    assert got["epochs"] == 2 and got["resumed"] == [7, 8]
    assert "tasks_1-20_v1-2/en-10k/qa1_single-supporting-fact_train.txt" in got["babi"]
    assert got["blocked"]
    assert any(s.startswith("mnist/train/cpu-v1/") for s in got["served"])


@pytest.mark.slow  # imports TensorFlow in a fresh process (10 s)
def test_a_rubric_budget_serves_fewer_samples_evenly_over_the_classes(run_python):
    code = ("from harness.data import serve\n"
            "serve.install({'size': 'cpu', 'epoch_cap': 1, 'seed': 0, 'served': {'train': 300, 'test': 100}})\n"
            "import json, numpy as np, keras\n"
            "(x, y), (xt, yt) = keras.datasets.mnist.load_data()\n"
            "print(json.dumps([x.shape[0], xt.shape[0], int(np.bincount(y, minlength=10).min()),"
            " sorted(serve.served())]))\n")
    train, test, rarest, served = json.loads(run_python(code).strip().splitlines()[-1])
    assert (train, test) == (300, 100)
    assert rarest >= 20  # every digit keeps roughly its tenth
    assert all(subset.endswith(("@300", "@100")) for subset in served)


def test_the_babi_archive_is_served_when_the_cache_is_read_only(monkeypatch):
    """Workers see the data cache read-only; get_file must still hand them the stories."""
    import tarfile

    from harness.data import serve

    monkeypatch.setattr(serve, "cache_dir", lambda: Path("/proc/no-cache-here"))  # no file can be made there
    archive = serve._babi_archive("cpu", None)
    assert archive.exists() and not str(archive).startswith("/proc")
    assert "tasks_1-20_v1-2/en/qa1_single-supporting-fact_test.txt" in tarfile.open(archive).getnames()


PRETRAINED = """
import json, sys, numpy as np
from harness.data import serve
serve.install({'data_dir': sys.argv[1] if len(sys.argv) > 1 else None, 'size': 'cpu', 'epoch_cap': 1, 'seed': 0})
import keras
from tensorflow.keras.applications import MobileNetV2
from tensorflow.keras.applications.mobilenet_v2 import MobileNetV2 as FromModule
shape = (32, 32, 3)
got = {"same_function": MobileNetV2 is FromModule is keras.applications.MobileNetV2}
base = MobileNetV2(input_shape=shape, include_top=False, weights="imagenet")
got["imagenet"] = base.count_params()
got["none"] = keras.applications.MobileNetV2(input_shape=shape, include_top=False, weights=None).count_params()
got["resnet"] = keras.applications.ResNet50(input_shape=shape, include_top=False, weights="imagenet").count_params()
try:  # an impossible request keeps Keras's own error: ImageNet's 1000-class top needs 224x224 inputs
    MobileNetV2(input_shape=shape, include_top=True, weights="imagenet")
    got["top"] = "built"
except ValueError as exc:
    got["top"] = "ValueError"
try:
    keras.utils.get_file("other.zip", origin="https://example.invalid/other.zip")
    got["get_file"] = "served"
except OSError:
    got["get_file"] = "refused"
got["served"] = sorted(serve.served())
print(json.dumps(got))
"""


def test_imagenet_weights_build_the_same_model_offline_and_say_so(run_python):
    """A notebook's weights="imagenet" (the course template's default) costs nothing and needs no
    network: the same layers, built with weights=None; any other download is still refused."""
    got = json.loads(run_python(PRETRAINED).strip().splitlines()[-1])
    assert got["same_function"]
    assert got["imagenet"] == got["none"] == 2_257_984
    assert got["resnet"] == 23_587_712
    assert got["top"] == "ValueError" and got["get_file"] == "refused"
    assert got["served"] == ['MobileNetV2 weights="imagenet"', 'ResNet50 weights="imagenet"']


LOCAL_WEIGHTS = """
import json, sys, tempfile, h5py, numpy as np
from pathlib import Path
folder = Path(tempfile.mkdtemp())
from harness.data import serve
serve.install({'data_dir': str(folder), 'size': 'cpu', 'epoch_cap': 1, 'seed': 0})
import keras
from keras.src.legacy.saving.legacy_h5_format import save_weights_to_hdf5_group
shape = (32, 32, 3)
model = keras.applications.MobileNetV2(input_shape=shape, include_top=False, weights=None)
model.set_weights([np.full(w.shape, 0.25, w.dtype) for w in model.get_weights()])
with h5py.File(folder / "mobilenet_v2_weights_tf_dim_ordering_tf_kernels_1.0_224_no_top.h5", "w") as f:
    save_weights_to_hdf5_group(f, model)
loaded = keras.applications.MobileNetV2(input_shape=shape, include_top=False, weights="imagenet")
print(json.dumps({"all_quarter": all(np.all(w == 0.25) for w in loaded.get_weights()),
                  "served": sorted(serve.served())}))
"""


def test_a_local_copy_of_the_pretrained_weights_is_what_keras_loads(run_python):
    """Where the grader has Keras's weight file (a --data-dir), the notebook gets those weights, not a stand-in."""
    got = json.loads(run_python(LOCAL_WEIGHTS).strip().splitlines()[-1])
    assert got == {"all_quarter": True, "served": []}
