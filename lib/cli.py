"""The sub-commands of ``python -m lib``; each registers itself on the argument parser."""

from __future__ import annotations

import argparse
import shutil
from datetime import datetime
from pathlib import Path

from lib.export import write_offers_csv
from lib.gazetteer import build, build_populations
from lib.geocode import OnlineGeocoder, place_offers
from lib.i18n import tn
from lib.report import InvalidOffersFile
from lib.validation import load_offers


def _validate(args: argparse.Namespace) -> int:
    try:
        loaded = load_offers(Path(args.path))
    except InvalidOffersFile as exc:
        print(exc.report.to_text())
        return 1
    except OSError as exc:
        print(f"Fichier illisible : {exc}")
        return 1
    report = loaded.report
    if report.ok and not args.verbose:
        print(report.summary())
    else:
        print(report.to_text())
    return 0 if report.ok else 1


def register_validate(commands) -> None:
    cmd = commands.add_parser("validate", help="check a CSV file of offers against the contract")
    cmd.add_argument("path")
    cmd.add_argument("-v", "--verbose", action="store_true", help="list warnings too")
    cmd.set_defaults(run=_validate)


def _geocode(args: argparse.Namespace) -> int:
    path = Path(args.path)
    try:
        loaded = load_offers(path)
    except InvalidOffersFile as exc:
        print(exc.report.to_text())
        return 1
    if not loaded.report.ok:
        print(loaded.report.to_text())
        print("Corrigez d'abord ces erreurs : rien n'a été modifié.")
        return 1
    online = None if args.offline else OnlineGeocoder(timeout=args.timeout)
    before = loaded.offers
    placed = place_offers(before, online=online)
    filled = int((before["latitude"].isna() & placed["latitude"].notna()).sum())
    backup = path.with_name(f"{path.name}.{datetime.now():%Y%m%d-%H%M%S}.bak")
    shutil.copy2(path, backup)
    write_offers_csv(placed, path)
    print(f"{tn('geocoded_count', filled)} ; sauvegarde : {backup}")
    missing = placed[placed["latitude"].isna()]
    for row, offer in missing.iterrows():
        print(f"- ligne {row}, offre « {offer['offer_id']} » : lieu introuvable")
    if online is not None and online.failures:
        print(f"Service de géocodage injoignable pour {tn('requests_count', len(online.failures))} : "
              "ces offres restent placées sur leur commune.")
    return 0


def register_geocode(commands) -> None:
    cmd = commands.add_parser("geocode", help="fill missing coordinates in place, after a backup")
    cmd.add_argument("path")
    cmd.add_argument("--offline", action="store_true", help="use the offline gazetteer only")
    cmd.add_argument("--timeout", type=float, default=5.0)
    cmd.set_defaults(run=_geocode)


def _build_gazetteer(args: argparse.Namespace) -> int:
    communes, departments = build(Path(args.shared_geo))
    print(f"data/geo/ : {communes} communes, {departments} départements")
    if args.populations:
        print(f"data/geo/populations.csv.gz : {build_populations(Path(args.populations))} communes")
    return 0


def register_build_gazetteer(commands) -> None:
    cmd = commands.add_parser("build-gazetteer", help="rebuild data/geo/ from ../shared/geo/")
    cmd.add_argument("shared_geo", nargs="?", default="../shared/geo")
    cmd.add_argument("--populations", metavar="COMMUNES_JSON",
                     help="Etalab's communes.json (npm pack @etalab/decoupage-administratif): official names "
                          "and populations")
    cmd.set_defaults(run=_build_gazetteer)


COMMANDS = [register_validate, register_geocode, register_build_gazetteer]


def _extract(args: argparse.Namespace) -> int:
    from lib.extract import run_cli  # dateparser and price-parser load only for this command

    return run_cli(args)


def register_extract(commands) -> None:
    cmd = commands.add_parser("extract", help="propose an offer's fields from its French text (JSON, or a CSV line)")
    cmd.add_argument("path", help="a text file holding one offer")
    cmd.add_argument("--csv", action="store_true", help="print a CSV line of the contract instead of JSON")
    cmd.add_argument("--header", action="store_true", help="with --csv, print the header line first")
    cmd.set_defaults(run=_extract)


COMMANDS.append(register_extract)
