from __future__ import annotations

import django_tables2 as tables

from qgov.core.tables import QgovTable
from qgov.ledger.models import Checkpoint, LedgerEntry


class LedgerEntryTable(QgovTable):
    index = tables.Column(linkify=True, verbose_name="#")
    recorded_at = tables.DateTimeColumn(format="Y-m-d H:i:s", verbose_name="Recorded (UTC)")
    action = tables.Column()
    subject = tables.Column(empty_values=(), orderable=False, accessor="subject_type")
    actor = tables.Column()

    class Meta(QgovTable.Meta):
        model = LedgerEntry
        fields = ("index", "recorded_at", "action", "subject", "actor")

    def render_subject(self, record: LedgerEntry) -> str:
        return f"{record.subject_type} {record.subject_id[:8]}"


class CheckpointTable(QgovTable):
    size = tables.Column(verbose_name="Tree size")
    root = tables.Column(verbose_name="Root hash")
    signed_at = tables.DateTimeColumn(format="Y-m-d H:i:s", verbose_name="Signed (UTC)")

    class Meta(QgovTable.Meta):
        model = Checkpoint
        fields = ("size", "root", "signed_at")
