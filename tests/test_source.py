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
    (json.dumps({"nbformat": 4, "nbformat_minor": 5, "cells": [{"cell_type": "weird"}], "metadata": {}}).encode(),
     "notebook"),
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
