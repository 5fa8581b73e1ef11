"""``harness`` on the command line: a thin layer over :mod:`harness.api`.

The engine (:mod:`harness.api` and all it imports) loads only when a verb needs it: a
re-run of ``harness grade`` over an unchanged class is answered by :mod:`harness.results.unchanged`
in a fraction of the time the imports alone would take.
"""
from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Sequence

from harness import defaults
from harness.defaults import DEFAULT_OUT
from harness.results import unchanged
from harness.results.store import default_check_out, export_file, manual_sheet


class _Later(Sequence):
    """A list of choices read from its module only when argparse looks at it (a value given, --help);
    the arguments that use one name a ``metavar``, else argparse would list the choices while building."""

    def __init__(self, module: str, name: str):
        self.module, self.name, self.items = module, name, None

    def _load(self) -> tuple:
        if self.items is None:
            import importlib

            self.items = tuple(getattr(importlib.import_module(self.module, __package__), self.name))
        return self.items

    def __getitem__(self, index):
        return self._load()[index]

    def __len__(self) -> int:
        return len(self._load())


FORMATS = _Later(".render.exports", "FORMATS")
LANGUAGES = _Later(".render.i18n", "LANGUAGES")


class _Parser(argparse.ArgumentParser):
    """argparse, saying an option's error once: "--jobs must be ...", not "argument --jobs: --jobs must ..."."""

    def error(self, message: str):
        found = re.match(r"argument (\S+?)(?:/\S+)?: (.*)$", message)
        if found and found.group(2).startswith(found.group(1) + " "):
            message = found.group(2)
        super().error(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="harness", description="Grade Keras/TensorFlow course submissions.")
    parser.add_argument("--version", action="version", version=f"harness {version()}")
    parser.add_argument("--course", default=None,
                        help="course folder holding rubrics/ and reference/ (default: the current folder, "
                             "$HARNESS_COURSE, or the harness checkout)")
    verbs = parser.add_subparsers(dest="verb", required=True, metavar="VERB")
    language = argparse.ArgumentParser(add_help=False)
    language.add_argument("--lang", choices=LANGUAGES, default=None, metavar="LANG",
                          help="language of the feedback pages: %(choices)s (default: $HARNESS_LANG or en)")

    grade = verbs.add_parser("grade", parents=[language], help="grade a class folder, a student folder or one file")
    grade.add_argument("path", help="class folder (<student>/<assignment>.ipynb), student folder, or file")
    grade.add_argument("--assignment", help="grade every file as this assignment instead of inferring it")
    grade.add_argument("--out", default=DEFAULT_OUT, help="output folder (default: %(default)s)")
    grade.add_argument("--jobs", type=_whole("--jobs"), default=None,
                       help="submissions graded at once (default: the number of cores)")
    _add_data_options(grade)
    grade.add_argument("--executor", choices=defaults.EXECUTORS, default=defaults.EXECUTOR,
                       help="where gradings run: threads here, or a Dask cluster (default: %(default)s)")
    grade.add_argument("--scheduler", default=None,
                       help="the Dask scheduler's address for --executor dask, e.g. tcp://10.0.0.5:8786")
    grade.add_argument("--force", action="store_true",
                       help="grade every submission again, even those an earlier run finished")
    grade.add_argument("--private", action="store_true", default=None,
                       help="write every output file readable by you alone (0600, folders 0700); "
                            "default: others may read pages and the gradebook ($HARNESS_PRIVATE=1 too)")

    check = verbs.add_parser("check", parents=[language], help="check your own file against the public checks")
    check.add_argument("file", help="your notebook or module")
    check.add_argument("--assignment", help="the assignment, when the file name does not say it")
    check.add_argument("--out", default=None,
                       help="where to write the feedback page (default: %s)" % default_check_out("FILE's folder/<file name>.ipynb"))
    check.add_argument("--force", action="store_true",
                       help="run the checks again even when the file has not changed since the last check")
    check.add_argument("--full", action="store_true",
                       help="also run the checks that train a model (they otherwise run only at grading time)")
    _add_data_options(check)

    listing = verbs.add_parser("list", help="list assignments, questions and points")
    listing.add_argument("--kinds", action="store_true", help="list the check kinds a rubric may use, with their options")
    _add_export_verbs(verbs, language)

    release = verbs.add_parser("release", help="write the student template of an assignment")
    release.add_argument("assignment", help="assignment id, as the rubric's file name (rubrics/<id>.toml)")
    release.add_argument("--out", default=defaults.TEMPLATES_OUT, help="folder for <assignment>.ipynb (default: %(default)s)")
    release.add_argument("--lang", choices=defaults.TEMPLATE_LANGUAGES, default=defaults.TEMPLATE_LANGUAGE,
                         help="language of the prompts (default: %(default)s)")

    validate = verbs.add_parser("validate", help="prove each rubric against its reference, template and mistakes")
    validate.add_argument("assignment", nargs="?", help="one assignment (default: all)")
    validate.add_argument("--mutants", action="store_true", help="also grade mutants of the reference functions")
    validate.add_argument("--jobs", type=_whole("--jobs"), default=None,
                          help="workers at once (default: the number of cores)")
    validate.add_argument("--max-mutants", type=_whole("--max-mutants"), default=defaults.MUTANTS_PER_FUNCTION,
                          help="mutants per function (default: %(default)s)")
    validate.add_argument("--min-score", type=_fraction, default=defaults.MIN_MUTATION_SCORE,
                          help="lowest mutation score that passes (default: %(default)s)")
    validate.add_argument("--device", choices=defaults.DEVICES, default=defaults.DEVICE,
                          help="where TensorFlow runs in workers (default: %(default)s)")
    validate.add_argument("--calibrate", nargs="?", const="*", default=None, metavar="ID",
                          help="instead of the conformance suite, train each training check's right models (reference, "
                               "fair answers) and known mistakes over several seeds and print the margin; ID: <id>, "
                               "<id>@Q2 or <id>@Q2.25 (default: every training check of the assignments validated)")
    validate.add_argument("--seeds", type=_whole("--seeds"), default=defaults.CALIBRATION_SEEDS,
                          help="seeds per model with --calibrate (default: %(default)s)")
    validate.add_argument("--write", action="store_true",
                          help="with --calibrate: write each bar that has a margin into its rubric, with the numbers")
    return parser


def _add_data_options(verb: argparse.ArgumentParser) -> None:
    verb.add_argument("--device", choices=defaults.DEVICES, default=defaults.DEVICE,
                      help="where TensorFlow runs in workers; auto: a GPU when one is visible (default: %(default)s)")
    verb.add_argument("--data-dir", default=None,
                      help="folder with the real datasets (else $HARNESS_DATA, else ~/.keras/datasets; "
                           "without them the harness grades on its offline fixtures and says so)")


def _add_export_verbs(verbs, language: argparse.ArgumentParser) -> None:
    export = verbs.add_parser("export", help="write the graded results as a CSV that Canvas or Moodle imports")
    export.add_argument("--format", dest="fmt", choices=FORMATS, required=True, metavar="FORMAT",
                        help="the learning platform: %(choices)s")
    export.add_argument("--out", default=DEFAULT_OUT, help="the graded output folder (default: %(default)s)")
    export.add_argument("--to", default=None, help=f"the CSV to write (default: {export_file('OUT', '<format>')})")

    manual = verbs.add_parser("manual", help="grade prose answers by hand: export a sheet, import it back")
    steps = manual.add_subparsers(dest="step", required=True, metavar="STEP")
    sheet_out = steps.add_parser("export", help="write a sheet (CSV) with every prose answer")
    sheet_out.add_argument("--out", default=DEFAULT_OUT, help="the graded output folder (default: %(default)s)")
    sheet_out.add_argument("--to", default=None, help=f"the sheet to write (default: {manual_sheet('OUT')})")
    sheet_in = steps.add_parser("import", parents=[language], help="merge a graded sheet's points and comments")
    sheet_in.add_argument("sheet", help="the sheet, with 'points' (and 'comment') filled in")
    sheet_in.add_argument("--out", default=DEFAULT_OUT, help="the graded output folder (default: %(default)s)")


def _whole(option: str):
    """A type for argparse that names the option and the value in plain words when it is not a count."""
    def whole(text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            value = 0
        if value < 1:
            raise argparse.ArgumentTypeError(f"{option} must be a whole number of at least 1, not {text!r}")
        return value

    whole.__name__ = option  # what argparse names when it reports the error itself
    return whole


def _fraction(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"--min-score must be a number from 0 to 1, not {text!r}")
    return value


def version() -> str:
    """The installed distribution's version; the source tree's when run from a checkout."""
    from importlib import metadata

    try:
        return metadata.version("harness")
    except metadata.PackageNotFoundError:
        from harness import __version__

        return __version__


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "private", None):
        os.environ["HARNESS_PRIVATE"] = "1"  # read where each output file is written (results/store.py)
    try:
        if args.verb == "check":
            return _check(args)
        return _unchanged_class(args) if _may_be_unchanged(args) else _run(args)
    except KeyboardInterrupt:
        print("harness: interrupted; results written so far are kept", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `harness list | head`: the reader left; say nothing more (Python's own recipe).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


def _may_be_unchanged(args) -> bool:
    return args.verb == "grade" and not args.force


def _unchanged_class(args) -> int:
    """The re-run of a class that has not changed since the last run, else the run itself."""
    lines = unchanged.replay(path=args.path, assignment=args.assignment, out=args.out, device=args.device,
                             data_dir=args.data_dir, course=args.course, lang=args.lang)
    if lines is None:
        return _run(args)
    print("\n".join(lines))
    return 0


def _check(args) -> int:
    """A student's check: the first line before the engine loads (it takes seconds), and the last
    check's lines again when nothing it depends on changed."""
    start = _check_start(args)
    if start is not None:
        line, replay = start
        print(line, flush=True)
        if replay is not None:
            print("\n".join(replay), flush=True)
            return 0
    return _run(args, announced=start is not None)


def _check_start(args) -> tuple[str, list[str] | None] | None:
    """(the first line, the last check's lines when nothing changed); None when the file, the course or
    the assignment is not what it should be: the engine's path then says why (a usage error)."""
    from pathlib import Path

    from harness.intake.discover import DiscoveryError, discover
    from harness.render import check_report
    from harness.spec.course import CourseError, find_course

    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib

    target = Path(args.file)
    try:
        course = find_course(args.course)
        found = discover(target, course.assignment_ids(), args.assignment)
        if not target.is_file() or not found or found[0].assignment is None or not _readable(target):
            return None
        rubric_path = course.rubric_dir / f"{found[0].assignment}.toml"
        data = tomllib.loads(rubric_path.read_text(encoding="utf-8"))
        outline = check_report.Outline.of_toml(data)
        reference_dir = course.root.joinpath(*str(data["reference"]).split("."))
        words = check_report.engine(args.lang)
    except (CourseError, DiscoveryError, OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # the engine's path says what is wrong, as a usage error
    deferred = () if args.full else outline.defers
    line = "\n".join(check_report.start_lines(words, target.name, outline, deferred))
    if args.force:
        return line, None
    out = Path(args.out or default_check_out(target))
    options = unchanged.check_options(lang=args.lang, device=args.device, data_dir=args.data_dir, full=args.full)
    lines = unchanged.replay_check(target, out, course.root, rubric_path, reference_dir, options)
    if lines is not None:
        lines = [*lines, check_report.text(words, "check.unchanged")]
    return line, lines


def _readable(target) -> bool:
    """Whether a notebook is JSON at all: an unreadable one gets one message (from the engine), no first
    line counting checks it cannot run."""
    if target.suffix != ".ipynb":
        return True
    import json

    try:
        json.loads(target.read_bytes().decode("utf-8-sig"))
        return True
    except (OSError, ValueError):
        return False


def _run(args, announced: bool = False) -> int:
    from harness import api

    try:
        if args.verb == "grade":
            api.grade(path=args.path, assignment=args.assignment, out=args.out, jobs=args.jobs,
                      device=args.device, data_dir=args.data_dir, course=args.course, force=args.force,
                      lang=args.lang, executor=args.executor, scheduler=args.scheduler)
        elif args.verb == "check":
            api.check(file=args.file, assignment=args.assignment, out=args.out, course=args.course,
                      device=args.device, data_dir=args.data_dir, lang=args.lang, full=args.full,
                      announced=announced)
        elif args.verb == "list":
            if args.kinds:
                api.list_kinds()
            else:
                api.list_assignments(course=args.course)
        elif args.verb == "export":
            api.export(fmt=args.fmt, out=args.out, to=args.to)
        elif args.verb == "manual" and args.step == "export":
            api.manual_export(out=args.out, to=args.to)
        elif args.verb == "manual":
            report = api.manual_import(sheet=args.sheet, out=args.out, lang=args.lang)
            return 1 if report.problems else 0
        elif args.verb == "release":
            api.release(assignment=args.assignment, out=args.out, lang=args.lang, course=args.course)
        elif args.verb == "validate":
            ok = api.validate(assignment=args.assignment, mutants=args.mutants, jobs=args.jobs, cap=args.max_mutants,
                              min_score=args.min_score, device=args.device, course=args.course,
                              calibrate=args.calibrate, seeds=args.seeds, write=args.write)
            return 0 if ok else 1
    except api.UsageError as exc:
        print(f"harness: error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
