"""The typed objects `harness.data.load` returns, and its errors."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np


class DataError(RuntimeError):
    """A dataset cannot be served (unknown name, unreadable file, bad split)."""


class SubsetMismatchError(DataError):
    """The served arrays differ from the sha256 recorded in the repository's manifest.

    Raised when a real data file was changed (re-downloaded from another mirror,
    truncated, edited) so that the fixed subset is no longer the one every other
    machine grades on.
    """


@dataclass(frozen=True)
class Dataset:
    """Arrays with the dtypes and shapes of the dataset's keras API (`load_data`)."""

    x: np.ndarray
    y: np.ndarray
    name: str
    subset_id: str  # "<name>/<split>/<size>-v<version>/<sha12>"
    source: str  # "real" or "fixture"
    note: str  # one sentence for the feedback

    def __len__(self) -> int:
        return len(self.y)


@dataclass(frozen=True)
class Stories:
    """bAbI question-answer samples, as keras's bAbI example parses them.

    `data[i]` is `(story_tokens, question_tokens, answer)` where the story is every
    fact before the question flattened into one token list (keras `get_stories`);
    `supporting[i]` holds the 1-based line ids of the facts that answer it; `text`
    is the served subset in bAbI's own text format, so a student's parser reads it.
    """

    data: list[tuple[list[str], list[str], str]]
    supporting: list[tuple[int, ...]]
    text: str
    name: str
    subset_id: str
    source: str
    note: str

    def __len__(self) -> int:
        return len(self.data)


@dataclass(frozen=True)
class WordVectors:
    """Word vectors as a gensim `KeyedVectors` (`kv.most_similar`, `kv["word"]`)."""

    kv: Any
    name: str
    subset_id: str
    source: str
    note: str
    extra: dict = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.kv.index_to_key)
