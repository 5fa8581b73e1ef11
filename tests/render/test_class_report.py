"""The instructor's page: distribution, pass rates, common mistakes, a link to every student."""
import re

from harness.render.exports import read_results
from harness.render.html import class_page
from harness.render.i18n import catalogue
from harness.render.report import assignment_reports


def test_numbers_of_the_example_class(graded_class):
    results = read_results(graded_class)
    [hw06] = assignment_reports(results, catalogue("en"))
    # the figures count automatic points: the 5 prose points of Q2 wait for a person
    assert hw06.count == 6 and hw06.max_score == 10
    assert hw06.mean == sum(r.auto_score for r in results) / 6
    q1 = next(q for q in hw06.questions if q["id"] == "Q1")
    assert (q1["full"], q1["count"]) == (sum(r.by_question()[0].score == 10 for r in results), 6)
    named = {(m["name"], m["count"]) for m in hw06.mistakes}
    assert ("no-keepdims", 1) in named and ("ddof-1", 1) in named
    assert hw06.pending_manual == sum(1 for r in results for c in r.checks if c.manual and c.manual["answered"])


def test_a_mistake_is_counted_once_per_student_however_many_checks_show_it(graded_class):
    results = read_results(graded_class)
    s2302 = next(r for r in results if r.student == "s2302")
    assert s2302.mistakes().count("no-keepdims") > 1
    [hw06] = assignment_reports([s2302], catalogue("en"))
    assert hw06.mistakes == [{"question": "Q1", "name": "no-keepdims", "count": 1, "students": ["s2302"]}]


def test_the_class_page_links_each_student_and_draws_the_charts(graded_class):
    page = (graded_class / "index.html").read_text()
    for student in ("s2301", "s2302", "s2303", "s2304", "s2305", "s2306"):
        assert f'href="{student}/hw06/feedback.html"' in page
    assert 'href="s2302/hw06/feedback.html#Q1"' in page  # from the mistakes table to the question
    assert page.count("<svg") == 2 and "Score distribution" in page
    bands = re.findall(r'class="tick" text-anchor="middle">(\d+–\d+)<', page)
    assert bands[0] == "0–10" and bands[-1] == "90–100"


def test_the_persian_class_page(graded_class):
    page = class_page(read_results(graded_class), ["x.py: unknown assignment"], "fa")
    assert '<html lang="fa" dir="rtl">' in page and "نتایج کلاس" in page and "unknown assignment" in page
