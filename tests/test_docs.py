"""The documents stay in step with the code: data/README.md lists exactly the schema's columns."""

import re
from pathlib import Path

import pytest

from lib import categories as cat
from lib.schema import COLUMN_NAMES, SPECS

ROOT = Path(__file__).resolve().parent.parent


# The data dictionary, in English (data/README.md) and in French (data/README.fr.md, what the French
# interface shows): both document the same contract.
DICTIONARIES = ("README.md", "README.fr.md")


def documented_columns(name: str = "README.md") -> list[str]:
    names = []
    for line in (ROOT / "data" / name).read_text(encoding="utf-8").splitlines():
        if line.startswith("| `"):
            names += re.findall(r"`([a-z_]+)`", line.split("|")[1])
    return names


@pytest.mark.parametrize("name", DICTIONARIES)
def test_data_dictionary_documents_every_column_once(name):
    assert sorted(documented_columns(name)) == sorted(COLUMN_NAMES)


def test_both_dictionaries_list_the_columns_in_the_same_order():
    assert documented_columns("README.md") == documented_columns("README.fr.md")


@pytest.mark.parametrize("name", DICTIONARIES)
def test_data_dictionary_lists_every_category_code(name):
    text = (ROOT / "data" / name).read_text(encoding="utf-8")
    for spec in SPECS.values():
        for code in spec.allowed:
            assert f"`{code}`" in text, f"{spec.name}: {code} is not documented"


def test_every_org_type_has_a_colour_and_french_label():
    assert set(cat.ORG_TYPE_COLOURS) == set(cat.ORG_TYPES)
    assert cat.label(cat.ORG_TYPES, "consultancy") == "Cabinet de conseil"


def test_readme_gives_the_two_commands_and_the_test_command_is_what_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make run" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
