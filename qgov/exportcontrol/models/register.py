"""The item register: what the organisation makes, buys, ships or shares, described for classification.

An item keeps each parameter exactly as its source gives it ("1000 uW"), with where the figure comes
from (datasheet, calibration record), the statistic it is (a mean, median or best C-NOT error) and
the date of the figure, so a classification can be traced back to the evidence it relied on.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models
from django.urls import reverse

from qgov.core.models import ChangeLoggedModel, EvidenceFile
from qgov.exportcontrol.choices import (
    CATEGORY_CHOICES,
    ITEM_KIND_CHOICES,
    PURPOSE_CHOICES,
    ClassificationState,
    ItemPartyRole,
    ParameterSource,
    Statistic,
)


class Item(ChangeLoggedModel):
    reference = models.CharField(
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        help_text="Your own part or document number; must be unique.",
    )
    name = models.CharField(max_length=300, db_index=True)
    item_kind = models.CharField(max_length=20, choices=ITEM_KIND_CHOICES, default="commodity")
    category = models.CharField(max_length=40, choices=CATEGORY_CHOICES, blank=True)
    origin_country = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2")
    description = models.TextField(blank=True)
    for_entries = models.JSONField(
        default=list, blank=True, help_text='Software and technology: the entries it is for ("4A906.b").'
    )
    purpose = models.CharField(max_length=20, choices=PURPOSE_CHOICES, blank=True)
    classification_state = models.CharField(
        max_length=20, choices=ClassificationState.choices, default=ClassificationState.UNCONFIRMED
    )
    stale_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        permissions = [
            ("confirm_classification", "Confirm or override an item's export-control classification")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("exportcontrol:item_detail", args=[self.pk])

    def _latest(self, relation: str) -> Any:
        """The highest-numbered proposal or decision, from prefetched rows when a list page loaded them."""
        prefetched = getattr(self, "_prefetched_objects_cache", {}).get(relation)
        if prefetched is not None:
            return max(prefetched, key=lambda row: row.number, default=None)
        return getattr(self, relation).order_by("-number").first()

    @property
    def latest_proposal(self) -> Any:
        return self._latest("proposals")

    @property
    def latest_decision(self) -> Any:
        return self._latest("decisions")

    def snapshot(self) -> dict[str, Any]:
        data = super().snapshot()
        data["for_entries"] = list(self.for_entries or [])
        data.pop("classification_state", None)
        data.pop("stale_reason", None)
        data["parameters"] = sorted(str(p) for p in self.parameters.all())
        data["parties"] = sorted(f"{link.party} ({link.role})" for link in self.parties.all())
        return data


class ItemParameter(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="parameters")
    name = models.CharField(max_length=60)
    value = models.CharField(
        max_length=100, help_text='As the source gives it: "1000 uW", "true", "gate_based".'
    )
    source = models.CharField(max_length=30, choices=ParameterSource.choices, blank=True)
    source_reference = models.CharField(
        max_length=200, blank=True, help_text="Where in the source: document, revision, page or table."
    )
    statistic = models.CharField(max_length=10, choices=Statistic.choices, blank=True)
    figure_date = models.DateField(
        null=True, blank=True, help_text="The date of the figure (datasheet, calibration)."
    )

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["item", "name"], name="unique_parameter_per_item")]

    def __str__(self) -> str:
        details = [d for d in (self.get_source_display() if self.source else "", self.statistic) if d]
        if self.figure_date:
            details.append(self.figure_date.isoformat())
        return f"{self.name} = {self.value}" + (f" ({', '.join(details)})" if details else "")


class ItemEvidence(EvidenceFile):
    """A datasheet or calibration record, effective from the date its figures apply."""

    id = models.BigAutoField(primary_key=True)
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=30, choices=ParameterSource.choices, default=ParameterSource.DATASHEET)

    class Meta:
        ordering = ["-effective_date", "-uploaded_at"]
        verbose_name = "item evidence file"

    def __str__(self) -> str:
        name = self.description or self.file.name.rsplit("/", 1)[-1]
        return f"{name} ({self.get_kind_display()}, effective {self.effective_date.isoformat()})"


class ItemParty(models.Model):
    """Who makes, supplies or distributes an item, pointing at the party registry."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="parties")
    party = models.ForeignKey("parties.Party", on_delete=models.PROTECT, related_name="exportcontrol_items")
    role = models.CharField(max_length=20, choices=ItemPartyRole.choices)

    class Meta:
        ordering = ["role"]
        verbose_name_plural = "item parties"
        constraints = [
            models.UniqueConstraint(fields=["item", "party", "role"], name="unique_item_party_role")
        ]

    def __str__(self) -> str:
        return f"{self.party} ({self.get_role_display()})"
