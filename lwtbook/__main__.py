"""Command line: ``python -m lwtbook validate [DIR]`` and ``python -m lwtbook catalog``."""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lwtbook",
                                     description="Tools for the Boeiend en bindend data package.")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("validate", help="validate a data-package folder (default: data/)")
    check.add_argument("folder", nargs="?", default=None)
    sub.add_parser("catalog", help="list every table and chart of the report")
    args = parser.parse_args(argv)
    from lwtbook.errors import DataError

    try:
        return _run(args)
    except DataError as error:  # no data package found, or damaged data for `catalog`
        for problem in error.problems:
            print(problem)
        print(f"{len(error.problems)} problem(s)", file=sys.stderr)
        return 1


def _run(args: argparse.Namespace) -> int:
    if args.command == "validate":
        from lwtbook.validate import find_problems

        problems = find_problems(args.folder)
        for problem in problems:
            print(problem)
        if problems:
            print(f"{len(problems)} problem(s)", file=sys.stderr)
            return 1
        print("data package is valid")
        return 0
    from lwtbook.data import catalog

    with __import__("pandas").option_context("display.width", 200, "display.max_rows", 200):
        print(catalog()[["id", "number", "section", "lines", "status"]].to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
