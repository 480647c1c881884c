"""Recording decisions in the ledger, signing checkpoints, verifying, exporting and issuing receipts.

``record_decision`` is the only way anything enters the ledger. It must run inside the caller's
transaction (the decision and its entry commit or roll back together) and locks the single head
row, which hands out gap-free indexes in commit order even with many processes appending at once:
on PostgreSQL through ``SELECT ... FOR UPDATE``, on SQLite because every write transaction begins
IMMEDIATE (see settings) and so holds the database's write lock.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from qgov.ledger import keys
from qgov.ledger.canonical import canonical_bytes
from qgov.ledger.checkpoint import Checkpoint as SignedTreeHead
from qgov.ledger.checkpoint import sign_checkpoint, sign_entry
from qgov.ledger.head import HeadRow, insert_entries
from qgov.ledger.merkle import CompactRange, leaf_hash
from qgov.ledger.models import Checkpoint, LedgerEntry, LedgerHead, VerificationRun
from qgov.ledger.offline import VerificationReport, build_receipt, verify_log, write_export

SYSTEM = "system:qgov"


class LedgerEmpty(Exception):
    """There is nothing to export or prove yet."""


@dataclass(frozen=True)
class Decision:
    """One decision to record: who, what kind, about what, and the decision's own fields."""

    actor: Any  # a user, or a string such as "system:rescreening"
    action: str  # dotted name, e.g. "screening.disposition"
    subject: Any  # a model instance or a (type, id) pair
    decision: dict[str, Any]


def actor_name(actor: Any) -> str:
    if isinstance(actor, str):
        return actor
    if getattr(actor, "is_authenticated", False):
        return f"user:{actor.get_username()}"
    return SYSTEM


def subject_of(subject: Any) -> dict[str, str]:
    if isinstance(subject, models.Model):
        return {"type": subject._meta.label_lower, "id": str(subject.pk)}
    subject_type, subject_id = subject
    return {"type": str(subject_type), "id": str(subject_id)}


def _rfc3339(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def record_decision(*, actor: Any, action: str, subject: Any, decision: dict[str, Any]) -> LedgerEntry:
    """Append one decision; call it inside the transaction that makes the decision."""
    return record_decisions([Decision(actor, action, subject, decision)])[0]


def record_decisions(decisions: Sequence[Decision]) -> list[LedgerEntry]:
    """Append several decisions under one lock (imports, bulk dispositions, benchmarks)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_decision must run inside the transaction that makes the decision")
    if not decisions:
        return []
    key = keys.signing_key()
    now = timezone.now()
    recorded_at = _rfc3339(now)
    with connection.cursor() as cursor:
        head = HeadRow.lock(cursor)
        frontier = CompactRange.from_bytes(head.size, bytes.fromhex(head.frontier))
        entries = []
        for item in decisions:
            index = frontier.size
            actor = actor_name(item.actor)
            subject = subject_of(item.subject)
            body = canonical_bytes(
                {
                    "index": index,
                    "recorded_at": recorded_at,
                    "actor": actor,
                    "action": item.action,
                    "subject": subject,
                    "decision": item.decision,
                }
            )
            leaf = leaf_hash(body)
            frontier.append(leaf)
            entries.append(
                LedgerEntry(
                    index=index,
                    recorded_at=now,
                    actor=actor,
                    action=item.action,
                    subject_type=subject["type"],
                    subject_id=subject["id"],
                    body=body.decode("utf-8"),
                    leaf_hash=leaf.hex(),
                    signature=base64.b64encode(sign_entry(key, index, leaf)).decode("ascii"),
                )
            )
        insert_entries(cursor, entries)
        if head.uncovered_since_epoch is None:
            head.uncovered_since_epoch = now.timestamp()
        head.size = frontier.size
        head.frontier = frontier.to_bytes().hex()
        head.root = frontier.root().hex()
        if _checkpoint_due(head, now):
            _sign_checkpoint(head, now)
        head.store(cursor)
    return entries


def _checkpoint_due(head: HeadRow, now: datetime) -> bool:
    """Every N entries, or once the oldest entry not yet covered has waited T seconds."""
    uncovered = head.size - head.last_checkpoint_size
    if uncovered <= 0:
        return False
    if uncovered >= settings.QGOV_LEDGER_CHECKPOINT_EVERY:
        return True
    waiting_since = head.uncovered_since_epoch or now.timestamp()
    return now.timestamp() - waiting_since >= settings.QGOV_LEDGER_CHECKPOINT_SECONDS


def _sign_checkpoint(head: HeadRow, now: datetime) -> Checkpoint:
    key = keys.signing_key()
    note = sign_checkpoint(SignedTreeHead(key.name, head.size, bytes.fromhex(head.root)), key)
    checkpoint = Checkpoint.objects.create(size=head.size, root=head.root, note=note, signed_at=now)
    head.last_checkpoint_size = head.size
    head.last_checkpoint_epoch = now.timestamp()
    head.uncovered_since_epoch = None
    return checkpoint


def _checkpoint(*, only_when_due: bool) -> Checkpoint | None:
    with transaction.atomic(), connection.cursor() as cursor:
        head = HeadRow.lock(cursor)
        now = timezone.now()
        if head.size == 0 or (only_when_due and not _checkpoint_due(head, now)):
            return None
        if head.last_checkpoint_size == head.size:
            return Checkpoint.objects.get(size=head.size)
        checkpoint = _sign_checkpoint(head, now)
        head.store(cursor)
        return checkpoint


def sign_checkpoint_now() -> Checkpoint | None:
    """Sign a checkpoint over every entry so far (on demand); None when the log is empty."""
    return _checkpoint(only_when_due=False)


def checkpoint_if_due() -> Checkpoint | None:
    """For the worker's timer: sign when entries have waited longer than the configured cadence."""
    return _checkpoint(only_when_due=True)


# --- verification, export, receipts --------------------------------------------------------------


def _entry_bodies() -> Iterator[bytes]:
    for body in (
        LedgerEntry.objects.order_by("index").values_list("body", flat=True).iterator(chunk_size=2000)
    ):
        yield body.encode("utf-8")


def _entry_signatures() -> dict[int, bytes]:
    return {
        index: base64.b64decode(signature)
        for index, signature in LedgerEntry.objects.values_list("index", "signature").iterator(
            chunk_size=5000
        )
    }


def verify_live(*, actor: Any = SYSTEM, record: bool = True) -> VerificationReport:
    """Recompute the whole log from the database and check it against every signed checkpoint.

    Also checks that the head row agrees with the entries (a deleted tail after the last checkpoint
    shows up here). The outcome is kept for the dashboard.
    """
    started = time.perf_counter()
    notes = {
        f"checkpoint at size {size}": note for size, note in Checkpoint.objects.values_list("size", "note")
    }
    report = verify_log(_entry_bodies(), notes, keys.verifier_key(), _entry_signatures())
    head = LedgerHead.objects.filter(pk=1).first()
    if report.ok and head is not None and (head.size != report.size or head.root != report.root.hex()):
        report = VerificationReport(
            ok=False,
            size=report.size,
            root=report.root,
            first_bad_index=min(report.size, head.size),
            reason=(
                f"the ledger head records {head.size} entries with root {head.root[:16]}..., but the entries "
                f"recompute to {report.size} entries with root {report.root.hex()[:16]}...: "
                "entries were removed "
                "or added outside qgov"
            ),
            checkpoints_checked=report.checkpoints_checked,
            latest_checkpoint_size=report.latest_checkpoint_size,
        )
    if record:
        VerificationRun.objects.create(
            finished_at=timezone.now(),
            ok=report.ok,
            size=report.size,
            root=report.root.hex() if report.root else "",
            first_bad_index=report.first_bad_index,
            reason=report.reason or "",
            checkpoints_checked=report.checkpoints_checked,
            seconds=time.perf_counter() - started,
            actor=actor_name(actor),
        )
    return report


def export(directory: Path) -> int:
    """Write the auditor's export (entries, checkpoints, public key, entry signatures); returns its size."""
    latest_checkpoint = sign_checkpoint_now()
    if latest_checkpoint is None:
        raise LedgerEmpty("the ledger is empty: there is nothing to export yet")
    notes = list(Checkpoint.objects.order_by("size").values_list("note", flat=True))
    write_export(
        directory,
        entries=_entry_bodies(),
        checkpoints=notes[:-1],
        latest=notes[-1],
        verifier=keys.verifier_key(),
        signatures=_entry_signatures(),
    )
    return latest_checkpoint.size


def receipt(index: int) -> dict[str, Any]:
    """The entry, its inclusion proof and the latest signed checkpoint covering it."""
    entry = LedgerEntry.objects.get(index=index)
    checkpoint = Checkpoint.objects.order_by("-size").first()
    if checkpoint is None or checkpoint.size <= index:
        checkpoint = sign_checkpoint_now()
    assert checkpoint is not None
    leaves = [
        bytes.fromhex(h)
        for h in LedgerEntry.objects.filter(index__lt=checkpoint.size)
        .order_by("index")
        .values_list("leaf_hash", flat=True)
        .iterator(chunk_size=5000)
    ]
    return build_receipt(entry.body.encode("utf-8"), index, leaves, checkpoint.note)
