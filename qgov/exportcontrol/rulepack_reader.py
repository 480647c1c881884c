"""Reading and validating one classification rule-pack file (the YAML schema lives here).

A pack is checked completely when it loads: every rule must cite its text (document, paragraph, date of
the text read), name only parameters its item category has, state thresholds in a unit of the parameter's
dimension and use a comparator from the legal vocabulary (shared/reference/export-controls.md §0.2).
Any problem is a RulePackError naming the file and the rule, so nobody is classified against a
half-read list. Unknown keys are refused too: a misspelt key would otherwise silently drop a condition.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from qgov.exportcontrol.parameters import CATEGORY_PARAMETERS, OPEN_CATEGORY, PURPOSES, Kind, ParameterSpec
from qgov.exportcontrol.quantities import (
    QuantityError,
    describe_unit,
    magnitude_in,
    parse_quantity,
    same_dimension,
    split_number_unit,
)
from qgov.exportcontrol.rule_model import (
    TEXT_STATUSES,
    Between,
    CategoryNote,
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
    RulePackError,
    StatisticCheck,
)

PACK_FORMAT = "qgov-classification-rules/1"
FILE_PREFIX = "classification-"
COMPARATORS = ("<", "<=", ">", ">=", "==")
ITEM_KIND_PARAMETERS = {"purpose": PURPOSES}  # software/technology: fields of the item, tested like choices


def read_pack(path: Path, document: Any) -> RulePack:
    """Validate a parsed pack document read from `path`; RulePackError names the file and the rule."""
    return _PackReader(path).read(document)


_PACK_KEYS = {
    "format",
    "jurisdiction",
    "version",
    "effective_from",
    "text_status",
    "source",
    "notes",
    "exclusions",
    "category_notes",
    "rules",
    "defaults",
}
_RULE_KEYS = {
    "id",
    "entry",
    "list_entry",
    "title",
    "item_kind",
    "categories",
    "all",
    "any",
    "citation",
    "text_status",
    "reasons_for_control",
    "exclusions",
    "valid_from",
    "valid_to",
    "fallback",
    "notes",
    "compliance_from",
    "quote",
}
_EXTRA_RULE_KEYS = ("compliance_from", "quote")


class _PackReader:
    """Validates one pack document; keeps the file name so every error can name it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.context = ""

    def fail(self, message: str) -> RulePackError:
        return RulePackError(f"{self.path}: {self.context}{message}")

    # -- pack level

    def read(self, document: Any) -> RulePack:
        doc = self.mapping(document, "the file", _PACK_KEYS)
        if doc.get("format") != PACK_FORMAT:
            raise self.fail(f"format must be {PACK_FORMAT!r}")
        jurisdiction = self.text(doc, "jurisdiction")
        if self.path.parent.name.lower() != jurisdiction.lower():
            raise self.fail(
                f"jurisdiction {jurisdiction!r} does not match its folder {self.path.parent.name!r}"
            )
        version = self.date(doc, "version")
        if self.path.stem != f"{FILE_PREFIX}{version.isoformat()}":
            raise self.fail(f"version {version} does not match the file name {self.path.name!r}")
        text_status = self.status(doc.get("text_status"))
        source = self.mapping(doc.get("source"), "source", {"document", "date_read", "note"})
        exclusions = {
            key: self.exclusion(key, value)
            for key, value in self.mapping(doc.get("exclusions") or {}, "exclusions", None).items()
        }
        rules_data = doc.get("rules")
        if not isinstance(rules_data, list) or not rules_data:
            raise self.fail("rules must be a non-empty list")
        rules: list[Rule] = []
        for position, rule_data in enumerate(rules_data, start=1):
            self.context = f"rule {position}: "
            rule = self.rule(rule_data, jurisdiction, text_status, exclusions)
            if any(existing.id == rule.id for existing in rules):
                raise self.fail(f"rule id {rule.id!r} is used twice")
            rules.append(rule)
        self.context = ""
        return RulePack(
            jurisdiction=jurisdiction,
            version=version,
            effective_from=self.date(doc, "effective_from"),
            source_document=self.text(source, "document"),
            source_date=self.date(source, "date_read"),
            source_note=self.optional_text(source, "note"),
            text_status=text_status,
            rules=tuple(rules),
            path=self.path,
            notes=self.texts(doc.get("notes"), "notes"),
            category_notes=tuple(
                self.category_notes(entry) for entry in self.list(doc.get("category_notes"), "category_notes")
            ),
        )

    def category_notes(self, data: Any) -> CategoryNote:
        entry = self.mapping(data, "category note", {"categories", "note"})
        return CategoryNote(self.categories(entry.get("categories")), self.text(entry, "note"))

    def exclusion(self, key: str, data: Any) -> Exclusion:
        self.context = f"exclusion {key}: "
        entry = self.mapping(
            data, "exclusion", {"name", "when", "citation", "text_status", "quote", "categories"}
        )
        categories = self.categories(entry.get("categories"))
        exclusion = Exclusion(
            id=key,
            name=self.text(entry, "name"),
            categories=categories,
            when=self.condition(entry.get("when"), categories, "commodity"),
            citation=self.citation(entry.get("citation")),
            text_status=self.status(entry.get("text_status")),
            quote=self.optional_text(entry, "quote"),
        )
        self.context = ""
        return exclusion

    # -- rule level

    def rule(
        self, data: Any, jurisdiction: str, pack_status: str, exclusions: Mapping[str, Exclusion]
    ) -> Rule:
        entry = self.mapping(data, "rule", _RULE_KEYS)
        rule_id = self.text(entry, "id")
        self.context = f"rule {rule_id}: "
        item_kind = entry.get("item_kind", "commodity")
        if item_kind not in ("commodity", "software", "technology"):
            raise self.fail(f"item_kind {item_kind!r} must be commodity, software or technology")
        categories = self.categories(entry.get("categories")) if item_kind == "commodity" else ()
        if item_kind == "commodity" and not categories:
            raise self.fail("a commodity rule needs categories")
        if ("all" in entry) == ("any" in entry):
            raise self.fail("give exactly one of 'all' or 'any'")
        mode = "all" if "all" in entry else "any"
        children = self.list(entry[mode], mode)
        if not children and (mode == "any" or item_kind != "commodity"):
            raise self.fail(
                f"'{mode}' must list at least one condition (only a commodity rule may say all: [])"
            )
        condition = Group(mode, tuple(self.condition(child, categories, item_kind) for child in children))
        rule_exclusions = []
        for key in self.list(entry.get("exclusions"), "exclusions"):
            if key not in exclusions:
                raise self.fail(f"exclusion {key!r} is not defined in the pack's exclusions")
            outside = [c for c in categories if c not in exclusions[key].categories]
            if outside:
                raise self.fail(f"exclusion {key!r} is not written for category {', '.join(outside)}")
            rule_exclusions.append(exclusions[key])
        list_entry = self.text(entry, "list_entry")
        entry_text = self.text(entry, "entry")
        reasons = self.texts(entry.get("reasons_for_control"), "reasons_for_control")
        return Rule(
            id=rule_id,
            jurisdiction=jurisdiction,
            entry=entry_text,
            list_entry=list_entry,
            title=self.text(entry, "title"),
            item_kind=item_kind,
            categories=categories,
            condition=condition,
            citation=self.citation(entry.get("citation")),
            text_status=self.status(entry.get("text_status", pack_status)),
            reasons_for_control=reasons,
            exclusions=tuple(rule_exclusions),
            valid_from=self.optional_date(entry, "valid_from"),
            valid_to=self.optional_date(entry, "valid_to"),
            fallback=self.boolean(entry.get("fallback", False), "fallback"),
            notes=self.texts(entry.get("notes"), "notes"),
            extra={
                key: self.extra_value(entry[key]) for key in _EXTRA_RULE_KEYS if entry.get(key) is not None
            },
        )

    def categories(self, value: Any) -> tuple[str, ...]:
        names = tuple(self.texts(value, "categories"))
        for name in names:
            if name not in CATEGORY_PARAMETERS or name == OPEN_CATEGORY:
                raise self.fail(f"unknown category {name!r}")
        return names

    # -- conditions

    def condition(self, data: Any, categories: Sequence[str], item_kind: str) -> Condition:
        if not isinstance(data, Mapping):
            raise self.fail(f"a condition must be a mapping, not {data!r}")
        label = data.get("label")
        if label is not None and not isinstance(label, str):
            raise self.fail("a condition label must be text")
        if "all" in data or "any" in data:
            mode = "all" if "all" in data else "any"
            self.only_keys(data, {mode, "label"})
            children = self.list(data[mode], mode)
            if not children:
                raise self.fail(f"'{mode}' must list at least one condition")
            return Group(mode, tuple(self.condition(c, categories, item_kind) for c in children), label)
        op = data.get("op")
        if op == "unknown":
            self.only_keys(data, {"op", "reason", "label"})
            return NotAvailable(self.text(data, "reason"), label)
        if op == "for_entries":
            self.only_keys(data, {"op", "entries", "label"})
            if item_kind == "commodity":
                raise self.fail("for_entries applies to software and technology rules only")
            return ForEntries(self.texts(data.get("entries"), "entries"), label)
        if op == "overlaps":
            self.only_keys(data, {"op", "parameters", "min", "max", "label"})
            names = self.texts(data.get("parameters"), "parameters")
            if len(names) != 2:
                raise self.fail("overlaps needs parameters: [low_parameter, high_parameter]")
            specs = [self.quantity_spec(name, categories) for name in names]
            low, high, unit = self.bounds(data, specs[0])
            return Overlap(names[0], names[1], low, high, unit, label)
        parameter = self.text(data, "parameter")
        if op == "in":
            self.only_keys(data, {"op", "parameter", "values", "undecided", "label"})
            choices = self.choices_of(parameter, categories, item_kind)
            values = self.texts(data.get("values"), "values")
            undecided = self.mapping(data.get("undecided") or {}, "undecided", None)
            for value in (*values, *undecided):
                if value not in choices:
                    raise self.fail(f"{value!r} is not a choice of {parameter} ({', '.join(choices)})")
            return OneOf(
                parameter,
                values,
                {str(k): self.plain_text(v, "undecided") for k, v in undecided.items()},
                label,
            )
        if op == "is":
            self.only_keys(data, {"op", "parameter", "value", "label"})
            spec = self.spec(parameter, categories)
            if spec.kind is not Kind.BOOLEAN:
                raise self.fail(f"'is' needs a true/false parameter, and {parameter} is a {spec.kind.value}")
            return IsValue(parameter, self.boolean(data.get("value"), "value"), label)
        if op == "between":
            self.only_keys(data, {"op", "parameter", "min", "max", "label"})
            low, high, unit = self.bounds(data, self.quantity_spec(parameter, categories))
            return Between(parameter, low, high, unit, label)
        if op in COMPARATORS:
            self.only_keys(data, {"op", "parameter", "threshold", "statistic", "label"})
            spec = self.spec(parameter, categories)
            if spec.kind not in (Kind.QUANTITY, Kind.COUNT):
                raise self.fail(f"{op!r} needs a number parameter, and {parameter} is a {spec.kind.value}")
            threshold, unit = self.threshold(data.get("threshold"), spec)
            statistic = self.statistic(data.get("statistic"), categories) if "statistic" in data else None
            return Comparison(parameter, op, threshold, unit, label, statistic)
        raise self.fail(f"unknown operator {op!r} (use <, <=, >, >=, ==, between, overlaps, in, is, unknown)")

    def statistic(self, data: Any, categories: Sequence[str]) -> StatisticCheck:
        entry = self.mapping(data, "statistic", {"parameter", "legal", "review_factor"})
        parameter = self.text(entry, "parameter")
        spec = self.spec(parameter, categories)
        legal = self.texts(entry.get("legal"), "legal")
        for value in legal:
            if value not in spec.choices:
                raise self.fail(f"{value!r} is not a choice of {parameter}")
        factor = entry.get("review_factor")
        if isinstance(factor, bool) or not isinstance(factor, int | float) or factor <= 1:
            raise self.fail("statistic review_factor must be a number above 1")
        return StatisticCheck(parameter, legal, spec.default or legal[0], float(factor))

    def spec(self, parameter: str, categories: Sequence[str]) -> ParameterSpec:
        found: ParameterSpec | None = None
        for category in categories:
            spec = CATEGORY_PARAMETERS[category].get(parameter)
            if spec is None:
                raise self.fail(f"unknown parameter {parameter!r} for category {category}")
            if found is not None and (found.kind, found.unit, found.choices) != (
                spec.kind,
                spec.unit,
                spec.choices,
            ):
                raise self.fail(f"parameter {parameter!r} means different things in {', '.join(categories)}")
            found = spec
        if found is None:
            raise self.fail(f"parameter {parameter!r} needs categories")
        return found

    def quantity_spec(self, parameter: str, categories: Sequence[str]) -> ParameterSpec:
        spec = self.spec(parameter, categories)
        if spec.kind is not Kind.QUANTITY:
            raise self.fail(f"{parameter} is not a quantity")
        return spec

    def choices_of(self, parameter: str, categories: Sequence[str], item_kind: str) -> tuple[str, ...]:
        if item_kind != "commodity":
            if parameter not in ITEM_KIND_PARAMETERS:
                raise self.fail(f"unknown parameter {parameter!r} for {item_kind} rules")
            return ITEM_KIND_PARAMETERS[parameter]
        spec = self.spec(parameter, categories)
        if spec.kind is not Kind.CHOICE:
            raise self.fail(f"'in' needs a choice parameter, and {parameter} is a {spec.kind.value}")
        return spec.choices

    def threshold(self, value: Any, spec: ParameterSpec) -> tuple[float, str]:
        if value is None:
            raise self.fail(f"threshold missing for {spec.name}")
        if spec.kind is Kind.COUNT:
            try:
                number, unit = split_number_unit(value) if isinstance(value, str) else (value, "")
            except QuantityError:
                number, unit = None, ""
            if isinstance(number, bool) or not isinstance(number, int | float) or unit:
                raise self.fail(f"threshold of {spec.name} must be a number")
            return float(number), ""
        try:
            unit = split_number_unit(value)[1] if isinstance(value, str) else ""
            if unit and not same_dimension(unit, spec.unit):
                raise self.fail(
                    f"threshold {value!r} of {spec.name} is not in a unit of {describe_unit(spec.unit)}"
                )
            quantity = parse_quantity(value, spec.unit)
        except QuantityError as exc:
            raise self.fail(f"threshold of {spec.name}: {exc}") from exc
        unit = unit or spec.unit
        return magnitude_in(quantity, unit), unit

    def bounds(self, data: Mapping[str, Any], spec: ParameterSpec) -> tuple[float, float, str]:
        low, low_unit = self.threshold(data.get("min"), spec)
        high, high_unit = self.threshold(data.get("max"), spec)
        if low_unit != high_unit:
            raise self.fail("min and max must be written in the same unit")
        if low > high:
            raise self.fail("min must not exceed max")
        return low, high, low_unit

    # -- small readers

    def citation(self, value: Any) -> Citation:
        if value is None:
            raise self.fail("citation missing (document, paragraph, date of the text read)")
        entry = self.mapping(value, "citation", {"document", "paragraph", "date"})
        return Citation(self.text(entry, "document"), self.text(entry, "paragraph"), self.date(entry, "date"))

    def status(self, value: Any) -> str:
        if value not in TEXT_STATUSES:
            raise self.fail(f"text_status {value!r} must be one of {', '.join(TEXT_STATUSES)}")
        return str(value)

    def mapping(self, value: Any, what: str, allowed: set[str] | None) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(f"{what} must be a mapping")
        if allowed is not None:
            self.only_keys(value, allowed)
        return value

    def only_keys(self, value: Mapping[str, Any], allowed: set[str]) -> None:
        unknown = sorted(str(key) for key in value if key not in allowed)
        if unknown:
            raise self.fail(f"unknown key(s) {', '.join(unknown)} (allowed: {', '.join(sorted(allowed))})")

    def list(self, value: Any, what: str) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(f"{what} must be a list")
        return value

    def text(self, entry: Mapping[str, Any], key: str) -> str:
        value = entry.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise self.fail(f"{key} missing")
        return self.plain_text(value, key)

    def optional_text(self, entry: Mapping[str, Any], key: str) -> str | None:
        return None if entry.get(key) is None else self.text(entry, key)

    def plain_text(self, value: Any, key: str) -> str:
        if not isinstance(value, str):
            raise self.fail(f"{key} must be text, not {value!r}")
        return " ".join(value.split())

    def texts(self, value: Any, key: str) -> tuple[str, ...]:
        return tuple(self.plain_text(item, key) for item in self.list(value, key))

    def boolean(self, value: Any, key: str) -> bool:
        if not isinstance(value, bool):
            raise self.fail(f"{key} must be true or false")
        return value

    def date(self, entry: Mapping[str, Any], key: str) -> dt.date:
        value = entry.get(key)
        if isinstance(value, dt.datetime):
            raise self.fail(f"{key} must be a date (YYYY-MM-DD), not a date and time")
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise self.fail(f"{key} {value!r} is not a date (YYYY-MM-DD)")

    def optional_date(self, entry: Mapping[str, Any], key: str) -> dt.date | None:
        return None if entry.get(key) is None else self.date(entry, key)

    def extra_value(self, value: Any) -> Any:
        return value.isoformat() if isinstance(value, dt.date) else value
