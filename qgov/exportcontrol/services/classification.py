"""The engine proposes, a compliance officer decides: proposals, confirmations, overrides, staleness.

A proposal is the classifier's whole answer for the item as it stands, with the rule-pack versions it
used. A confirmation adopts the proposal's entries; an override names the entries the officer chose
and why. Each decision is a ledger entry (``exportcontrol.classification``) written in the decision's
transaction. When the item later changes in a way the classification depends on, the decision is
marked stale with the reason, and the item needs re-confirmation.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from qgov.core.changelog import record_change
from qgov.core.models import ChangeAction
from qgov.core.permissions import require
from qgov.exportcontrol.choices import ClassificationState, DecisionKind
from qgov.exportcontrol.classifier import CONTROLLED, NEEDS_REVIEW, NOT_CONTROLLED, Classification
from qgov.exportcontrol.models import ClassificationDecision, ClassificationProposal, Item
from qgov.exportcontrol.services.engine_io import (
    describe_saved_item,
    entry_key,
    known_entries,
    run_classifier,
)
from qgov.ledger.services import record_decision

CONFIRM = "exportcontrol.confirm_classification"


def actor_label(actor: Any) -> str:
    return actor.get_username() if getattr(actor, "is_authenticated", False) else str(actor or "system")


def propose(item: Item, *, trigger: str, on: dt.date | None = None) -> ClassificationProposal:
    """Run the classifier on the item as saved and keep its answer (call inside the caller's transaction)."""
    day = on or timezone.localdate()
    description = describe_saved_item(item)
    result = run_classifier(description, day)
    number = (item.proposals.aggregate(last=Max("number"))["last"] or 0) + 1
    return ClassificationProposal.objects.create(
        item=item,
        number=number,
        trigger=trigger[:300],
        evaluated_on=day,
        status=result.status,
        result=result.to_json(),
        rule_packs=result.rule_packs,
        item_input=description,
    )


def mark_stale(item: Item, actor: Any, changes: list[str]) -> None:
    """The decision in force no longer describes the item: say what changed, who changed it, what the engine
    says now."""
    decision = item.latest_decision
    if decision is None or decision.stale:
        return
    proposal = item.latest_proposal
    now = timezone.now()
    reason = (
        f"{'; '.join(changes)} (changed by {actor_label(actor)} on {now:%Y-%m-%d}). "
        f"The engine now proposes {_outcome_text(proposal.status, proposal.entry_keys)}; "
        f"the {decision.get_kind_display().lower()} classification was "
        f"{_outcome_text(decision.status, decision.entry_keys)}."
    )
    decision.stale, decision.stale_reason, decision.stale_since = True, reason, now
    decision.save(update_fields=["stale", "stale_reason", "stale_since"])
    Item.objects.filter(pk=item.pk).update(
        classification_state=ClassificationState.STALE, stale_reason=reason
    )
    item.classification_state, item.stale_reason = ClassificationState.STALE, reason


def _outcome_text(status: str, entries: list[str]) -> str:
    return f"{status.replace('_', ' ')}" + (f" ({', '.join(entries)})" if entries else "")


def reclassify(actor: Any, item: Item) -> ClassificationProposal:
    """A fresh proposal under the rule packs in force today; a decision it contradicts becomes stale."""
    require(actor, "exportcontrol.change_item")
    with transaction.atomic():
        item = Item.objects.select_for_update().get(pk=item.pk)
        proposal = propose(item, trigger=f"re-classified by {actor_label(actor)}")
        decision = item.latest_decision
        if decision is not None and not decision.stale:
            proposed = sorted(proposal.entry_keys)
            if proposal.status != decision.status or proposed != sorted(decision.entry_keys):
                packs = ", ".join(f"{k} {v}" for k, v in proposal.rule_packs.items())
                mark_stale(item, actor, [f"re-classified under the rule packs in force ({packs})"])
    return proposal


def _decide(
    actor: Any,
    item: Item,
    proposal: ClassificationProposal,
    *,
    kind: str,
    entries: list[dict[str, Any]],
    justification: str,
) -> ClassificationDecision:
    status = CONTROLLED if entries else NOT_CONTROLLED
    decision = ClassificationDecision.objects.create(
        item=item,
        proposal=proposal,
        number=(item.decisions.aggregate(last=Max("number"))["last"] or 0) + 1,
        kind=kind,
        status=status,
        entries=entries,
        justification=justification,
        open_review_reasons=list(proposal.result.get("review_reasons", [])),
        decided_by=actor if getattr(actor, "is_authenticated", False) else None,
        decided_by_name=actor_label(actor),
    )
    before = {"classification_state": item.classification_state}
    Item.objects.filter(pk=item.pk).update(
        classification_state=ClassificationState.CONFIRMED, stale_reason=""
    )
    item.classification_state, item.stale_reason = ClassificationState.CONFIRMED, ""
    record_change(
        item,
        ChangeAction.UPDATE,
        user=actor,
        before=before,
        after={"classification_state": ClassificationState.CONFIRMED, "classification": decision.entry_keys},
        message=f"Classification {decision.get_kind_display().lower()}: "
        f"{_outcome_text(status, decision.entry_keys)}",
    )
    entry = record_decision(
        actor=actor,
        action="exportcontrol.classification",
        subject=item,
        decision={
            "item": {"name": item.name, "item_kind": item.item_kind, "category": item.category or None},
            "decision": kind,
            "status": status,
            "entries": decision.entry_keys,
            "proposal": {
                "number": proposal.number,
                "status": proposal.status,
                "entries": proposal.entry_keys,
                "evaluated_on": proposal.evaluated_on.isoformat(),
            },
            "rule_packs": dict(proposal.rule_packs),
            "open_review_reasons": len(decision.open_review_reasons),
            "justification": justification or None,
        },
    )
    decision.ledger_index = entry.index
    decision.save(update_fields=["ledger_index"])
    return decision


def _current_proposal(item: Item, proposal_id: Any) -> ClassificationProposal:
    proposal = item.latest_proposal
    if proposal is None:
        raise ValidationError("The item has no proposal yet: re-classify it first.")
    if proposal_id is not None and str(proposal.pk) != str(proposal_id):
        raise ValidationError(
            "The item changed since you looked: a newer proposal exists. Review it before deciding."
        )
    return proposal


def confirm_classification(
    actor: Any, item: Item, *, note: str = "", proposal_id: Any = None
) -> ClassificationDecision:
    """Adopt the engine's latest proposal. A proposal the engine could not decide must be overridden."""
    require(actor, CONFIRM)
    with transaction.atomic():
        item = Item.objects.select_for_update().get(pk=item.pk)
        proposal = _current_proposal(item, proposal_id)
        if proposal.status == NEEDS_REVIEW:
            raise ValidationError(
                "The engine could not decide this item (needs review): choose the entries and give a "
                "justification (override)."
            )
        return _decide(
            actor,
            item,
            proposal,
            kind=DecisionKind.CONFIRMED,
            entries=list(proposal.result.get("entries", [])),
            justification=note.strip(),
        )


def override_choices(item: Item) -> list[dict[str, Any]]:
    """What an officer may choose: the proposal's entries and undecided entries, then every known entry."""
    proposal = item.latest_proposal
    chosen: dict[str, dict[str, Any]] = {}
    if proposal is not None:
        for entry in [*proposal.result.get("entries", []), *proposal.result.get("undecided", [])]:
            if entry.get("list_entry") != "n/a":
                chosen.setdefault(entry_key(entry), entry)
    day = proposal.evaluated_on if proposal else timezone.localdate()
    for entry in known_entries(day):
        chosen.setdefault(entry_key(entry), entry)
    return list(chosen.values())


def override_classification(
    actor: Any, item: Item, *, entries: list[str], justification: str, proposal_id: Any = None
) -> ClassificationDecision:
    """Decide other entries than the engine proposed (none at all: not controlled), with the reason."""
    require(actor, CONFIRM)
    justification = justification.strip()
    if not justification:
        raise ValidationError({"justification": "An override needs a justification."})
    with transaction.atomic():
        item = Item.objects.select_for_update().get(pk=item.pk)
        proposal = _current_proposal(item, proposal_id)
        choices = {entry_key(e): e for e in override_choices(item)}
        unknown = [key for key in entries if key not in choices]
        if unknown:
            raise ValidationError({"entries": f"Not an entry qgov knows: {', '.join(unknown)}."})
        decided = []
        matched = {entry_key(e) for e in proposal.result.get("entries", [])}
        for key in dict.fromkeys(entries):
            entry = dict(choices[key])
            if key not in matched:
                entry["conditions"] = []
                entry["notes"] = [
                    *entry.get("notes", []),
                    f"Chosen by {actor_label(actor)} (override), not derived from the item's parameters.",
                ]
                entry.pop("review_reasons", None)
            decided.append(entry)
        return _decide(
            actor, item, proposal, kind=DecisionKind.OVERRIDDEN, entries=decided, justification=justification
        )


def effective_classification(item: Item) -> tuple[Classification, str, dict[str, Any]]:
    """The classification a transaction check uses: (classification, basis, its JSON).

    basis is the decision's kind (confirmed, overridden) when one is in force, else "unconfirmed"
    (the engine's latest proposal) or "stale" (the proposal for the changed item, the decision being
    out of date). Both of the latter are used but flagged.
    """
    decision = item.latest_decision
    if decision is not None and not decision.stale:
        data = decision.classification_json()
        return Classification.from_json(data), decision.kind, data
    proposal = item.latest_proposal
    if proposal is None:
        raise ValidationError({"item": f"{item} has no classification yet."})
    basis = "stale" if decision is not None else "unconfirmed"
    return Classification.from_json(proposal.result), basis, dict(proposal.result)
