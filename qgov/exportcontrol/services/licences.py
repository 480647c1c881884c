"""The licence register: recording what is relied on, and finding the licence that covers a transaction.

A licence covers a transaction when it is valid on the transaction's date, names every entry that needs
a licence (as the entry or a broader one: "3A904" covers "3A904.a"), allows the destination, the kind
of transaction and the named parties, and still has the quantity and value the transaction draws.
A licence exception is usable only where the determination found it available; where the engine had
to answer "unknown" (the IEC table qgov does not have), a person must decide.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from qgov.core.changelog import record_change
from qgov.core.models import ChangeAction
from qgov.core.permissions import require
from qgov.countries import resolve_country
from qgov.exportcontrol.choices import LicenceKind
from qgov.exportcontrol.licensing_rules import entry_within
from qgov.exportcontrol.models import Licence
from qgov.exportcontrol.transactions import TRANSACTION_KINDS
from qgov.ledger.services import record_decision
from qgov.parties.services import ledger_view


@dataclass
class LicenceData:
    reference: str
    valid_from: dt.date
    kind: str = LicenceKind.LICENCE
    jurisdiction: str = "US-EAR"
    authority: str = ""
    provision: str = ""
    entries: list[str] = field(default_factory=list)
    destinations: list[str] = field(default_factory=list)
    transaction_kinds: list[str] = field(default_factory=list)
    holder: Any = None
    consignee: Any = None
    end_user: Any = None
    conditions: str = ""
    expires_on: dt.date | None = None
    quantity_limit: Decimal | None = None
    value_limit: Decimal | None = None
    currency: str = "USD"
    notes: str = ""

    def clean(self) -> LicenceData:
        errors: dict[str, list[str]] = {}

        def bad(key: str, message: str) -> None:
            errors.setdefault(key, []).append(message)

        reference = self.reference.strip()
        if not reference:
            bad("reference", "A licence needs its number or code.")
        if self.kind not in LicenceKind.values:
            bad("kind", f"Kind must be one of {', '.join(LicenceKind.values)}.")
        destinations = []
        for given in self.destinations:
            code = resolve_country(given)
            if code is None:
                bad(
                    "destinations", f"'{given}' is not an ISO 3166 country code or a country name qgov knows."
                )
            elif code not in destinations:
                destinations.append(code)
        kinds = [k for k in dict.fromkeys(self.transaction_kinds) if k]
        for kind in kinds:
            if kind not in TRANSACTION_KINDS:
                bad("transaction_kinds", f"'{kind}' is not one of {', '.join(TRANSACTION_KINDS)}.")
        if self.expires_on is not None and self.expires_on < self.valid_from:
            bad("expires_on", "A licence cannot expire before it is valid.")
        for key in ("quantity_limit", "value_limit"):
            limit = getattr(self, key)
            if limit is not None and limit <= 0:
                bad(key, "A limit is more than zero (leave it empty for no limit).")
        currency = self.currency.strip().upper()
        if len(currency) != 3 or not currency.isalpha():
            bad("currency", "A currency is a three-letter ISO 4217 code (USD, EUR).")
        if errors:
            raise ValidationError(errors)
        return LicenceData(
            **{
                **vars(self),
                "reference": reference,
                "jurisdiction": self.jurisdiction.strip().upper() or "US-EAR",
                "entries": [e.strip() for e in dict.fromkeys(self.entries) if e.strip()],
                "destinations": destinations,
                "transaction_kinds": kinds,
                "currency": currency,
            }
        )


def _check_unique(data: LicenceData, exclude: Licence | None = None) -> None:
    clash = Licence.objects.filter(jurisdiction=data.jurisdiction, reference=data.reference)
    if exclude is not None:
        clash = clash.exclude(pk=exclude.pk)
    if clash.exists():
        raise ValidationError(
            {"reference": f"{data.jurisdiction} {data.reference} is already in the register."}
        )


def _ledger_view(licence: Licence) -> dict[str, Any]:
    return {
        "reference": licence.reference,
        "kind": licence.kind,
        "jurisdiction": licence.jurisdiction,
        "provision": licence.provision or None,
        "entries": list(licence.entries),
        "destinations": list(licence.destinations),
        "valid_from": licence.valid_from.isoformat(),
        "expires_on": licence.expires_on.isoformat() if licence.expires_on else None,
        "quantity_limit": None if licence.quantity_limit is None else str(licence.quantity_limit),
        "value_limit": None if licence.value_limit is None else f"{licence.value_limit} {licence.currency}",
        "parties": {
            role: ledger_view(party)
            for role, party in (("consignee", licence.consignee), ("end_user", licence.end_user))
            if party is not None
        },
    }


def create_licence(actor: Any, data: LicenceData) -> Licence:
    require(actor, "exportcontrol.add_licence")
    data = data.clean()
    with transaction.atomic():
        _check_unique(data)
        licence = Licence.objects.create(**vars(data))
        record_change(licence, ChangeAction.CREATE, user=actor, before=None, after=licence.snapshot())
        record_decision(
            actor=actor, action="exportcontrol.licence", subject=licence, decision=_ledger_view(licence)
        )
    return licence


def update_licence(actor: Any, licence: Licence, data: LicenceData) -> Licence:
    require(actor, "exportcontrol.change_licence")
    data = data.clean()
    with transaction.atomic():
        licence = Licence.objects.select_for_update().get(pk=licence.pk)
        _check_unique(data, exclude=licence)
        before = licence.snapshot()
        for key, value in vars(data).items():
            setattr(licence, key, value)
        licence.save()
        after = licence.snapshot()
        if record_change(licence, ChangeAction.UPDATE, user=actor, before=before, after=after) is not None:
            record_decision(
                actor=actor,
                action="exportcontrol.licence",
                subject=licence,
                decision={
                    **_ledger_view(licence),
                    "changed_fields": sorted(k for k in after if before.get(k) != after[k]),
                },
            )
    return licence


# --- coverage -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Need:
    """What a transaction needs a licence for, and what it would draw."""

    entries: tuple[str, ...]
    kind: str
    destination: str | None
    day: dt.date
    consignee_id: Any
    end_user_id: Any
    quantity: Decimal | None
    value: Decimal | None
    currency: str
    exceptions: dict[str, bool | None]  # exception code -> available, as the determination answered


@dataclass
class Coverage:
    licence: Licence | None
    undecided: list[tuple[Licence, str]]  # usable only if a person decides (availability unknown)
    rejected: list[tuple[Licence, str]]


def find_covering_licence(need: Need, jurisdiction: str = "US-EAR") -> Coverage:
    """The first licence that covers `need` (individual licences first, the soonest to expire first).

    Call inside the transaction that draws it down: the candidates are locked for update.
    """
    candidates = list(
        Licence.objects.select_for_update()
        .filter(jurisdiction=jurisdiction, kind__in=[LicenceKind.LICENCE, LicenceKind.LICENCE_EXCEPTION])
        .order_by("kind", "expires_on", "reference")
    )
    coverage = Coverage(None, [], [])
    for licence in candidates:
        problem = _problem(licence, need)
        if problem is None and licence.kind == LicenceKind.LICENCE_EXCEPTION:
            available = need.exceptions.get(licence.reference.upper())
            if available is None:
                coverage.undecided.append(
                    (
                        licence,
                        f"the determination could not say whether {licence.reference} is available (unknown)",
                    )
                )
                continue
            if available is False:
                problem = f"the determination found {licence.reference} not available for this transaction"
        if problem is None:
            coverage.licence = licence
            return coverage
        coverage.rejected.append((licence, problem))
    return coverage


def _problem(licence: Licence, need: Need) -> str | None:
    """Why `licence` does not cover `need`, or None if it does."""
    if licence.valid_from > need.day:
        return f"valid only from {licence.valid_from.isoformat()}"
    if licence.expires_on is not None and licence.expires_on < need.day:
        return f"expired on {licence.expires_on.isoformat()}"
    if licence.entries:
        missing = [e for e in need.entries if not any(entry_within(e, scope) for scope in licence.entries)]
        if missing:
            return f"does not cover {', '.join(missing)}"
    if licence.destinations and need.destination not in licence.destinations:
        return f"does not cover the destination {need.destination or '(unknown)'}"
    if licence.transaction_kinds and need.kind not in licence.transaction_kinds:
        return f"does not cover a {need.kind.replace('_', ' ')}"
    if licence.consignee_id and licence.consignee_id != need.consignee_id:
        return f"is for the consignee {licence.consignee}"
    if licence.end_user_id and licence.end_user_id != need.end_user_id:
        return f"is for the end user {licence.end_user}"
    return _limit_problem(licence, need)


def _limit_problem(licence: Licence, need: Need) -> str | None:
    if licence.value_limit is not None and need.value is not None and need.currency != licence.currency:
        return f"is limited in {licence.currency}, not {need.currency}"
    for limit, remaining, drawn, what in (
        (licence.quantity_limit, licence.quantity_remaining, need.quantity, "quantity"),
        (licence.value_limit, licence.value_remaining, need.value, "value"),
    ):
        if limit is None:
            continue
        if drawn is None:
            return f"limits the {what}: give the transaction's {what}"
        assert remaining is not None
        if drawn > remaining:
            return f"has {remaining} of its {what} left, less than the {drawn} requested"
    return None


def relied_general_licence(authorisation: str | None, jurisdiction: str = "US-EAR") -> Licence | None:
    """The general licence or exception in the register whose provision the determination names, if any."""
    if not authorisation:
        return None
    for licence in Licence.objects.filter(jurisdiction=jurisdiction, kind=LicenceKind.GENERAL_LICENCE):
        if licence.provision and licence.provision in authorisation:
            return licence
    return None
