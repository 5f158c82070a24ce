"""The sub-commands of ``python -m lib``; each registers itself on the argument parser.

A command that cannot do its work says why in one French line (on the error output) and exits with
status 1; a command line that cannot be understood exits with status 2 (``lib/__main__.py``). No
traceback reaches the user.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

from lib.export import offers_csv_bytes
from lib.files import (
    FileProblem,
    check_writable,
    copy_atomically,
    describe_os_error,
    read_limited,
    read_text_file,
    write_atomically,
)
from lib.gazetteer import build, build_populations
from lib.geocode import online_geocoder, place_offers
from lib.i18n import tn
from lib.limits import MAX_FILE_BYTES, MAX_POSTING_CHARS
from lib.report import InvalidOffersFile
from lib.validation import load_offers


def fail(message: str) -> int:
    """Print the one line that says why the command stops, and give its exit status."""
    print(" ".join(message.split()), file=sys.stderr)
    return 1


def _replace_with_backup(path: Path, data: bytes) -> tuple[Path, int]:
    """A dated copy of the file first, then the file replaced by ``data`` in one step; the backup and
    0, or the backup and the exit code once the failure was told (then the file is unchanged)."""
    backup = path.with_name(f"{path.name}.{datetime.now():%Y%m%d-%H%M%S}.bak")
    try:
        copy_atomically(path, backup)
    except OSError as exc:
        return backup, fail(f"Sauvegarde impossible ({backup} : {describe_os_error(exc)}) : rien n'a été modifié.")
    try:
        write_atomically(path, data)
    except OSError as exc:
        return backup, fail(f"Écriture impossible ({path} : {describe_os_error(exc)}) : le fichier n'a pas été "
                            f"modifié ; sauvegarde : {backup}")
    return backup, 0


def _validate(args: argparse.Namespace) -> int:
    path = Path(args.path)
    try:
        loaded = load_offers(path)
    except InvalidOffersFile as exc:
        print(exc.report.to_text())
        return 1
    except OSError as exc:
        return fail(f"Fichier illisible : {path} : {describe_os_error(exc)}")
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
        check_writable(path)  # before anything is read or backed up: a file that cannot be replaced stays as it is
        loaded = load_offers(path)
    except FileProblem as exc:
        return fail(f"Rien n'a été modifié : {exc}")
    except OSError as exc:
        return fail(f"Fichier illisible : {path} : {describe_os_error(exc)}")
    except InvalidOffersFile as exc:
        print(exc.report.to_text())
        return 1
    if not loaded.report.ok:
        print(loaded.report.to_text())
        print("Corrigez d'abord ces erreurs : rien n'a été modifié.")
        return 1
    online = None if args.offline else online_geocoder(timeout=args.timeout)
    before = loaded.offers
    placed = place_offers(before, online=online)
    filled = int((before["latitude"].isna() & placed["latitude"].notna()).sum())
    backup, failed = _replace_with_backup(path, offers_csv_bytes(placed))
    if failed:
        return failed
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
    try:
        communes, departments = build(Path(args.shared_geo))
    except OSError as exc:
        return fail(f"Données géographiques illisibles : {args.shared_geo} : {describe_os_error(exc)}")
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

# A posting file read by ``extract``: MAX_POSTING_CHARS characters take at most four bytes each.
POSTING_FILE_BYTES = 4 * MAX_POSTING_CHARS


def _extract(args: argparse.Namespace) -> int:
    from lib.extract import run_cli  # price-parser and the gazetteer load only for this command

    try:
        # The file is checked here, where every command's file problems get their French line: a
        # missing file, a folder, a file beyond the limit or in no known encoding stops before extraction.
        read_text_file(Path(args.path), POSTING_FILE_BYTES)
    except FileProblem as exc:
        return fail(f"Fichier illisible : {exc}")
    return run_cli(args)


def register_extract(commands) -> None:
    cmd = commands.add_parser("extract", help="propose an offer's fields from its French text (JSON, or a CSV line)")
    cmd.add_argument("path", help="a text file holding one offer")
    cmd.add_argument("--csv", action="store_true", help="print a CSV line of the contract instead of JSON")
    cmd.add_argument("--header", action="store_true", help="with --csv, print the header line first")
    cmd.set_defaults(run=_extract)


COMMANDS.append(register_extract)


def _merge(args: argparse.Namespace) -> int:
    from lib.collection.merge import merged_text, plan_merge

    export_path, target_path = Path(args.export), Path(args.into)
    try:
        if not args.dry_run:
            check_writable(target_path)  # before anything is read or backed up
        export = read_limited(export_path, MAX_FILE_BYTES)
        target = read_limited(target_path, MAX_FILE_BYTES)
    except FileProblem as exc:
        return fail(f"Rien n'a été modifié : {exc}")
    plan = plan_merge(export, target)
    print(plan.describe())
    if not plan.valid:
        print("Corrigez d'abord ces erreurs : rien n'a été modifié.")
        return 1
    if plan.conflicts and args.on_conflict == "stop":
        print("Rien n'a été modifié : choisissez --on-conflict keep (garder le fichier) ou replace (prendre la "
              "collection) pour ces identifiants, ou corrigez l'un des deux fichiers.")
        return 1
    text = merged_text(plan, target, args.on_conflict)
    if args.dry_run or text is None:
        print("Essai seulement (--dry-run) : rien n'a été modifié." if args.dry_run else "Rien à écrire.")
        return 0
    if text.encode("utf-8") in (target, target.removeprefix(b"\xef\xbb\xbf")):
        print("Le fichier contient déjà toutes ces offres : rien n'a été modifié.")
        return 0
    backup, failed = _replace_with_backup(target_path, text.encode("utf-8"))
    if failed:
        return failed
    print(f"{target_path} mis à jour ; sauvegarde : {backup}. Vérifiez avec : python -m lib validate {target_path}")
    return 0


def register_merge(commands) -> None:
    cmd = commands.add_parser("merge", help="merge an exported collection (CSV) into data/offers.csv, after "
                                            "validating both and reporting offer_id conflicts")
    cmd.add_argument("export", help="the collection's CSV, as downloaded from the Collection page")
    cmd.add_argument("--into", default="data/offers.csv", help="the data file to complete (default: %(default)s)")
    cmd.add_argument("--on-conflict", choices=("stop", "keep", "replace"), default="stop",
                     help="an offer_id in both files with different contents: stop (default, write nothing), "
                          "keep the file's version, or replace it with the collection's")
    cmd.add_argument("--dry-run", action="store_true", help="report only, write nothing")
    cmd.set_defaults(run=_merge)


def _hash_password(args: argparse.Namespace) -> int:
    import getpass

    from lib.collection.roles import hash_password

    password = getpass.getpass("Mot de passe des curateurs : ")
    if len(password) < 12:
        print("12 caractères au moins, s'il vous plaît.")
        return 1
    if getpass.getpass("Encore une fois : ") != password:
        print("Les deux saisies diffèrent.")
        return 1
    print("À mettre dans .streamlit/secrets.toml (ou les secrets de Community Cloud), section [collection] :")
    print(f'curator_password_hash = "{hash_password(password)}"')
    return 0


def register_hash_password(commands) -> None:
    cmd = commands.add_parser("hash-password", help="print the scrypt hash of the curators' password, for secrets")
    cmd.set_defaults(run=_hash_password)


COMMANDS.extend([register_merge, register_hash_password])

def _ingest(args: argparse.Namespace) -> int:
    from lib.ingest.cli import run  # the readers' libraries load only for this command

    return run(args)


def register_ingest(commands) -> None:
    from lib.ingest.cli import register

    register(commands)
    commands.choices["ingest"].set_defaults(run=_ingest)


COMMANDS.append(register_ingest)
