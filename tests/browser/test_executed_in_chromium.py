"""The executed copy opened as a student or a reviewer opens it: what a person sees, and nothing runs."""
import pytest
from harness_testing import active_content
from render.test_executed import HOSTILE_MARKDOWN, result_for, write_notebook  # tests/ is on sys.path

from harness.results.store import write_submission


@pytest.fixture(scope="module")
def copies(tmp_path_factory):
    out = {}
    for lang in ("en", "fa"):
        base = tmp_path_factory.mktemp(f"executed-{lang}")
        folder = write_submission(base / "out", result_for(write_notebook(base, HOSTILE_MARKDOWN)), lang)
        out[lang] = folder / "executed.html"
    return out


@pytest.mark.parametrize("width", (1100, 390))
@pytest.mark.parametrize("lang", ("en", "fa"))
def test_the_copy_reads_cleanly_and_runs_nothing(browser, copies, lang, width):
    page = copies[lang]
    assert active_content(page.read_text()) == []
    report = browser.open(page, width)
    layout = report.layout
    assert report.console_errors() == [] and report.requests() == []
    assert (layout["dir"], layout["lang"]) == (("rtl", "fa") if lang == "fa" else ("ltr", "en"))
    assert layout["scrollWidth"] <= layout["innerWidth"], "the page scrolls sideways"
    text = layout["text"]
    assert "hello from cell 2" in text and "ValueError" in text and "bad shape" in text
    assert "پرسش ۱" in text  # the student's Persian markdown, rendered
    assert ("Grader's note" in text and "40 s" in text) if lang == "en" else "یادداشت ارزیاب" in text
    assert "pwned" not in layout["title"] and "hw06" in layout["title"]
