"""The licence register: individual licences, licence exceptions and general licences relied on.

A licence covers transactions by entry (ECCN or paragraph prefix), destination, transaction kind,
named parties and dates, up to a quantity and a value. Transaction checks draw it down; what remains
is always the limit minus the recorded drawdowns, never a counter that could drift.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Sum
from django.urls import reverse

from qgov.core.models import ChangeLoggedModel
from qgov.exportcontrol.choices import LicenceKind


class Licence(ChangeLoggedModel):
    reference = models.CharField(
        max_length=100,
        help_text="Licence number, or the code of an exception or general licence (IEC, GO 6).",
    )
    kind = models.CharField(max_length=30, choices=LicenceKind.choices, default=LicenceKind.LICENCE)
    jurisdiction = models.CharField(max_length=20, default="US-EAR")
    authority = models.CharField(max_length=120, blank=True, help_text="BIS, BAFA, ECJU ...")
    provision = models.CharField(
        max_length=200, blank=True, help_text="The provision relied on, as cited (15 CFR 740.24 ...)."
    )
    entries = models.JSONField(
        default=list, blank=True, help_text="Entries covered (3A904, 4E906.a); empty: any"
    )
    destinations = models.JSONField(default=list, blank=True, help_text="ISO country codes; empty: any")
    transaction_kinds = models.JSONField(default=list, blank=True, help_text="Empty: any kind of transaction")
    holder = models.ForeignKey(
        "parties.Party", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    consignee = models.ForeignKey(
        "parties.Party", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    end_user = models.ForeignKey(
        "parties.Party", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    conditions = models.TextField(blank=True)
    valid_from = models.DateField()
    expires_on = models.DateField(null=True, blank=True)
    quantity_limit = models.DecimalField(max_digits=14, decimal_places=3, null=True, blank=True)
    value_limit = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, default="USD")
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["expires_on", "reference"]
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "reference"], name="unique_licence_reference"),
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=True)
                | models.Q(expires_on__gte=models.F("valid_from")),
                name="licence_expires_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({self.get_kind_display()}, {self.jurisdiction})"

    def get_absolute_url(self) -> str:
        return reverse("exportcontrol:licence_detail", args=[self.pk])

    def valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.expires_on is None or day <= self.expires_on)

    def _used(self, field: str) -> Decimal:
        return self.drawdowns.aggregate(total=Sum(field))["total"] or Decimal(0)

    @property
    def quantity_used(self) -> Decimal:
        return self._used("quantity")

    @property
    def value_used(self) -> Decimal:
        return self._used("value")

    @property
    def quantity_remaining(self) -> Decimal | None:
        return None if self.quantity_limit is None else self.quantity_limit - self.quantity_used

    @property
    def value_remaining(self) -> Decimal | None:
        return None if self.value_limit is None else self.value_limit - self.value_used

    def snapshot(self) -> dict[str, Any]:
        data = super().snapshot()
        for key in ("entries", "destinations", "transaction_kinds"):
            data[key] = list(getattr(self, key) or [])
        return data


class LicenceDrawdown(models.Model):
    """What one allowed transaction took from a licence."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    licence = models.ForeignKey(Licence, on_delete=models.PROTECT, related_name="drawdowns")
    transaction_check = models.OneToOneField(
        "exportcontrol.TransactionCheck", on_delete=models.PROTECT, related_name="drawdown"
    )
    quantity = models.DecimalField(max_digits=14, decimal_places=3, null=True, blank=True)
    value = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    drawn_on = models.DateField()
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-drawn_on", "-created"]

    def __str__(self) -> str:
        return f"{self.licence.reference}: {self.quantity or '—'} / {self.value or '—'} on {self.drawn_on}"
