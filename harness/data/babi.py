"""bAbI task 1 (single supporting fact): parser, writer and a generator.

The generator follows bAbI's own world simulation for qa1: four actors move between
six places; every two moves a question "Where is X?" is asked about an actor whose
place is known, answered by that actor's last place, with the id of the sentence
that moved them there as the supporting fact. A story is 15 lines (10 moves, 5
questions), numbered from 1, in bAbI's text format (`3 Where is Mary? \tbathroom\t1`)
so keras's bAbI example parser reads it unchanged.
"""
from __future__ import annotations

import random
import re

ACTORS = ("Mary", "John", "Daniel", "Sandra")
PLACES = ("bathroom", "bedroom", "garden", "hallway", "kitchen", "office")
VERBS = ("moved to", "went to", "went back to", "journeyed to", "travelled to")


def tokenize(sentence: str) -> list[str]:
    """keras's bAbI example tokenizer: words and punctuation marks."""
    return [t.strip() for t in re.split(r"(\W+)", sentence) if t.strip()]


def split_stories(text: str) -> list[str]:
    """Whole stories (each starts at line id 1), each ending with a newline."""
    stories: list[list[str]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        if line.split(" ", 1)[0] == "1" or not stories:
            stories.append([])
        stories[-1].append(line)
    return ["\n".join(lines) + "\n" for lines in stories]


def parse(text: str) -> tuple[list, list]:
    """bAbI text -> (data, supporting); data[i] = (story tokens, question tokens, answer).

    As keras's `get_stories`: the story is every fact line before the question, in
    order, flattened; question lines are not part of later stories.
    """
    data, supporting, story = [], [], []
    for line in text.splitlines():
        if not line.strip():
            continue
        nid, rest = line.strip().split(" ", 1)
        if int(nid) == 1:
            story = []
        if "\t" in rest:
            question, answer, support = rest.split("\t")
            data.append(([t for sent in story for t in sent], tokenize(question), answer))
            supporting.append(tuple(int(s) for s in support.split()))
        else:
            story.append(tokenize(rest))
    return data, supporting


def generate_story(rng: random.Random, n_questions: int = 5) -> str:
    """One qa1 story: (two moves, one question) repeated, numbered from 1."""
    place: dict[str, tuple[str, int]] = {}  # actor -> (last place, line id of that move)
    lines, nid = [], 0
    for _ in range(n_questions):
        for _ in range(2):
            nid += 1
            actor = rng.choice(ACTORS)
            # An actor always moves somewhere new, as in bAbI's simulation.
            where = rng.choice([p for p in PLACES if p != place.get(actor, ("",))[0]])
            place[actor] = (where, nid)
            lines.append(f"{nid} {actor} {rng.choice(VERBS)} the {where}.")
        nid += 1
        asked = rng.choice(sorted(place))
        answer, support = place[asked]
        lines.append(f"{nid} Where is {asked}? \t{answer}\t{support}")
    return "\n".join(lines) + "\n"


def generate(n_stories: int, seed: int) -> str:
    """`n_stories` stories in bAbI's file format, the same for the same seed everywhere."""
    rng = random.Random(seed)
    return "".join(generate_story(rng) for _ in range(n_stories))
