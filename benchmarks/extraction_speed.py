"""How long ``lib.extract.extract_offer`` takes on the worst texts a paste can hold (issue 10).

Each case is a text built to hit one rule as often as possible (400 KB of « 4 mois », a line of
megabytes with no full stop, thousands of distinct dates, amounts, digit groups, addresses,
deadline and start cues...), plus the seed digest repeated as a realistic heavy text. Each
(case, size) runs in its own process with a time limit, so a quadratic rule shows as « > N s »
instead of hanging the run. Times are CPU seconds of the extraction (``time.process_time``):
the machine is shared, and wall-clock times there vary threefold with the load. The length limit
of the library (``lib.limits.MAX_POSTING_CHARS``) is lifted here: the goal is that even a text
far over it is read in linear time (5 MB < 10 s).

    python -m benchmarks.extraction_speed                       # every case, 50 KB to 5 MB
    python -m benchmarks.extraction_speed --sizes 50000 400000 --root /path/to/old/checkout

``--root`` measures another checkout of the project (the version before a change) with the
same cases; the figures of both are in ``results.md``.
"""

from __future__ import annotations

import argparse
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_DIGEST = ROOT.parent / "shared" / "seeds" / "001_2e1128ab0c5aeda3.txt"
SIZES = (50_000, 400_000, 1_000_000, 5_000_000)
GOAL_SECONDS_5MB = 10.0


def _repeat(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def _distinct_dates(size: int) -> str:
    months = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
              "novembre", "décembre")
    parts, total = [], 0
    for n in range(10**7):
        part = f"le {n % 28 + 1} {months[n // 28 % 12]} {2000 + n // 336 % 100}, "
        parts.append(part)
        total += len(part)
        if total >= size:
            break
    return "".join(parts)[:size]


def build(case: str, size: int) -> str:
    """The text of one case, ``size`` characters long."""
    if case == "seed_digest":
        return _repeat(SEED_DIGEST.read_text(encoding="utf-8") + "\n\n", size)
    if case == "distinct_dates":
        return _distinct_dates(size)
    units = {
        "mois": "4 mois ",
        "mois_lines": "4 mois\n",
        "month_ranges": "de 4 à 6 mois, ",
        "long_line": "gratification 600 € par mois début mars 2024 durée de 6 mois permis souhaité télétravail ",
        "dates": "le 1er mars 2024, ",
        "numeric_dates": "15/03/2024 03/2024 ",
        "amounts": "Gratification : 600 € ",
        "amounts_out_of_range": "Indemnité 100000 €/mois ",
        "digit_groups": "111 ",
        "stipend_cues": "gratification légale, ",
        "deadline_cues": "candidature avant le 3 mars ",
        "start_cues": "à partir de mars 2024 ",
        "addresses": "99999 Paris ",
        "parentheses": "(a",
        "blank_lines": "\n \n",
    }
    return _repeat(units[case], size)


CASES = ("seed_digest", "mois", "mois_lines", "month_ranges", "long_line", "dates", "distinct_dates",
         "numeric_dates", "amounts", "amounts_out_of_range", "digit_groups", "stipend_cues", "deadline_cues",
         "start_cues", "addresses", "parentheses", "blank_lines")

_CHILD = """
import importlib.util, inspect, sys, time
sys.path.insert(0, {root!r})
spec = importlib.util.spec_from_file_location("speed_cases", {here!r})
cases = importlib.util.module_from_spec(spec)
spec.loader.exec_module(cases)
from lib.extract import extract_offer
text = cases.build({case!r}, {size})
kwargs = {{"limit": None}} if "limit" in inspect.signature(extract_offer).parameters else {{}}
extract_offer("Warm-up (Lyon) – Stage\\n\\nGratification : 600 €", **kwargs)
start = time.process_time()
extract_offer(text, **kwargs)
print(time.process_time() - start)
"""


def measure(case: str, size: int, root: Path, timeout: float) -> float | None:
    """CPU seconds taken, or None past the CPU time limit (the child is stopped by the kernel's
    RLIMIT_CPU, which a loaded machine does not trigger early; the wall-clock guard is 30 times
    longer)."""
    code = _CHILD.format(root=str(root), here=str(Path(__file__).resolve()), case=case, size=size)
    limit = int(timeout) + 5  # the child's imports and text building count too

    def cpu_limit() -> None:
        resource.setrlimit(resource.RLIMIT_CPU, (limit, limit + 5))

    try:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30 * timeout,
                              cwd=root, preexec_fn=cpu_limit, check=False)
    except subprocess.TimeoutExpired:
        return None
    if done.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        return None
    if done.returncode != 0:
        raise RuntimeError(f"{case} at {size}: {done.stderr[-2000:]}")
    seconds = float(done.stdout.strip().splitlines()[-1])
    return None if seconds > timeout else seconds


def _size_label(size: int) -> str:
    return f"{size / 1_000_000:g} MB" if size >= 1_000_000 else f"{size // 1000} KB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--cases", nargs="+", default=list(CASES), choices=CASES)
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout whose lib/ is measured")
    parser.add_argument("--timeout", type=float, default=60.0, help="CPU seconds allowed per case and size")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    print(f"extract_offer of {args.root} ({sys.version.split()[0]}); CPU seconds, limit {args.timeout:g} s per run")
    print()
    print("| case | " + " | ".join(_size_label(s) for s in args.sizes) + " |")
    print("|---|" + "---|" * len(args.sizes))
    worst_5mb = 0.0
    for case in args.cases:
        cells = []
        for size in args.sizes:
            seconds = measure(case, size, args.root, args.timeout)
            cells.append(f"> {args.timeout:g} s" if seconds is None else f"{seconds:.2f} s")
            if size == 5_000_000:
                worst_5mb = max(worst_5mb, args.timeout if seconds is None else seconds)
        print(f"| {case} | " + " | ".join(cells) + " |", flush=True)
    if 5_000_000 in args.sizes:
        verdict = "met" if worst_5mb < GOAL_SECONDS_5MB else "NOT met"
        print(f"\nWorst case at 5 MB: {worst_5mb:.2f} s (goal < {GOAL_SECONDS_5MB:g} s: {verdict})")
    print(f"(whole run: {time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.stdout.reconfigure(encoding="utf-8")
    sys.exit(main())
