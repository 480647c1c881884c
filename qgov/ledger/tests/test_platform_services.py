"""The ledger as the platform writes it: same-transaction entries, gap-free indexes, checkpoints."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from qgov.ledger import guards
from qgov.ledger.canonical import parse_canonical
from qgov.ledger.models import Checkpoint, LedgerEntry, LedgerHead
from qgov.ledger.services import record_decision, sign_checkpoint_now, verify_live

pytestmark = pytest.mark.django_db


def decide(n: int, actor: str = "system:test") -> list[LedgerEntry]:
    return [
        record_decision(actor=actor, action="test.decision", subject=("test.thing", i), decision={"n": i})
        for i in range(n)
    ]


def test_entries_are_canonical_with_the_contract_fields():
    with transaction.atomic():
        entry = record_decision(
            actor="system:test",
            action="screening.disposition",
            subject=("screening.alert", "a1"),
            decision={"outcome": "false_positive", "reason": "DOB differs"},
        )
    body = parse_canonical(entry.body.encode())
    assert body["index"] == 0 and body["action"] == "screening.disposition"
    assert body["subject"] == {"type": "screening.alert", "id": "a1"}
    assert body["recorded_at"].endswith("Z") and body["actor"] == "system:test"
    assert body["decision"] == {"outcome": "false_positive", "reason": "DOB differs"}


@pytest.mark.django_db(transaction=True)
def test_record_decision_refuses_to_run_outside_a_transaction():
    with pytest.raises(RuntimeError, match="inside the transaction"):
        record_decision(actor="system:test", action="x.y", subject=("t", 1), decision={})


def test_a_rolled_back_decision_leaves_no_entry_and_no_gap():
    with transaction.atomic():
        decide(3)
    with pytest.raises(ValueError), transaction.atomic():
        decide(2)
        raise ValueError("the decision failed after its entry was written")
    with transaction.atomic():
        decide(1)
    assert list(LedgerEntry.objects.order_by("index").values_list("index", flat=True)) == [0, 1, 2, 3]
    assert LedgerHead.objects.get().size == 4
    assert verify_live(record=False).ok


def test_checkpoints_follow_the_cadence_and_on_demand(settings):
    settings.QGOV_LEDGER_CHECKPOINT_EVERY = 5
    with transaction.atomic():
        decide(12)
    assert list(Checkpoint.objects.order_by("size").values_list("size", flat=True)) == [5, 10]
    assert sign_checkpoint_now().size == 12
    assert sign_checkpoint_now().size == 12  # nothing new: the same checkpoint
    report = verify_live(record=False)
    assert report.ok and report.size == 12 and report.checkpoints_checked == 3


def test_a_time_cadence_signs_even_a_quiet_ledger(settings):
    settings.QGOV_LEDGER_CHECKPOINT_EVERY = 1000
    settings.QGOV_LEDGER_CHECKPOINT_SECONDS = 0
    with transaction.atomic():
        decide(2)
    assert Checkpoint.objects.filter(size=2).exists()


def test_the_database_refuses_updates_and_deletes_of_entries():
    guards.install(connection)  # idempotent; a transactional test elsewhere may have removed them
    with transaction.atomic():
        decide(2)
    with pytest.raises(DatabaseError), transaction.atomic():
        LedgerEntry.objects.filter(index=0).update(body="{}")
    with pytest.raises(DatabaseError), transaction.atomic():
        LedgerEntry.objects.filter(index=1).delete()
    assert LedgerEntry.objects.count() == 2
