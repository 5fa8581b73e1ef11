"""Pages, tables and gradebooks compared with golden files, rendered from stored results.

No worker runs here: the inputs are results.json files of the small example class
(tests/render/class, graded for real once and kept in golden/results/), so a change to a
page shows up as a diff of that page, in a second.  Volatile fields (timings, versions,
paths of the machine that graded) are normalised first.

After an intended change of the output, regenerate and review the diff:

    HARNESS_REGENERATE_GOLDEN=1 pytest tests/render/test_golden.py

(which grades tests/render/class again for the inputs, then rewrites every golden file).
"""
from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from harness.render.gradebook import gradebook_csv
from harness.render.html import class_page, feedback_page
from harness.render.terminal_table import summary_table
from harness.results.model import SubmissionResult

from . import fixtures

GOLDEN = Path(__file__).with_name("golden")
INPUTS = GOLDEN / "results"
REGENERATE = os.environ.get("HARNESS_REGENERATE_GOLDEN") == "1"

VOLATILE = [
    (re.compile(r"\d+(\.\d+)? ?(s|seconds|ثانیه)\b"), "<seconds>"),
    (re.compile(r"(?:/tmp|/private/var|/var/folders)[^\s\"'<]*"), "<tmp>"),
    (re.compile(r"\b(?:numpy|tensorflow|keras|python|harness)[ =:]*\d+\.\d+[\w.+-]*", re.I), "<version>"),
    (re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?"), "<time>"),
]


def normalise(text: str) -> str:
    for pattern, replacement in VOLATILE:
        text = pattern.sub(replacement, text)
    return text


def stored_results() -> list[SubmissionResult]:
    if REGENERATE:
        _grade_inputs_again()
    paths = sorted(INPUTS.glob("*.json"))
    assert paths, f"no stored results in {INPUTS}: run with HARNESS_REGENERATE_GOLDEN=1"
    return [SubmissionResult.from_json(json.loads(p.read_text(encoding="utf-8"))) for p in paths]


def _grade_inputs_again() -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        out = fixtures.grade_example_class(Path(tmp) / "out", Path(tmp) / "cache", "en")
        shutil.rmtree(INPUTS, ignore_errors=True)
        INPUTS.mkdir(parents=True)
        for path in sorted(out.glob("*/*/results.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            data["extra_data"]["file"] = Path(data["extra_data"]["file"]).name  # not the machine's path
            (INPUTS / f"{path.parent.parent.name}-{path.parent.name}.json").write_text(
                json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def results() -> list[SubmissionResult]:
    return stored_results()


def compare(name: str, rendered: str) -> None:
    path = GOLDEN / name
    rendered = normalise(rendered)
    if REGENERATE:
        path.write_text(rendered, encoding="utf-8")
    assert path.exists(), f"no golden file {path}: run with HARNESS_REGENERATE_GOLDEN=1"
    expected = path.read_text(encoding="utf-8")
    if rendered != expected:
        import difflib

        diff = "".join(difflib.unified_diff(expected.splitlines(True), rendered.splitlines(True), str(path),
                                            "rendered now", n=2))
        pytest.fail(f"{name} differs from its golden file (regenerate if intended):\n{diff[:6000]}")


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_each_feedback_page_matches_its_golden_file(results, lang):
    for result in results:
        compare(f"feedback-{result.student}-{result.assignment}-{lang}.html", feedback_page(result, lang))


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_the_class_page_matches(results, lang):
    compare(f"index-{lang}.html", class_page(results, [], lang))


def test_the_gradebook_and_the_terminal_table_match(results):
    compare("gradebook.csv", gradebook_csv(results))
    compare("summary.txt", summary_table(results))


def test_a_changed_page_is_caught(results, tmp_path, monkeypatch):
    """The comparison can fail: one changed word in a page is reported as a diff."""
    monkeypatch.setattr(f"{__name__}.GOLDEN", tmp_path)
    monkeypatch.setattr(f"{__name__}.REGENERATE", False)
    (tmp_path / "page.html").write_text("<p>passed</p>\n")
    with pytest.raises(pytest.fail.Exception, match=r"-<p>passed</p>\n\+<p>failed</p>"):
        compare("page.html", "<p>failed</p>\n")


def test_volatile_fields_are_normalised():
    assert normalise("graded in 12.4 s on /tmp/harness-x/y with numpy 2.1.3") == \
        "graded in <seconds> on <tmp> with <version>"
