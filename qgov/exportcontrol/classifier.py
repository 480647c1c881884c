"""Export-control classification: which entries of which lists an item falls under, and why.

Every rule of every selected rule pack is tested against the item with three-valued logic: a condition
is met, not met, or undecided (a parameter is missing, the text is not available, the figure is a proxy
near its limit, the item is of a kind the text neither covers nor excludes). An entry matches only when
its conditions are met and none of its exclusion notes applies; an undecided rule that could still
apply becomes a review reason naming what is missing, never a silent "not controlled". The answer keeps
every condition with its comparator, the threshold in the legal text's unit and the item's value in that
unit, so a compliance officer can check the reasoning line by line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from qgov.exportcontrol.items import Item, ParameterValue
from qgov.exportcontrol.parameters import OPEN_CATEGORY, parameter_spec
from qgov.exportcontrol.quantities import compare, format_number, format_quantity, magnitude_in, parse_unit
from qgov.exportcontrol.rules import (
    Between,
    Citation,
    Comparison,
    Condition,
    Exclusion,
    ForEntries,
    Group,
    IsValue,
    NotAvailable,
    OneOf,
    Overlap,
    Rule,
    RulePack,
    RulePackSet,
    leaves,
    load_rule_packs,
)

CONTROLLED = "controlled"
NOT_CONTROLLED = "not_controlled"
NEEDS_REVIEW = "needs_review"


@dataclass
class ConditionResult:
    parameter: str
    op: str
    threshold: str
    value: str | None
    met: bool | None
    label: str | None = None
    note: str | None = None
    value_given: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "parameter": self.parameter,
            "op": self.op,
            "threshold": self.threshold,
            "value": self.value,
            "met": self.met,
        }
        if self.label:
            data["paragraph"] = self.label
        if self.value_given is not None and self.value_given != self.value:
            data["value_given"] = self.value_given
        if self.note:
            data["note"] = self.note
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ConditionResult:
        return cls(
            parameter=data["parameter"],
            op=data["op"],
            threshold=data["threshold"],
            value=data.get("value"),
            met=data.get("met"),
            label=data.get("paragraph"),
            note=data.get("note"),
            value_given=data.get("value_given"),
        )


def text_status_label(status: str, citation: Citation) -> str:
    """The label users see (reference §0.1): verified text (<source>, <date>) | unverified text | unknown."""
    if status == "verified":
        return f"verified text ({citation.document}, {citation.date.isoformat()})"
    return "unverified text" if status == "unverified_text" else "unknown"


@dataclass
class EntryMatch:
    jurisdiction: str
    entry: str
    list_entry: str
    title: str
    reasons_for_control: list[str]
    citation: str
    conditions: list[ConditionResult]
    text_status: str
    notes: list[str] = field(default_factory=list)
    paragraph: str = ""
    rule_id: str = ""
    citation_date: str = ""
    label: str = ""
    review_reasons: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "jurisdiction": self.jurisdiction,
            "entry": self.entry,
            "list_entry": self.list_entry,
            "paragraph": self.paragraph,
            "title": self.title,
            "reasons_for_control": list(self.reasons_for_control),
            "citation": self.citation,
            "citation_date": self.citation_date,
            "text_status": self.text_status,
            "label": self.label,
            "conditions": [c.to_json() for c in self.conditions],
            "rule_id": self.rule_id,
        }
        if self.notes:
            data["notes"] = list(self.notes)
        if self.review_reasons:
            data["review_reasons"] = list(self.review_reasons)
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> EntryMatch:
        return cls(
            jurisdiction=data["jurisdiction"],
            entry=data["entry"],
            list_entry=data["list_entry"],
            title=data.get("title", ""),
            reasons_for_control=list(data.get("reasons_for_control", [])),
            citation=data.get("citation", ""),
            conditions=[ConditionResult.from_json(c) for c in data.get("conditions", [])],
            text_status=data.get("text_status", "unknown"),
            notes=list(data.get("notes", [])),
            paragraph=data.get("paragraph", ""),
            rule_id=data.get("rule_id", ""),
            citation_date=data.get("citation_date", ""),
            label=data.get("label", ""),
            review_reasons=list(data.get("review_reasons", [])),
        )


@dataclass
class Classification:
    item_id: str
    status: str
    entries: list[EntryMatch]
    review_reasons: list[str]
    exclusions: list[str]
    rule_packs: dict[str, str]
    undecided: list[EntryMatch] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    on: dt.date | None = None

    def to_json(self) -> dict[str, Any]:
        """The contract shape (shared/contracts/export-control.md) plus explanatory extra keys."""
        return {
            "id": self.item_id,
            "status": self.status,
            "entries": [entry.to_json() for entry in self.entries],
            "review_reasons": list(self.review_reasons),
            "rule_packs": dict(self.rule_packs),
            "exclusions": list(self.exclusions),
            "undecided": [entry.to_json() for entry in self.undecided],
            "notes": list(self.notes),
            "date": self.on.isoformat() if self.on else None,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Classification:
        """The classification a stored `to_json()` describes (a platform keeps answers as JSON)."""
        day = data.get("date")
        return cls(
            item_id=data["id"],
            status=data["status"],
            entries=[EntryMatch.from_json(e) for e in data.get("entries", [])],
            review_reasons=list(data.get("review_reasons", [])),
            exclusions=list(data.get("exclusions", [])),
            rule_packs=dict(data.get("rule_packs", {})),
            undecided=[EntryMatch.from_json(e) for e in data.get("undecided", [])],
            notes=list(data.get("notes", [])),
            on=dt.date.fromisoformat(day) if day else None,
        )


# --- three-valued evaluation ------------------------------------------------------------------------


@dataclass
class _Outcome:
    met: bool | None
    results: list[ConditionResult]
    reasons: list[str]
    notes: list[str] = field(default_factory=list)


def _combine(mode: str, outcomes: Sequence[_Outcome]) -> bool | None:
    values = [o.met for o in outcomes]
    decisive = mode == "any"  # a met child decides "any"; an unmet child decides "all"
    if decisive in values:
        return decisive
    if None in values:
        return None
    return not decisive


class _Evaluator:
    def __init__(self, item: Item) -> None:
        self.item = item

    def evaluate(self, condition: Condition) -> _Outcome:
        if isinstance(condition, Group):
            children = [self.evaluate(child) for child in condition.children]
            return _Outcome(
                _combine(condition.mode, children),
                [r for c in children for r in c.results],
                [r for c in children if c.met is None for r in c.reasons],
                [n for c in children for n in c.notes],
            )
        if isinstance(condition, Comparison):
            return self.comparison(condition)
        if isinstance(condition, Between):
            return self.between(condition)
        if isinstance(condition, Overlap):
            return self.overlap(condition)
        if isinstance(condition, IsValue):
            return self.is_value(condition)
        if isinstance(condition, OneOf):
            return self.one_of(condition)
        if isinstance(condition, ForEntries):
            return self.for_entries(condition)
        return self.not_available(condition)

    def _number(self, value: ParameterValue, unit: str) -> float:
        if value.quantity is not None:
            return magnitude_in(value.quantity, unit)
        return float(value.value)

    def _missing(self, parameter: str, op: str, threshold: str, label: str | None) -> _Outcome:
        result = ConditionResult(parameter, op, threshold, None, None, label, note="not given")
        return _Outcome(None, [result], [f"{parameter} is not given"])

    def comparison(self, c: Comparison) -> _Outcome:
        value = self.item.parameter(c.parameter)
        if value is None:
            return self._missing(c.parameter, c.op, c.threshold_text, c.label)
        number = self._number(value, c.unit)
        met: bool | None = compare(number, c.op, c.threshold)
        reasons: list[str] = []
        notes: list[str] = []
        note = None
        if c.statistic is not None:
            met, note = self._statistic(c, number, compare(number, c.op, c.threshold), reasons)
        caveat = self._unit_caveat(value)
        if caveat:
            reasons.append(caveat)
            note, met = caveat, None
        result = ConditionResult(
            c.parameter,
            c.op,
            c.threshold_text,
            format_quantity(number, c.unit),
            met,
            c.label,
            note,
            value.given_text,
        )
        if note and met is not None:
            notes.append(note)
        return _Outcome(met, [result], reasons, notes)

    def _statistic(
        self, c: Comparison, number: float, met: bool, reasons: list[str]
    ) -> tuple[bool | None, str | None]:
        statistic = c.statistic
        assert statistic is not None
        given = self.item.parameter(statistic.parameter)
        kind = str(given.value) if given is not None else statistic.default
        if kind in statistic.legal:
            return met, None
        low, high = c.threshold / statistic.review_factor, c.threshold * statistic.review_factor
        factor = format_number(statistic.review_factor)
        if low <= number <= high:
            reason = (
                f"{c.parameter} {format_quantity(number, c.unit)} is a {kind} figure within a factor "
                f"{factor} of the limit {c.threshold_text}; the legal metric is the "
                f"{' or '.join(statistic.legal)}"
            )
            reasons.append(reason)
            return None, reason
        return met, f"{c.parameter} is a {kind} figure, more than a factor {factor} from the limit"

    def _unit_caveat(self, value: ParameterValue) -> str | None:
        spec = parameter_spec(self.item.category, value.name)
        if spec is None or spec.unit_caveat is None or value.quantity is None:
            return None
        return None if value.quantity.units == parse_unit(spec.unit) else spec.unit_caveat

    def between(self, c: Between) -> _Outcome:
        value = self.item.parameter(c.parameter)
        if value is None:
            return self._missing(c.parameter, "between", c.threshold_text, c.label)
        number = self._number(value, c.unit)
        met = compare(number, ">=", c.low) and compare(number, "<=", c.high)
        text = format_quantity(number, c.unit)
        return _Outcome(
            met, [ConditionResult(c.parameter, "between", c.threshold_text, text, met, c.label)], []
        )

    def overlap(self, c: Overlap) -> _Outcome:
        low_value = self.item.parameter(c.low_parameter)
        high_value = self.item.parameter(c.high_parameter)
        low = self._number(low_value, c.unit) if low_value else None
        high = self._number(high_value, c.unit) if high_value else None
        parameter = f"{c.low_parameter}..{c.high_parameter}"
        shown = f"[{_or_unknown(low, c.unit)}, {_or_unknown(high, c.unit)}]"
        if (low is not None and compare(low, ">", c.high)) or (
            high is not None and compare(high, "<", c.low)
        ):
            met: bool | None = False
        elif low is None or high is None:
            met = None
        else:
            met = True
        missing = [name for name, v in ((c.low_parameter, low), (c.high_parameter, high)) if v is None]
        reasons = [f"{name} is not given" for name in missing] if met is None else []
        note = "not given: " + ", ".join(missing) if met is None else None
        return _Outcome(
            met,
            [ConditionResult(parameter, "overlaps", c.threshold_text, shown, met, c.label, note)],
            reasons,
        )

    def is_value(self, c: IsValue) -> _Outcome:
        expected = "true" if c.value else "false"
        value = self.item.parameter(c.parameter)
        if value is None:
            return self._missing(c.parameter, "is", expected, c.label)
        met = value.value is c.value
        shown = "true" if value.value else "false"
        return _Outcome(met, [ConditionResult(c.parameter, "is", expected, shown, met, c.label)], [])

    def one_of(self, c: OneOf) -> _Outcome:
        threshold = ", ".join(c.values)
        chosen = self._choice(c.parameter)
        if chosen is None:
            return self._missing(c.parameter, "in", threshold, c.label)
        if chosen in c.undecided:
            reason = c.undecided[chosen]
            result = ConditionResult(c.parameter, "in", threshold, chosen, None, c.label, reason)
            return _Outcome(None, [result], [reason])
        met = chosen in c.values
        return _Outcome(met, [ConditionResult(c.parameter, "in", threshold, chosen, met, c.label)], [])

    def _choice(self, parameter: str) -> str | None:
        if parameter == "purpose":
            return self.item.purpose
        value = self.item.parameter(parameter)
        return None if value is None else str(value.value)

    def for_entries(self, c: ForEntries) -> _Outcome:
        threshold = ", ".join(c.entries)
        given = self.item.for_entries
        if not given:
            return self._missing("for_entries", "for_entries", threshold, c.label)
        covered = [e for e in given if any(_within(e, target) for target in c.entries)]
        broader = [e for e in given if any(_within(target, e) for target in c.entries)]
        shown = ", ".join(given)
        if covered:
            met: bool | None = True
        elif broader:
            met = None
        else:
            met = False
        reasons = []
        note = None
        if met is None:
            note = f"{', '.join(broader)} is broader than {threshold}: name the paragraph the item is for"
            reasons.append(note)
        return _Outcome(
            met,
            [ConditionResult("for_entries", "for_entries", threshold, shown, met, c.label, note)],
            reasons,
        )

    def not_available(self, c: NotAvailable) -> _Outcome:
        result = ConditionResult("text", "unknown", "not available", None, None, c.label, c.reason)
        return _Outcome(None, [result], [c.reason])


def _within(entry: str, target: str) -> bool:
    """Whether `entry` is `target` or one of its sub-paragraphs ("3A904.a" is within "3A904")."""
    return entry == target or entry.startswith(target + ".")


def _or_unknown(value: float | None, unit: str) -> str:
    return "?" if value is None else format_quantity(value, unit)


# --- classification ---------------------------------------------------------------------------------


@dataclass
class _PackResult:
    matches: list[EntryMatch] = field(default_factory=list)
    undecided: list[EntryMatch] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    exclusions: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def classify(
    item: Item,
    *,
    on: dt.date | None = None,
    jurisdictions: Sequence[str] | None = None,
    packs: RulePackSet | None = None,
) -> Classification:
    """Classify `item` against the rule packs in force on `on` (default today) for `jurisdictions` (all)."""
    pack_set = packs if packs is not None else load_rule_packs(on)
    day = on or pack_set.on
    selected = select_jurisdictions(pack_set, jurisdictions)
    evaluator = _Evaluator(item)
    entries: list[EntryMatch] = []
    undecided: list[EntryMatch] = []
    reasons: list[str] = []
    exclusions: list[str] = []
    notes: list[str] = []
    versions: dict[str, str] = {}
    for name in selected:
        pack = pack_set.packs.get(name)
        if pack is None:
            reasons.append(
                f"{name}: no rule pack is in force on {day.isoformat()}, so {name} was not checked"
            )
            continue
        versions[name] = pack.version_text
        result = _classify_in_pack(item, pack, day, evaluator)
        entries += result.matches
        undecided += result.undecided
        reasons += result.reasons
        exclusions += result.exclusions
        notes += result.notes
    if not entries and not undecided and item.item_kind != "commodity":
        reasons += _unknown_targets(item, [pack_set.packs[n] for n in selected if n in pack_set.packs])
    if entries:
        status = CONTROLLED
    elif reasons:
        status = NEEDS_REVIEW
    else:
        status = NOT_CONTROLLED
    return Classification(
        item_id=item.id,
        status=status,
        entries=entries,
        review_reasons=_unique(reasons),
        exclusions=_unique(exclusions),
        rule_packs=versions,
        undecided=undecided,
        notes=_unique(notes),
        on=day,
    )


def select_jurisdictions(pack_set: RulePackSet, jurisdictions: Sequence[str] | None) -> list[str]:
    """The requested jurisdictions in canonical spelling; ValueError names any the packs do not know."""
    known = pack_set.jurisdictions
    if not jurisdictions:
        return list(known)
    by_upper = {name.upper(): name for name in known}
    chosen: list[str] = []
    for requested in jurisdictions:
        name = by_upper.get(requested.strip().upper())
        if name is None:
            raise ValueError(f"unknown jurisdiction {requested!r} (known: {', '.join(known)})")
        if name not in chosen:
            chosen.append(name)
    return chosen


def _classify_in_pack(item: Item, pack: RulePack, day: dt.date, evaluator: _Evaluator) -> _PackResult:
    result = _PackResult()
    for listed in pack.category_notes:
        if item.item_kind == "commodity" and item.category in listed.categories:
            result.notes.append(f"{pack.jurisdiction}: {listed.note}")
    rules = [rule for rule in pack.rules if rule.in_force(day)]
    if item.item_kind == "commodity" and item.category == OPEN_CATEGORY:
        _review_open_category(pack, rules, result)
        return result
    applicable = [rule for rule in rules if rule.applies_to(item.item_kind, item.category)]
    for rule in (r for r in applicable if not r.fallback):
        _apply_rule(rule, evaluator, result)
    if not result.matches and not result.undecided:
        for rule in (r for r in applicable if r.fallback):
            _apply_rule(rule, evaluator, result)
    return result


def _unknown_targets(item: Item, packs: Sequence[RulePack]) -> list[str]:
    """Software or technology for entries no loaded rule speaks about is unknown, not "not controlled"."""
    targets = [
        target
        for pack in packs
        for rule in pack.rules
        if rule.item_kind == item.item_kind
        for leaf in leaves(rule.condition)
        if isinstance(leaf, ForEntries)
        for target in leaf.entries
    ]
    unknown = [e for e in item.for_entries if not any(_within(e, t) or _within(t, e) for t in targets)]
    if not unknown:
        return []
    return [
        f"{item.item_kind} for {', '.join(unknown)}: no selected rule pack covers these entries "
        "(the packs encode the quantum, sensing, timing and QKD entries only), so a person must classify it"
    ]


def _review_open_category(pack: RulePack, rules: Iterable[Rule], result: _PackResult) -> None:
    commodity_entries = _unique(rule.list_entry for rule in rules if rule.item_kind == "commodity")
    if commodity_entries:
        result.reasons.append(
            f"{pack.jurisdiction}: category 'other' cannot be tested against the parameters of "
            f"{', '.join(commodity_entries)}; a person must classify the item"
        )


def _apply_rule(rule: Rule, evaluator: _Evaluator, result: _PackResult) -> None:
    undecided_exclusions: list[str] = []
    for exclusion in rule.exclusions:
        outcome = evaluator.evaluate(exclusion.when)
        if outcome.met is True and exclusion.text_status != "unknown":
            result.exclusions.append(_exclusion_text(rule, exclusion))
            return
        if outcome.met is True:
            undecided_exclusions.append(f"whether the exclusion for {exclusion.name} applies is not known")
        elif outcome.met is None:
            missing = "; ".join(outcome.reasons)
            undecided_exclusions.append(f"the exclusion for {exclusion.name} cannot be checked ({missing})")
    outcome = evaluator.evaluate(rule.condition)
    if outcome.met is False:
        return
    if not outcome.results:  # the category alone places the item in the entry (e.g. 5A002.c, 6A007.c)
        category = evaluator.item.category
        outcome.results.append(ConditionResult("category", "==", category, category, True))
    match = _entry_match(rule, outcome)
    if outcome.met is True and not undecided_exclusions:
        result.matches.append(match)
        return
    reasons = _unique((outcome.reasons if outcome.met is None else []) + undecided_exclusions)
    match.review_reasons = reasons
    result.undecided.append(match)
    prefix = _rule_prefix(rule)
    result.reasons.extend(f"{prefix}: {reason}" for reason in reasons)


def _rule_prefix(rule: Rule) -> str:
    status = (
        "" if rule.text_status == "verified" else f" ({text_status_label(rule.text_status, rule.citation)})"
    )
    return f"{rule.jurisdiction} {rule.entry}{status}"


def _exclusion_text(rule: Rule, exclusion: Exclusion) -> str:
    status = (
        ""
        if exclusion.text_status == "verified"
        else f", {text_status_label(exclusion.text_status, exclusion.citation)}"
    )
    where = f"{exclusion.citation.text}{status}"
    return f"{rule.jurisdiction} {rule.list_entry}: excluded, {exclusion.name} ({where})"


def _entry_match(rule: Rule, outcome: _Outcome) -> EntryMatch:
    return EntryMatch(
        jurisdiction=rule.jurisdiction,
        entry=rule.entry,
        list_entry=rule.list_entry,
        title=rule.title,
        reasons_for_control=list(rule.reasons_for_control),
        citation=rule.citation.text,
        conditions=outcome.results,
        text_status=rule.text_status,
        notes=_unique([*rule.notes, *outcome.notes]),
        paragraph=rule.paragraph,
        rule_id=rule.id,
        citation_date=rule.citation.date.isoformat(),
        label=text_status_label(rule.text_status, rule.citation),
    )


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))
