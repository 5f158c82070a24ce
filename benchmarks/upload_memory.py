"""Memory taken by one uploaded file, per megabyte uploaded: the peak while it is read, validated and
prepared (what the data page does with an upload), and what stays held afterwards.

Each file is measured in its own subprocess: the process first loads the bundled offers (the
gazetteer and the libraries are then in memory, as on a running server), then takes the file's bytes
as an upload would, loads and prepares them, and reports, against its resident memory just before the
bytes arrived:

- peak: the highest resident memory (the kernel's high-water mark, reset just before the upload);
- held: the resident memory once only what a session keeps is left (the prepared offers and the
  report), after ``malloc_trim`` gives freed pages back to the system.

The file is read as the data page reads an upload (``lib.uploads.read_upload``: its bytes let go
once the offers are read, before they are prepared); ``--root`` measures another checkout's lib/,
the way its own page read an upload when it has no ``lib.uploads``.

The files are the worst cases found by the review of issue 10, built at run time under
benchmarks/out/upload-memory/ (150 MB each by default):

- ``one_cell``: the header and one offer whose ``notes`` cell holds the whole file;
- ``one_line``: a single line with no line break and no header, the file as one cell;
- ``many_rows``: valid offers (benchmarks/generate.py), about 160,000 of them;
- ``many_rows_excel``: the same offers as French Excel saves them (``;``, Windows-1252), read by the
  careful reader instead of pyarrow's;
- ``million_rows``: 1,000,000 short offers.

    python -m benchmarks.upload_memory                     # every case, 150 MB
    python -m benchmarks.upload_memory --mb 50 --cases one_cell many_rows
    python -m benchmarks.upload_memory --root ../main      # the same files through another checkout

Not a test: it prints figures. The goal (issue 10) is a peak under 3 times the file's size.
"""

from __future__ import annotations

import argparse
import csv
import gc
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "benchmarks" / "out" / "upload-memory"
CASES = ("one_cell", "one_line", "many_rows", "many_rows_excel", "million_rows")
GOAL_RATIO = 3.0


def _header_and_row() -> tuple[list[str], dict[str, str]]:
    with (ROOT / "data" / "offers.csv").open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        row = next(reader)
        return list(reader.fieldnames or []), row


def _write_rows(path: Path, rows, header: list[str], sep: str = ",", encoding: str = "utf-8") -> None:
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, delimiter=sep, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)


def build(case: str, megabytes: int) -> Path:
    """The file of one case, built once per size."""
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    path = OUT_DIR / f"{case}-{megabytes}mb.csv"
    if path.exists():
        return path
    size = megabytes * 1024 * 1024
    header, row = _header_and_row()
    tmp = path.with_suffix(".part")
    if case == "one_cell":
        head = io.StringIO()
        writer = csv.DictWriter(head, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerow({**row, "notes": "NOTES"})
        before, after = head.getvalue().split("NOTES")
        with tmp.open("wb") as fh:
            fh.write(before.encode())
            fh.write(b"a" * (size - len(before) - len(after)))
            fh.write(after.encode())
    elif case == "one_line":
        tmp.write_bytes(b"a" * size)
    elif case in ("many_rows", "many_rows_excel"):
        source = OUT_DIR / f"generated-{megabytes}mb.csv"
        if not source.exists():
            rows = max(1000, size // 950)  # a generated offer weighs about 950 bytes
            subprocess.run([sys.executable, "-m", "benchmarks.generate", "--sizes", str(rows), "--out", str(OUT_DIR)],
                           cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
            (OUT_DIR / f"offers-{rows}.csv").rename(source)
        if case == "many_rows":
            return source
        with source.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            rows = [{k: v.replace(".", ",") if k in ("latitude", "longitude", "stipend_amount_eur") else v
                     for k, v in r.items()} for r in reader]
        _write_rows(tmp, rows, header, sep=";", encoding="cp1252")
    elif case == "million_rows":
        short = {**row, "source": "x", "notes": "", "title": "Stage", "organisation": "Org"}
        line_size = len(",".join(short.values())) + 2
        count = max(1, size // line_size)

        def rows():
            for i in range(count):
                yield {**short, "offer_id": f"offre-{i}"}

        _write_rows(tmp, rows(), header)
    else:
        raise ValueError(case)
    tmp.rename(path)
    return path


# --- measured in a child process ------------------------------------------------------------------

def _status(field: str) -> int:
    """A memory figure of this process from /proc/self/status, in bytes."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    raise KeyError(field)


def _trim() -> None:
    gc.collect()
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except OSError:
        pass


def measure_one(path: Path) -> dict[str, float]:
    """Runs inside the child: load the bundled offers, then the file as the data page reads an upload
    (``lib.uploads.read_upload``; in a checkout without it, load and prepare as its page did), and report."""
    from lib.offers import prepare_offers
    from lib.report import InvalidOffersFile
    from lib.validation import load_offers

    try:
        from lib.uploads import UploadBudget, read_upload
    except ImportError:
        read_upload = None

    prepare_offers(load_offers(ROOT / "data" / "offers.csv").offers, "bundled")
    _trim()
    before = _status("VmRSS")
    with open("/proc/self/clear_refs", "w") as fh:
        fh.write("5")  # reset the high-water mark
    crash, held, valid, errors = "", None, 0, 0
    started = time.perf_counter()
    holder = [path.read_bytes()]  # the upload's bytes, as Streamlit hands them over
    size = len(holder[0])
    try:
        if read_upload is not None:
            held = read_upload(path.name, holder, UploadBudget(limit=lambda: 1 << 40), "benchmark")
            valid = 0 if held.offers is None else len(held.offers)
            errors = len(held.report.errors)
        else:
            data = holder.pop()
            try:
                loaded = load_offers(data)
                held = (prepare_offers(loaded.offers, "uploaded"), loaded.report)
                valid, errors = len(loaded.offers), len(loaded.report.errors)
            except InvalidOffersFile as exc:
                held, errors = exc.report, len(exc.report.errors)
            del data
    except Exception as exc:  # the figure of a crash is still a figure
        crash = type(exc).__name__
    seconds = time.perf_counter() - started
    peak = _status("VmHWM")
    holder.clear()
    _trim()
    kept = _status("VmRSS")
    return {"size": size, "peak": peak - before, "held": kept - before, "seconds": seconds, "valid": valid,
            "errors": errors, "crash": crash, "kept": held is not None}


def run_child(path: Path, root: Path) -> dict[str, float]:
    """Measure one file in a fresh process whose ``lib`` is the one of ``root``."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    result = subprocess.run([sys.executable, __file__, "--child", str(path)], cwd=root, env=env,
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-3000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=int, default=150, help="size of each file in MB")
    parser.add_argument("--cases", nargs="+", choices=CASES, default=list(CASES))
    parser.add_argument("--root", type=Path, default=ROOT, help="checkout whose lib/ is measured")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure_one(args.child)))
        return
    root = args.root.resolve()
    print(f"lib/ of {root}; files of {args.mb} MB; peak and held memory per MB of the file")
    print(f"{'case':<17}{'file MB':>9}{'peak MB':>9}{'× file':>8}{'held MB':>9}{'× file':>8}{'s':>7}  result")
    worst = 0.0
    for case in args.cases:
        path = build(case, args.mb)
        figures = run_child(path, root)
        mb = figures["size"] / 1e6
        ratio = figures["peak"] / figures["size"]
        worst = max(worst, ratio)
        result = (f"crashed: {figures['crash']}" if figures["crash"] else f"{figures['valid']} valid offers"
                  if figures["valid"] else f"refused ({figures['errors']} error(s))")
        print(f"{case:<17}{mb:>9.0f}{figures['peak'] / 1e6:>9.0f}{ratio:>8.2f}{figures['held'] / 1e6:>9.0f}"
              f"{figures['held'] / figures['size']:>8.2f}{figures['seconds']:>7.1f}  {result}")
    print(f"worst peak: {worst:.2f} × the file ({'under' if worst < GOAL_RATIO else 'OVER'} the goal of "
          f"{GOAL_RATIO:g})")


if __name__ == "__main__":
    main()
