"""Every threshold of every shipped rule, just below, at and just above, generated from the packs themselves.

The cases are built from the loaded rule packs, so a rule added to any pack is covered without writing
a test: for each rule an item is made that meets all its conditions (and none of its exclusions), then
each numeric threshold is moved across its boundary and each true/false or choice condition is flipped.
The expected answer comes from the comparator's plain meaning (reference §0.2) and three-valued logic,
not from the classifier's code. Whether the thresholds themselves are the legal ones is checked by the
hand-written table in test_classify_legal.py.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from qgov.exportcontrol.classifier import classify
from qgov.exportcontrol.items import Item, parse_item
from qgov.exportcontrol.parameters import CATEGORY_PARAMETERS, Kind
from qgov.exportcontrol.rules import (
    RULEPACK_DIRECTORY,
    Between,
    Comparison,
    Condition,
    ForEntries,
    Group,
    IsValue,
    NotAvailable,
    OneOf,
    Overlap,
    Rule,
    RulePack,
    RulePackSet,
    load_all_rule_packs,
)

STEP = 1e-6  # relative distance of "just below" and "just above"
PLAIN_MEANING = {
    "<": lambda value, limit: value < limit,
    "<=": lambda value, limit: value <= limit,
    ">": lambda value, limit: value > limit,
    ">=": lambda value, limit: value >= limit,
    "==": lambda value, limit: value == limit,
}


# --- building an item that meets a rule -------------------------------------------------------------


@dataclass
class Bounds:
    """The values of one parameter that satisfy every comparison a rule makes on it."""

    unit: str
    low: float = -math.inf
    low_open: bool = False
    high: float = math.inf
    high_open: bool = False

    def add(self, op: str, limit: float) -> None:
        if op in (">", ">=", "==") and (limit > self.low or (limit == self.low and op == ">")):
            self.low, self.low_open = limit, op == ">"
        if op in ("<", "<=", "==") and (limit < self.high or (limit == self.high and op == "<")):
            self.high, self.high_open = limit, op == "<"

    def pick(self, whole: bool) -> float:
        if whole:
            low = math.floor(self.low) + 1 if self.low_open else math.ceil(self.low)
            return float(low) if self.low > -math.inf else max(0.0, math.ceil(self.high) - 1)
        if self.low > -math.inf and self.high < math.inf:
            return (self.low + self.high) / 2 if self.low != self.high else self.low
        if self.low > -math.inf:
            return _nudge(self.low, +1) if self.low_open else self.low
        return _nudge(self.high, -1) if self.high_open else self.high


def _nudge(value: float, direction: int) -> float:
    return value + direction * max(abs(value), 1e-30) * STEP


def _leaves_to_satisfy(condition: Condition) -> Iterator[Condition]:
    """The leaves a witness must meet: all of an 'all' group, the first branch of an 'any' group."""
    if isinstance(condition, Group):
        children = condition.children if condition.mode == "all" else condition.children[:1]
        for child in children:
            yield from _leaves_to_satisfy(child)
    else:
        yield condition


def _value_text(value: float, unit: str, whole: bool) -> Any:
    if whole:
        return round(value)
    return f"{value!r} {unit}" if unit else value


def witness(rule: Rule, pack: RulePack) -> dict[str, Any]:
    """An item description meeting every condition of `rule` and no exclusion."""
    category = rule.categories[0] if rule.categories else "other"
    obj: dict[str, Any] = {"id": f"witness-{rule.id}", "item_kind": rule.item_kind}
    if rule.item_kind == "commodity":
        obj["category"] = category
    parameters: dict[str, Any] = {}
    bounds: dict[str, Bounds] = {}
    for leaf in _leaves_to_satisfy(rule.condition):
        if isinstance(leaf, Comparison):
            bounds.setdefault(leaf.parameter, Bounds(leaf.unit)).add(leaf.op, leaf.threshold)
        elif isinstance(leaf, Between):
            parameters[leaf.parameter] = _value_text((leaf.low + leaf.high) / 2, leaf.unit, whole=False)
        elif isinstance(leaf, Overlap):
            parameters[leaf.low_parameter] = _value_text(leaf.low, leaf.unit, whole=False)
            parameters[leaf.high_parameter] = _value_text(leaf.high, leaf.unit, whole=False)
        elif isinstance(leaf, IsValue):
            parameters[leaf.parameter] = leaf.value
        elif isinstance(leaf, OneOf):
            if leaf.parameter == "purpose":
                obj["purpose"] = leaf.values[0]
            else:
                parameters[leaf.parameter] = leaf.values[0]
        elif isinstance(leaf, ForEntries):
            obj["for_entries"] = [_entry_for(leaf, rule, pack)]
        elif not isinstance(leaf, NotAvailable):
            raise AssertionError(f"{rule.id}: the boundary generator does not know {type(leaf).__name__}")
    for name, bound in bounds.items():
        whole = _is_count(category, name)
        parameters[name] = _value_text(bound.pick(whole), bound.unit, whole)
    for exclusion in rule.exclusions:
        for leaf in _leaves_to_satisfy(exclusion.when):
            if isinstance(leaf, IsValue):
                parameters[leaf.parameter] = not leaf.value
            elif isinstance(leaf, OneOf) and parameters.get(leaf.parameter) in (*leaf.values, None):
                spec = CATEGORY_PARAMETERS[category][leaf.parameter]
                parameters[leaf.parameter] = next(c for c in spec.choices if c not in leaf.values)
            elif not isinstance(leaf, OneOf):
                raise AssertionError(f"{rule.id}: exclusion {exclusion.id} needs a witness rule")
    if parameters:
        obj["parameters"] = parameters
    return obj


def _entry_for(leaf: ForEntries, rule: Rule, pack: RulePack) -> str:
    """The first target entry; for a fallback rule, one no other rule of the pack speaks about."""
    if not rule.fallback:
        return leaf.entries[0]
    others = [
        target
        for other in pack.rules
        if other.item_kind == rule.item_kind and not other.fallback
        for other_leaf in _leaves_to_satisfy(other.condition)
        if isinstance(other_leaf, ForEntries)
        for target in other_leaf.entries
    ]
    for entry in leaf.entries:
        if not any(_within(entry, t) or _within(t, entry) for t in others):
            return entry
    raise AssertionError(f"{rule.id}: every entry of this fallback rule is covered by another rule")


def _within(entry: str, target: str) -> bool:
    return entry == target or entry.startswith(target + ".")


def _is_count(category: str, parameter: str) -> bool:
    spec = CATEGORY_PARAMETERS.get(category, {}).get(parameter)
    return spec is not None and spec.kind is Kind.COUNT


# --- expected answers from the plain meaning ---------------------------------------------------------


def expected(condition: Condition, obj: dict[str, Any], rule: Rule) -> bool | None:
    """Three-valued truth of `condition` for the item description `obj`, computed independently."""
    if isinstance(condition, Group):
        values = [expected(child, obj, rule) for child in condition.children]
        if condition.mode == "all":
            return False if False in values else (None if None in values else True)
        return True if True in values else (None if None in values else False)
    parameters = obj.get("parameters", {})
    if isinstance(condition, NotAvailable):
        return None
    if isinstance(condition, ForEntries):
        return any(_within(e, t) for e in obj.get("for_entries", []) for t in condition.entries)
    if isinstance(condition, OneOf):
        chosen = (
            obj.get("purpose") if condition.parameter == "purpose" else parameters.get(condition.parameter)
        )
        if chosen is None or chosen in condition.undecided:
            return None
        return chosen in condition.values
    if isinstance(condition, Overlap):
        low, high = parameters.get(condition.low_parameter), parameters.get(condition.high_parameter)
        if low is None or high is None:
            return None
        return _number(low) <= condition.high and _number(high) >= condition.low
    value = parameters.get(condition.parameter)
    if value is None:
        return None  # a missing parameter is undecided, never zero or false
    if isinstance(condition, IsValue):
        return value is condition.value
    if isinstance(condition, Comparison):
        return bool(PLAIN_MEANING[condition.op](_number(value), condition.threshold))
    assert isinstance(condition, Between)
    return condition.low <= _number(value) <= condition.high


def _number(text: Any) -> float:
    return float(text.split()[0]) if isinstance(text, str) else float(text)


# --- the cases ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    pack: RulePack
    rule: Rule
    item: dict[str, Any]
    what: str

    @property
    def id(self) -> str:
        return f"{self.rule.id}:{self.what}"


def _moved(obj: dict[str, Any], parameter: str, value: Any) -> dict[str, Any]:
    moved = {**obj, "parameters": {**obj.get("parameters", {}), parameter: value}}
    return moved


def _boundary_values(limit: float, unit: str, whole: bool) -> list[tuple[str, Any]]:
    if whole:
        return [("below", int(limit) - 1), ("at", int(limit)), ("above", int(limit) + 1)]
    return [(name, _value_text(value, unit, False)) for name, value in
            (("below", _nudge(limit, -1)), ("at", limit), ("above", _nudge(limit, +1)))]  # fmt: skip


def cases() -> Iterator[Case]:
    for pack in load_all_rule_packs(RULEPACK_DIRECTORY):
        for rule in pack.rules:
            base = witness(rule, pack)
            yield Case(pack, rule, base, "witness")
            category = rule.categories[0] if rule.categories else "other"
            for leaf in _leaves_to_satisfy(rule.condition):
                yield from _leaf_cases(pack, rule, base, leaf, category)


def _leaf_cases(
    pack: RulePack, rule: Rule, base: dict[str, Any], leaf: Condition, category: str
) -> Iterator[Case]:
    if isinstance(leaf, Comparison):
        for name, value in _boundary_values(leaf.threshold, leaf.unit, _is_count(category, leaf.parameter)):
            what = f"{leaf.parameter}{leaf.op}{leaf.threshold_text}:{name}"
            yield Case(pack, rule, _moved(base, leaf.parameter, value), what)
    elif isinstance(leaf, Between):
        for end in (leaf.low, leaf.high):
            for name, value in _boundary_values(end, leaf.unit, False):
                yield Case(pack, rule, _moved(base, leaf.parameter, value), f"{leaf.parameter}@{end}:{name}")
    elif isinstance(leaf, Overlap):
        # the band touches the range from above (its minimum near the range's maximum) and from below
        for name, value in _boundary_values(leaf.high, leaf.unit, False):
            moved = _moved(base, leaf.low_parameter, value)
            moved["parameters"][leaf.high_parameter] = _value_text(leaf.high * 2, leaf.unit, False)
            yield Case(pack, rule, moved, f"{leaf.low_parameter}@{leaf.high}:{name}")
        for name, value in _boundary_values(leaf.low, leaf.unit, False):
            moved = _moved(base, leaf.high_parameter, value)
            moved["parameters"][leaf.low_parameter] = _value_text(leaf.low / 2, leaf.unit, False)
            yield Case(pack, rule, moved, f"{leaf.high_parameter}@{leaf.low}:{name}")
    elif isinstance(leaf, IsValue):
        yield Case(pack, rule, _moved(base, leaf.parameter, not leaf.value), f"{leaf.parameter}:flipped")
        without = {**base, "parameters": {k: v for k, v in base["parameters"].items() if k != leaf.parameter}}
        yield Case(pack, rule, without, f"{leaf.parameter}:missing")
    elif isinstance(leaf, OneOf) and leaf.parameter != "purpose":
        spec = CATEGORY_PARAMETERS[category][leaf.parameter]
        for choice in spec.choices:
            if choice not in leaf.values[:1]:
                yield Case(pack, rule, _moved(base, leaf.parameter, choice), f"{leaf.parameter}={choice}")


ALL_CASES = list(cases())


def _day(pack: RulePack, rule: Rule) -> dt.date:
    return max(pack.effective_from, rule.valid_from or pack.effective_from)


def _outcome(item: Item, pack: RulePack, rule: Rule) -> bool | None:
    """True if the rule matched, None if it could apply but is undecided, False if it does not apply."""
    day = _day(pack, rule)
    result = classify(item, on=day, packs=RulePackSet(on=day, packs={pack.jurisdiction: pack}))
    if any(match.rule_id == rule.id for match in result.entries):
        return True
    if any(match.rule_id == rule.id for match in result.undecided):
        return None
    return False


@pytest.mark.parametrize("case", ALL_CASES, ids=[case.id for case in ALL_CASES])
def test_every_boundary_of_every_rule(case: Case) -> None:
    want = expected(case.rule.condition, case.item, case.rule)
    got = _outcome(parse_item(case.item), case.pack, case.rule)
    assert got == want, f"{case.id}: expected {want}, classifier said {got} for {case.item}"


def test_every_shipped_rule_has_generated_cases() -> None:
    covered = {case.rule.id for case in ALL_CASES if case.what == "witness"}
    every = {rule.id for pack in load_all_rule_packs(RULEPACK_DIRECTORY) for rule in pack.rules}
    assert covered == every
    numeric = [case for case in ALL_CASES if case.what.endswith((":below", ":at", ":above"))]
    assert len(numeric) % 3 == 0 and len(numeric) >= 3 * 150


def test_a_rule_witness_matches_unless_its_text_is_not_available() -> None:
    for case in (c for c in ALL_CASES if c.what == "witness"):
        has_unknown = any(isinstance(leaf, NotAvailable) for leaf in _leaves_to_satisfy(case.rule.condition))
        assert _outcome(parse_item(case.item), case.pack, case.rule) == (None if has_unknown else True), (
            case.id
        )
