"""One answer per check from an assignment handed in as several programs (one run per file).

A check's answer is taken from the file that defines its target; when several do, from the
one whose answers came back without error (then the first of them, in file order), and the
feedback says which file was used and why.  Prose answers are taken from the first file that
holds one.
"""
from __future__ import annotations

from dataclasses import dataclass

from harness.grading.review import Run
from harness.intake.prose import extract_answers


@dataclass(frozen=True)
class Choice:
    index: int  # into the runs
    all_missing: bool  # no file defines the target (under any name the rubric knows)
    note: str = ""  # said when several files define the target


def main_probe_ids(pc) -> list[str]:
    own = [p for p in pc.probes if p.target == pc.check.target and p.discover is None]
    return [pc.probe_id(p.id) for p in own or pc.probes]


def choose(pc, runs: list[Run]) -> Choice:
    if len(runs) == 1 or not pc.check.target:
        answers = [runs[0].record.answers.get(i) for i in main_probe_ids(pc)] if pc.check.target else []
        return Choice(0, bool(answers) and all(_missing(a) for a in answers))
    ids = main_probe_ids(pc)
    defining, ok = [], {}
    for i, run in enumerate(runs):
        answers = [run.record.answers.get(probe) for probe in ids]
        if not all(_missing(a) for a in answers):
            defining.append(i)
            ok[i] = sum(1 for a in answers if a is not None and a.ok)
    if not defining:
        return Choice(0, True)
    best = max(defining, key=lambda i: (ok[i], -i))
    note = ""
    if len(defining) > 1:
        names = ", ".join(runs[i].name for i in defining)
        why = ("its answers came without error" if ok[best] > min(ok[i] for i in defining)
               else "the first of them, in file order")
        note = (f"{pc.question.id} `{pc.check.target}` is defined in {names}; the answer from "
                f"{runs[best].name} was used ({why}).")
    return Choice(best, False, note)


def _missing(answer) -> bool:
    return answer is None or (answer.error is not None and answer.error.kind == "missing")


def merged_prose(sources, question_ids: list[str]) -> dict:
    """Each question's prose from the first file that answers it (the first file's, when none does)."""
    merged: dict = {}
    for source in sources:
        for qid, found in extract_answers(source, question_ids).items():
            if qid not in merged or (found["answered"] and not merged[qid]["answered"]):
                merged[qid] = found
    return merged
