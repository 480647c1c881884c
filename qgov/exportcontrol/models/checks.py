"""Transaction checks and the releases of technology they authorise.

A check is one shipment, transfer, reexport or release of technology or source code: the item with
the classification it was checked under, the parties from the registry (and what screening said about
them), the engine's full licence determination, and the outcome (allowed under a licence, allowed
without one, blocked, or needing review) with its reason. A release to a foreign person that General
Order No. 6(f)(3) authorises is kept as a Release, the record 15 CFR 743.8 reports are made from.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse

from qgov.exportcontrol.choices import TRANSACTION_KIND_CHOICES, CheckOutcome, LeavingFor, ReportDuty

PARTY = "parties.Party"


class TransactionCheck(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    item = models.ForeignKey("exportcontrol.Item", on_delete=models.PROTECT, related_name="checks")
    kind = models.CharField(max_length=20, choices=TRANSACTION_KIND_CHOICES)
    date = models.DateField(help_text="The ship or release date: it selects the rules in force")
    from_country = models.CharField(max_length=2, blank=True, help_text="Where it ships from or is released")
    destination = models.CharField(
        max_length=2, blank=True, help_text="Deemed releases: the person's country"
    )
    consignee = models.ForeignKey(PARTY, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    end_user = models.ForeignKey(PARTY, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recipient = models.ForeignKey(PARTY, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    releasing_entity = models.ForeignKey(
        PARTY, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    most_recent_country = models.CharField(max_length=2, blank=True)
    employed_since = models.DateField(null=True, blank=True)
    prohibited_stated = models.BooleanField(null=True, blank=True)
    prohibited_end_use = models.BooleanField(null=True, blank=True)
    published = models.BooleanField(null=True, blank=True)
    fundamental_research = models.BooleanField(null=True, blank=True)
    software_code = models.CharField(max_length=10, blank=True)
    us_content_above_de_minimis = models.BooleanField(null=True, blank=True)
    foreign_direct_product = models.BooleanField(null=True, blank=True)
    quantity = models.DecimalField(max_digits=14, decimal_places=3, null=True, blank=True)
    value = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, default="USD")
    end_use = models.TextField(blank=True)
    notes = models.TextField(blank=True)

    classification_basis = models.CharField(
        max_length=20, help_text="confirmed, overridden, unconfirmed or stale"
    )
    classification = models.JSONField(help_text="The classification the check used")
    screening = models.JSONField(
        default=dict, help_text="Screening answers per party at the time of the check"
    )
    determination = models.JSONField(help_text="The licence determination, as determine().to_json() gave it")
    outcome = models.CharField(max_length=20, choices=CheckOutcome.choices)
    reason = models.TextField()
    licence = models.ForeignKey(
        "exportcontrol.Licence", null=True, blank=True, on_delete=models.PROTECT, related_name="checks"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_by_name = models.CharField(max_length=150)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    justification = models.TextField(
        blank=True, help_text="A compliance officer's reason for deciding a review"
    )
    ledger_index = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        permissions = [("decide_transaction", "Decide a transaction check that needs review")]

    def __str__(self) -> str:
        where = self.destination or "?"
        return f"{self.get_kind_display()} of {self.item} to {where} on {self.date.isoformat()}"

    def get_absolute_url(self) -> str:
        return reverse("exportcontrol:check_detail", args=[self.pk])

    @classmethod
    def scope_queryset(cls, queryset: models.QuerySet[Any], user: Any) -> models.QuerySet[Any]:
        """Researchers see the checks they asked for: a deemed export names a colleague or a visitor."""
        from qgov.core.roles import Role, role_of

        return queryset.filter(requested_by=user) if role_of(user) == Role.RESEARCHER else queryset

    @property
    def parties(self) -> list[tuple[str, Any]]:
        named = [
            ("consignee", self.consignee),
            ("end user", self.end_user),
            ("recipient", self.recipient),
            ("releasing entity", self.releasing_entity),
        ]
        return [(role, party) for role, party in named if party is not None]


class Release(models.Model):
    """Technology or source code released to a foreign person and reportable under 15 CFR 743.8."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    transaction_check = models.OneToOneField(
        TransactionCheck, on_delete=models.PROTECT, related_name="release"
    )
    item = models.ForeignKey("exportcontrol.Item", on_delete=models.PROTECT, related_name="releases")
    person = models.ForeignKey(PARTY, on_delete=models.PROTECT, related_name="+")
    releasing_entity = models.ForeignKey(
        PARTY, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    country = models.CharField(max_length=2, help_text="The person's most recent citizenship or residency")
    eccns = models.JSONField(default=list)
    authorisation = models.CharField(max_length=200)
    duty = models.CharField(max_length=20, choices=ReportDuty.choices)
    started_on = models.DateField()
    last_day = models.DateField(
        null=True, blank=True, help_text="The person's last day (release or employment)"
    )
    leaving_for = models.CharField(max_length=20, choices=LeavingFor.choices, default=LeavingFor.UNKNOWN)
    termination_reported_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-started_on"]

    def __str__(self) -> str:
        return f"Release of {self.item} to {self.person} from {self.started_on.isoformat()}"

    @property
    def termination_due(self) -> dt.date | None:
        """15 CFR 743.8(e): within 30 days of the foreign person's last day."""
        return None if self.last_day is None else self.last_day + dt.timedelta(days=30)
