"""How well ``lib.extract`` proposes an offer's fields: per field and overall.

Measures, printed separately:

- **seed offers**: every offer of ``../shared/seeds/`` (the compilation ``001_…`` is cut at the
  heading lines that the ``source`` column of ``data/offers.csv`` names), compared with its
  curated row;
- **a folder of postings** (``--set NAME``: ``benchmarks/NAME/`` or a path): each ``.txt`` with its
  expected fields in a sibling ``.json`` (contract v2 names; ``null`` = not stated; the keys
  ``notes``, ``source_url`` and ``complete`` are ignored). Without ``--set``: ``heldout`` (the old,
  self-written set) and ``devset`` (real postings, tuned on). A held-out set of real postings is run
  only by the lead; the retired ones (``heldout_external``, ``heldout_external2``, ``heldout_external3``,
  ``heldout_external4``) are development material;
- **the digest split**: seed ``001_…`` given whole to ``lib.ingest.propose_offers`` must give its
  24 offers, each at the heading line ``data/offers.csv`` names, and nothing else.

What counts as right:

- codes, numbers, months and dates: equal (numbers to 0.01); two empty values are equal, so
  saying nothing where the offer says nothing counts as right, and a value where the dataset
  has none counts as wrong;
- lists of codes (perks, level, themes): the same set;
- city: equal once case, accents, hyphens and spaces are set aside;
- organisation and title: after the same normalisation, at least ``TEXT_SIMILARITY`` (80 %)
  of the shorter one's words (stop words aside) are in the other, or their similarity
  (difflib ratio) is at least ``TEXT_SIMILARITY``.

Run from the project's root: ``python -m benchmarks.extraction [--set NAME] [--details]``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

import pandas as pd

from lib.extract import proposed_row

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
OFFERS_CSV = ROOT / "data" / "offers.csv"
BENCHMARKS = Path(__file__).resolve().parent
HELDOUT = BENCHMARKS / "heldout"
DEFAULT_SETS = ("heldout", "devset")
DIGEST = "001_2e1128ab0c5aeda3.txt"
IGNORED_KEYS = {"notes", "source_url", "complete"}

TEXT_SIMILARITY = 0.8
FUZZY_FIELDS = ("organisation", "title")
CITY_FIELDS = ("city",)
SET_FIELDS = ("perks", "level", "themes")
NUMBER_FIELDS = ("stipend_amount_eur", "hours_per_week_min", "hours_per_week_max", "duration_min_months",
                 "duration_max_months", "year")
COMPARED = (
    "organisation", "title", "org_type", "contract", "city", "postcode",
    "stipend_basis", "stipend_amount_eur", "stipend_period", "hours_per_week_min", "hours_per_week_max",
    "duration_min_months", "duration_max_months", "start_earliest", "application_deadline", "year",
    "remote", "driving_licence", "evening_weekend_work", "perks", "level", "themes",
)


@dataclass(frozen=True)
class Case:
    """One offer's text and the fields it should give."""

    name: str
    text: str
    expected: Mapping[str, object]
    complete: bool = False  # the whole posting, not an excerpt of it (held-out sets say so)


# --- building the cases ------------------------------------------------------------------------

def seed_cases(seeds: Path = SEEDS, offers_csv: Path = OFFERS_CSV) -> list[Case]:
    """Every seed offer with its curated row (an offer posted twice is checked twice)."""
    offers = pd.read_csv(offers_csv, dtype=str, keep_default_na=False)
    wanted: dict[str, list[tuple[str, dict]]] = {}
    for row in offers.to_dict("records"):
        for file_name, heading in _sources(row["source"]):
            wanted.setdefault(file_name, []).append((heading, row))
    cases: list[Case] = []
    for file_name, entries in sorted(wanted.items()):
        text = (seeds / file_name).read_text(encoding="utf-8")
        for (heading, row), offer_text in zip(entries, cut_offers(text, [h for h, _ in entries]), strict=True):
            cases.append(Case(f"{file_name[:3]}: {heading[:60]}", offer_text, v2_names(row)))
    return cases


def v2_names(expected: Mapping[str, object]) -> dict[str, object]:
    """Expected fields in contract v2's names: an old ``hours_per_week`` fills both bounds (as the
    contract loads old files)."""
    out = {k: v for k, v in expected.items() if k not in IGNORED_KEYS}
    if "hours_per_week" in out:
        old = out.pop("hours_per_week")
        out.setdefault("hours_per_week_min", old)
        out.setdefault("hours_per_week_max", old)
    return out


def _sources(source: str) -> list[tuple[str, str]]:
    """("001_….txt", heading) pairs of a ``source`` cell: "file: heading | file: heading"."""
    pairs = []
    for part in source.split(" | "):
        file_name, _, heading = part.partition(": ")
        if file_name.endswith(".txt"):
            pairs.append((file_name.strip(), heading.strip()))
    return pairs


def cut_offers(text: str, headings: list[str]) -> list[str]:
    """The text of each offer, in the order of ``headings``: from its heading line to the next
    offer's. A file holding one offer is taken whole (its heading may be a banner)."""
    if len(headings) == 1:
        return [text]
    starts = []
    for heading in headings:
        position = _find_heading(text, heading)
        if position is None:
            raise ValueError(f"heading not found in the seed: {heading!r}")
        starts.append(position)
    bounds = [*sorted(set(starts)), len(text)]
    return [text[s:bounds[bounds.index(s) + 1]] for s in starts]


def _find_heading(text: str, heading: str) -> int | None:
    for match in re.finditer(r"[^\n]+", text):
        if _normalise(match.group(0)) == _normalise(heading):
            return match.start()
    return None


def folder_cases(folder: Path = HELDOUT) -> list[Case]:
    """The .txt postings of a folder, each with the fields of its sibling .json."""
    cases = []
    for path in sorted(folder.glob("*.txt")):
        expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        cases.append(Case(path.stem, path.read_text(encoding="utf-8"), v2_names(expected),
                          complete=bool(expected.get("complete"))))
    return cases


heldout_cases = folder_cases


def set_folder(name: str) -> Path:
    """``benchmarks/NAME`` for a set's name, else the path as given."""
    folder = BENCHMARKS / name
    return folder if folder.is_dir() else Path(name)


@dataclass
class Split:
    """How seed 001 was cut: offers found, offers expected, and the expected headings missed."""

    found: int
    expected: int
    missed: list[str]
    extra: list[str]

    @property
    def ok(self) -> bool:
        return self.found == self.expected and not self.missed and not self.extra


def digest_split(seeds: Path = SEEDS, offers_csv: Path = OFFERS_CSV) -> Split:
    """Seed 001 given whole to the ingest: its offers, at the heading lines the data file names."""
    from lib.ingest import propose_offers

    offers = pd.read_csv(offers_csv, dtype=str, keep_default_na=False)
    headings = [h for source in offers["source"] for f, h in _sources(source) if f == DIGEST]
    proposals = propose_offers((seeds / DIGEST).read_text(encoding="utf-8"), DIGEST)
    found = [p.source.partition(": ")[2] for p in proposals]
    wanted = {_normalise(h) for h in headings}
    got = {_normalise(h) for h in found}
    return Split(len(found), len(headings), [h for h in headings if _normalise(h) not in got],
                 [h for h in found if _normalise(h) not in wanted])


# --- comparing -----------------------------------------------------------------------------------

def _normalise(value: object) -> str:
    text = re.sub(r"[^\w]+", " ", str(value).lower())
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(text.replace("_", " ").split())


_STOPWORDS = {"de", "du", "des", "la", "le", "les", "l", "d", "et", "en", "a", "au", "aux", "e", "un", "une"}


def _token_containment(a: str, b: str) -> float:
    """Share of the shorter text's words (stop words aside) found in the longer one."""
    words_a, words_b = set(a.split()) - _STOPWORDS, set(b.split()) - _STOPWORDS
    smaller, larger = sorted((words_a, words_b), key=len)
    return len(smaller & larger) / len(smaller) if smaller else 0.0


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, float) and pd.isna(value)) or (
        isinstance(value, str | list | tuple | set) and len(value) == 0)


def _codes(value: object) -> frozenset[str]:
    if _empty(value):
        return frozenset()
    items = value if isinstance(value, list | tuple | set) else str(value).split(";")
    return frozenset(str(i).strip() for i in items if str(i).strip())


def is_right(name: str, got: object, expected: object) -> bool:
    """Whether a proposed value counts as right (see the module's docstring)."""
    if name in SET_FIELDS:
        return _codes(got) == _codes(expected)
    if _empty(got) or _empty(expected):
        return _empty(got) and _empty(expected)
    if name in NUMBER_FIELDS:
        return abs(float(got) - float(expected)) < 0.01
    if name in CITY_FIELDS:
        return _normalise(got) == _normalise(expected)
    if name in FUZZY_FIELDS:
        a, b = _normalise(got), _normalise(expected)
        return (_token_containment(a, b) >= TEXT_SIMILARITY
                or SequenceMatcher(None, a, b).ratio() >= TEXT_SIMILARITY)
    return str(got).strip() == str(expected).strip()


@dataclass
class Score:
    """Right answers per field over a set of cases, and the misses to look at."""

    right: dict[str, int]
    total: dict[str, int]
    misses: list[tuple[str, str, object, object]]
    # Fields the posting states (a value is expected): finding « nothing » right is easy, these are not.
    stated_right: int = 0
    stated_total: int = 0

    @property
    def overall(self) -> float:
        return sum(self.right.values()) / max(1, sum(self.total.values()))

    def field(self, name: str) -> float:
        return self.right[name] / max(1, self.total[name])


def score(cases: Iterable[Case]) -> Score:
    right = dict.fromkeys(COMPARED, 0)
    total = dict.fromkeys(COMPARED, 0)
    misses = []
    stated_right = stated_total = 0
    for case in cases:
        row = v2_names(proposed_row(case.text))
        for name in COMPARED:
            expected = case.expected.get(name)
            expected = None if expected == "" else expected
            total[name] += 1
            good = is_right(name, row.get(name), expected)
            if not _empty(expected):
                stated_total += 1
                stated_right += good
            if good:
                right[name] += 1
            else:
                misses.append((case.name, name, row.get(name), expected))
    return Score(right, total, misses, stated_right, stated_total)


def report(title: str, result: Score, details: bool) -> str:
    lines = [f"## {title}", "", f"{'field':<24}{'right':>8}{'accuracy':>10}"]
    for name in COMPARED:
        lines.append(f"{name:<24}{result.right[name]:>4}/{result.total[name]:<3}{result.field(name):>10.0%}")
    lines.append(f"{'overall':<24}{sum(result.right.values()):>4}/{sum(result.total.values()):<3}"
                 f"{result.overall:>10.1%}")
    lines.append(f"{'stated fields only':<24}{result.stated_right:>4}/{result.stated_total:<3}"
                 f"{result.stated_right / max(1, result.stated_total):>10.1%}")
    if details:
        lines += ["", "misses (offer | field | proposed | expected):"]
        lines += [f"- {case} | {name} | {got!r} | {want!r}" for case, name, got, want in result.misses]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", dest="sets", action="append", metavar="NAME",
                        help="a folder of .txt + .json postings (benchmarks/NAME or a path); repeatable")
    parser.add_argument("--details", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    seeds = seed_cases()
    print(report(f"Seed offers ({len(seeds)} texts, {len(COMPARED)} fields)", score(seeds), args.details))
    for name in args.sets or [n for n in DEFAULT_SETS if (BENCHMARKS / n).is_dir()]:
        cases = folder_cases(set_folder(name))
        print()
        print(report(f"{name} ({len(cases)} texts)", score(cases), args.details))
        complete = [case for case in cases if case.complete]
        if complete and len(complete) < len(cases):
            print()
            print(report(f"{name}, complete postings only ({len(complete)} texts)", score(complete), args.details))
    split = digest_split()
    print()
    print(f"## Digest split of seed {DIGEST[:3]}: {split.found} offers found, {split.expected} expected "
          f"({'right' if split.ok else 'WRONG'})")
    for heading in split.missed:
        print(f"- missed: {heading}")
    for heading in split.extra:
        print(f"- not an offer of the data file: {heading}")
    return 0


if __name__ == "__main__":
    sys.stdout.reconfigure(encoding="utf-8")
    sys.exit(main())
