"""Database storage of the decision ledger.

``LedgerEntry`` rows hold each entry's canonical JSON exactly as hashed, its leaf hash and the
ledger's signature over (index, leaf hash); ``LedgerHead`` is the single row that hands out the next
gap-free index (locked for update) and keeps the tree's compact range, so an append costs a few
hashes, not a pass over the log; ``Checkpoint`` rows are the signed tree heads. The tables are
append-only at the database level (see guards.py); the cryptography, not the database, is what an
auditor trusts.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import models
from django.urls import reverse


class LedgerHead(models.Model):
    """The one row (pk=1) that serialises appends: next index, compact range and current root."""

    size = models.BigIntegerField(default=0)
    frontier = models.TextField(default="", blank=True)  # hex of the compact range's subtree roots
    root = models.CharField(max_length=64)
    last_checkpoint_size = models.BigIntegerField(default=0)
    # Epoch seconds rather than DateTimeFields: the append path reads them in plain SQL (head.py).
    last_checkpoint_epoch = models.FloatField(null=True, blank=True)
    uncovered_since_epoch = models.FloatField(
        null=True, blank=True, help_text="When the oldest entry not yet covered by a checkpoint was recorded"
    )

    class Meta:
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"ledger head at size {self.size}"


class LedgerEntry(models.Model):
    index = models.BigIntegerField(primary_key=True)
    recorded_at = models.DateTimeField(db_index=True)
    actor = models.CharField(max_length=150, db_index=True)
    action = models.CharField(max_length=100, db_index=True)
    subject_type = models.CharField(max_length=100)
    subject_id = models.CharField(max_length=100)
    body = models.TextField(help_text="The entry's RFC 8785 canonical JSON, exactly the hashed bytes.")
    leaf_hash = models.CharField(max_length=64)
    signature = models.CharField(
        max_length=100, help_text="Base64 Ed25519 signature over index and leaf hash"
    )

    class Meta:
        ordering = ["-index"]
        default_permissions = ("view",)
        permissions = [
            ("export_ledger", "Export the ledger for offline verification"),
            ("verify_ledger", "Verify the ledger"),
            ("sign_checkpoint", "Sign a checkpoint on demand"),
        ]
        indexes = [models.Index(fields=["subject_type", "subject_id"])]
        verbose_name = "ledger entry"
        verbose_name_plural = "ledger entries"

    def __str__(self) -> str:
        return f"#{self.index} {self.action}"

    def get_absolute_url(self) -> str:
        return reverse("ledger:entry_detail", args=[self.index])

    @property
    def entry(self) -> dict[str, Any]:
        return json.loads(self.body)  # type: ignore[no-any-return]

    @property
    def decision(self) -> Any:
        return self.entry.get("decision")


class Checkpoint(models.Model):
    size = models.BigIntegerField(primary_key=True)
    root = models.CharField(max_length=64)
    note = models.TextField(help_text="The C2SP signed note, verbatim")
    signed_at = models.DateTimeField()

    class Meta:
        ordering = ["-size"]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"checkpoint at size {self.size}"


class VerificationRun(models.Model):
    """The outcome of one full verification of the live ledger, shown on the dashboard."""

    finished_at = models.DateTimeField(db_index=True)
    ok = models.BooleanField()
    size = models.BigIntegerField()
    root = models.CharField(max_length=64, blank=True)
    first_bad_index = models.BigIntegerField(null=True, blank=True)
    reason = models.TextField(blank=True)
    checkpoints_checked = models.IntegerField(default=0)
    seconds = models.FloatField(default=0)
    actor = models.CharField(max_length=150)

    class Meta:
        ordering = ["-finished_at"]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{'intact' if self.ok else 'FAILED'} at size {self.size}"

    @property
    def headline(self) -> str:
        from qgov.ledger.offline import failure_headline

        return failure_headline(self.first_bad_index, self.reason)
