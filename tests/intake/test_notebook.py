import json

import nbformat
import pytest
from harness_testing import write_notebook
from nbformat.v3 import new_code_cell as v3_code
from nbformat.v3 import new_notebook as v3_notebook
from nbformat.v3 import new_worksheet

from harness.intake.notebook import SourceError, load_source, strip_magics


def test_magics_and_shell_escapes_are_never_run():
    code, skipped = strip_magics("%matplotlib inline\n!pip install x\nfiles = !ls\nimport numpy as np\nnp.mean?\n")
    assert "import numpy as np" in code
    assert "pip" not in code.replace("skipped", "").split("#")[0]
    compile(code, "<test>", "exec")
    assert len(skipped) == 4


def test_cell_magics_run_a_python_body_or_skip_the_cell():
    assert "x = 1" in strip_magics("%%time\nx = 1")[0]
    assert strip_magics("%%bash\nrm -rf /")[0] == ""


def test_modulo_continuation_lines_are_kept():
    code, skipped = strip_magics("y = (10\n% 3)\n")
    assert skipped == [] and "% 3" in code


def test_a_notebook_gives_code_cells_in_order_and_markdown(tmp_path):
    path = write_notebook(tmp_path / "hw06.ipynb", [("md", "# Q1"), ("code", "x = 1"), ("code", "%time y = 2")])
    source = load_source(path)
    assert [c.code for c in source.cells][0] == "x = 1" and len(source.cells) == 2
    assert source.markdown == ("# Q1",)


def test_old_notebook_versions_are_converted(tmp_path):
    path = tmp_path / "hw06.ipynb"
    nb = v3_notebook(worksheets=[new_worksheet(cells=[v3_code(input="x = 41 + 1")])])
    path.write_text(nbformat.writes(nb, version=3))
    source = load_source(path)
    assert source.cells[0].code == "x = 41 + 1"
    assert "converted" in source.notes[0]


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (b'{"cells": [', "not valid JSON"),
    (b"\xff\xfe\x00garbage", "not UTF-8"),
    (json.dumps({"nbformat": 9, "cells": []}).encode(), "format 3 or 4"),
    (json.dumps({"nbformat": 4, "nbformat_minor": 5, "cells": "none", "metadata": {}}).encode(),
     "not a readable notebook"),
])
def test_broken_files_give_a_specific_message(tmp_path, content, message):
    path = tmp_path / "hw06.ipynb"
    path.write_bytes(content)
    with pytest.raises(SourceError, match=message):
        load_source(path)


def test_a_module_is_one_cell_and_its_docstring_and_comments_are_prose(tmp_path):
    path = tmp_path / "hw06.py"
    path.write_text('"""Q2\nBERT masks words."""\n# Q3: rotations\nx = 1\n')
    source = load_source(path)
    assert len(source.cells) == 1 and "BERT masks words." in source.markdown[0]
    assert "Q3: rotations" in source.markdown[0]


def _colab_like(tmp_path, image_bytes: int = 0, images: int = 1):
    """Saved as Colab saves: cells without 'outputs' or 'execution_count', an unknown cell type,
    list-of-lines sources, a tagged answer cell and, optionally, big image outputs."""
    outputs = [{"output_type": "display_data", "metadata": {}, "data": {"image/png": "iVBOR" + "A" * image_bytes}}
               for _ in range(images)]
    cells = [{"cell_type": "code", "source": ["import numpy as np\n", "x = np.ones(3)"], "metadata": {}},
             {"cell_type": "markdown", "source": "## Q2\nBecause.", "metadata": {"tags": ["answer:Q2"]}},
             {"cell_type": "weird", "source": "?", "metadata": {}},
             {"cell_type": "code", "source": "!pip install tf\ny = 2", "metadata": {"colab": {"id": 1}},
              "execution_count": 3, "outputs": outputs}]
    path = tmp_path / "Copy_of_DNN_HW13.ipynb"
    path.write_text(json.dumps({"nbformat": 4, "nbformat_minor": 0, "metadata": {"colab": {}}, "cells": cells}))
    return path


def test_a_notebook_off_the_schema_is_read_as_jupyter_reads_it_with_a_note(tmp_path):
    source = load_source(_colab_like(tmp_path))
    assert [c.code.splitlines()[-1] for c in source.cells] == ["x = np.ones(3)", "y = 2"]
    assert source.answer_cells == {"Q2": "## Q2\nBecause."}
    assert len(source.notes) == 1 and "does not follow the notebook format exactly" in source.notes[0]
    assert source.cells[1].skipped_magics == ("!pip install tf",)


@pytest.mark.parametrize("backend", ["yajl2_c", "python"])
def test_a_notebook_over_the_size_limit_is_streamed_code_only(tmp_path, monkeypatch, backend):
    import tracemalloc

    import ijson

    from harness.intake import notebook

    try:
        monkeypatch.setattr(ijson, "parse", ijson.get_backend(backend).parse)
    except ImportError:
        pytest.skip(f"ijson's {backend} backend is not built on this machine")
    small = load_source(_colab_like(tmp_path))
    # Thirty-two 500 KB images in one run of outputs: a 16 MB file whose largest string is 0.5 MB.
    path = _colab_like(tmp_path, image_bytes=500_000, images=32)
    monkeypatch.setattr(notebook, "MAX_FILE_BYTES", 1_000_000)
    tracemalloc.start()
    big = load_source(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert big.cells == small.cells and big.markdown == small.markdown and big.answer_cells == small.answer_cells
    assert "its saved outputs ignored" in big.notes[0]
    # Neither held whole nor parsed into a tree: memory follows the largest string (a backend
    # copies it a few times), never the file; holding the file alone would take 16 MB.
    assert peak < path.stat().st_size / 4, (backend, peak)


def test_a_streamed_notebook_that_is_cut_off_is_refused_clearly(tmp_path, monkeypatch):
    from harness.intake import notebook

    path = _colab_like(tmp_path, image_bytes=2_000_000)
    path.write_bytes(path.read_bytes()[:-300])
    monkeypatch.setattr(notebook, "MAX_FILE_BYTES", 1_000_000)
    with pytest.raises(SourceError, match="not valid JSON"):
        load_source(path)
