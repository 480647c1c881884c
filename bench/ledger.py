"""Ledger benchmark: appends per second on SQLite and PostgreSQL, and offline verification speed.

    .venv/bin/python bench/ledger.py [--appends 2000] [--batch 500] [--verify-entries 1000000]

Appends go through the real service (`record_decision` / `record_decisions`: canonical JSON, leaf hash,
Ed25519 entry signature, compact-range update, head row lock, cadence checkpoints) into a freshly
migrated database: single appends one transaction each, batched appends many per transaction. Each is
set beside a bare single-row INSERT of the same body into a plain table (the database's own cost of a
commit) and the pure-Python cost of the same work without a database, to show which one limits.
PostgreSQL runs in a throwaway cluster with durable settings (fsync and synchronous commit on).
Offline verification (bench/ledger_offline.py) is reported as a ratio to raw hashlib.sha256 over the
same bytes; the target is at least 0.5.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))


def child(appends: int, batch: int) -> dict[str, Any]:
    """Runs inside a process whose QGOV_DATABASE_URL points at an empty database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qgov.site.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    call_command("migrate", verbosity=0, interactive=False)
    from qgov.ledger.canonical import canonical_bytes
    from qgov.ledger.checkpoint import sign_entry
    from qgov.ledger.keys import signing_key
    from qgov.ledger.merkle import CompactRange, leaf_hash
    from qgov.ledger.services import Decision, record_decision, record_decisions, verify_live

    decision = {
        "outcome": "false_positive",
        "reason": "Date of birth and nationality differ from the listed person; checked against a passport.",
        "list_version": "us-ofac-sdn@" + "a" * 64,
        "entity": {"source": "us-ofac-sdn", "id": "36", "content_sha256": "b" * 64},
        "score": 0.8123,
        "matcher": "qgov-screen/1.0",
    }
    signing_key()

    def single(n: int) -> float:
        start = time.perf_counter()
        for i in range(n):
            with transaction.atomic():
                record_decision(
                    actor="system:bench", action="bench.single", subject=("bench", i), decision=decision
                )
        return time.perf_counter() - start

    def batched(n: int) -> float:
        start = time.perf_counter()
        for offset in range(0, n, batch):
            count = min(batch, n - offset)
            with transaction.atomic():
                record_decisions(
                    [
                        Decision("system:bench", "bench.batch", ("bench", offset + i), decision)
                        for i in range(count)
                    ]
                )
        return time.perf_counter() - start

    body = canonical_bytes({"index": 0, "decision": decision, "actor": "system:bench"}).decode()
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_baseline (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")

    def bare_inserts(n: int) -> float:
        start = time.perf_counter()
        for i in range(n):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("INSERT INTO bench_baseline (id, body) VALUES (%s, %s)", [i, body])
        return time.perf_counter() - start

    def python_only(n: int) -> float:
        key = signing_key()
        frontier = CompactRange()
        start = time.perf_counter()
        for i in range(n):
            data = canonical_bytes(
                {
                    "index": i,
                    "recorded_at": "2026-11-21T00:00:00.000000Z",
                    "actor": "system:bench",
                    "action": "bench.single",
                    "subject": {"type": "bench", "id": str(i)},
                    "decision": decision,
                }
            )
            leaf = leaf_hash(data)
            frontier.append(leaf)
            sign_entry(key, i, leaf)
            frontier.root()
        return time.perf_counter() - start

    single(50)  # warm up connections and caches
    results = {
        "vendor": connection.vendor,
        "single_seconds": single(appends),
        "batched_seconds": batched(appends * 5),
        "bare_insert_seconds": bare_inserts(appends),
        "python_seconds": python_only(appends),
        "appends": appends,
        "batched_appends": appends * 5,
        "batch": batch,
    }
    started = time.perf_counter()
    report = verify_live(record=False)
    results["live_verify_seconds"] = time.perf_counter() - started
    results["live_verify_ok"] = report.ok
    results["ledger_size"] = report.size
    return results


def run_backend(name: str, appends: int, batch: int) -> dict[str, Any] | None:
    data_dir = Path(tempfile.mkdtemp(prefix=f"qgov-bench-{name}-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("QGOV_") and k != "PYTEST_VERSION"}
    env.update(QGOV_DATA_DIR=str(data_dir), QGOV_LEDGER_CHECKPOINT_EVERY="1000", QGOV_PG_DURABLE="1")
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        "--appends",
        str(appends),
        "--batch",
        str(batch),
    ]
    if name == "sqlite":
        env["QGOV_DATABASE_URL"] = f"sqlite:///{data_dir / 'bench.sqlite3'}"
    else:
        script = ROOT / "scripts" / "with-postgres.sh"
        if not list(Path("/usr/lib/postgresql").glob("*/bin/initdb")):
            print(
                "PostgreSQL server binaries not found: skipped (run scripts/system-deps.sh)", file=sys.stderr
            )
            return None
        command = [str(script), *command]
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=3600, check=False)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    if done.returncode != 0:
        print(f"{name} run failed:\n{done.stderr}", file=sys.stderr)
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def rate(count: int, seconds: float) -> str:
    return f"{count / seconds:,.0f}/s"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--appends", type=int, default=2000, help="single appends (batched runs 5x as many)")
    parser.add_argument("--batch", type=int, default=500, help="entries per transaction in the batched run")
    parser.add_argument("--verify-entries", type=int, default=1_000_000, help="entries in the offline export")
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.appends, args.batch)))
        return 0

    print(f"qgov ledger benchmark (python {sys.version.split()[0]}, {os.cpu_count()} cores)")
    backends = ["sqlite"] if args.skip_postgres else ["sqlite", "postgresql"]
    for name in backends:
        figures = run_backend(name, args.appends, args.batch)
        if figures is None:
            continue
        per_append_us = figures["single_seconds"] / figures["appends"] * 1e6
        python_us = figures["python_seconds"] / figures["appends"] * 1e6
        bare_us = figures["bare_insert_seconds"] / figures["appends"] * 1e6
        print(f"\n{name}:")
        print(
            f"  single appends (one transaction each):  {rate(figures['appends'], figures['single_seconds'])}"
            f"  ({per_append_us:,.0f} us each)"
        )
        print(
            f"  batched appends ({figures['batch']} per transaction): "
            f"{rate(figures['batched_appends'], figures['batched_seconds'])}"
        )
        print(
            "  bare single-row INSERT + COMMIT:        "
            f"{rate(figures['appends'], figures['bare_insert_seconds'])}"
            f"  ({bare_us:,.0f} us each)"
        )
        print(
            f"  qgov's own Python work per append:      {python_us:,.0f} us "
            f"(canonical JSON, leaf hash, Ed25519 entry signature, tree update): "
            f"{python_us / per_append_us:.0%} of an append"
        )
        print(
            f"  live verification of {figures['ledger_size']:,} entries: "
            f"{figures['live_verify_seconds']:.2f} s"
            f" ({'intact' if figures['live_verify_ok'] else 'FAILED'})"
        )

    from ledger_offline import measure_offline_verification

    offline = measure_offline_verification(args.verify_entries)
    print(f"\noffline verification of an export ({args.verify_entries:,} entries):")
    for key, value in offline.items():
        print(f"  {key}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
