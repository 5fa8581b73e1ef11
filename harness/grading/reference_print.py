"""The fingerprint of a reference package: what its expected answers depend on besides the rubric.

Computed here only: the expected-values cache keys on it (:mod:`harness.grading.expected`, with the
probes and inputs), and so does each ``.complete`` marker (:mod:`harness.results.resume`), so a
change the cache sees is a change a resumed run sees. The standard library only, so that
:mod:`harness.results.unchanged` answers a re-run without loading the engine.
"""
from __future__ import annotations

import hashlib
import json
import platform
from pathlib import Path

# The libraries expected values depend on: a new version may answer differently.
VERSIONED = ("numpy", "tensorflow", "tensorflow-cpu", "keras", "scikit-learn", "gensim", "keras-tuner", "harness")


def reference_print(reference_dir: Path, setup: dict | None = None, versions: dict | None = None) -> str:
    """The reference's source files (names and bytes), the worker setup, Python and library versions.

    ``versions``: :func:`library_versions`, when the caller already has them.
    """
    digest = hashlib.sha256()
    for path in sorted(Path(reference_dir).rglob("*.py")):
        digest.update(str(path.relative_to(reference_dir)).encode() + b"\0" + path.read_bytes() + b"\0")
    versions = library_versions() if versions is None else versions
    digest.update(json.dumps({"setup": setup or {}, "python": platform.python_version(), **versions},
                             sort_keys=True).encode())
    return digest.hexdigest()


def library_versions() -> dict[str, str | None]:
    """The installed versions of :data:`VERSIONED`."""
    return {name: _version(name) for name in VERSIONED}


def _version(name: str) -> str | None:
    from importlib import metadata  # late: importing it costs more than the rest of a re-run

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None
