"""Finding a prose answer for a question in a submission's markdown.

Answer cells tagged for a question win.  Otherwise the markdown is cut into sections at
lines that name a question: headings first (``## Q2``, ``### سوال ۲``, ``# ۲.``), and
only when a submission has no such heading, numbered lines (``۲)``, ``2.``, ``Q2:``).
"""
from __future__ import annotations

import re

from harness.intake.notebook import Source

PERSIAN_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
QUESTION_WORDS = r"(?:q|question|سوال|سؤال|پرسش|پاسخ\s+سوال|پاسخ\s+سؤال)"
HEADING = re.compile(rf"^\s*#+\s*(?:{QUESTION_WORDS})?\s*[.:\-]?\s*(\d+)\b", re.IGNORECASE)
NUMBERED = re.compile(rf"^\s*(?:(?:{QUESTION_WORDS})\s*(\d+)\b|(\d+)\s*[.)])", re.IGNORECASE)
# "پاسخ سوال اول" (answer to the first question): ordinal words become numbers.
ORDINALS = {"اول": 1, "یکم": 1, "دوم": 2, "سوم": 3, "چهارم": 4, "پنجم": 5, "ششم": 6, "هفتم": 7, "هشتم": 8,
            "نهم": 9, "دهم": 10}
ORDINAL = re.compile(rf"({QUESTION_WORDS})\s+({'|'.join(ORDINALS)})(?!\w)")
PLACEHOLDERS = ("your answer here", "پاسخ خود را اینجا بنویسید", "پاسخ خود را بنویسید", "todo", "...")


def extract_answers(source: Source, question_ids: list[str]) -> dict[str, dict]:
    """``{question id: {"answered": bool, "text": str}}`` for the given questions."""
    wanted = {_number(q): q for q in question_ids if _number(q) is not None}
    lines = [_normal(line) for line in "\n".join(source.markdown).splitlines()]
    marker = HEADING if any(HEADING.match(line) for line in lines) else NUMBERED
    sections: dict[str, list[str]] = {}
    current = None
    for line in lines:
        match = marker.match(line)
        if match:
            number = int(next(g for g in match.groups() if g))
            current = wanted.get(number)
            if current is not None:
                sections.setdefault(current, [])
                rest = line[match.end():].strip(" .:)-#")
                if rest and marker is NUMBERED:
                    sections[current].append(rest)
            continue
        if current is not None:
            sections[current].append(line)
    found = {}
    for qid in question_ids:
        text = source.answer_cells.get(qid)
        if text is None:
            text = "\n".join(sections.get(qid, [])).strip()
        found[qid] = {"answered": is_answered(text), "text": text.strip()[:20_000]}
    return found


def _normal(line: str) -> str:
    line = line.translate(PERSIAN_DIGITS)
    return ORDINAL.sub(lambda m: f"{m.group(1)} {ORDINALS[m.group(2)]}", line)


def is_answered(text: str) -> bool:
    stripped = re.sub(r"[\s#*_>`-]+", " ", text).strip().lower()
    return bool(stripped) and stripped not in PLACEHOLDERS


def _number(question_id: str) -> int | None:
    match = re.search(r"\d+", question_id)
    return int(match.group()) if match else None
