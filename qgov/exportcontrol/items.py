"""Item descriptions as users write them (shared/contracts/export-control.md), read into checked values.

An item is refused as a whole when any value cannot be read, with the item id, the parameter and the
reason, so a classification is never made from a half-read description. A parameter the item leaves out
is simply absent: the classifier reports it as missing, never as zero or false.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pint
import pycountry
import yaml

from qgov.exportcontrol.parameters import (
    CATEGORIES,
    CATEGORY_PARAMETERS,
    ITEM_KINDS,
    OPEN_CATEGORY,
    PURPOSES,
    Kind,
    ParameterSpec,
)
from qgov.exportcontrol.quantities import QuantityError, magnitude_in, parse_quantity

_TRUE_WORDS = frozenset({"true", "yes"})
_FALSE_WORDS = frozenset({"false", "no"})


class ItemError(ValueError):
    """An item that cannot be read: names the item, the parameter (or field) and the reason."""

    def __init__(self, item_id: str | None, parameter: str | None, reason: str) -> None:
        self.item_id = item_id
        self.parameter = parameter
        self.reason = reason
        where = f"item {item_id!r}" if item_id else "item without an id"
        if parameter:
            where += f", parameter {parameter!r}"
        super().__init__(f"{where}: {reason}")


class ItemFileError(ValueError):
    """An items file that cannot be read (syntax, shape), naming the file and the line or position."""


@dataclass(frozen=True)
class ParameterValue:
    """One parameter value as given and as read.

    `value` is the magnitude in the parameter's canonical unit (quantities), an int (counts), a bool or
    the canonical spelling of a choice; `quantity` keeps the given unit for conversions to a rule's unit
    (offset temperatures, logarithmic dB); `details` keeps any record fields given with the value
    (source, date, method ...).
    """

    name: str
    given: Any
    value: float | int | bool | str
    quantity: pint.Quantity[Any] | None = None
    unit: str | None = None
    details: Mapping[str, Any] = field(default_factory=dict)

    @property
    def given_text(self) -> str:
        if isinstance(self.given, bool):
            return "true" if self.given else "false"
        return str(self.given)


@dataclass(frozen=True)
class Item:
    id: str
    name: str
    item_kind: str  # commodity | software | technology
    category: str
    origin_country: str | None
    parameters: Mapping[str, ParameterValue]
    for_entries: tuple[str, ...]
    purpose: str | None
    raw: Mapping[str, Any]

    def parameter(self, name: str) -> ParameterValue | None:
        return self.parameters.get(name)


def parse_item(obj: Mapping[str, Any]) -> Item:
    """Read one item description; raises ItemError naming the item, the parameter and the reason."""
    if not isinstance(obj, Mapping):
        raise ItemError(None, None, f"an item must be a JSON object, not {type(obj).__name__}")
    item_id = _item_id(obj)
    item_kind = _choice_field(obj, item_id, "item_kind", ITEM_KINDS, default="commodity")
    category = _category(obj, item_id, item_kind)
    origin_country = _country(obj, item_id)
    purpose = _choice_field(obj, item_id, "purpose", PURPOSES, default=None)
    return Item(
        id=item_id,
        name=_text_field(obj, item_id, "name") or item_id,
        item_kind=item_kind or "commodity",
        category=category,
        origin_country=origin_country,
        parameters=_parameters(obj.get("parameters"), item_id, category),
        for_entries=_for_entries(obj.get("for_entries"), item_id),
        purpose=purpose,
        raw=dict(obj),
    )


def _item_id(obj: Mapping[str, Any]) -> str:
    raw_id = obj.get("id")
    if isinstance(raw_id, bool) or not isinstance(raw_id, str | int) or str(raw_id).strip() == "":
        raise ItemError(None, "id", "every item needs a non-empty id")
    return str(raw_id).strip()


def _text_field(obj: Mapping[str, Any], item_id: str, key: str) -> str | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ItemError(item_id, key, f"must be text, not {type(value).__name__}")
    return value.strip() or None


def _choice_field(
    obj: Mapping[str, Any], item_id: str, key: str, choices: Sequence[str], default: str | None
) -> str | None:
    value = _text_field(obj, item_id, key)
    if value is None:
        return default
    if value not in choices:
        raise ItemError(item_id, key, f"{value!r} is not one of {', '.join(choices)}")
    return value


def _category(obj: Mapping[str, Any], item_id: str, item_kind: str | None) -> str:
    category = _text_field(obj, item_id, "category")
    if category is None:
        if item_kind == "commodity":
            raise ItemError(item_id, "category", f"a commodity needs a category ({', '.join(CATEGORIES)})")
        return OPEN_CATEGORY
    if category not in CATEGORY_PARAMETERS:
        raise ItemError(
            item_id, "category", f"{category!r} is not a known category ({', '.join(CATEGORIES)})"
        )
    return category


def _country(obj: Mapping[str, Any], item_id: str) -> str | None:
    code = _text_field(obj, item_id, "origin_country")
    if code is None:
        return None
    if pycountry.countries.get(alpha_2=code.upper()) is None:
        raise ItemError(item_id, "origin_country", f"{code!r} is not an ISO 3166-1 alpha-2 country code")
    return code.upper()


def _for_entries(value: Any, item_id: str) -> tuple[str, ...]:
    if value is None:
        return ()
    entries = [value] if isinstance(value, str) else value
    if not isinstance(entries, list | tuple) or not all(isinstance(e, str) and e.strip() for e in entries):
        raise ItemError(item_id, "for_entries", 'must be a list of entries such as "4A906.b"')
    return tuple(e.strip() for e in entries)


def _parameters(value: Any, item_id: str, category: str) -> dict[str, ParameterValue]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ItemError(item_id, "parameters", "must be an object of parameter names to values")
    specs = CATEGORY_PARAMETERS[category]
    parsed: dict[str, ParameterValue] = {}
    for name, given in value.items():
        if category == OPEN_CATEGORY:
            parsed[str(name)] = ParameterValue(str(name), given, _open_value(given))
            continue
        spec = specs.get(name)
        if spec is None:
            known = ", ".join(specs) or "none"
            raise ItemError(item_id, str(name), f"not a parameter of category {category} (known: {known})")
        parsed[name] = read_parameter(spec, given, item_id)
    low, high = parsed.get("frequency_min"), parsed.get("frequency_max")
    if low is not None and high is not None and float(low.value) > float(high.value):
        raise ItemError(
            item_id, "frequency_min", f"{low.given_text} is above frequency_max {high.given_text}"
        )
    return parsed


def _open_value(given: Any) -> float | int | bool | str:
    if isinstance(given, bool | int | float | str):
        return given
    return json.dumps(given, ensure_ascii=False, default=str)


def read_parameter(spec: ParameterSpec, given: Any, item_id: str) -> ParameterValue:
    """Read one value for `spec`; a record {"value": ..., "source": ...} keeps its other fields."""
    details: Mapping[str, Any] = {}
    if isinstance(given, Mapping):
        if "value" not in given:
            raise ItemError(item_id, spec.name, "a parameter record needs a 'value' field")
        details = {k: v for k, v in given.items() if k != "value"}
        given = given["value"]
    if given is None:
        raise ItemError(item_id, spec.name, "has no value (leave the parameter out if it is not known)")
    try:
        return _read_value(spec, given, details)
    except (QuantityError, ValueError) as exc:
        raise ItemError(item_id, spec.name, str(exc)) from exc


def _read_value(spec: ParameterSpec, given: Any, details: Mapping[str, Any]) -> ParameterValue:
    if spec.kind is Kind.QUANTITY:
        quantity = parse_quantity(given, spec.unit)
        canonical = magnitude_in(quantity, spec.unit)
        return ParameterValue(spec.name, given, canonical, quantity, spec.unit, details)
    if spec.kind is Kind.COUNT:
        return ParameterValue(spec.name, given, _read_count(given), details=details)
    if spec.kind is Kind.BOOLEAN:
        return ParameterValue(spec.name, given, _read_boolean(given), details=details)
    return ParameterValue(spec.name, given, _read_choice(spec, given), details=details)


def _read_count(given: Any) -> int:
    if isinstance(given, bool):
        raise ValueError(f"expected a whole number, not {given}")
    if isinstance(given, str):
        try:
            given = float(given.strip())
        except ValueError:
            raise ValueError(f"{given!r} is not a number") from None
    if not isinstance(given, int | float):
        raise ValueError(f"expected a whole number, not {type(given).__name__}")
    if given != given or given in (float("inf"), float("-inf")):
        raise ValueError(f"{given!r} is not a finite number")
    if given < 0:
        raise ValueError(f"a count cannot be negative ({given})")
    if float(given) != int(given):
        raise ValueError(f"a count must be a whole number ({given})")
    return int(given)


def _read_boolean(given: Any) -> bool:
    if isinstance(given, bool):
        return given
    if isinstance(given, str) and given.strip().lower() in _TRUE_WORDS | _FALSE_WORDS:
        return given.strip().lower() in _TRUE_WORDS
    raise ValueError(f"expected true or false, not {given!r}")


def _read_choice(spec: ParameterSpec, given: Any) -> str:
    if isinstance(given, str):
        for choice in spec.choices:
            if given.strip().lower() == choice.lower():
                return choice
    raise ValueError(f"{given!r} is not one of {', '.join(spec.choices)}")


def load_items(path: Path) -> list[Item]:
    """Items from a file: one JSON object, a JSON array, JSON Lines, or YAML (one or more documents)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ItemFileError(f"{path}: cannot be read ({exc})") from exc
    return parse_items_text(text, str(path), yaml_syntax=path.suffix.lower() in {".yaml", ".yml"})


def parse_items_text(text: str, source: str, *, yaml_syntax: bool = False) -> list[Item]:
    """Items from text (the body of an items file); `source` names it in errors."""
    objects = read_objects(text, source, yaml_syntax=yaml_syntax)
    if not objects:
        raise ItemFileError(f"{source}: holds no items")
    items: list[Item] = []
    first_seen: dict[str, int] = {}
    for position, obj in enumerate(objects, start=1):
        try:
            item = parse_item(obj)
        except ItemError as exc:
            if exc.item_id is None:
                raise ItemError(None, exc.parameter, f"{exc.reason} (item {position} in {source})") from exc
            raise
        if item.id in first_seen:
            raise ItemError(
                item.id, "id", f"appears twice in {source} (items {first_seen[item.id]} and {position})"
            )
        first_seen[item.id] = position
        items.append(item)
    return items


def read_objects(text: str, source: str, *, yaml_syntax: bool = False) -> list[Any]:
    """The documents of an items or transactions file, as parsed objects, in order.

    JSON: one object, an array (its elements) or JSON Lines; YAML: one or more documents, a list
    document contributing its elements. ItemFileError names `source` and the line that cannot be read.
    The objects are not validated here: parse_item and parse_transaction do that.
    """
    return _yaml_objects(text, source) if yaml_syntax else _json_objects(text, source)


def _json_objects(text: str, source: str) -> list[Any]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as whole_error:
        lines = [(number, line) for number, line in enumerate(text.splitlines(), start=1) if line.strip()]
        if len(lines) < 2:
            raise ItemFileError(
                f"{source}: not valid JSON (line {whole_error.lineno}: {whole_error.msg})"
            ) from whole_error
        objects = []
        for number, line in lines:
            try:
                objects.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ItemFileError(f"{source}: line {number} is not valid JSON ({exc.msg})") from exc
        return objects
    return list(document) if isinstance(document, list) else [document]


def _yaml_objects(text: str, source: str) -> list[Any]:
    try:
        documents = [doc for doc in yaml.safe_load_all(text) if doc is not None]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise ItemFileError(f"{source}: not valid YAML{where}") from exc
    objects: list[Any] = []
    for document in documents:
        objects.extend(document if isinstance(document, list) else [document])
    return objects
