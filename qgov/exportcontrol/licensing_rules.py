"""The US EAR licence data for the entries qgov classifies, read from rulepacks/us-ear/licensing-<date>.yaml.

A classification says which ECCNs an item falls under; what that means for a shipment or a release
(reasons for control and their Country Chart columns, the worldwide NS/RS requirements of the
900-series, review policy, licence exceptions and their limits, the deemed-export exclusions, General
Order No. 6 and its reporting) lives in this table, one record per ECCN, each with its citation and
text status. This module gives the table a typed shape and refuses a file that does not fit it; the
determination steps themselves are in licensing.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Literal

import pint

from qgov.exportcontrol.parameters import parameter_spec
from qgov.exportcontrol.quantities import QuantityError, parse_quantity
from qgov.exportcontrol.tablefields import HEADER_KEYS, Fields, TableHeader, read_header

Availability = Literal["iec_table", "conditional", "not_applicable", "unknown"]
AVAILABILITIES: tuple[Availability, ...] = ("iec_table", "conditional", "not_applicable", "unknown")
COMPARATORS = ("<", "<=", ">", ">=")
ITEM_KINDS = ("commodity", "software", "technology")


def entry_within(entry: str, scope: str) -> bool:
    """'3A901.b.1' is within '3A901.b' and '3A901'; '3A9011' is not within '3A901'."""
    return entry == scope or entry.startswith(scope + ".")


@dataclass(frozen=True)
class Provision:
    """A cited piece of text with what it says, as qgov shows it to users."""

    citation: str
    note: str
    text_status: str = "verified"


@dataclass(frozen=True)
class ExceptionLimit:
    """A case in which a licence exception is not available (a 'not_for' record)."""

    note: str
    entries: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()
    parameter: str | None = None
    op: str | None = None
    threshold: pint.Quantity[float] | None = None
    threshold_text: str | None = None


@dataclass(frozen=True)
class ExceptionRule:
    code: str
    availability: Availability
    citation: str
    note: str
    text_status: str = "verified"
    only_for: tuple[str, ...] = ()
    value_limit_usd: int | None = None
    not_for: tuple[ExceptionLimit, ...] = ()


@dataclass(frozen=True)
class ReasonRule:
    """One reason for control: a worldwide requirement, a Country Chart column, or an unknown scope."""

    code: str
    worldwide: str | None = None
    column: str | None = None
    only_for: tuple[str, ...] = ()
    check_for: tuple[str, ...] = ()
    citation: str | None = None
    note: str | None = None

    def applies_to(self, entry: str) -> bool:
        return not self.only_for or any(entry_within(entry, scope) for scope in self.only_for)


@dataclass(frozen=True)
class EccnLicensing:
    eccn: str
    citation: str
    text_status: str
    series_900: bool
    valid_from: dt.date | None
    reasons: tuple[ReasonRule, ...]
    exceptions: tuple[ExceptionRule, ...]
    special_reporting: Provision | None = None
    related: tuple[tuple[tuple[str, ...], Provision], ...] = ()  # (only_for entries, provision)


@dataclass(frozen=True)
class ScopeRule:
    """Which part of a software/technology ECCN a provision covers: the items it is 'for' (None: all)."""

    eccn: str
    for_entries: tuple[str, ...] | None
    note: str


@dataclass(frozen=True)
class NotCovered:
    for_entries: tuple[str, ...]
    eccns: tuple[str, ...]
    note: str
    text_status: str


@dataclass(frozen=True)
class Grandfather:
    citations: tuple[str, ...]
    employed_on_or_before: dt.date
    carve_out_eccns: tuple[str, ...]
    carve_out_groups: tuple[str, ...]
    note: str
    reporting_ambiguity: Provision


@dataclass(frozen=True)
class LimitedExclusion:
    citations: tuple[str, ...]
    note: str
    scope: Mapping[str, ScopeRule]
    list_complete: bool
    list_note: str


@dataclass(frozen=True)
class GeneralOrder6:
    citation: str
    groups: tuple[str, ...]
    note: str
    scope: Mapping[str, ScopeRule]
    not_covered: tuple[NotCovered, ...]
    conditions_citation: str
    duties: tuple[str, ...]


@dataclass(frozen=True)
class DeemedRelease:
    citations: tuple[str, ...]
    kinds: tuple[str, ...]
    note: str
    restricted_groups: tuple[str, ...]
    grandfather: Grandfather
    limited_exclusion: LimitedExclusion
    general_order_6: GeneralOrder6


@dataclass(frozen=True)
class Duty:
    key: str
    label: str
    citation: str
    due: str
    text_status: str
    submit: str | None = None


@dataclass(frozen=True)
class ComplianceWindow:
    start: dt.date
    until: dt.date
    provision: Provision


@dataclass(frozen=True)
class NotSubject:
    """The carve-outs of Part 734 that take technology or software out of the EAR."""

    published: Provision
    published_kinds: tuple[str, ...]
    published_stays_subject: tuple[tuple[tuple[str, ...], Provision], ...]  # (ECCNs, provision)
    fundamental_research: Provision
    fundamental_research_kinds: tuple[str, ...]
    released_to_conduct_research: Provision
    results_restricted: Provision
    outside_technology_definition: Provision
    jurisdiction_citations: tuple[str, ...]
    jurisdiction_note: str


@dataclass(frozen=True)
class WorldwideRequirements:
    requirements: Mapping[str, Provision]  # reason -> the (a) paragraph
    review_policy_citations: Mapping[str, str]  # reason -> the (b) paragraph
    note: str
    approval_groups: tuple[str, ...]
    denial_groups: tuple[str, ...]
    otherwise: str
    cross_reference_countries: frozenset[str]
    cross_reference_citations: tuple[str, ...]
    cross_reference_note: str


@dataclass(frozen=True)
class ProhibitedParties:
    citation: str
    text_status: str
    review_policy: str
    no_general_licence: Provision
    note: str


@dataclass(frozen=True)
class UsLicensing:
    header: TableHeader
    compliance_windows: tuple[ComplianceWindow, ...]
    not_subject: NotSubject
    prohibited: ProhibitedParties
    worldwide: WorldwideRequirements
    deemed: DeemedRelease
    duties: Mapping[str, Duty]
    eccns: Mapping[str, EccnLicensing]

    def eccn(self, eccn: str, on: dt.date) -> EccnLicensing | None:
        record = self.eccns.get(eccn)
        if record is None or (record.valid_from is not None and on < record.valid_from):
            return None
        return record

    def group_references(self) -> Iterator[tuple[str, str]]:
        worldwide, deemed = self.worldwide, self.deemed
        named = {
            "worldwide.review_policy": (*worldwide.approval_groups, *worldwide.denial_groups),
            "deemed_release.restricted_groups": deemed.restricted_groups,
            "deemed_release.grandfather.carve_out.groups": deemed.grandfather.carve_out_groups,
            "deemed_release.general_order_6.groups": deemed.general_order_6.groups,
        }
        for where, groups in named.items():
            for group in groups:
                yield where, group
        for record in self.eccns.values():
            for rule in record.exceptions:
                for limit in rule.not_for:
                    for group in limit.groups:
                        yield f"eccns.{record.eccn}.exceptions.{rule.code}.not_for", group

    def column_references(self) -> Iterator[tuple[str, str]]:
        for record in self.eccns.values():
            for reason in record.reasons:
                if reason.column is not None:
                    yield f"eccns.{record.eccn}.reasons.{reason.code}", reason.column


_TOP_KEYS = (
    f"{HEADER_KEYS} compliance_dates not_subject prohibited_parties worldwide deemed_release reporting "
    "exception_sets eccns"
)


def read_us_licensing(document: Fields, stem: str) -> UsLicensing:
    document.only(_TOP_KEYS)
    header = read_header(document, "licensing", stem)
    duties = _duties(document)
    deemed = _deemed(document.sub("deemed_release"), duties)
    sets = document.sub("exception_sets")
    exception_sets = {name: tuple(_exception(rule) for rule in sets.subs(name)) for name in sets.names()}
    eccns = {eccn: _eccn(eccn, record, exception_sets) for eccn, record in document.items("eccns")}
    for where, scope in (
        ("limited_exclusion", deemed.limited_exclusion.scope),
        ("general_order_6", deemed.general_order_6.scope),
    ):
        for eccn in scope:
            if eccn not in eccns:
                raise document.error(
                    f"names {eccn}, which has no record under eccns", f"deemed_release.{where}.scope"
                )
    return UsLicensing(
        header=header,
        compliance_windows=tuple(
            ComplianceWindow(w.date("from"), w.date("until"), _provision(w))
            for w in document.subs("compliance_dates", "from until text_status citation note")
        ),
        not_subject=_not_subject(document.sub("not_subject")),
        prohibited=_prohibited(document.sub("prohibited_parties")),
        worldwide=_worldwide(document.sub("worldwide")),
        deemed=deemed,
        duties=duties,
        eccns=eccns,
    )


def _provision(fields: Fields, citation_key: str = "citation") -> Provision:
    return Provision(fields.text(citation_key), fields.text("note"), fields.text_status(default="verified"))


def _not_subject(fields: Fields) -> NotSubject:
    fields.only("published fundamental_research outside_technology_definition jurisdiction")
    published = fields.sub("published", "citation text_status kinds note stays_subject")
    research = fields.sub(
        "fundamental_research",
        "citation text_status kinds note not_for_release_to_conduct_research lost_when_restricted",
    )
    jurisdiction = fields.sub("jurisdiction", "citations text_status note")
    note_keys = "citation note text_status"
    return NotSubject(
        published=_provision(published),
        published_kinds=_kinds(published),
        published_stays_subject=tuple(
            (rule.texts("eccns"), _provision(rule))
            for rule in published.subs("stays_subject", "eccns citation note text_status")
        ),
        fundamental_research=_provision(research),
        fundamental_research_kinds=_kinds(research),
        released_to_conduct_research=_provision(
            research.sub("not_for_release_to_conduct_research", note_keys)
        ),
        results_restricted=_provision(research.sub("lost_when_restricted", note_keys)),
        outside_technology_definition=_provision(fields.sub("outside_technology_definition", note_keys)),
        jurisdiction_citations=jurisdiction.texts("citations"),
        jurisdiction_note=jurisdiction.text("note"),
    )


def _kinds(fields: Fields) -> tuple[str, ...]:
    kinds = fields.texts("kinds")
    for kind in kinds:
        if kind not in ITEM_KINDS:
            raise fields.error(f"{kind!r} is not one of {', '.join(ITEM_KINDS)}", "kinds")
    return kinds


def _prohibited(fields: Fields) -> ProhibitedParties:
    fields.only("citation text_status review_policy no_general_licence note")
    return ProhibitedParties(
        citation=fields.text("citation"),
        text_status=fields.text_status(),
        review_policy=fields.choice("review_policy", ("presumption_of_denial", "case_by_case")),
        no_general_licence=_provision(fields.sub("no_general_licence", "citation note text_status")),
        note=fields.text("note"),
    )


def _worldwide(fields: Fields) -> WorldwideRequirements:
    fields.only("NS RS note review_policy unverified_cross_references")
    requirements: dict[str, Provision] = {}
    policy_citations: dict[str, str] = {}
    for reason in ("NS", "RS"):
        block = fields.sub(reason, "citation review_policy_citation text_status")
        requirements[reason] = Provision(block.text("citation"), fields.text("note"), block.text_status())
        policy_citations[reason] = block.text("review_policy_citation")
    policy = fields.sub("review_policy", "presumption_of_approval presumption_of_denial otherwise")
    cross = fields.sub("unverified_cross_references", "countries citations note")
    return WorldwideRequirements(
        requirements=requirements,
        review_policy_citations=policy_citations,
        note=fields.text("note"),
        approval_groups=policy.texts("presumption_of_approval"),
        denial_groups=policy.texts("presumption_of_denial"),
        otherwise=policy.choice("otherwise", ("case_by_case",)),
        cross_reference_countries=cross.countries("countries"),
        cross_reference_citations=cross.texts("citations"),
        cross_reference_note=cross.text("note"),
    )


def _scope(fields: Fields) -> dict[str, ScopeRule]:
    scope: dict[str, ScopeRule] = {}
    for eccn, rule in fields.items("scope", "for note"):
        targets = rule.raw("for")
        for_entries = None if targets == "all" else rule.texts("for")
        if for_entries == ():
            raise rule.error("must be 'all' or a non-empty list of entries", "for")
        scope[eccn] = ScopeRule(eccn, for_entries, rule.text("note"))
    return scope


def _deemed(fields: Fields, duties: Mapping[str, Duty]) -> DeemedRelease:
    fields.only(
        "citations text_status kinds note restricted_groups grandfather limited_exclusion general_order_6"
    )
    grandfather = fields.sub(
        "grandfather", "citations text_status employed_on_or_before carve_out note reporting_ambiguity"
    )
    carve_out = grandfather.sub("carve_out", "eccns groups")
    ambiguity = grandfather.sub("reporting_ambiguity", "text_status note")
    limited = fields.sub("limited_exclusion", "citations text_status note list_complete list_note scope")
    order = fields.sub(
        "general_order_6", "citation text_status groups note scope not_covered conditions_citation duties"
    )
    order_duties = order.texts("duties")
    for duty in order_duties:
        if duty not in duties:
            raise order.error(f"{duty!r} is not a duty under reporting", "duties")
    return DeemedRelease(
        citations=fields.texts("citations"),
        kinds=_kinds(fields),
        note=fields.text("note"),
        restricted_groups=fields.texts("restricted_groups"),
        grandfather=Grandfather(
            citations=grandfather.texts("citations"),
            employed_on_or_before=grandfather.date("employed_on_or_before"),
            carve_out_eccns=carve_out.texts("eccns"),
            carve_out_groups=carve_out.texts("groups"),
            note=grandfather.text("note"),
            reporting_ambiguity=Provision(
                grandfather.texts("citations")[0], ambiguity.text("note"), ambiguity.text_status()
            ),
        ),
        limited_exclusion=LimitedExclusion(
            citations=limited.texts("citations"),
            note=limited.text("note"),
            scope=_scope(limited),
            list_complete=limited.boolean("list_complete"),
            list_note=limited.text("list_note"),
        ),
        general_order_6=GeneralOrder6(
            citation=order.text("citation"),
            groups=order.texts("groups"),
            note=order.text("note"),
            scope=_scope(order),
            not_covered=tuple(
                NotCovered(rule.texts("for"), rule.texts("eccns"), rule.text("note"), rule.text_status())
                for rule in order.subs("not_covered", "for eccns text_status note")
            ),
            conditions_citation=order.text("conditions_citation"),
            duties=order_duties,
        ),
    )


def _duties(document: Fields) -> dict[str, Duty]:
    keys = "label citation text_status due contents_citation submit"
    return {
        key: Duty(
            key,
            duty.text("label"),
            duty.text("citation"),
            duty.text("due"),
            duty.text_status(),
            duty.optional_text("submit"),
        )
        for key, duty in document.items("reporting", keys)
    }


_EXCEPTION_KEYS = "code availability citation note text_status only_for value_limit_usd not_for"
_LIMIT_KEYS = "entries groups reasons parameter category op value note"


def _exception(fields: Fields) -> ExceptionRule:
    fields.only(_EXCEPTION_KEYS)
    return ExceptionRule(
        code=fields.text("code"),
        availability=_availability(fields),
        citation=fields.text("citation"),
        note=fields.text("note"),
        text_status=fields.text_status(default="verified"),
        only_for=fields.texts("only_for"),
        value_limit_usd=fields.integer("value_limit_usd"),
        not_for=tuple(_limit(limit) for limit in fields.subs("not_for", _LIMIT_KEYS)),
    )


def _availability(fields: Fields) -> Availability:
    value = fields.choice("availability", AVAILABILITIES)
    return next(option for option in AVAILABILITIES if option == value)


def _limit(fields: Fields) -> ExceptionLimit:
    parameter = fields.optional_text("parameter")
    op = threshold = threshold_text = None
    if parameter is not None:
        op = fields.choice("op", COMPARATORS)
        threshold_text = fields.text("value")
        category = fields.text("category") if fields.has("category") else None
        spec = parameter_spec(category, parameter) if category else None
        if spec is None or not spec.unit:
            raise fields.error(
                f"needs the item category that has the quantity parameter {parameter!r}", "category"
            )
        try:
            threshold = parse_quantity(threshold_text, spec.unit)
        except QuantityError as exc:
            raise fields.error(str(exc), "value") from exc
    limit = ExceptionLimit(
        note=fields.text("note"),
        entries=fields.texts("entries"),
        groups=fields.texts("groups"),
        reasons=fields.texts("reasons"),
        parameter=parameter,
        op=op,
        threshold=threshold,
        threshold_text=threshold_text,
    )
    if not (limit.entries or limit.groups or limit.reasons):
        raise fields.error("must name entries, groups or reasons")
    return limit


_ECCN_KEYS = (
    "series_900 valid_from citation text_status reasons exception_sets exceptions special_reporting related"
)
_REASON_KEYS = "worldwide column only_for check_for citation note"


def _eccn(
    eccn: str, fields: Fields, exception_sets: Mapping[str, tuple[ExceptionRule, ...]]
) -> EccnLicensing:
    fields.only(_ECCN_KEYS)
    exceptions: list[ExceptionRule] = []
    for name in fields.texts("exception_sets"):
        if name not in exception_sets:
            raise fields.error(f"unknown exception set {name!r}", "exception_sets")
        exceptions.extend(exception_sets[name])
    exceptions.extend(_exception(rule) for rule in fields.subs("exceptions"))
    reasons = tuple(_reason(code, reason) for code, reason in fields.items("reasons", _REASON_KEYS))
    if not reasons:
        raise fields.error("must list at least one reason for control", "reasons")
    special = fields.optional_sub("special_reporting", "citation note text_status")
    return EccnLicensing(
        eccn=eccn,
        citation=fields.text("citation"),
        text_status=fields.text_status(),
        series_900=fields.boolean("series_900", False),
        valid_from=fields.optional_date("valid_from"),
        reasons=reasons,
        exceptions=tuple(exceptions),
        special_reporting=_provision(special) if special else None,
        related=tuple(
            (rule.texts("only_for"), _provision(rule))
            for rule in fields.subs("related", "citation note only_for text_status")
        ),
    )


def _reason(code: str, fields: Fields) -> ReasonRule:
    worldwide = fields.optional_text("worldwide")
    if worldwide is not None and worldwide not in ("NS", "RS"):
        raise fields.error(f"{worldwide!r} is not a worldwide requirement (NS or RS)", "worldwide")
    if worldwide is None and "column" not in fields.data:
        raise fields.error("needs 'worldwide' or 'column' (null when the licence scope is unknown)")
    column = fields.optional_text("column")
    if worldwide is None and column is None and not fields.has("note") and not fields.has("citation"):
        raise fields.error("a reason whose column is unknown needs a citation or a note saying why", "column")
    return ReasonRule(
        code=code,
        worldwide=worldwide,
        column=column,
        only_for=fields.texts("only_for"),
        check_for=fields.texts("check_for"),
        citation=fields.optional_text("citation"),
        note=fields.optional_text("note"),
    )
