"""hw13 arguments: bAbI stories with the word index keras's memory-network example builds."""
from __future__ import annotations


def babi_vocabulary(limit: int | None = None) -> dict:
    """word -> index from 1 (0 pads), over the train and test stories, sorted as keras's example does."""
    from harness.worker.builders.served_data import stories

    words = set()
    for split in ("train", "test"):
        for story, query, answer in stories(split, limit):
            words.update(story, query, [answer])
    return {word: i + 1 for i, word in enumerate(sorted(words))}


BUILDERS = {"babi_vocabulary": babi_vocabulary}
