"""How fast an auditor verifies a ledger export offline, against the raw speed of hashlib on the same bytes.

Builds a synthetic export of N realistic decision entries (about 300 canonical bytes each, a signed
checkpoint every 1,000 entries, an entry signature per entry) in a temporary directory, then times:

- raw: `hashlib.sha256(entry).digest()` once per entry over the export's lines already split in
  memory (the fastest way Python hashes them: a C-level `map`, no file reading, no splitting);
- verify_export: the full offline verification (reads `entries.jsonl`, hashes every leaf and node,
  verifies every checkpoint signature and compares its root), as `qgov ledger verify DIR` runs it
  (one process per CPU, up to 4, for a file of 32 MiB or more), and again in one process.

The target is verify_export at no less than half the raw rate (ratio >= 0.5).

    .venv/bin/python bench/ledger_offline.py --entries 1000000
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from qgov.ledger.canonical import canonical_bytes
from qgov.ledger.checkpoint import Checkpoint, SigningKey, sign_checkpoint, sign_entry
from qgov.ledger.merkle import CompactRange, leaf_hashes
from qgov.ledger.offline import VerificationReport, verify_export, write_export

ORIGIN = "qgov.example/bench-ledger"
CHECKPOINT_EVERY = 1000
ACTIONS = (
    ("screening.disposition", "parties.organisation", {"disposition": "false_positive", "list": "EU-FSF"}),
    ("screening.disposition", "parties.person", {"disposition": "confirmed_match", "list": "OFAC-SDN"}),
    ("exportcontrol.classification", "exportcontrol.item", {"eccn": "3A001.b.4", "regime": "wassenaar"}),
    ("exportcontrol.licence", "exportcontrol.transaction", {"determination": "licence_required"}),
    ("suppliers.approval", "suppliers.supplier", {"status": "approved", "risk": "medium"}),
    ("publication.clearance", "research.publication", {"cleared": True, "reviewers": 2}),
)
WORDS = ("quantum", "cryostat", "dilution", "refrigerator", "photonic", "chip", "laser", "vacuum", "pump")


def synthetic_entry(index: int, rng: random.Random) -> dict[str, Any]:
    action, subject_type, decision = ACTIONS[rng.randrange(len(ACTIONS))]
    return {
        "index": index,
        "recorded_at": f"2026-{1 + index % 12:02d}-{1 + index % 28:02d}T{index % 24:02d}:{index % 60:02d}:"
        f"{(index * 7) % 60:02d}.{index % 1000000:06d}Z",
        "actor": f"user:officer{rng.randrange(40)}@example.org",
        "action": action,
        "subject": {"type": subject_type, "id": str(rng.randrange(1, 10**6))},
        "decision": {**decision, "reason": " ".join(rng.choices(WORDS, k=rng.randrange(4, 11)))},
    }


def synthetic_entries(count: int, seed: int = 7) -> Iterator[bytes]:
    """Canonical entry bytes. `json.dumps(sort_keys, compact)` equals RFC 8785 for this ASCII-only
    content and runs in C; the first entries are checked against `canonical_bytes` to keep it honest."""
    rng = random.Random(seed)
    for index in range(count):
        entry = synthetic_entry(index, rng)
        data = json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
        if index < 100 and data != canonical_bytes(entry):
            raise AssertionError("synthetic entries must be canonical JSON")
        yield data


def build_export(directory: Path, count: int, checkpoint_every: int = CHECKPOINT_EVERY) -> None:
    """Write a signed synthetic export of `count` entries, a checkpoint every `checkpoint_every`."""
    key = SigningKey.generate(ORIGIN)
    entries = list(synthetic_entries(count))
    leaves = leaf_hashes(entries)
    tree = CompactRange()
    notes = []
    sizes = [*range(checkpoint_every, count + 1, checkpoint_every)]
    if not sizes or sizes[-1] != count:
        sizes.append(count)
    for size, root in tree.extend(leaves, sizes):
        notes.append(sign_checkpoint(Checkpoint(ORIGIN, size, root), key))
    signatures = {index: sign_entry(key, index, leaf) for index, leaf in enumerate(leaves)}
    write_export(directory, entries, notes[:-1], notes[-1], key.verifier, signatures)


def _timed(action: Any) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) of one run; CPU time is what a busy machine
    disturbs least, wall time is what a user waits (and the only fair measure with workers)."""
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - wall, time.process_time() - cpu


def measure_offline_verification(n_entries: int, repeats: int = 5) -> dict[str, Any]:
    """Build an export of `n_entries` and return raw and verification rates (best of `repeats` runs)."""
    with tempfile.TemporaryDirectory(prefix="qgov-ledger-bench-") as temporary:
        directory = Path(temporary) / "export"
        build_export(directory, n_entries)
        # the raw baseline hashes the export's own lines, split once in memory: the fastest layout
        entries = (directory / "entries.jsonl").read_bytes().split(b"\n")[:-1]
        total_bytes = sum(map(len, entries))
        digest = type(hashlib.sha256()).digest
        reports: list[VerificationReport] = []
        raw_runs, verify_runs, single_runs = [], [], []
        for _ in range(repeats):  # interleaved, so a busy moment on the machine hits all three alike
            raw_runs.append(_timed(lambda: list(map(digest, map(hashlib.sha256, entries)))))
            verify_runs.append(_timed(lambda: reports.append(verify_export(directory))))
            single_runs.append(_timed(lambda: reports.append(verify_export(directory, workers=1))))
        for report in reports:
            if not report.ok or report.size != n_entries:
                raise AssertionError(f"the synthetic export must verify: {report.reason}")
    raw_seconds, verify_seconds, single_seconds = (
        min(wall for wall, _ in runs) for runs in (raw_runs, verify_runs, single_runs)
    )
    raw_cpu, single_cpu = min(cpu for _, cpu in raw_runs), min(cpu for _, cpu in single_runs)
    return {
        "entries": n_entries,
        "entry_bytes": total_bytes,
        "mean_entry_bytes": total_bytes / n_entries,
        "checkpoints": reports[-1].checkpoints_checked,
        "raw_seconds": raw_seconds,
        "raw_mb_per_s": total_bytes / raw_seconds / 1e6,
        "raw_entries_per_s": n_entries / raw_seconds,
        "verify_seconds": verify_seconds,
        "verify_mb_per_s": total_bytes / verify_seconds / 1e6,
        "verify_entries_per_s": n_entries / verify_seconds,
        "ratio": raw_seconds / verify_seconds,
        "single_process_seconds": single_seconds,
        "single_process_entries_per_s": n_entries / single_seconds,
        "single_process_ratio": raw_seconds / single_seconds,
        "raw_cpu_seconds": raw_cpu,
        "single_process_cpu_seconds": single_cpu,
        "single_process_cpu_ratio": raw_cpu / single_cpu,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--entries", type=int, default=1_000_000, help="number of entries (default 1,000,000)"
    )
    parser.add_argument("--repeats", type=int, default=5, help="timed runs of each measurement; best is kept")
    args = parser.parse_args(argv)
    figures = measure_offline_verification(args.entries, args.repeats)
    print(f"entries: {figures['entries']:,} ({figures['mean_entry_bytes']:.0f} bytes on average)")
    print(f"checkpoints verified: {figures['checkpoints']:,}")
    print(
        f"raw hashlib: {figures['raw_mb_per_s']:.1f} MB/s, {figures['raw_entries_per_s']:,.0f} entries/s "
        f"({figures['raw_seconds']:.3f} s)"
    )
    print(
        f"verify_export: {figures['verify_mb_per_s']:.1f} MB/s, "
        f"{figures['verify_entries_per_s']:,.0f} entries/s ({figures['verify_seconds']:.3f} s)"
    )
    print(f"ratio verify/raw: {figures['ratio']:.2f} (target >= 0.5)")
    print(
        f"verify_export in one process: {figures['single_process_entries_per_s']:,.0f} entries/s "
        f"({figures['single_process_seconds']:.3f} s), ratio {figures['single_process_ratio']:.2f}"
    )
    print(
        f"CPU time in this process: raw {figures['raw_cpu_seconds']:.3f} s, verify_export in one process "
        f"{figures['single_process_cpu_seconds']:.3f} s, ratio {figures['single_process_cpu_ratio']:.2f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
