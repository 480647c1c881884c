"""Creating and changing items: the one path the web form, the API and the demo take.

An item's description is validated by the engine's own parser (parse_item), so a value the classifier
could not read never reaches the register, and the error names the parameter. Creating an item, or
changing what its classification depends on, stores the engine's new proposal in the same transaction;
a confirmed classification then becomes stale and says why.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from qgov.core.changelog import record_change
from qgov.core.models import ChangeAction
from qgov.core.permissions import require
from qgov.exportcontrol.choices import ITEM_KINDS, ItemPartyRole, ParameterSource, Statistic
from qgov.exportcontrol.items import ItemError, parse_item
from qgov.exportcontrol.models import Item, ItemEvidence, ItemParameter, ItemParty
from qgov.exportcontrol.parameters import OPEN_CATEGORY
from qgov.exportcontrol.services import classification
from qgov.exportcontrol.services.engine_io import (
    STATISTIC_SUFFIX,
    classification_input,
    describe_item,
    describe_saved_item,
    statistic_parameter,
)

ITEM_FIELDS = ("name", "item_kind", "category", "origin_country", "for_entries", "purpose", "id")


@dataclass
class ParameterData:
    name: str
    value: str
    source: str = ""
    source_reference: str = ""
    statistic: str = ""
    figure_date: dt.date | None = None


@dataclass
class ItemData:
    """An item as plain values; ``clean`` checks it with the engine's parser or raises ValidationError.

    Errors are keyed by field name, and ``parameters.<name>`` for a parameter, with the engine's reason.
    """

    name: str
    item_kind: str = "commodity"
    category: str = ""
    origin_country: str = ""
    description: str = ""
    reference: str = ""
    for_entries: list[str] = field(default_factory=list)
    purpose: str = ""
    parameters: list[ParameterData] = field(default_factory=list)

    def clean(self) -> ItemData:
        errors: dict[str, list[str]] = {}
        name = " ".join(self.name.split())
        if not name:
            errors.setdefault("name", []).append("An item needs a name.")
        if self.item_kind not in ITEM_KINDS:
            errors.setdefault("item_kind", []).append(f"Kind must be one of {', '.join(ITEM_KINDS)}.")
        category = self.category
        parameters = [p for p in self.parameters if str(p.value).strip()]
        for parameter in parameters:
            if parameter.source and parameter.source not in ParameterSource.values:
                errors.setdefault(f"parameters.{parameter.name}", []).append(
                    f"Source must be one of {', '.join(ParameterSource.values)}."
                )
            if parameter.statistic and parameter.statistic not in Statistic.values:
                errors.setdefault(f"parameters.{parameter.name}", []).append(
                    f"Statistic must be one of {', '.join(Statistic.values)}."
                )
        cleaned = ItemData(
            name=name,
            item_kind=self.item_kind,
            category=category,
            origin_country=self.origin_country.strip().upper(),
            description=self.description.strip(),
            reference=self.reference.strip(),
            for_entries=[e.strip() for e in self.for_entries if e.strip()]
            if self.item_kind != "commodity"
            else [],
            purpose=self.purpose if self.item_kind != "commodity" else "",
            parameters=[
                ParameterData(
                    name=p.name,
                    value=_as_text(p.value),
                    source=p.source,
                    source_reference=p.source_reference.strip(),
                    statistic=p.statistic,
                    figure_date=p.figure_date,
                )
                for p in parameters
            ],
        )
        if not errors:
            try:
                parse_item(cleaned.description_for("new"))
            except ItemError as error:
                errors.setdefault(_error_key(error, cleaned.category), []).append(_sentence(error.reason))
        if errors:
            raise ValidationError(errors)
        return cleaned

    def description_for(self, item_id: str) -> dict[str, Any]:
        return describe_item(
            item_id=item_id,
            name=self.name,
            item_kind=self.item_kind,
            category=self.category,
            origin_country=self.origin_country,
            for_entries=self.for_entries,
            purpose=self.purpose,
            parameters=[vars(p) for p in self.parameters],
        )


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip()


def _error_key(error: ItemError, category: str) -> str:
    """The field an engine error belongs to; a statistic's error goes to the figure it describes."""
    parameter = error.parameter or "name"
    if parameter in ITEM_FIELDS or parameter == "parameters":
        return parameter
    base = parameter.removesuffix(STATISTIC_SUFFIX)
    if base != parameter and statistic_parameter(category or OPEN_CATEGORY, base) == parameter:
        return f"parameters.{base}"
    return f"parameters.{parameter}"


def _sentence(reason: str) -> str:
    return reason[:1].upper() + reason[1:] + ("" if reason.endswith(".") else ".")


def _check_reference(reference: str, exclude: Item | None = None) -> None:
    if not reference:
        return
    clash = Item.objects.filter(reference=reference)
    if exclude is not None:
        clash = clash.exclude(pk=exclude.pk)
    if clash.exists():
        raise ValidationError({"reference": f"Another item already has the reference '{reference}'."})


def _apply(item: Item, data: ItemData) -> None:
    item.name = data.name
    item.item_kind = data.item_kind
    item.category = data.category
    item.origin_country = data.origin_country
    item.description = data.description
    item.reference = data.reference or None
    item.for_entries = data.for_entries
    item.purpose = data.purpose


def _write_parameters(item: Item, data: ItemData) -> None:
    item.parameters.all().delete()
    ItemParameter.objects.bulk_create(ItemParameter(item=item, **vars(p)) for p in data.parameters)


def create_item(actor: Any, data: ItemData) -> Item:
    require(actor, "exportcontrol.add_item")
    data = data.clean()
    with transaction.atomic():
        _check_reference(data.reference)
        item = Item()
        _apply(item, data)
        item.save()
        _write_parameters(item, data)
        record_change(item, ChangeAction.CREATE, user=actor, before=None, after=item.snapshot())
        classification.propose(item, trigger="item created")
    return item


def update_item(actor: Any, item: Item, data: ItemData) -> Item:
    require(actor, "exportcontrol.change_item")
    data = data.clean()
    with transaction.atomic():
        item = Item.objects.select_for_update().get(pk=item.pk)
        _check_reference(data.reference, exclude=item)
        before_input = classification_input(describe_saved_item(item))
        before = item.snapshot()
        _apply(item, data)
        item.save()
        _write_parameters(item, data)
        after = item.snapshot()
        record_change(item, ChangeAction.UPDATE, user=actor, before=before, after=after)
        after_input = classification_input(describe_saved_item(item))
        if after_input != before_input:
            changes = describe_changes(before_input, after_input)
            classification.propose(item, trigger="changed: " + "; ".join(changes))
            classification.mark_stale(item, actor, changes)
    return item


def describe_changes(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """Sentences naming what changed in the classifier's input ("cooling_power 1000 uW -> 500 uW")."""
    changes: list[str] = []
    for key in ("item_kind", "category", "for_entries", "purpose"):
        if before.get(key) != after.get(key):
            changes.append(f"{key} {_shown(before.get(key))} -> {_shown(after.get(key))}")
    old, new = before["parameters"], after["parameters"]
    for name in sorted(set(old) | set(new)):
        if old.get(name) != new.get(name):
            changes.append(f"{name} {_shown(old.get(name))} -> {_shown(new.get(name))}")
    return changes


def _shown(value: Any) -> str:
    if value in (None, "", []):
        return "(none)"
    return ", ".join(value) if isinstance(value, list) else str(value)


def delete_item(actor: Any, item: Item) -> None:
    require(actor, "exportcontrol.delete_item")
    if item.checks.exists():
        raise ValidationError("The item has transaction checks on record: it cannot be deleted.")
    with transaction.atomic():
        record_change(item, ChangeAction.DELETE, user=actor, before=item.snapshot(), after=None)
        item.delete()


def add_evidence(
    actor: Any,
    item: Item,
    *,
    upload: Any,
    effective_date: dt.date,
    kind: str = ParameterSource.DATASHEET,
    description: str = "",
    expires_on: dt.date | None = None,
) -> ItemEvidence:
    """Attach a datasheet or calibration record; its effective date is when its figures apply."""
    require(actor, "exportcontrol.change_item")
    if kind not in ParameterSource.values:
        raise ValidationError({"kind": f"Kind must be one of {', '.join(ParameterSource.values)}."})
    if expires_on is not None and expires_on < effective_date:
        raise ValidationError({"expires_on": "The evidence cannot expire before it takes effect."})
    with transaction.atomic():
        evidence = ItemEvidence(
            item=item,
            kind=kind,
            description=description.strip(),
            effective_date=effective_date,
            expires_on=expires_on,
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        evidence.file = upload
        evidence.sha256 = evidence.compute_sha256()
        evidence.save()
        record_change(
            item,
            ChangeAction.UPDATE,
            user=actor,
            before=None,
            after={"evidence_added": str(evidence), "sha256": evidence.sha256},
            message=f"Evidence added: {evidence}",
        )
    return evidence


def add_item_party(actor: Any, item: Item, party: Any, role: str) -> ItemParty:
    require(actor, "exportcontrol.change_item")
    if role not in ItemPartyRole.values:
        raise ValidationError({"role": f"Role must be one of {', '.join(ItemPartyRole.values)}."})
    with transaction.atomic():
        if ItemParty.objects.filter(item=item, party=party, role=role).exists():
            raise ValidationError({"party": f"{party} is already recorded as {role} of this item."})
        before = item.snapshot()
        link = ItemParty.objects.create(item=item, party=party, role=role)
        record_change(item, ChangeAction.UPDATE, user=actor, before=before, after=item.snapshot())
    return link


def remove_item_party(actor: Any, link: ItemParty) -> None:
    require(actor, "exportcontrol.change_item")
    with transaction.atomic():
        item = link.item
        before = item.snapshot()
        link.delete()
        record_change(item, ChangeAction.UPDATE, user=actor, before=before, after=item.snapshot())
