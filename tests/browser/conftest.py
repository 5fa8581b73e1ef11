import pytest
from render import fixtures  # tests/ is on sys.path: its conftest.py has no package

from .cdp import CHROMIUM, Browser

if not CHROMIUM.exists():
    pytest.skip("browser tests need Debian's chromium at /usr/bin/chromium (apt-get install -y chromium)",
                allow_module_level=True)


@pytest.fixture(scope="session")
def pages(tmp_path_factory):
    """The example class graded in each language, plus a page with training curves and confusion matrices."""
    from harness.results.store import write_submission
    base = tmp_path_factory.getbasetemp()
    out = {}
    for lang in ("en", "fa"):
        folder = fixtures.grade_example_class(tmp_path_factory.mktemp(f"browser-{lang}"), base / "cache", lang)
        training = write_submission(tmp_path_factory.mktemp(f"training-{lang}"), fixtures.training_result(), lang)
        out[lang] = {"s2302": folder / "s2302" / "hw06" / "feedback.html",
                     "s2305": folder / "s2305" / "hw06" / "feedback.html",
                     "training": training / "feedback.html", "index": folder / "index.html"}
    return out


@pytest.fixture(scope="session")
def browser():
    chromium = Browser()
    yield chromium
    chromium.close()
