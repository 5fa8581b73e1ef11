"""The pages opened as a student or an instructor would open them: headless Chromium, two widths.

Screenshots are written to $HARNESS_SCREENSHOTS when it is set, for a person to look at.
"""
import os
from pathlib import Path

import pytest

WIDTHS = (1100, 390)  # a laptop and a phone
PAGES = ("s2302", "s2305", "training", "index")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ("en", "fa"))
@pytest.mark.parametrize("name", PAGES)
def test_page_reads_cleanly(browser, pages, name, lang, width):
    report = browser.open(pages[lang][name], width)
    layout = report.layout
    assert report.console_errors() == []
    assert report.requests() == []
    assert (layout["dir"], layout["lang"], layout["computedDir"]) == \
        (("rtl", "fa", "rtl") if lang == "fa" else ("ltr", "en", "ltr"))
    assert layout["scrollWidth"] <= layout["innerWidth"], "the page scrolls sideways"
    assert layout["sticking"] == [], "elements stick out of the page"
    assert layout["clipped"] == []
    assert layout["reversed"] == [], "numbers or code laid out right to left"
    png_width, png_height = report.png_size()
    assert png_width == width and png_height >= 400
    if lang == "fa":
        assert "Vazirmatn" in layout["font"]
    _keep(report.png, f"{name}-{lang}-{width}.png")


def test_the_student_sees_the_mistake_and_the_fix(browser, pages):
    text = browser.open(pages["en"]["s2302"], 1100).layout["text"]
    assert "Known mistake: no-keepdims" in text and "How to fix it:" in text and "keepdims=True" in text
    fa = browser.open(pages["fa"]["s2302"], 1100).layout
    assert "اشتباه شناخته‌شده" in fa["text"] and "راه درست کردن" in fa["text"]
    english, persian = _explanations("reference/hw06/q1.py", "mistake_layer_norm_no_keepdims")
    assert persian in " ".join(fa["text"].split()) and english not in fa["text"]
    assert "مقدار از" in fa["text"]  # the check's verdict too ("20 of 25 values differ"), in Persian


def _explanations(module: str, function: str) -> tuple[str, str]:
    """A known mistake's (English, Persian) explanation, as the grader reads them from its docstring."""
    import ast

    from render.fixtures import REPO

    from harness.spec.course import explanations

    tree = ast.parse((REPO / module).read_text(encoding="utf-8"))
    node = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == function)
    return explanations(ast.get_docstring(node))


def test_training_pictures_are_drawn(browser, pages):
    layout = browser.open(pages["fa"]["training"], 1100).layout
    assert layout["svgs"] == 4  # loss, accuracy, two confusion matrices


def _keep(png: bytes, name: str) -> None:
    folder = os.environ.get("HARNESS_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / name).write_bytes(png)
