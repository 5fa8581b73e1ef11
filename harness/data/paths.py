"""Where real data files are looked for, and where generated fixtures are cached."""
from __future__ import annotations

import os
from pathlib import Path


def data_dirs(data_dir: str | os.PathLike | None = None) -> list[Path]:
    """Directories searched for real files, in order: explicit, $HARNESS_DATA, keras's cache."""
    candidates = [data_dir, os.environ.get("HARNESS_DATA")]
    keras_home = os.environ.get("KERAS_HOME") or Path.home() / ".keras"
    candidates.append(Path(keras_home) / "datasets")
    return [Path(c).expanduser() for c in candidates if c]


def find_file(relative_paths: list[str], data_dir=None) -> Path | None:
    """The first existing `<dir>/<relative>` over the search dirs (dirs outermost)."""
    for root in data_dirs(data_dir):
        for rel in relative_paths:
            path = root / rel
            if path.exists():
                return path
    return None


def cache_dir() -> Path:
    """Fixture cache: $HARNESS_DATA_CACHE, else $XDG_CACHE_HOME/harness/data, else ~/.cache/harness/data."""
    explicit = os.environ.get("HARNESS_DATA_CACHE")
    if explicit:
        path = Path(explicit)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
        path = Path(xdg) / "harness" / "data"
    path.mkdir(parents=True, exist_ok=True)
    return path
