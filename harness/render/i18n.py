"""Languages of the pages: ``catalogue("fa")`` gives the words, the direction and a translator.

The checks say what they found as messages with ids (:mod:`harness.results.message`); a
catalogue's ``ENGINE`` says each id in its language.  Values inside a message (numbers,
names, shapes, an exception's text) are kept left to right; a message without an id (a
result written before messages had them) is shown as written, marked ``lang="en"`` so
that a right-to-left page still lays it out left to right.
"""
from __future__ import annotations

import importlib
import os
import re
from dataclasses import dataclass

from markupsafe import Markup, escape

from harness.results.message import CLAUSES, Message, formatted, is_clauses, is_message, plain, render

LANGUAGES = ("en", "fa")
DEFAULT = "en"
BACKTICKS = re.compile(r"`([^`\n]{1,400})`")
ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-_]")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")
MAX_VALUE = 2000  # characters of one value inside a message (an exception's text can be long)


class UnknownLanguage(ValueError):
    pass


@dataclass(frozen=True)
class Catalogue:
    code: str
    name: str
    direction: str
    messages: dict
    engine: dict

    def __call__(self, key: str, **values) -> Markup:
        """The message, escaped; values are escaped too unless they are Markup (``<bdi>`` numbers)."""
        text = Markup(escape(self.messages[key]))  # a missing key is a bug in a template: fail loudly
        return text.format(**values) if values else text

    def say(self, said) -> tuple[Markup, str]:
        """(HTML, lang) of a message (a Message, or its stored form); `code` in it is shown as code."""
        said = said.to_json() if isinstance(said, Message) else said
        if not is_message(said) or said["id"] not in self.engine or said["id"] == "text":
            text = plain(said, "") if is_message(said) else str(said or "")
            return code_spans(escape(shown(text))), "en"
        html = render(str(escape(self.engine[said["id"]])), said["params"], self._value)
        return code_spans(Markup(html)), self.code

    def _value(self, value, spec: str) -> str:
        if is_message(value):
            html, lang = self.say(value)
            return html if lang == self.code else f'<span lang="en" dir="ltr">{html}</span>'
        if is_clauses(value):
            return CLAUSES.join(self._value(v.to_json() if isinstance(v, Message) else v, spec) for v in value)
        text = shown(formatted(value, spec))[:MAX_VALUE]
        if not text or self.direction == "ltr":
            return str(escape(text))
        return f'<bdi dir="ltr">{escape(text)}</bdi>'  # numbers and code read left to right in Persian


def shown(text: str) -> str:
    """Text without terminal escape sequences and control characters (a student's program wrote it)."""
    return CONTROL.sub("", ANSI.sub("", text))


def code_spans(html: Markup) -> Markup:
    """`name(...)` in escaped text shown as code."""
    return Markup(BACKTICKS.sub(r'<code dir="ltr">\1</code>', str(html)))


def catalogue(code: str | None = None) -> Catalogue:
    code = code or os.environ.get("HARNESS_LANG") or DEFAULT
    if code not in LANGUAGES:
        raise UnknownLanguage(f"unknown language {code!r}; choose one of {', '.join(LANGUAGES)}")
    module = importlib.import_module(f".locale.{code}", __package__)
    return Catalogue(code, module.NAME, module.DIRECTION, module.MESSAGES, module.ENGINE)
