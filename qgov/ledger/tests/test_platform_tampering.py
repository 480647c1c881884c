"""A tampered database fails verification naming the first bad entry, however it was tampered with.

The attacker here has database rights (the append-only triggers are dropped first); only the
signing key, kept outside the database, is out of reach.
"""

from __future__ import annotations

import json

import pytest
from django.db import connection, transaction

from qgov.ledger.models import Checkpoint, LedgerEntry
from qgov.ledger.services import record_decision, verify_live

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger(unguarded_ledger, settings):
    settings.QGOV_LEDGER_CHECKPOINT_EVERY = 10
    with transaction.atomic():
        for i in range(25):
            record_decision(
                actor="user:carla", action="test.decision", subject=("test.thing", i), decision={"n": i}
            )
    assert verify_live(record=False).ok


def body(index: int) -> dict:
    return json.loads(LedgerEntry.objects.get(index=index).body)


def rewrite(index: int, new_body: dict, *, fix_leaf: bool) -> None:
    from qgov.ledger.canonical import canonical_bytes
    from qgov.ledger.merkle import leaf_hash

    data = canonical_bytes(new_body)
    fields = {"body": data.decode()}
    if fix_leaf:
        fields["leaf_hash"] = leaf_hash(data).hex()
    LedgerEntry.objects.filter(index=index).update(**fields)


@pytest.mark.parametrize("fix_leaf", [False, True], ids=["naive", "leaf-hash-recomputed"])
def test_changed_entry(ledger, fix_leaf):
    changed = body(7)
    changed["decision"]["n"] = 70
    rewrite(7, changed, fix_leaf=fix_leaf)
    report = verify_live(record=False)
    assert not report.ok and report.first_bad_index == 7


def test_removed_entry(ledger):
    LedgerEntry.objects.filter(index=7).delete()
    report = verify_live(record=False)
    assert not report.ok and report.first_bad_index == 7


def test_reordered_entries(ledger):
    seven, twelve = body(7), body(12)
    rewrite(7, twelve, fix_leaf=True)
    rewrite(12, seven, fix_leaf=True)
    report = verify_live(record=False)
    assert not report.ok and report.first_bad_index == 7


def test_inserted_entry(ledger):
    with connection.cursor() as cursor:  # make room at index 7, then forge an entry there
        cursor.execute('UPDATE ledger_ledgerentry SET "index" = "index" + 1000 WHERE "index" >= 7')
        cursor.execute('UPDATE ledger_ledgerentry SET "index" = "index" - 999 WHERE "index" >= 1007')
    forged = body(6)
    forged.update(index=7, decision={"n": "forged"})
    original = LedgerEntry.objects.get(index=6)
    LedgerEntry.objects.create(
        index=7,
        recorded_at=original.recorded_at,
        actor="user:mallory",
        action="test.decision",
        subject_type="test.thing",
        subject_id="forged",
        body=json.dumps(forged),
        leaf_hash="00" * 32,
        signature=original.signature,
    )
    report = verify_live(record=False)
    assert not report.ok and report.first_bad_index == 7


def test_truncated_tail_after_the_last_checkpoint(ledger):
    LedgerEntry.objects.filter(index__gte=22).delete()
    report = verify_live(record=False)
    assert not report.ok and report.first_bad_index == 22


def test_entry_appended_outside_qgov(ledger):
    last = LedgerEntry.objects.get(index=24)
    forged = body(24)
    forged["index"] = 25
    LedgerEntry.objects.create(
        index=25,
        recorded_at=last.recorded_at,
        actor="user:mallory",
        action="test.decision",
        subject_type="test.thing",
        subject_id="x",
        body=json.dumps(forged),
        leaf_hash="00" * 32,
        signature=last.signature,
    )
    report = verify_live(record=False)
    assert not report.ok and report.first_bad_index == 25


def test_tampered_checkpoint(ledger):
    checkpoint = Checkpoint.objects.get(size=10)
    Checkpoint.objects.filter(size=10).update(note=checkpoint.note.replace("\n10\n", "\n11\n"))
    report = verify_live(record=False)
    assert not report.ok and "checkpoint at size 10" in report.reason, report.reason


def test_a_failed_verification_is_recorded_for_the_dashboard(ledger):
    rewrite(3, {**body(3), "actor": "user:mallory"}, fix_leaf=True)
    verify_live(actor="user:audra")
    from qgov.ledger.models import VerificationRun

    run = VerificationRun.objects.get()
    assert run.ok is False and run.first_bad_index == 3 and run.actor == "user:audra"
