"""An assignment handed in as several files: which run, how their answers merge, what needs review.

Fast: the runs are made up (no worker starts); tests/test_past_semester.py grades real ones.
"""
import json
import os
import subprocess
import sys
import textwrap

import pytest

from harness.contract.protocol import Answer, CellReport, ProbeError
from harness.grading import review
from harness.grading.merge import choose, merged_prose
from harness.grading.review import Run
from harness.intake.assignment_files import entry_points, helper_modules, preamble
from harness.intake.notebook import CodeCell, Source
from harness.run.job import RunRecord
from harness.spec.rubric import Check, Question
from harness.spec.plan import PlannedCheck
from harness.contract.protocol import Probe


def source(name, *cells, kind=None, markdown=()):
    kind = kind or ("module" if name.endswith(".py") else "notebook")
    return Source(f"/class/ana/hw06/{name}", kind, tuple(CodeCell(i, textwrap.dedent(c)) for i, c in enumerate(cells)),
                  tuple(markdown))


def planned(target="layer_norm", visibility="public", title="Batch and layer normalisation", aliases=()):
    check = Check(kind="function", target=target, points=2, visibility=visibility, aliases=list(aliases))
    question = Question(id="Q1", title=title, points=2, checks=[check])
    return PlannedCheck(question, check, 1, (Probe("main", target),))


def run(src, answer=None, cells=()):
    record = RunRecord(cells={c.index: c for c in cells})
    if answer is not None:
        record.answers["Q1.1.main"] = answer
    return Run(src, record)


MISSING = Answer(error=ProbeError("missing", "`layer_norm` is not defined"))
RIGHT = Answer(value=[[0.0]])


# --- which files run ---------------------------------------------------------------------------

def test_every_notebook_runs_and_a_module_runs_unless_it_is_a_helper():
    nb1, nb2 = source("Q1.ipynb", "from utils import load"), source("Q3.ipynb", "x = 1")
    utils = source("utils.py", "import numpy as np\ndef load():\n    return np.ones(3)\n")
    model = source("model.py", "from utils import load\nlayer_norm = load")  # defines a target: runs
    trains = source("train.py", "from utils import load\nhistory = load()\nprint(history)")  # imported by none
    lonely_library = source("extra.py", "def f():\n    return 1\n")
    entries = entry_points([nb1, nb2, utils, model, trains, lonely_library], {"layer_norm"})
    assert [s.path.rsplit("/", 1)[1] for s in entries] == ["Q1.ipynb", "Q3.ipynb", "model.py", "train.py"]


def test_one_file_always_runs_and_modules_importing_each_other_keep_their_programs():
    only = source("hw06.py", "def f():\n    return 1\n")
    assert entry_points([only], {"layer_norm"}) == [only]
    a = source("a.py", "import b\nb.go()")
    b = source("b.py", "import a\ndef go():\n    pass\n")
    assert [s.path.rsplit("/", 1)[1] for s in entry_points([a, b], set())] == ["a.py", "b.py"]


def test_the_preamble_makes_the_modules_importable_and_leaves_no_name(tmp_path):
    (tmp_path / "hw").mkdir()
    (tmp_path / "hw" / "utils.py").write_text("def three():\n    return 3\n")
    (tmp_path / "hw" / "pkg").mkdir()
    (tmp_path / "hw" / "pkg" / "deep.py").write_text("VALUE = 'deep'\n")
    sources = [source("Q1.ipynb", "x = 1"), Source(str(tmp_path / "hw" / "utils.py"), "module", ()),
               Source(str(tmp_path / "hw" / "pkg" / "deep.py"), "module", ())]
    modules = helper_modules(sources, tmp_path / "hw")
    assert sorted(modules) == ["pkg/deep.py", "utils.py"]
    work = tmp_path / "worker"
    work.mkdir()
    program = preamble(modules) + "import utils\nfrom pkg import deep\nprint(utils.three(), deep.VALUE, " \
                                  "sorted(n for n in globals() if 'harness' in n))\n"
    done = subprocess.run([sys.executable, "-c", program], cwd=work, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": ""})
    assert done.stdout.strip() == "3 deep []", done.stderr


# --- merging -----------------------------------------------------------------------------------

def test_the_answer_comes_from_the_file_that_defines_the_target():
    pc = planned()
    runs = [run(source("Q1.ipynb"), MISSING), run(source("Q3.ipynb"), RIGHT)]
    choice = choose(pc, runs)
    assert (choice.index, choice.all_missing, choice.note) == (1, False, "")


def test_when_several_files_define_it_the_one_without_error_wins_and_it_is_said():
    pc = planned()
    broken = Answer(error=ProbeError("exception", "NameError: name 'mu' is not defined"))
    runs = [run(source("Q1.ipynb"), broken), run(source("Q3.ipynb"), RIGHT)]
    choice = choose(pc, runs)
    assert choice.index == 1 and "defined in Q1.ipynb, Q3.ipynb" in choice.note and "without error" in choice.note
    both_right = choose(pc, [run(source("Q1.ipynb"), RIGHT), run(source("Q3.ipynb"), RIGHT)])
    assert both_right.index == 0 and "first of them" in both_right.note


def test_prose_comes_from_whichever_file_answers():
    first = source("Q1.ipynb", markdown=("# Q1\nsee code",))
    second = source("Q3.ipynb", markdown=("## Q2\nBERT masks tokens and predicts them from both sides.",))
    assert merged_prose([first, second], ["Q2"])["Q2"]["answered"]


# --- needs review ------------------------------------------------------------------------------

def decide(pc, answer, runs, all_missing, score=0.0, grader_error=False):
    return review.decide(pc, score, grader_error, None, answer, runs[0], runs, all_missing)


def test_a_question_nothing_mentions_is_a_zero_not_a_review():
    pc = planned()
    runs = [run(source("Q1.ipynb", "import numpy as np\nx = np.ones(3)", "model = build()"), MISSING)]
    assert decide(pc, MISSING, runs, True) is None


def test_the_untouched_template_is_a_zero_not_a_review():
    pc = planned()
    stub = "def layer_norm(x, eps=0.0):\n    # TODO\n    raise NotImplementedError\n"
    raised = Answer(error=ProbeError("exception", "NotImplementedError: ", ename="NotImplementedError"))
    assert decide(pc, raised, [run(source("Q1.ipynb", stub), raised)], False) is None
    # Even were it looked for by name only, a stub is not an attempt.
    assert review.likely_cells([run(source("Q1.ipynb", stub))], pc, defined_only=True) == []


def test_an_answer_under_a_name_the_rubric_does_not_know_goes_to_review_with_its_cell():
    pc = planned()
    runs = [run(source("Q1.ipynb", "import numpy as np", "layer_noramlization = (X - m) / s")),
            run(source("Q3.ipynb", "BatchNormalization()\nlayer = 3"))]
    verdict = decide(pc, MISSING, runs, True)
    assert verdict["reason"]["id"] == "review.not_located"
    assert verdict["likely"] == [{"file": "Q1.ipynb", "cell": 1, "excerpt": "layer_noramlization = (X - m) / s"}]


def test_a_library_name_used_is_not_an_attempt():
    pc = planned(target="batch_norm")
    runs = [run(source("Q3.ipynb", "from keras.layers import BatchNormalization\nm.add(BatchNormalization())"))]
    assert decide(pc, MISSING, runs, True) is None


def test_an_environment_failure_goes_to_review_only_where_it_could_be_the_cause():
    pc = planned(target="batch_norm")
    failed = CellReport(0, "error", "ModuleNotFoundError: No module named 'kaggle_datasets'")
    name_error = Answer(error=ProbeError("exception", "NameError: name 'np' is not defined", ename="NameError"))
    src = source("Q1.ipynb", "from kaggle_datasets import K\nimport numpy as np",
                 "def batch_norm(x):\n    return (x - np.mean(x, 0)) / np.std(x, 0)")
    verdict = decide(pc, name_error, [run(src, name_error, [failed])], False)
    assert verdict["reason"]["id"] == "review.environment"
    assert "kaggle_datasets" in verdict["reason"]["params"]["error"]
    # The student's own mistake in the same file stays theirs.
    type_error = Answer(error=ProbeError("exception", "TypeError: bad operand", ename="TypeError"))
    assert decide(pc, type_error, [run(src, type_error, [failed])], False) is None
    # And a question nothing mentions stays a zero, environment problem or not.
    other = planned(target="layer_norm", title="Layer normalisation")
    assert decide(other, MISSING, [run(src, MISSING, [failed])], True) is None


def test_a_hidden_checks_own_error_is_named_by_type_only():
    pc = planned(visibility="hidden")
    leak = Answer(error=ProbeError("exception", "ModuleNotFoundError: No module named 'secret [[1.5, 2.5]]'"))
    verdict = decide(pc, leak, [run(source("Q1.ipynb", "def layer_norm(x):\n    import x\n"), leak)], False)
    assert verdict["reason"]["params"]["error"] == "ModuleNotFoundError"


@pytest.mark.parametrize("kind, expected", [("not-run", "review.not_run"), ("timeout", None), ("crash", None)])
def test_time_and_crashes(kind, expected):
    pc = planned()
    answer = Answer(error=ProbeError(kind, "..."))
    verdict = decide(pc, answer, [run(source("Q1.ipynb", "def layer_norm(x):\n    while True: pass\n"), answer)],
                     False)
    assert (verdict or {}).get("reason", {}).get("id") == expected


def test_the_graders_own_failure_and_full_marks():
    pc = planned()
    runs = [run(source("Q1.ipynb", "x = 1"), RIGHT)]
    assert decide(pc, RIGHT, runs, False, grader_error=True)["reason"]["id"] == "review.grader"
    assert decide(pc, RIGHT, runs, False, score=2.0) is None
    assert decide(pc, RIGHT, runs, False) is None  # answered and wrong: the student's


def test_review_and_file_survive_results_json():
    from harness.results.model import CheckResult, SubmissionResult

    pending = CheckResult("Q1", 1, "layer_norm", "function", 0.0, 2.0, "hidden", "not defined", file="Q1.ipynb",
                          review={"reason": {"id": "review.grader", "params": {}}, "likely": []})
    done = CheckResult("Q2", 1, "one_hot", "function", 1.0, 2.0, "public", "ok", file="Q3.ipynb",
                       review={"reason": {"id": "review.grader", "params": {}}, "likely": [], "points": 1.0,
                               "comment": ""})
    result = SubmissionResult("ana", "hw06", "t", "Q1.ipynb", (pending, done), (("Q1", "a"), ("Q2", "b")),
                              files=("Q1.ipynb", "Q3.ipynb"), cell_files=())
    data = json.loads(json.dumps(result.to_json()))
    assert data["extra_data"]["review"] == ["Q1"] and data["extra_data"]["reviewed"] == ["Q2"]
    assert data["extra_data"]["answered_by"] == {"Q1": ["Q1.ipynb"], "Q2": ["Q3.ipynb"]}
    assert [t["extra_data"]["needs_review"] for t in data["tests"]] == [True, False]
    assert SubmissionResult.from_json(data) == result
