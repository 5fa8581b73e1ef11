"""The shell lines of a Colab notebook that fetch a course dataset, served instead of run.

``!wget .../babi-tasks-v1-2.tar.gz``, ``!gdown --id ... -O fer2013.zip``, ``!unzip fer2013.zip``,
``!tar -xzf tasks_1-20_v1-2.tar.gz``: the grader never runs a shell line (each becomes
``pass``), but a line that names one of the course's dataset files (:mod:`harness.data.files`)
is replaced by a call to :func:`run`, which writes what the command would have left on
disk from the fixed subsets.  :func:`recognised` is pure (the grader calls it while reading
the notebook); :func:`run` runs in the worker.
"""
from __future__ import annotations

import shlex
from pathlib import Path
from urllib.parse import urlparse

from harness.data import files

FETCHERS = ("wget", "curl", "gdown")
UNPACKERS = ("unzip", "tar")
_notes: dict[str, str] = {}


def recognised(line: str) -> bool:
    """Whether the shell line (without its ``!``) fetches or unpacks a known course dataset file."""
    return _plan(line) is not None


def run(line: str) -> None:
    """Leave on disk what the line would have, from the fixed subsets (the worker side)."""
    from harness.data import colab_paths

    plan = _plan(line)
    if plan is None:
        return
    action, name, where = plan
    size, data_dir = colab_paths.settings()
    target = Path(colab_paths.local(str(where), serve=False))
    with colab_paths.writing():
        if action == "fetch":
            ids = files.write(name, target, size, data_dir)
        else:
            ids = files.extract(name, target, size, data_dir)
    colab_paths.note(f"shell:{line[:60]}", f"`!{line.strip()[:80]}` was not run; its {name} was written "
                     f"from the fixed subsets ({', '.join(ids)})")


def _plan(line: str):
    """("fetch", name, path) or ("unpack", archive name, folder), or None."""
    text = line.strip().lstrip("!").strip()
    if any(op in text for op in ("&&", "||", ";", "|", "$(", "`", ">")):
        return None  # one command only: anything composed is not ours to imitate
    try:
        words = shlex.split(text)
    except ValueError:
        return None
    if not words or words[0] not in FETCHERS + UNPACKERS:
        return None
    command, args = words[0], words[1:]
    if command in FETCHERS:
        return _fetch(command, args)
    return _unpack(command, args)


def _fetch(command: str, args: list[str]):
    output = _option(args, ("-O", "--output-document", "--output") if command != "curl" else ("-o", "--output"))
    folder = _option(args, ("-P", "--directory-prefix")) or "."
    urls = [a for a in args if not a.startswith("-") and a not in (output, folder)]
    name = Path(output).name if output else (Path(urlparse(urls[-1]).path).name if urls else "")
    if command == "gdown" and not output:
        return None  # a Drive id says nothing of the file it names
    if not name or not files.known(name) or Path(name).suffix == "":
        return None
    path = output if output else str(Path(folder) / name)
    return "fetch", name, path


def _unpack(command: str, args: list[str]):
    folder = _option(args, ("-d",) if command == "unzip" else ("-C", "--directory")) or "."
    if command == "tar" and not any(a.startswith("-") and "x" in a for a in args) and "--extract" not in args:
        return None
    archives = [a for a in args if not a.startswith("-") and a != folder and files.is_archive(Path(a).name)]
    if len(archives) != 1:
        return None
    return "unpack", Path(archives[0]).name, folder


def _option(args: list[str], names) -> str | None:
    for i, arg in enumerate(args):
        if arg in names and i + 1 < len(args):
            return args[i + 1]
        for name in names:
            if name.startswith("--") and arg.startswith(name + "="):
                return arg.split("=", 1)[1]
    return None
