"""Languages of the pages: ``catalogue("fa")`` gives the words, the direction and a translator.

The engine writes its messages in English; a catalogue may translate the commonest of
them exactly (``ENGINE``); any other message is shown as written, marked ``lang="en"``
so that a right-to-left page still lays it out left to right.
"""
from __future__ import annotations

import importlib
import os
from dataclasses import dataclass

from markupsafe import Markup, escape

LANGUAGES = ("en", "fa")
DEFAULT = "en"


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

    def engine_text(self, text: str) -> tuple[str, str]:
        """(text, lang) for a message the engine wrote in English."""
        translated = self.engine.get(text)
        return (translated, self.code) if translated else (text, "en")


def catalogue(code: str | None = None) -> Catalogue:
    code = code or os.environ.get("HARNESS_LANG") or DEFAULT
    if code not in LANGUAGES:
        raise UnknownLanguage(f"unknown language {code!r}; choose one of {', '.join(LANGUAGES)}")
    module = importlib.import_module(f".locale.{code}", __package__)
    return Catalogue(code, module.NAME, module.DIRECTION, module.MESSAGES, module.ENGINE)
