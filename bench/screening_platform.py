"""Persistent screening timings: list imports into the database, re-screening a registry, screening on save.

Runs against a fresh database in a temporary folder (SQLite by default; set QGOV_DATABASE_URL, e.g. with
scripts/with-postgres.sh, for PostgreSQL) with the real lists of the shared data folder:

    .venv/bin/python bench/screening_platform.py [--parties 2000]

Prints one line per measurement. Indicative only: a laptop-class machine, one process.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("QGOV_SHARED_DATA", ROOT.parent / "shared" / "data")) / "lists"


def timed(label: str, action, *args, **kwargs):
    start = time.perf_counter()
    result = action(*args, **kwargs)
    print(f"{label}: {time.perf_counter() - start:.2f} s", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parties", type=int, default=2000, help="synthetic registry size for the re-screen")
    options = parser.parse_args()

    os.environ.setdefault("QGOV_DATA_DIR", tempfile.mkdtemp(prefix="qgov-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qgov.site.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0, interactive=False)
    print(f"database: {connection.vendor}", flush=True)

    from qgov.parties.models import Party
    from qgov.parties.services import PartyData, create_party
    from qgov.screening import current
    from qgov.screening.models import Alert, ListEntry
    from qgov.screening.party_screening import screen_party
    from qgov.screening.services import import_list, run_rescreen, start_rescreen
    from qgov.site.demo import load_demo

    timed("demo (users, parties, OFAC excerpt, two alerting parties)", load_demo)
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.get(username="ada")
    sdn = timed(
        "import OFAC SDN 2021 (8,976 entries; as v2 after the demo excerpt)",
        import_list,
        admin,
        SHARED / "ofac-sdn-2021",
        rescreen="none",
    )
    version = sdn.version
    print(f"  added {version.added_count}, changed {version.changed_count}, removed {version.removed_count}")
    timed(
        "import UN consolidated 2026 (1,003 entries)",
        import_list,
        admin,
        SHARED / "un" / "un-consolidated-2026-02-27.xml",
        rescreen="none",
    )
    rows = ListEntry.objects.count()
    timed("re-import OFAC SDN 2021 unchanged", import_list, admin, SHARED / "ofac-sdn-2021", rescreen="none")
    print(f"  entry records before {rows}, after {ListEntry.objects.count()}")
    timed("build the index of the lists in force (first screening in a process)", current.current_lists)

    registry = Party.objects.count()
    run = start_rescreen(admin)
    timed(f"re-screen the demo registry ({registry} parties)", run_rescreen, run.pk)
    print(f"  open alerts {Alert.objects.filter(status='open').count()}")

    words = [
        "Quantum",
        "Photon",
        "Cryo",
        "Lattice",
        "Vacuum",
        "Optics",
        "Nordic",
        "Alpine",
        "Pacific",
        "Helix",
    ]
    kinds = ["Instruments", "Trading", "Systems", "Technologies", "Components", "Laboratories"]
    forms = ["GmbH", "Ltd.", "Inc.", "S.A.", "Oy", "Co., Ltd."]
    countries = ["DE", "GB", "US", "FR", "FI", "CN", "JP", "CH", "NL", "SE"]
    start = time.perf_counter()
    for number in range(options.parties):
        words_of_name = (words[number % 10], words[(number // 10) % 10], kinds[number % 6], str(number))
        name = f"{' '.join(words_of_name)} {forms[number % 6]}"
        create_party(admin, PartyData(name=name, countries=[(countries[number % 10], "incorporation")]))
    elapsed = time.perf_counter() - start
    per_party = 1000 * elapsed / options.parties
    print(f"create {options.parties} parties, screened on save: {elapsed:.2f} s ({per_party:.1f} ms each)")

    sample = list(Party.objects.order_by("?")[:200])
    start = time.perf_counter()
    for party in sample:
        screen_party(party, actor=admin, cause="benchmark")
    per_party = 1000 * (time.perf_counter() - start) / len(sample)
    print(f"screen one saved party (what the party_saved receiver does): {per_party:.1f} ms")

    registry = Party.objects.count()
    run = start_rescreen(admin)
    start = time.perf_counter()
    run_rescreen(run.pk)
    elapsed = time.perf_counter() - start
    print(f"re-screen {registry} parties: {elapsed:.2f} s ({1000 * elapsed / registry:.1f} ms per party)")


if __name__ == "__main__":
    main()
