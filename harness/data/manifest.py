"""Pin the served subsets in the manifests: `python -m harness.data.manifest record NAME...`.

Run it once where the real files are (`--data-dir` or $HARNESS_DATA) to store each
real subset's indices and sha256, and after changing a fixture generator (bump the
manifest's "version" too) to refresh the fixture hashes. Commit the JSON it writes.
"""
from __future__ import annotations

import argparse

from harness.data import subsets
from harness.data.loading import DATASETS, SIZES, _load_vectors, select


def record(name: str, data_dir: str | None = None) -> list[str]:
    """Record every split and size of `name` from whatever source is found; lines to print."""
    if name == "word_vectors":
        return _record_vectors(data_dir)
    lines = []
    for split in subsets.manifest(name)["sizes"]:
        for size in SIZES:
            result, idx, sha = select(name, split, size, data_dir, verify=False)
            entry = {"sha256": sha}
            if result.source == "real":
                entry["indices"] = [int(i) for i in idx]
            subsets.write_entry(name, result.source, split, size, entry)
            lines.append(f"{result.subset_id}: {result.source}, {len(idx)} items")
    return lines


def _record_vectors(data_dir):
    lines = []
    for split in ("train", "glove", "word2vec"):
        for size in SIZES:
            result = _load_vectors(split, size, data_dir)
            sha = result.subset_id.rsplit("/", 1)[-1]
            full = _full_sha(result)
            subsets.write_entry("word_vectors", result.source, split, size, {"sha256": full})
            lines.append(f"{result.subset_id}: {result.source} ({sha})")
    return lines


def _full_sha(result):
    import numpy as np

    words = "\n".join(result.kv.index_to_key)
    return subsets.arrays_sha256(np.frombuffer(words.encode(), np.uint8), np.round(result.kv.vectors, 4))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m harness.data.manifest", description=__doc__)
    parser.add_argument("command", choices=["record"])
    parser.add_argument("names", nargs="*", help=f"datasets (default: all of {', '.join(DATASETS)})")
    parser.add_argument("--data-dir", default=None, help="folder with the real files")
    args = parser.parse_args(argv)
    for name in args.names or DATASETS:
        for line in record(name, args.data_dir):
            print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
