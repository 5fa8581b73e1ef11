"""Colab notebooks and old APIs (issue 16 parts 1-3): served, not failed, and said so."""
import os
import subprocess
import sys
import textwrap

from harness_testing import REPO
from realnb_grading import SEED_ARRAY, hw06_grader  # noqa: F401

from harness.intake.notebook import strip_magics


def run(code: str) -> str:
    program = textwrap.dedent("""
        import os, tempfile
        from harness.worker import shims
        shims.install()
        from harness.data import serve
        os.chdir(tempfile.mkdtemp())
        serve.install({"size": "cpu"})
        """) + textwrap.dedent(code)
    env = {**os.environ, "PYTHONPATH": str(REPO), "TF_CPP_MIN_LOG_LEVEL": "2"}
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_only_recognised_dataset_downloads_are_served_other_shell_lines_stay_pass():
    code, skipped = strip_magics("!wget -q https://x.org/babi_tasks_1-20_v1-2.tar.gz\n!wget https://x.org/other.zip\n"
                                 "!gdown --id abc\n!unzip fer2013.zip -d data\n!unzip fer2013.zip && rm -rf /\n")
    lines = code.splitlines()
    assert "harness.data.shell" in lines[0] and "harness.data.shell" in lines[3]
    assert all(line.startswith("pass") for i, line in enumerate(lines) if i not in (0, 3))
    assert len(skipped) == 3


def test_colab_drive_paths_downloads_tfds_and_old_keras_are_served_and_recorded():
    out = run("""
        import numpy as np, pandas as pd
        from google.colab import drive, files
        drive.mount('/content/drive')
        assert files.upload() == {}
        df = pd.read_csv('/content/drive/My Drive/DL/fer2013.csv')
        print(sorted(df.Usage.unique()))
        __import__('harness.data.shell', fromlist=['run']).run('unzip -q "/content/drive/My Drive/fer2013.zip" -d /content/fer')
        print(sorted(os.listdir('/content/fer/train')))
        try:
            open('/content/drive/My Drive/notes.txt')
        except FileNotFoundError as exc:
            print("missing", exc.filename)
        from tensorflow.keras.datasets import mnist
        (x, y), (xt, yt) = mnist.load_data()
        print(xt[4179].shape, int(yt[4179]) == int(yt[4179 % len(yt)]), x.reshape(60000, 784).shape[0] == len(x))
        import kerastuner
        from keras.preprocessing.image import ImageDataGenerator
        import tensorflow_datasets as tfds
        ds = tfds.load('mnist', split='test', as_supervised=True)
        print(tuple(next(iter(ds))[0].shape))
        import keras
        opt = keras.optimizers.Adam(lr=0.1, decay=0.01)
        print(round(float(opt.learning_rate), 4))
        m = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4), keras.layers.Dense(2)])
        m.layers.pop()
        print(len(m.layers), hasattr(m, "fit_generator"))
        print("USED", *shims.USED, sep="\\n")
        print("SERVED", *serve.served().values(), sep="\\n")
        """)
    assert "['PrivateTest', 'Training']" in out
    assert "['angry', 'disgust', 'fear', 'happy', 'neutral', 'sad', 'surprise']" in out
    assert "missing /content/drive/My Drive/notes.txt" in out
    assert "(28, 28) True True" in out and "(28, 28, 1)" in out
    assert "1 True" in out
    for said in ("drive.mount", "files.upload", "kerastuner", "ImageDataGenerator", "decay=", "layers.pop()",
                 "read modulo 500", "reshape(60000", "fer2013.csv was written"):
        assert said in out, said


def test_the_course_packages_import_inside_a_worker(hw06_grader):
    result = hw06_grader("import numpy as np\nimport pandas, seaborn, cv2, pydot, sklearn, imblearn\n"
                         "from imblearn.over_sampling import RandomOverSampler\n" + SEED_ARRAY)
    assert result.cells[0].status == "ok", result.cells[0].error
