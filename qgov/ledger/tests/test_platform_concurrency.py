"""Appends from several processes at once: no gap, no fork, every committed decision present once."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter

import pytest
from django.conf import settings
from django.db import connection

from qgov.ledger.models import LedgerEntry
from qgov.ledger.services import verify_live

WRITERS = 4
PER_WRITER = 30


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgresql://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.mark.django_db(transaction=True)  # real commits: the other processes must see them
def test_concurrent_writers_get_gap_free_indexes():
    env = {
        **os.environ,
        "QGOV_DATABASE_URL": database_url(),
        "QGOV_DATA_DIR": str(settings.DATA_DIR),
        "QGOV_LEDGER_KEY": str(settings.QGOV_LEDGER_KEY),
        "QGOV_LEDGER_CHECKPOINT_EVERY": "7",
    }
    from qgov.ledger.keys import signing_key

    signing_key()  # create the key before the writers race to create it
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "qgov.ledger.tests.concurrent_writer", str(w), str(PER_WRITER)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in range(WRITERS)
    ]
    results = [p.communicate(timeout=300) for p in processes]
    for process, (_out, err) in zip(processes, results, strict=True):
        assert process.returncode == 0, err
    committed = sum(int(out.strip()) for out, _ in results)
    assert committed == WRITERS * (PER_WRITER - PER_WRITER // 3)

    indexes = list(LedgerEntry.objects.order_by("index").values_list("index", flat=True))
    assert indexes == list(range(committed))  # gap-free, in commit order
    per_writer = Counter(LedgerEntry.objects.values_list("subject_id", flat=True))
    assert set(per_writer.values()) == {PER_WRITER - PER_WRITER // 3}
    report = verify_live(record=False)
    assert report.ok, report.reason  # one tree: every checkpoint signed by any writer is consistent
    assert report.checkpoints_checked >= committed // 7
