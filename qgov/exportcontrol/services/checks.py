"""Transaction checks: may this item go to this destination and these parties, and under what?

A check takes the item's classification in force (a confirmed or overridden decision; otherwise the
engine's proposal, used but flagged), asks the screening seam about every party, runs the licence
determination (licensing.determine) and then either finds the licence in the register that covers the
transaction or blocks it with the reason. Open screening alerts, undetermined facts and licence
exceptions qgov cannot assess make the check "needs review" for a compliance officer to decide.
The outcome is a ledger entry (``exportcontrol.transaction_check``) written in the same transaction
that draws the licence down; a release to a foreign person under General Order No. 6(f)(3) is
recorded for the 15 CFR 743.8 reports.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from qgov.core.permissions import require
from qgov.countries import resolve_country
from qgov.exportcontrol.choices import DEEMED_KINDS, CheckOutcome, ReportDuty
from qgov.exportcontrol.licensing import Determination, determine
from qgov.exportcontrol.models import Item, Licence, LicenceDrawdown, Release, TransactionCheck
from qgov.exportcontrol.services.classification import actor_label, effective_classification
from qgov.exportcontrol.services.engine_io import describe_saved_item
from qgov.exportcontrol.services.licences import Need, find_covering_licence, relied_general_licence
from qgov.exportcontrol.services.screening import (
    ALERTS_OPEN,
    ScreeningAnswer,
    combined_prohibited,
    screening_status,
)
from qgov.exportcontrol.transactions import TRANSACTION_KINDS, TransactionError, parse_transaction
from qgov.ledger.services import record_decision
from qgov.parties.choices import CountryRole, PartyKind, RelationshipType
from qgov.parties.services import ledger_view

US = "US-EAR"
REPORT_743_8 = "15 CFR 743.8"
NATIONALITY_ROLES = (CountryRole.CITIZENSHIP, CountryRole.NATIONALITY)


@dataclass
class CheckData:
    item: Item
    kind: str
    date: dt.date
    from_country: str = ""
    destination: str = ""
    consignee: Any = None
    end_user: Any = None
    recipient: Any = None
    releasing_entity: Any = None
    most_recent_country: str = ""
    employed_since: dt.date | None = None
    prohibited_stated: bool | None = None
    prohibited_end_use: bool | None = None
    published: bool | None = None
    fundamental_research: bool | None = None
    software_code: str = ""
    us_content_above_de_minimis: bool | None = None
    foreign_direct_product: bool | None = None
    quantity: Decimal | None = None
    value: Decimal | None = None
    currency: str = "USD"
    end_use: str = ""
    notes: str = ""

    def clean(self) -> CheckData:
        errors: dict[str, list[str]] = {}

        def bad(key: str, message: str) -> None:
            errors.setdefault(key, []).append(message)

        if self.kind not in TRANSACTION_KINDS:
            bad("kind", f"Kind must be one of {', '.join(TRANSACTION_KINDS)}.")
        countries = {}
        for key in ("from_country", "destination", "most_recent_country"):
            given = getattr(self, key).strip()
            code = resolve_country(given) if given else ""
            if code is None:
                bad(key, f"'{given}' is not an ISO 3166 country code or a country name qgov knows.")
            countries[key] = code or ""
        deemed = self.kind in DEEMED_KINDS
        if deemed:
            if self.recipient is None:
                bad("recipient", "A release of technology or source code needs the person it is released to.")
            elif self.recipient.kind != PartyKind.PERSON:
                bad("recipient", "The recipient of a deemed export or reexport is a person.")
        elif not (countries.get("destination") or self.kind == "transfer"):
            bad("destination", "Give the destination country.")
        if not deemed and self.recipient is not None:
            bad("recipient", "Name a recipient person only for a deemed export or reexport.")
        for key in ("quantity", "value"):
            amount = getattr(self, key)
            if amount is not None and amount < 0:
                bad(key, f"The {key} cannot be negative.")
        if errors:
            raise ValidationError(errors)
        return CheckData(**{**vars(self), **countries, "currency": self.currency.strip().upper() or "USD"})


# --- the engine's view of the transaction ----------------------------------------------------------


def _screen(data: CheckData) -> dict[str, ScreeningAnswer]:
    roles = (
        (("recipient", data.recipient),)
        if data.kind in DEEMED_KINDS
        else (
            ("consignee", data.consignee),
            ("end_user", data.end_user),
        )
    )
    return {role: screening_status(party) for role, party in roles if party is not None}


def _employment_start(person: Any) -> dt.date | None:
    """The start of the person's latest employment on record (employee_of relationship with a date)."""
    dates = [
        r.since
        for r in person.relationships_out.filter(type=RelationshipType.EMPLOYEE_OF).exclude(since=None)
    ]
    return max(dates) if dates else None


def _recipient(data: CheckData, prohibited: bool | None) -> dict[str, Any] | None:
    if data.kind in DEEMED_KINDS:
        countries = list(data.recipient.countries.all())
        return {
            "name": data.recipient.name,
            "nationality": [c.country for c in countries if c.role in NATIONALITY_ROLES],
            "permanent_residence": [c.country for c in countries if c.role == CountryRole.RESIDENCE],
            "most_recent_country": data.most_recent_country or None,
            "employed_since": data.employed_since.isoformat() if data.employed_since else None,
            "prohibited_party": prohibited,
        }
    named = data.end_user or data.consignee
    if named is None and prohibited is None:
        return None
    return {"name": named.name if named else None, "prohibited_party": prohibited}


def transaction_document(data: CheckData, check_id: str, prohibited: bool | None) -> dict[str, Any]:
    """The contract's transaction for licensing.determine, from the register's records."""
    document: dict[str, Any] = {
        "id": check_id,
        "item": describe_saved_item(data.item),
        "transaction": data.kind,
        "from_country": data.from_country or None,
        "destination": None if data.kind in DEEMED_KINDS else (data.destination or None),
        "recipient": _recipient(data, prohibited),
        "published": data.published,
        "fundamental_research": data.fundamental_research,
        "date": data.date.isoformat(),
        "software_code": data.software_code or None,
        "us_content_above_de_minimis": data.us_content_above_de_minimis,
        "foreign_direct_product": data.foreign_direct_product,
        "prohibited_end_use": data.prohibited_end_use,
    }
    return {key: value for key, value in document.items() if value is not None or key in ("id", "item")}


# --- the outcome -----------------------------------------------------------------------------------


@dataclass
class Outcome:
    outcome: str
    reason: str
    licence: Licence | None = None


def _decide_outcome(data: CheckData, result: Determination, screening: dict[str, ScreeningAnswer]) -> Outcome:
    alerts = [
        f"{role.replace('_', ' ')}: {a.detail}" for role, a in screening.items() if a.status == ALERTS_OPEN
    ]
    if alerts:
        return Outcome(
            CheckOutcome.NEEDS_REVIEW, "Screening alerts must be resolved first (" + "; ".join(alerts) + ")."
        )
    if result.licence_required is False and result.status == "determined":
        general = relied_general_licence(result.authorisation)
        return Outcome(CheckOutcome.ALLOWED_NO_LICENCE, _no_licence_reason(result), general)
    if result.licence_required is None or result.status != "determined":
        reasons = result.review_reasons or ["the licence requirement could not be determined"]
        return Outcome(CheckOutcome.NEEDS_REVIEW, "The determination needs review: " + " ".join(reasons))
    need = _need(data, result)
    coverage = find_covering_licence(need)
    if coverage.licence is not None:
        return Outcome(
            CheckOutcome.ALLOWED_UNDER_LICENCE,
            f"A licence is required ({_policy(result)}); {coverage.licence} covers it.",
            coverage.licence,
        )
    if coverage.undecided:
        licence, why = coverage.undecided[0]
        return Outcome(
            CheckOutcome.NEEDS_REVIEW,
            f"A licence is required ({_policy(result)}); the register relies on {licence}, but {why}: "
            "a compliance officer must decide.",
        )
    rejected = "; ".join(f"{licence.reference} {why}" for licence, why in coverage.rejected)
    return Outcome(
        CheckOutcome.BLOCKED,
        f"A licence is required ({_policy(result)}) for {', '.join(need.entries) or 'the item'} to "
        f"{need.destination or 'the destination'}, and no licence in the register covers it"
        + (f": {rejected}." if rejected else " (the register holds no US-EAR licence or exception)."),
    )


def _policy(result: Determination) -> str:
    policy = result.review_policy.replace("_", " ") if result.review_policy else "not determined"
    return f"review policy: {policy}"


def _no_licence_reason(result: Determination) -> str:
    if result.subject_to_ear is False:
        return "Not subject to the EAR: " + _last_step(result, "Step 2")
    if result.authorisation:
        return f"No licence required under {result.authorisation}."
    return "No licence required: " + _last_step(result, "Step")


def _last_step(result: Determination, prefix: str) -> str:
    sentences = [s for s in result.explanation if s.startswith(prefix)]
    return sentences[-1] if sentences else (result.explanation[-1] if result.explanation else "")


def _need(data: CheckData, result: Determination) -> Need:
    entries = tuple(e.entry.entry for e in result.entries if e.licence_required is not False)
    deemed = data.kind in DEEMED_KINDS
    return Need(
        entries=entries,
        kind=data.kind,
        destination=result.destination or (data.destination or None),
        day=data.date,
        consignee_id=None if deemed else getattr(data.consignee, "pk", None),
        end_user_id=getattr(data.recipient if deemed else data.end_user, "pk", None),
        quantity=data.quantity,
        value=data.value,
        currency=data.currency,
        exceptions={answer.code.upper(): answer.available for answer in result.licence_exceptions},
    )


def _ledger_decision(check: TransactionCheck) -> dict[str, Any]:
    determination = check.determination
    return {
        "item": {"id": str(check.item_id), "name": check.item.name},
        "transaction": check.kind,
        "date": check.date.isoformat(),
        "from_country": check.from_country or None,
        "destination": determination.get("destination") or check.destination or None,
        "classification": {
            "basis": check.classification_basis,
            "entries": [f"{e['jurisdiction']} {e['entry']}" for e in check.classification.get("entries", [])],
        },
        "parties": {role.replace(" ", "_"): ledger_view(party) for role, party in check.parties},
        "screening": {role: answer["status"] for role, answer in check.screening.items()},
        "determination": {
            "subject_to_ear": determination.get("subject_to_ear"),
            "licence_required": determination.get("licence_required"),
            "review_policy": determination.get("review_policy"),
            "authorisation": determination.get("authorisation"),
            "status": determination.get("status"),
            "rule_packs": determination.get("rule_packs", {}),
        },
        "outcome": check.outcome,
        "reason": check.reason,
        "licence": check.licence.reference if check.licence else None,
        "drawdown": _drawdown_json(check),
        "decided_by_officer": check.decided_by_id is not None,
        "justification": check.justification or None,
    }


def _drawdown_json(check: TransactionCheck) -> dict[str, str | None] | None:
    drawdown = LicenceDrawdown.objects.filter(transaction_check=check).first()
    if drawdown is None:
        return None
    return {
        "quantity": None if drawdown.quantity is None else str(drawdown.quantity),
        "value": None if drawdown.value is None else f"{drawdown.value} {check.currency}",
    }


def request_check(actor: Any, data: CheckData) -> TransactionCheck:
    """Check a transaction, record the outcome in the ledger and draw any licence down, all at once."""
    require(actor, "exportcontrol.add_transactioncheck")
    data = data.clean()
    if data.kind in DEEMED_KINDS and data.employed_since is None:
        data.employed_since = _employment_start(data.recipient)
    classification, basis, classification_data = effective_classification(data.item)
    with transaction.atomic():
        check = TransactionCheck(
            item=data.item,
            **{k: v for k, v in vars(data).items() if k != "item"},
            classification_basis=basis,
            classification=classification_data,
            requested_by=actor if getattr(actor, "is_authenticated", False) else None,
            requested_by_name=actor_label(actor),
        )
        screening = _screen(data)
        prohibited = combined_prohibited(list(screening.values()), data.prohibited_stated)
        try:
            parsed = parse_transaction(transaction_document(data, str(check.pk), prohibited))
        except TransactionError as error:
            raise ValidationError({error.field or "kind": error.reason}) from error
        result = determine(parsed, classification=classification)
        outcome = _decide_outcome(data, result, screening)
        if basis not in ("confirmed", "overridden"):
            outcome.reason += (
                " The item's classification is not confirmed (the engine's proposal was used)."
                if basis == "unconfirmed"
                else " The item's confirmed classification is stale (the engine's current proposal was used)."
            )
        check.screening = {role: answer.to_json() for role, answer in screening.items()}
        check.determination = result.to_json()
        if data.kind in DEEMED_KINDS and result.destination:
            check.destination = result.destination
        check.outcome, check.reason, check.licence = outcome.outcome, outcome.reason, outcome.licence
        check.save()
        _after_decision(actor, check, draw=outcome.outcome == CheckOutcome.ALLOWED_UNDER_LICENCE)
    return check


def _after_decision(actor: Any, check: TransactionCheck, *, draw: bool) -> None:
    if draw and check.licence is not None:
        LicenceDrawdown.objects.create(
            licence=check.licence,
            transaction_check=check,
            quantity=check.quantity,
            value=check.value,
            drawn_on=check.date,
        )
    if check.outcome in (CheckOutcome.ALLOWED_NO_LICENCE, CheckOutcome.ALLOWED_UNDER_LICENCE):
        _record_release(check)
    entry = record_decision(
        actor=actor, action="exportcontrol.transaction_check", subject=check, decision=_ledger_decision(check)
    )
    check.ledger_index = entry.index
    check.save(update_fields=["ledger_index"])


def _record_release(check: TransactionCheck) -> Release | None:
    """A release to a foreign person that 15 CFR 743.8 asks to report (GO 6; recommended if grandfathered)."""
    if check.kind not in DEEMED_KINDS or check.recipient is None or hasattr(check, "release"):
        return None
    duties = [
        d for d in check.determination.get("reporting_details", []) if d["citation"].startswith(REPORT_743_8)
    ]
    if not duties:
        return None
    us_entries = [e for e in check.determination.get("entries", []) if e.get("authorisation")]
    return Release.objects.create(
        transaction_check=check,
        item=check.item,
        person=check.recipient,
        releasing_entity=check.releasing_entity,
        country=check.determination.get("destination") or check.destination,
        eccns=sorted({e["eccn"] for e in us_entries}),
        authorisation=check.determination.get("authorisation") or "",
        duty=ReportDuty.REQUIRED if any(d["required"] for d in duties) else ReportDuty.RECOMMENDED,
        started_on=check.date,
    )


DECISIONS = (CheckOutcome.ALLOWED_UNDER_LICENCE, CheckOutcome.ALLOWED_NO_LICENCE, CheckOutcome.BLOCKED)


def decide_check(
    actor: Any, check: TransactionCheck, *, outcome: str, justification: str, licence: Licence | None = None
) -> TransactionCheck:
    """A compliance officer's decision on a check that needs review; a new ledger entry records it."""
    require(actor, "exportcontrol.decide_transaction")
    justification = justification.strip()
    if outcome not in DECISIONS:
        raise ValidationError({"outcome": f"Decide one of {', '.join(DECISIONS)}."})
    if not justification:
        raise ValidationError({"justification": "A decision on a review needs a justification."})
    if (outcome == CheckOutcome.ALLOWED_UNDER_LICENCE) != (licence is not None):
        raise ValidationError({"licence": "Name the licence exactly when allowing under a licence."})
    with transaction.atomic():
        check = TransactionCheck.objects.select_for_update().get(pk=check.pk)
        if check.outcome != CheckOutcome.NEEDS_REVIEW:
            raise ValidationError(f"This check was already decided ({check.get_outcome_display().lower()}).")
        if licence is not None:
            licence = Licence.objects.select_for_update().get(pk=licence.pk)
            _check_limits(licence, check)
        check.outcome, check.licence, check.justification = outcome, licence, justification
        check.reason = f"Decided by {actor_label(actor)} after review: {justification} (was: {check.reason})"
        check.decided_by = actor if getattr(actor, "is_authenticated", False) else None
        check.decided_at = timezone.now()
        check.save()
        _after_decision(actor, check, draw=licence is not None)
    return check


def _check_limits(licence: Licence, check: TransactionCheck) -> None:
    if not licence.valid_on(check.date):
        raise ValidationError({"licence": f"{licence} is not valid on {check.date.isoformat()}."})
    for remaining, drawn, what in (
        (licence.quantity_remaining, check.quantity, "quantity"),
        (licence.value_remaining, check.value, "value"),
    ):
        if remaining is not None and (drawn is None or drawn > remaining):
            raise ValidationError(
                {"licence": f"{licence} has {remaining} of its {what} left; the check has {drawn}."}
            )
