"""The child process of tests/test_atomic_writes.py: ``python -m lib geocode --offline PATH``, forked from a
server that imported this module, so that the libraries, the gazetteer and the postcode base are loaded once
for every run instead of once a run."""

from __future__ import annotations

import os
import sys

from lib.__main__ import main
from lib.gazetteer import load_gazetteer
from lib.validation import _communes

load_gazetteer()
_communes()


def run_geocode(path: str) -> None:
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - the child ends with the command
    sys.exit(main(["geocode", "--offline", path]))
