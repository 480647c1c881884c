"""The classification rule model: conditions in the legal vocabulary, rules, packs and the set in force.

Plain frozen dataclasses that the pack reader (rulepack_reader.py) builds from YAML and the classifier
evaluates. A condition is a threshold comparison (<, <=, >, >=, ==), an inclusive range, a band overlap,
a true/false or choice test, the entries software or technology is for, or a text that is not available
(always undecided), combined with all/any groups.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qgov.exportcontrol.quantities import format_quantity

TEXT_STATUSES = ("verified", "unverified_text", "unknown")


class RulePackError(ValueError):
    """A rule pack that cannot be used; the message names the file and, where it applies, the rule."""


# --- the condition language -------------------------------------------------------------------------


@dataclass(frozen=True)
class StatisticCheck:
    """How a figure relates to the legal metric: only `legal` statistics decide a band near its limit."""

    parameter: str
    legal: tuple[str, ...]
    default: str
    review_factor: float


@dataclass(frozen=True)
class Comparison:
    parameter: str
    op: str
    threshold: float  # in `unit`, the unit the legal text uses
    unit: str
    label: str | None = None
    statistic: StatisticCheck | None = None

    @property
    def threshold_text(self) -> str:
        return format_quantity(self.threshold, self.unit)


@dataclass(frozen=True)
class Between:
    """Inclusive range: "from 2 GHz up to and including 15 GHz"."""

    parameter: str
    low: float
    high: float
    unit: str
    label: str | None = None

    @property
    def threshold_text(self) -> str:
        return f"[{format_quantity(self.low, self.unit)}, {format_quantity(self.high, self.unit)}]"


@dataclass(frozen=True)
class Overlap:
    """A design band [low_parameter, high_parameter] sharing at least one point with [low, high]."""

    low_parameter: str
    high_parameter: str
    low: float
    high: float
    unit: str
    label: str | None = None

    @property
    def threshold_text(self) -> str:
        return f"[{format_quantity(self.low, self.unit)}, {format_quantity(self.high, self.unit)}]"


@dataclass(frozen=True)
class IsValue:
    parameter: str
    value: bool
    label: str | None = None


@dataclass(frozen=True)
class OneOf:
    """A choice among listed values; `undecided` values are neither in nor out (reason given)."""

    parameter: str
    values: tuple[str, ...]
    undecided: Mapping[str, str] = field(default_factory=dict)
    label: str | None = None


@dataclass(frozen=True)
class ForEntries:
    """Software or technology "for" items of the listed entries (paragraph prefixes)."""

    entries: tuple[str, ...]
    label: str | None = None


@dataclass(frozen=True)
class NotAvailable:
    """A condition whose text or threshold is not available: always undecided, never guessed."""

    reason: str
    label: str | None = None


@dataclass(frozen=True)
class Group:
    mode: str  # "all" | "any"
    children: tuple[Condition, ...]
    label: str | None = None


Condition = Comparison | Between | Overlap | IsValue | OneOf | ForEntries | NotAvailable | Group


def leaves(condition: Condition) -> list[Condition]:
    """Every non-group condition, in document order."""
    if isinstance(condition, Group):
        return [leaf for child in condition.children for leaf in leaves(child)]
    return [condition]


# --- rules and packs ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Citation:
    document: str
    paragraph: str
    date: dt.date  # date of the text read

    @property
    def text(self) -> str:
        return f"{self.document}, {self.paragraph}"


@dataclass(frozen=True)
class Exclusion:
    id: str
    name: str
    categories: tuple[str, ...]
    when: Condition
    citation: Citation
    text_status: str
    quote: str | None = None


@dataclass(frozen=True)
class Rule:
    id: str
    jurisdiction: str
    entry: str
    list_entry: str
    title: str
    item_kind: str
    categories: tuple[str, ...]
    condition: Condition
    citation: Citation
    text_status: str
    reasons_for_control: tuple[str, ...] = ()
    exclusions: tuple[Exclusion, ...] = ()
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    fallback: bool = False  # consulted only when no other rule of the pack matched or was undecided
    notes: tuple[str, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def paragraph(self) -> str:
        prefix = self.list_entry + "."
        return self.entry[len(prefix) :] if self.entry.startswith(prefix) else ""

    def in_force(self, on: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or on < self.valid_to
        )

    def applies_to(self, item_kind: str, category: str) -> bool:
        if item_kind != self.item_kind:
            return False
        return item_kind != "commodity" or category in self.categories


@dataclass(frozen=True)
class CategoryNote:
    """A note shown for items of these categories (a verified absence, an unverified lead), never a rule."""

    categories: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class RulePack:
    jurisdiction: str
    version: dt.date
    effective_from: dt.date
    source_document: str
    source_date: dt.date
    text_status: str
    rules: tuple[Rule, ...]
    path: Path
    notes: tuple[str, ...] = ()
    category_notes: tuple[CategoryNote, ...] = ()
    source_note: str | None = None

    @property
    def version_text(self) -> str:
        return self.version.isoformat()


@dataclass(frozen=True)
class RulePackSet:
    """The packs in force on `on`, one per jurisdiction, plus jurisdictions with no version in force."""

    on: dt.date
    packs: Mapping[str, RulePack]
    not_in_force: tuple[str, ...] = ()

    @property
    def jurisdictions(self) -> tuple[str, ...]:
        return tuple(self.packs) + self.not_in_force

    def versions(self) -> dict[str, str]:
        return {name: pack.version_text for name, pack in self.packs.items()}
