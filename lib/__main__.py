"""Command line: ``python -m lib validate|geocode|build-gazetteer ...``."""

from __future__ import annotations

import argparse
import sys

from lib import cli


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lib", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    for register in cli.COMMANDS:
        register(commands)
    args = parser.parse_args(argv)
    return int(args.run(args) or 0)


if __name__ == "__main__":
    sys.stdout.reconfigure(encoding="utf-8")  # French messages on any terminal
    sys.exit(main())
