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


# --- README, « Sécurité »: the limits it states are those lib/limits.py enforces -------------------

def security_section() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("## Sécurité")
    end = readme.index("\n## ", start + 1)
    return readme[start:end]


def _thousands(number: int) -> str:
    return f"{number:,}"


def _mb(nbytes: int) -> str:
    return f"{nbytes // (1024 * 1024)} MB"


def test_security_section_states_every_limit_from_its_constant():
    from lib import limits

    rate = limits.GEOCODER_MIN_DELAY_SECONDS
    expected = {
        "Upload size": f"{limits.MAX_FILE_MB} MB per file",
        "Total upload budget": f"{limits.UPLOAD_BUDGET_MB} MB for all sessions together (environment variable "
                               f"`{limits.UPLOAD_BUDGET_ENV}`)",
        "Paste size": f"{_thousands(limits.MAX_POSTING_CHARS)} characters per posting",
        "Geocoder rate": ("one request per second" if rate == 1 else f"one request every {rate:g} seconds")
                         + " per service, for the whole server",
        "Header line": f"{_thousands(limits.MAX_HEADER_CHARS)} characters",
        "One record": _mb(limits.MAX_RECORD_BYTES),
        "Geocoder failures": f"not asked again for {limits.GEOCODER_FAILURE_TTL_SECONDS / 60:g} minutes",
        "Geocoder cache": f"{_thousands(limits.GEOCODER_CACHE_MAX_ENTRIES)} answers, "
                          f"{_mb(limits.GEOCODER_CACHE_MAX_BYTES)} on disk",
        "Place typed for a geocoder": f"{limits.GEOCODER_QUERY_MAX_CHARS} characters",
    }
    rows = {}
    for line in security_section().splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if line.startswith("| ") and len(cells) == 3:
            rows[cells[0]] = cells[1]
    for name, value in expected.items():
        assert name in rows, f"the « Sécurité » table has no row {name!r}"
        assert rows[name].startswith(value), f"{name}: README says {rows[name]!r}, lib/limits.py {value!r}"


def test_streamlit_upload_limit_is_the_loaders():
    from lib.limits import MAX_FILE_MB

    config = (ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert re.search(rf"^maxUploadSize = {MAX_FILE_MB}$", config, re.MULTILINE)
