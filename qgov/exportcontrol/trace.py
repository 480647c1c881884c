"""The record a licence determination keeps of its steps, and the small pieces its answer is made of.

A compliance officer must be able to follow a determination step by step and cite it, so every step
writes what it relied on (citations, in `basis`), what it concluded (sentences, in `explanation`),
what the user still has to answer (review reasons: the status becomes needs_review), what a person
should re-check (checks) and the text status of each source used. Values that the texts read cannot
settle are None ('unknown'), combined with three-valued logic (`any_true`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from qgov.exportcontrol.classifier import EntryMatch

LIMITED_EXCLUSION = "limited_exclusion"
GRANDFATHER = "grandfather"
GENERAL_ORDER_6 = "general_order_6"


def any_true(values: Iterable[bool | None]) -> bool | None:
    """Three-valued OR: True if any is True, else None if any is unknown, else False."""
    seen = list(values)
    if True in seen:
        return True
    return None if None in seen else False


@dataclass
class Trace:
    basis: list[str] = field(default_factory=list)
    explanation: list[str] = field(default_factory=list)
    review_reasons: list[str] = field(default_factory=list)
    checks: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)

    def cite(self, *citations: str) -> None:
        self.basis.extend(c for c in dict.fromkeys(citations) if c and c not in self.basis)

    def say(self, sentence: str) -> None:
        if sentence not in self.explanation:
            self.explanation.append(sentence)

    def review(self, reason: str) -> None:
        """A question the user must answer before the determination can stand."""
        if reason not in self.review_reasons:
            self.review_reasons.append(reason)
        self.say(reason)

    def check(self, text: str) -> None:
        """Something a person should verify outside qgov (unverified texts, chart re-checks)."""
        if text not in self.checks:
            self.checks.append(text)

    def merge(self, other: Trace) -> None:
        self.cite(*other.basis)
        for sentence in other.explanation:
            self.say(sentence)
        for reason in other.review_reasons:
            self.review(reason)
        for text in other.checks:
            self.check(text)
        self.statuses.extend(other.statuses)


@dataclass
class ExceptionAnswer:
    code: str
    available: bool | None  # None: unknown, never guessed
    note: str
    citation: str
    entries: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "available": self.available,
            "note": self.note,
            "citation": self.citation,
            "entries": list(self.entries),
        }


@dataclass
class EntryOutcome:
    """The licence answer for one matched CCL entry at one destination."""

    entry: EntryMatch
    eccn: str
    series_900: bool
    licence_required: bool | None
    review_policy: str | None = None
    reasons: list[str] = field(default_factory=list)
    authorisation: str | None = None  # the provision that removes the need for a licence
    authorisation_kind: str | None = None  # LIMITED_EXCLUSION | GRANDFATHER | GENERAL_ORDER_6

    def to_json(self) -> dict[str, Any]:
        return {
            "entry": self.entry.entry,
            "eccn": self.eccn,
            "series_900": self.series_900,
            "licence_required": self.licence_required,
            "reasons_for_control": list(self.reasons),
            "review_policy": self.review_policy,
            "authorisation": self.authorisation,
            "citation": self.entry.citation,
            "text_status": self.entry.text_status,
        }
