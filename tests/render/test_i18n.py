"""Every word on the pages comes from a catalogue, and both catalogues say the same things."""
import re
from pathlib import Path

import pytest

from harness.render import html
from harness.render.i18n import LANGUAGES, UnknownLanguage, catalogue
from harness.render.locale import en, fa

RENDER = Path(html.__file__).parent


def used_keys() -> set[str]:
    sources = [*RENDER.glob("templates/*.j2"), *RENDER.glob("*.py")]
    found = set()
    for path in sources:
        found |= set(re.findall(r"""\b(?:t|words)\(\s*["']([^"']+)["']""", path.read_text()))
    return found


def test_both_catalogues_have_the_same_keys_and_placeholders():
    assert set(en.MESSAGES) == set(fa.MESSAGES)
    for key in en.MESSAGES:
        assert set(re.findall(r"{(\w+)}", en.MESSAGES[key])) == set(re.findall(r"{(\w+)}", fa.MESSAGES[key])), key


def test_every_key_the_pages_use_is_in_the_catalogues():
    keys = used_keys()
    assert {"known mistake", "hint", "expected", "yours"} <= keys  # the scan finds the template's words
    assert keys - set(en.MESSAGES) == set()


def test_persian_is_right_to_left_and_unknown_languages_are_refused():
    assert catalogue("fa").direction == "rtl" and catalogue("en").direction == "ltr"
    assert LANGUAGES == ("en", "fa")
    with pytest.raises(UnknownLanguage):
        catalogue("de")


def test_values_are_escaped_but_markup_values_are_kept():
    t = catalogue("en")
    assert str(t("feedback title", assignment="hw06", student="<b>x</b>")) == "hw06 feedback: &lt;b&gt;x&lt;/b&gt;"
