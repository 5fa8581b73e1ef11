"""The student's page: verdicts, the named mistake and its fix, pictures, both languages."""
import re
import subprocess
import sys
from dataclasses import replace

from harness.render.html import class_page, feedback_page
from harness.render.views import describe_data

from .fixtures import REPO

EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:|//)|<script|<link|@import|url\(""", re.I)


def page_of(graded_class, student, lang=None):
    from harness.render.exports import read_results
    result = next(r for r in read_results(graded_class) if r.student == student)
    return result, feedback_page(result, lang)


def test_a_wrong_array_shows_expected_against_yours_with_the_differing_cells_and_a_difference_map(graded_class):
    _, page = page_of(graded_class, "s2302")
    assert page.count('class="bad"') == 2 * 20  # 20 of 25 cells differ, marked in both tables
    assert "20 of 25 cells differ" in re.sub(r"<[^>]+>", "", page)
    assert "yours − expected" in page and page.count("<svg") == 1
    assert "Known mistake: no-keepdims" in page
    assert "keepdims=True" in page and "How to fix it" in page


def test_a_mistake_is_explained_once_per_question_and_then_only_named(graded_class):
    result, page = page_of(graded_class, "s2302")
    explanation = next(c.mistake["explanation"] for c in result.checks if c.mistake)
    assert page.count(explanation.replace("'", "&#39;")) == 1
    assert page.count("explained above") == sum(1 for c in result.checks if c.mistake) - 1


def test_the_persian_page_is_rtl_with_numbers_and_english_kept_left_to_right(graded_class):
    _, page = page_of(graded_class, "s2302", "fa")
    assert '<html lang="fa" dir="rtl">' in page
    assert "Vazirmatn" in page and "Noto Naskh Arabic" in page
    assert '<bdi class="n" dir="ltr">5 / 10</bdi>' in page  # automatic points; Q2's 5 prose points apart
    assert 'lang="en" dir="ltr"' not in page  # every check message and mistake is said in Persian ...
    assert '<bdi dir="ltr">20</bdi> مقدار از <bdi dir="ltr">25</bdi>' in page  # ... its numbers left to right
    assert '<code dir="ltr">x.mean(axis=1, keepdims=True)</code>' in page  # ... and its code too
    assert "اشتباه شناخته‌شده" in page and "درست است" in page


def test_pages_are_self_contained(graded_class, training_result):
    for page in (page_of(graded_class, "s2305")[1], feedback_page(training_result, "fa"),
                 class_page([training_result], [])):
        assert not EXTERNAL.search(page)
        assert "default-src 'none'" in page


def test_training_history_and_confusion_matrices_are_drawn(training_result):
    page = feedback_page(training_result)
    assert page.count("<polyline") >= 8  # loss and accuracy: train and val, yours and the reference's
    assert "stroke-dasharray" in page  # the reference is dashed
    assert "Confusion matrix · yours" in page and "Confusion matrix · reference" in page
    assert "fixture · mnist · samples 512" in page


def test_pages_render_without_matplotlib_or_any_plotting_library():
    code = ("import sys; from harness.render import html, plots, views, report; "
            "assert not {'matplotlib', 'PIL'} & set(sys.modules), sorted(sys.modules)")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)


def test_hidden_checks_never_show_details(training_result):
    hidden = replace(training_result, checks=tuple(replace(c, visibility="hidden") for c in training_result.checks))
    page = feedback_page(hidden)
    assert "<svg" not in page and "samples 512" not in page
    assert "validation accuracy 0.41" not in page  # the message too is only passed or failed


def test_whatever_a_student_named_a_metric_is_escaped_in_the_drawing(training_result):
    check = training_result.checks[0]
    evil = {"student": {"<script>x</script>": [1, 2]}, "reference": {"<script>x</script>": [1, 1]}}
    page = feedback_page(replace(training_result, checks=(replace(check, details={"history": evil}),)))
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_a_graded_prose_answer_shows_points_and_comment(training_result):
    from harness.results.sheet import graded
    prose = graded(training_result.checks[2], 3.0, "خوب، ولی learning rate را توضیح نده.")
    page = feedback_page(replace(training_result, checks=(prose,)), "fa")
    assert "نظر مصحح" in page and "learning rate را توضیح نده" in page and "3</bdi> از" in page


def test_the_data_a_check_used_is_described():
    assert describe_data({"source": "subset", "name": "cifar10", "samples": 2000}) == "subset · cifar10 · samples 2000"
    assert describe_data(None) == ""


def test_persian_prose_that_opens_with_a_latin_word_is_still_laid_out_right_to_left(graded_class):
    _, page = page_of(graded_class, "s2302", "en")
    assert '<div class="answer" dir="rtl">BERT' in page


def test_the_page_keeps_automatic_points_apart_from_prose_points_a_person_grades(graded_class):
    result, page = page_of(graded_class, "s2301", "en")
    assert result.auto_max == 10 and result.prose_max == 5
    assert '<div class="big"><bdi class="n" dir="ltr">10 / 10</bdi></div>' in page
    assert "+ <bdi" in page and "5</bdi> prose points to be graded by a person" in page
    assert '<span class="badge manual">to be graded</span>' in page
    assert '<span class="badge passed">passed</span>' in page and "[passed] answer" not in page
