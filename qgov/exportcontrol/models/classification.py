"""Classification records: what the engine proposed for an item, and what a compliance officer decided.

Every run of the classifier is kept whole (its `to_json()`, the rule-pack versions and the item
description it read), so a decision can always be compared with the proposal it confirmed or overrode.
A decision is also a ledger entry; it becomes stale when the item's parameters change afterwards.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models

from qgov.exportcontrol.choices import DecisionKind


class ClassificationProposal(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    item = models.ForeignKey("exportcontrol.Item", on_delete=models.CASCADE, related_name="proposals")
    number = models.PositiveIntegerField(help_text="1 for the item's first proposal, then 2, 3 ...")
    created = models.DateTimeField(auto_now_add=True)
    trigger = models.CharField(max_length=300, help_text="Why the engine ran")
    evaluated_on = models.DateField(help_text="The date whose rule packs were used")
    status = models.CharField(max_length=20)
    result = models.JSONField(help_text="The classifier's answer, exactly as to_json() gave it")
    rule_packs = models.JSONField(default=dict, help_text="Jurisdiction -> rule-pack version used")
    item_input = models.JSONField(help_text="The item description the classifier read")

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["item", "number"], name="unique_proposal_number")]

    def __str__(self) -> str:
        return f"Proposal {self.number} for {self.item}: {self.status}"

    @property
    def entry_keys(self) -> list[str]:
        return [f"{e['jurisdiction']} {e['entry']}" for e in self.result.get("entries", [])]


class ClassificationDecision(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    item = models.ForeignKey("exportcontrol.Item", on_delete=models.CASCADE, related_name="decisions")
    proposal = models.ForeignKey(ClassificationProposal, on_delete=models.PROTECT, related_name="decisions")
    number = models.PositiveIntegerField(help_text="1 for the item's first decision, then 2, 3 ...")
    kind = models.CharField(max_length=20, choices=DecisionKind.choices)
    status = models.CharField(max_length=20, help_text="controlled or not_controlled")
    entries = models.JSONField(
        default=list, help_text="The decided entries, each as the engine describes one"
    )
    justification = models.TextField(blank=True)
    open_review_reasons = models.JSONField(
        default=list, help_text="The proposal's review reasons the officer had in front of them"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by_name = models.CharField(max_length=150)
    decided_at = models.DateTimeField(auto_now_add=True)
    stale = models.BooleanField(default=False)
    stale_reason = models.TextField(blank=True)
    stale_since = models.DateTimeField(null=True, blank=True)
    ledger_index = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["item", "number"], name="unique_decision_number")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.item} by {self.decided_by_name}"

    @property
    def entry_keys(self) -> list[str]:
        return [f"{e['jurisdiction']} {e['entry']}" for e in self.entries]

    @property
    def status_text(self) -> str:
        return self.status.replace("_", " ")

    def classification_json(self) -> dict[str, Any]:
        """The decision in the classifier's answer shape (what licence checks read)."""
        return {
            "id": str(self.item_id),
            "status": self.status,
            "entries": list(self.entries),
            "review_reasons": [],
            "rule_packs": dict(self.proposal.rule_packs),
            "exclusions": list(self.proposal.result.get("exclusions", [])),
            "undecided": [],
            "notes": [f"Classification {self.get_kind_display().lower()} by {self.decided_by_name}."],
            "date": self.proposal.evaluated_on.isoformat(),
        }
