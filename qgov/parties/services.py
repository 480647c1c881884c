"""Creating and changing parties: the one path the web forms, the API, imports and the demo take.

Each operation validates a :class:`PartyData`, runs in one transaction, writes the change log and a
ledger entry, and announces the change (``party_saved``) so that screening can re-check the party
inside the same transaction. Personal data stays off the ledger: for a person the entry holds a keyed
digest of the record, for an organisation its name and countries as well.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from qgov.core.changelog import record_change
from qgov.core.models import ChangeAction, Tag
from qgov.core.permissions import require
from qgov.countries import resolve_country
from qgov.ledger.services import record_decision
from qgov.parties.choices import AliasType, CountryRole, IdentifierScheme, PartyKind, RelationshipType
from qgov.parties.models import Address, Identifier, Party, PartyAlias, PartyCountry, PartyRelationship
from qgov.parties.signals import party_saved

PARTIAL_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")


@dataclass
class AddressData:
    country: str
    street: str = ""
    city: str = ""
    region: str = ""
    postal_code: str = ""


@dataclass
class PartyData:
    """Everything a party is, as plain values; ``clean`` turns user input into valid values or raises."""

    name: str
    kind: str = PartyKind.ORGANIZATION
    reference: str = ""
    birth_date: str = ""
    website: str = ""
    notes: str = ""
    aliases: list[tuple[str, str]] = field(default_factory=list)  # (name, alias type)
    countries: list[tuple[str, str]] = field(default_factory=list)  # (code or English name, role)
    identifiers: list[tuple[str, str, str]] = field(default_factory=list)  # (scheme, value, issuer country)
    addresses: list[AddressData] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)

    def clean(self) -> PartyData:
        errors: dict[str, list[str]] = {}

        def bad(key: str, message: str) -> None:
            errors.setdefault(key, []).append(message)

        name = " ".join(self.name.split())
        if not name:
            bad("name", "A party needs a name.")
        if self.kind not in PartyKind.values:
            bad("kind", f"Kind must be one of {', '.join(PartyKind.values)}, not '{self.kind}'.")
        birth_date = self.birth_date.strip()
        if birth_date and self.kind != PartyKind.PERSON:
            bad("birth_date", "Only a person has a date of birth.")
        elif birth_date and not PARTIAL_DATE.match(birth_date):
            bad("birth_date", f"'{birth_date}' is not a date written YYYY, YYYY-MM or YYYY-MM-DD.")

        aliases: list[tuple[str, str]] = []
        for alias, alias_type in self.aliases:
            alias = " ".join(alias.split())
            if not alias or alias.casefold() == name.casefold():
                continue
            if alias_type not in AliasType.values:
                bad("aliases", f"Alias type '{alias_type}' is not one of {', '.join(AliasType.values)}.")
            elif alias.casefold() not in {a.casefold() for a, _ in aliases}:
                aliases.append((alias, alias_type))

        countries: list[tuple[str, str]] = []
        for given, role in self.countries:
            code = _country_or_error(given, "countries", bad)
            if role not in CountryRole.values:
                bad("countries", f"Country role '{role}' is not one of {', '.join(CountryRole.values)}.")
            elif code and (code, role) not in countries:
                countries.append((code, role))

        identifiers: list[tuple[str, str, str]] = []
        for scheme, value, issuer in self.identifiers:
            value = value.strip()
            if scheme not in IdentifierScheme.values:
                bad(
                    "identifiers",
                    f"Identifier scheme '{scheme}' is not one of {', '.join(IdentifierScheme.values)}.",
                )
                continue
            if not value:
                bad("identifiers", f"The {scheme} identifier has no value.")
                continue
            if scheme == IdentifierScheme.LEI and not _valid_lei(value):
                bad(
                    "identifiers",
                    f"'{value}' is not a valid LEI (20 characters with ISO 17442 check digits).",
                )
                continue
            issuer_code = _country_or_error(issuer, "identifiers", bad) if issuer.strip() else ""
            if (scheme, value) not in {(s, v) for s, v, _ in identifiers}:
                identifiers.append(
                    (scheme, value.upper() if scheme == IdentifierScheme.LEI else value, issuer_code or "")
                )

        addresses: list[AddressData] = []
        for address in self.addresses:
            code = _country_or_error(address.country, "addresses", bad)
            if code:
                addresses.append(
                    AddressData(
                        country=code,
                        street=address.street.strip(),
                        city=address.city.strip(),
                        region=address.region.strip(),
                        postal_code=address.postal_code.strip(),
                    )
                )

        tags = sorted({t.strip() for t in self.tags if t.strip()})
        if any(len(t) > 60 for t in tags):
            bad("tags", "A tag is at most 60 characters.")
        if errors:
            raise ValidationError(errors)
        return PartyData(
            name=name,
            kind=self.kind,
            reference=self.reference.strip(),
            birth_date=birth_date,
            website=self.website.strip(),
            notes=self.notes.strip(),
            aliases=aliases,
            countries=countries,
            identifiers=identifiers,
            addresses=addresses,
            tags=tags,
        )


def _country_or_error(given: str, key: str, bad: Any) -> str | None:
    code = resolve_country(given)
    if code is None:
        bad(key, f"'{given}' is not an ISO 3166 country code or a country name qgov knows.")
    return code


def _valid_lei(value: str) -> bool:
    """ISO 17442: 20 alphanumerics whose ISO 7064 MOD 97-10 check gives 1."""
    value = value.strip().upper()
    if not re.fullmatch(r"[0-9A-Z]{18}[0-9]{2}", value):
        return False
    digits = "".join(str(int(ch, 36)) for ch in value)
    return int(digits) % 97 == 1


def ledger_view(party: Party) -> dict[str, Any]:
    """What the ledger keeps of a party: organisations in clear, people only as a keyed digest."""
    snapshot = json.dumps(party.snapshot(), sort_keys=True, default=str).encode("utf-8")
    key = settings.QGOV_LEDGER_DIGEST_KEY.encode("utf-8")
    digest = hmac.new(key, snapshot, hashlib.sha256).hexdigest()
    if party.kind == PartyKind.PERSON:
        return {"kind": party.kind, "record_hmac_sha256": digest}
    return {
        "kind": party.kind,
        "name": party.name,
        "countries": party.country_codes,
        "reference": party.reference or None,
        "record_hmac_sha256": digest,
    }


def _check_reference(reference: str, exclude: Party | None = None) -> None:
    if not reference:
        return
    clash = Party.objects.filter(reference=reference)
    if exclude is not None:
        clash = clash.exclude(pk=exclude.pk)
    if clash.exists():
        raise ValidationError({"reference": f"Another party already has the reference '{reference}'."})


def _write_children(party: Party, data: PartyData) -> None:
    party.aliases.all().delete()
    party.countries.all().delete()
    party.identifiers.all().delete()
    party.addresses.all().delete()
    PartyAlias.objects.bulk_create(PartyAlias(party=party, name=n, alias_type=t) for n, t in data.aliases)
    PartyCountry.objects.bulk_create(PartyCountry(party=party, country=c, role=r) for c, r in data.countries)
    Identifier.objects.bulk_create(
        Identifier(party=party, scheme=s, value=v, issuer_country=c) for s, v, c in data.identifiers
    )
    Address.objects.bulk_create(
        Address(
            party=party,
            street=a.street,
            city=a.city,
            region=a.region,
            postal_code=a.postal_code,
            country=a.country,
        )
        for a in data.addresses
    )
    party.tags.set([Tag.objects.get_or_create(name=name)[0] for name in data.tags])


def _apply_fields(party: Party, data: PartyData) -> None:
    party.kind = data.kind
    party.name = data.name
    party.reference = data.reference or None
    party.birth_date = data.birth_date
    party.website = data.website
    party.notes = data.notes


def create_party(actor: Any, data: PartyData, *, check_permission: bool = True) -> Party:
    if check_permission:
        require(actor, "parties.add_party")
    data = data.clean()
    with transaction.atomic():
        _check_reference(data.reference)
        party = Party()
        _apply_fields(party, data)
        party.full_clean(exclude=["reference"])
        party.save()
        _write_children(party, data)
        record_change(party, ChangeAction.CREATE, user=actor, before=None, after=party.snapshot())
        record_decision(actor=actor, action="parties.create", subject=party, decision=ledger_view(party))
        party_saved.send(sender=Party, party=party, created=True, actor=actor)
    return party


def update_party(actor: Any, party: Party, data: PartyData) -> Party:
    require(actor, "parties.change_party")
    data = data.clean()
    with transaction.atomic():
        party = Party.objects.select_for_update().get(pk=party.pk)
        _check_reference(data.reference, exclude=party)
        before = party.snapshot()
        _apply_fields(party, data)
        party.full_clean(exclude=["reference"])
        party.save()
        _write_children(party, data)
        after = party.snapshot()
        if record_change(party, ChangeAction.UPDATE, user=actor, before=before, after=after) is not None:
            record_decision(
                actor=actor,
                action="parties.update",
                subject=party,
                decision={
                    **ledger_view(party),
                    "changed_fields": sorted(k for k in after if before.get(k) != after[k]),
                },
            )
            party_saved.send(sender=Party, party=party, created=False, actor=actor)
    return party


def delete_party(actor: Any, party: Party) -> None:
    require(actor, "parties.delete_party")
    with transaction.atomic():
        before = party.snapshot()
        decision = ledger_view(party)
        record_change(party, ChangeAction.DELETE, user=actor, before=before, after=None)
        record_decision(actor=actor, action="parties.delete", subject=party, decision=decision)
        party.delete()


def add_relationship(
    actor: Any,
    source: Party,
    target: Party,
    relationship_type: str,
    *,
    ownership_percent: Any = None,
    since: Any = None,
    notes: str = "",
) -> PartyRelationship:
    require(actor, "parties.change_party")
    if relationship_type not in RelationshipType.values:
        raise ValidationError({"type": f"'{relationship_type}' is not a relationship type."})
    if source.pk == target.pk:
        raise ValidationError({"target": "A party cannot be related to itself."})
    if ownership_percent is not None and not (0 < float(ownership_percent) <= 100):
        raise ValidationError(
            {"ownership_percent": "An ownership share is more than 0 and at most 100 percent."}
        )
    with transaction.atomic():
        if PartyRelationship.objects.filter(source=source, target=target, type=relationship_type).exists():
            raise ValidationError(
                {"target": f"{source} is already {relationship_type.replace('_', ' ')} {target}."}
            )
        before = source.snapshot()
        relation = PartyRelationship.objects.create(
            source=source,
            target=target,
            type=relationship_type,
            ownership_percent=ownership_percent,
            since=since,
            notes=notes,
        )
        record_change(
            source,
            ChangeAction.UPDATE,
            user=actor,
            before=before,
            after={**before, "relationship_added": str(relation)},
            message=f"Relationship added: {relation}",
        )
        record_decision(
            actor=actor,
            action="parties.relationship",
            subject=source,
            decision={
                "type": relationship_type,
                "target": str(target.pk),
                "ownership_percent": None if ownership_percent is None else str(ownership_percent),
            },
        )
        party_saved.send(sender=Party, party=source, created=False, actor=actor)
    return relation


def remove_relationship(actor: Any, relation: PartyRelationship) -> None:
    require(actor, "parties.change_party")
    with transaction.atomic():
        source = relation.source
        before = source.snapshot()
        record_change(
            source,
            ChangeAction.UPDATE,
            user=actor,
            before=before,
            after={**before, "relationship_removed": str(relation)},
            message=f"Relationship removed: {relation}",
        )
        record_decision(
            actor=actor,
            action="parties.relationship_removed",
            subject=source,
            decision={"type": relation.type, "target": str(relation.target_id)},
        )
        relation.delete()
