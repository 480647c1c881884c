"""Between the register and the pure engines: item descriptions out, classifications back in.

The engines read plain dicts (shared/contracts/export-control.md) and answer with dataclasses whose
`to_json()` the register stores; everything the platform hands an engine is built here, once, so the
web form, the API, the CLI and the demo describe an item to the classifier identically.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from django.conf import settings

from qgov.exportcontrol.classifier import Classification, classify, text_status_label
from qgov.exportcontrol.items import parse_item
from qgov.exportcontrol.parameters import parameter_spec
from qgov.exportcontrol.rules import (
    RULEPACK_DIRECTORY,
    RulePackSet,
    load_all_rule_packs,
    load_rule_packs,
    select_in_force,
)

STATISTIC_SUFFIX = (
    "_statistic"  # a parameter "x" whose statistic the rules test has a parameter "x_statistic"
)


def rulepack_directory() -> Path | None:
    """The classification rule packs used: settings.QGOV_EXPORTCONTROL_RULEPACKS, else the shipped ones."""
    configured = getattr(settings, "QGOV_EXPORTCONTROL_RULEPACKS", None)
    return Path(configured) if configured else None


def packs_in_force(on: dt.date, directory: Path | None = None) -> RulePackSet:
    return load_rule_packs(on, directory=directory or rulepack_directory())


def newest_packs(directory: Path | None = None) -> RulePackSet:
    """The newest version of every jurisdiction's pack, evaluated from the day the last of them applies."""
    packs = load_all_rule_packs(directory or rulepack_directory() or RULEPACK_DIRECTORY)
    newest = select_in_force(packs, dt.date.max)
    start = max([dt.date.today(), *(pack.effective_from for pack in newest.packs.values())])
    return select_in_force(packs, start)


def statistic_parameter(category: str, name: str) -> str | None:
    """The parameter carrying the statistic of `name` (cnot_error: cnot_error_statistic), if rules test it."""
    candidate = name + STATISTIC_SUFFIX
    return candidate if parameter_spec(category, candidate) is not None else None


def describe_item(
    *,
    item_id: str,
    name: str,
    item_kind: str,
    category: str,
    origin_country: str,
    for_entries: Iterable[str],
    purpose: str,
    parameters: Iterable[Mapping[str, Any]],
) -> dict[str, Any]:
    """The contract's item description. Each parameter mapping has name, value and optionally source,
    source_reference, statistic and figure_date; the statistic travels as its own parameter."""
    description: dict[str, Any] = {"id": item_id, "name": name, "item_kind": item_kind}
    if category:
        description["category"] = category
    if origin_country:
        description["origin_country"] = origin_country
    if item_kind != "commodity":
        description["for_entries"] = list(for_entries)
        if purpose:
            description["purpose"] = purpose
    values: dict[str, Any] = {}
    for parameter in parameters:
        record: dict[str, Any] = {"value": parameter["value"]}
        for key, out in (("source", "source"), ("source_reference", "reference"), ("figure_date", "date")):
            if parameter.get(key):
                given = parameter[key]
                record[out] = given.isoformat() if isinstance(given, dt.date) else given
        values[parameter["name"]] = record
        carrier = statistic_parameter(category, parameter["name"])
        if carrier and parameter.get("statistic"):
            values[carrier] = parameter["statistic"]
    if values:
        description["parameters"] = values
    return description


def describe_saved_item(item: Any) -> dict[str, Any]:
    return describe_item(
        item_id=str(item.pk),
        name=item.name,
        item_kind=item.item_kind,
        category=item.category,
        origin_country=item.origin_country,
        for_entries=item.for_entries or [],
        purpose=item.purpose,
        parameters=[
            {
                "name": p.name,
                "value": p.value,
                "source": p.source,
                "source_reference": p.source_reference,
                "statistic": p.statistic,
                "figure_date": p.figure_date,
            }
            for p in item.parameters.all()
        ],
    )


def classification_input(description: Mapping[str, Any]) -> dict[str, Any]:
    """What the classifier decides on (kind, category, entries, purpose, values): a change here matters."""
    parameters = description.get("parameters", {})
    return {
        "item_kind": description.get("item_kind"),
        "category": description.get("category"),
        "for_entries": list(description.get("for_entries", [])),
        "purpose": description.get("purpose"),
        "parameters": {
            name: (value["value"] if isinstance(value, Mapping) else value)
            for name, value in parameters.items()
        },
    }


def run_classifier(
    description: Mapping[str, Any], on: dt.date, packs: RulePackSet | None = None
) -> Classification:
    return classify(parse_item(description), on=on, packs=packs or packs_in_force(on))


def entry_key(entry: Mapping[str, Any]) -> str:
    return f"{entry['jurisdiction']} {entry['entry']}"


def known_entries(on: dt.date) -> list[dict[str, Any]]:
    """Every entry the packs in force on `on` can decide, shaped like an EntryMatch (the override choices)."""
    seen: dict[str, dict[str, Any]] = {}
    for pack in packs_in_force(on).packs.values():
        for rule in pack.rules:
            if rule.list_entry == "n/a" or not rule.in_force(on):
                continue
            entry = {
                "jurisdiction": rule.jurisdiction,
                "entry": rule.entry,
                "list_entry": rule.list_entry,
                "paragraph": rule.paragraph,
                "title": rule.title,
                "reasons_for_control": list(rule.reasons_for_control),
                "citation": rule.citation.text,
                "citation_date": rule.citation.date.isoformat(),
                "text_status": rule.text_status,
                "label": text_status_label(rule.text_status, rule.citation),
                "conditions": [],
                "rule_id": rule.id,
            }
            seen.setdefault(entry_key(entry), entry)
    return list(seen.values())
