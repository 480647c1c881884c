"""How long each shared restricted-party list takes to parse with ``load_list``.

Usage: ``.venv/bin/python bench/list_parsing.py [--repeat N] [--lists FOLDER]``

Prints, per list, the number of entities and the best and median wall time of N parses in this
process (the first parse, which also imports and warms caches, is reported separately), and the
time to parse OFAC SDN 2021 and the UN list one after the other: the pair the matcher must parse and
index within 5 seconds. The shipped CSL 2023 copy is cut mid-record and refused; it is timed both
as refused and as its complete records (written to a temporary file).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from qgov.screening.entities import ListFormatError
from qgov.screening.sources import load_list

DEFAULT_LISTS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "lists"
SHARED_LISTS = (
    "ofac-sdn-2021",
    "ofac-consolidated-2025",
    "ofac-sample",
    "un/un-consolidated-2026-02-27.xml",
    "trade-gov-csl/csl-2023-11.csv",
    "trade-gov-csl/csl-sample-2025.csv",
    "bis-dpl/dpl-2023-11.txt",
)


def timed(path: Path) -> tuple[float, str]:
    start = time.perf_counter()
    try:
        outcome = f"{len(load_list(path).entities)} entities"
    except ListFormatError as error:
        outcome = f"refused: {error.reason} (line {error.line})"
    return time.perf_counter() - start, outcome


def report(label: str, path: Path, repeat: int) -> None:
    first, outcome = timed(path)
    runs = [timed(path)[0] for _ in range(repeat)]
    print(
        f"{label:45} {outcome:62} first {first * 1000:7.1f} ms   "
        f"best {min(runs) * 1000:7.1f} ms   median {statistics.median(runs) * 1000:7.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--lists", type=Path, default=DEFAULT_LISTS)
    arguments = parser.parse_args()
    for name in SHARED_LISTS:
        report(name, arguments.lists / name, arguments.repeat)
    with tempfile.TemporaryDirectory() as folder:
        lines = (arguments.lists / "trade-gov-csl/csl-2023-11.csv").read_bytes().split(b"\n")
        complete = Path(folder) / "csl-2023-11-complete.csv"
        complete.write_bytes(b"\n".join(lines[:-1]) + b"\n")
        report("csl-2023-11.csv without its cut record", complete, arguments.repeat)
    pair = []
    for _ in range(arguments.repeat):
        start = time.perf_counter()
        load_list(arguments.lists / "ofac-sdn-2021")
        load_list(arguments.lists / "un/un-consolidated-2026-02-27.xml")
        pair.append(time.perf_counter() - start)
    print(
        f"{'OFAC SDN 2021 + UN 2026, one after the other':45} {'':62} "
        f"best {min(pair) * 1000:7.1f} ms   median {statistics.median(pair) * 1000:7.1f} ms"
    )


if __name__ == "__main__":
    main()
