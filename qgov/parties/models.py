"""The party registry: the organisations and people every other domain points at.

A supplier, a customer, a collaborating university, a visiting researcher: each is one ``Party``
with its names and aliases, countries (ISO 3166-1 alpha-2, each with the role it plays), addresses,
identifiers and relationships to other parties. Screening, export control and sourcing all refer to
parties here rather than keeping their own copies.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models
from django.urls import reverse

from qgov.core.models import ChangeLoggedModel, Tag
from qgov.parties.choices import (
    AliasType,
    CountryRole,
    IdentifierScheme,
    PartyKind,
    RelationshipType,
)


class Party(ChangeLoggedModel):
    kind = models.CharField(max_length=20, choices=PartyKind.choices, default=PartyKind.ORGANIZATION)
    name = models.CharField(max_length=300, db_index=True)
    reference = models.CharField(
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        help_text="Your own reference for this party (supplier number, visitor id ...); must be unique.",
    )
    birth_date = models.CharField(
        max_length=10, blank=True, help_text="People only: YYYY, YYYY-MM or YYYY-MM-DD, as far as known."
    )
    website = models.URLField(blank=True)
    notes = models.TextField(blank=True)
    tags = models.ManyToManyField(Tag, blank=True, related_name="parties")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "parties"
        permissions = [("import_parties", "Import parties from a CSV or XLSX file")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("parties:party_detail", args=[self.pk])

    @property
    def country_codes(self) -> list[str]:
        return sorted({c.country for c in self.countries.all()})

    def snapshot(self) -> dict[str, Any]:
        data = super().snapshot()
        data["aliases"] = sorted(f"{a.name} ({a.alias_type})" for a in self.aliases.all())
        data["countries"] = sorted(f"{c.country} ({c.role})" for c in self.countries.all())
        data["identifiers"] = sorted(str(i) for i in self.identifiers.all())
        data["addresses"] = sorted(str(a) for a in self.addresses.all())
        data["tags"] = sorted(t.name for t in self.tags.all())
        return data


class PartyAlias(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=300, db_index=True)
    alias_type = models.CharField(max_length=20, choices=AliasType.choices, default=AliasType.AKA)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "party aliases"
        constraints = [models.UniqueConstraint(fields=["party", "name"], name="unique_alias_per_party")]

    def __str__(self) -> str:
        return self.name


class PartyCountry(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="countries")
    country = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2")
    role = models.CharField(max_length=20, choices=CountryRole.choices, default=CountryRole.OPERATIONS)

    class Meta:
        ordering = ["country"]
        verbose_name_plural = "party countries"
        constraints = [
            models.UniqueConstraint(fields=["party", "country", "role"], name="unique_country_role_per_party")
        ]

    def __str__(self) -> str:
        return f"{self.country} ({self.get_role_display()})"


class Address(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="addresses")
    street = models.CharField(max_length=300, blank=True)
    city = models.CharField(max_length=120, blank=True)
    region = models.CharField(max_length=120, blank=True)
    postal_code = models.CharField(max_length=30, blank=True)
    country = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2")

    class Meta:
        ordering = ["country", "city"]
        verbose_name_plural = "addresses"

    def __str__(self) -> str:
        parts = [
            self.street,
            " ".join(p for p in (self.postal_code, self.city) if p),
            self.region,
            self.country,
        ]
        return ", ".join(p for p in parts if p)


class Identifier(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="identifiers")
    scheme = models.CharField(max_length=30, choices=IdentifierScheme.choices)
    value = models.CharField(max_length=100, db_index=True)
    issuer_country = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2 of the issuer")

    class Meta:
        ordering = ["scheme", "value"]
        constraints = [
            models.UniqueConstraint(fields=["party", "scheme", "value"], name="unique_identifier_per_party")
        ]

    def __str__(self) -> str:
        issuer = f" ({self.issuer_country})" if self.issuer_country else ""
        return f"{self.get_scheme_display()}: {self.value}{issuer}"


class PartyRelationship(models.Model):
    """A directed link: ``source`` is ``type`` of ``target`` (e.g. A is a subsidiary of B)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    source = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="relationships_out")
    target = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="relationships_in")
    type = models.CharField(max_length=30, choices=RelationshipType.choices)
    ownership_percent = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True, help_text="For ownership: the share held"
    )
    since = models.DateField(null=True, blank=True)
    until = models.DateField(null=True, blank=True)
    notes = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["type"]
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "type"], name="unique_relationship"),
            models.CheckConstraint(
                condition=~models.Q(source=models.F("target")), name="no_self_relationship"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.get_type_display().lower()} {self.target}"
