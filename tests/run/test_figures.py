"""Figures a cell draws come back as small PNGs in its report, as a notebook would show them."""
from __future__ import annotations

import base64

from harness.contract.protocol import MAX_FIGURES
from harness.run.job import Job
from harness.run.supervise import run_job
from harness.run.watcher import _images

PNG = b"\x89PNG\r\n\x1a\n"


def job(cells):
    return Job(source={"kind": "cells", "cells": [{"index": i, "code": c} for i, c in enumerate(cells)]}, probes=[])


def test_figures_come_back_per_cell_shown_or_not_and_closed_after():
    record = run_job(job([
        "import matplotlib.pyplot as plt\nplt.plot([1, 2, 3])",  # never shown: taken at the statement's end
        "for k in range(2):\n    plt.figure(); plt.plot([k, 1]); plt.show(); plt.close()",  # closed right after show
        "x = 1",
        "print(len(plt.get_fignums()))",
    ]))
    counts = [len(record.cells[i].images) for i in range(4)]
    assert counts == [1, 2, 0, 0]
    for image in record.cells[1].images:
        png = base64.b64decode(image)
        assert png.startswith(PNG) and len(png) < 60_000  # low resolution
    assert record.cells[3].output == "0\n"  # every figure was closed once taken


def test_a_figure_built_over_several_statements_is_one_figure_with_all_of_them():
    record = run_job(job(["import matplotlib.pyplot as plt\nplt.plot([1, 4, 9])\nplt.title('mine')\nplt.show()",
                          "plt.plot([1, 2])\nplt.xlabel('x')\nundefined_name\nplt.ylabel('y')",
                          "print(len(plt.get_fignums()))"]))
    assert [len(record.cells[i].images) for i in range(3)] == [1, 1, 0]
    assert record.cells[2].output == "0\n"


def test_a_cell_keeps_at_most_the_cap_and_says_so():
    record = run_job(job(["import matplotlib.pyplot as plt\nfor k in range(6):\n    plt.figure()\nplt.plot([1])"]))
    cell = record.cells[0]
    assert len(cell.images) == MAX_FIGURES and "2 figure(s) not kept" in cell.output


def test_code_that_never_imports_pyplot_sends_no_figures():
    record = run_job(job(["import numpy as np\nimport sys\nprint('matplotlib.pyplot' in sys.modules)"]))
    assert record.cells[0].images == () and record.cells[0].output == "False\n"


def test_the_grader_keeps_only_base64_png_within_the_caps():
    good = base64.b64encode(PNG + b"data").decode()
    forged = ["iVBORw0KGgo" + "A" * 500_000, good + '"><script>alert(1)</script>', 7, good]
    assert _images({"images": forged}) == (good,)
    assert _images({"images": [good] * 9}) == (good,) * MAX_FIGURES
    assert _images({"images": ["R0lGODlhAQABAA=="]}) == ()  # a GIF is not what the worker sends
    assert _images({"images": "not a list"}) == ()
