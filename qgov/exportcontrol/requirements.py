"""The US licence answer for one destination: overlays, requirements, exceptions, review policy, duties.

Once the item is known to be subject to the EAR and classified, the answer depends on where it goes
(a country, or for a deemed export a person's country). This module answers for one destination,
in the order of the rule reference (§6.2 steps 4 to 9): prohibited parties and embargoes first
(nothing overcomes them), then each matched CCL entry (the worldwide NS/RS requirement of the
900-series, the Country Chart for the older entries, the deemed-release provisions in deemed.py),
then the licence exceptions still open, the review policy an application would meet and the
reporting and record-keeping that follow from a general licence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from qgov.exportcontrol.classifier import EntryMatch
from qgov.exportcontrol.deemed import Deemed900
from qgov.exportcontrol.licensing_rules import (
    Duty,
    EccnLicensing,
    ExceptionLimit,
    ExceptionRule,
    UsLicensing,
    entry_within,
)
from qgov.exportcontrol.quantities import compare, magnitude_in
from qgov.exportcontrol.tables import CountryGroups, EmbargoedDestination, TablesInForce
from qgov.exportcontrol.trace import (
    GENERAL_ORDER_6,
    GRANDFATHER,
    EntryOutcome,
    ExceptionAnswer,
    Trace,
    any_true,
)
from qgov.exportcontrol.transactions import Transaction

APPROVAL, DENIAL, CASE_BY_CASE, EMBARGO = (
    "presumption_of_approval",
    "presumption_of_denial",
    "case_by_case",
    "embargo",
)
_POLICY_SEVERITY = {APPROVAL: 0, CASE_BY_CASE: 1, DENIAL: 2, EMBARGO: 3}


@dataclass
class Outcome:
    """The answer for one destination (or one candidate country of a person)."""

    country: str | None
    trace: Trace
    licence_required: bool | None
    review_policy: str | None = None
    exceptions: list[ExceptionAnswer] = field(default_factory=list)
    duties: list[tuple[Duty, bool]] = field(default_factory=list)  # (duty, merely recommended)
    authorisation: str | None = None
    entries: list[EntryOutcome] = field(default_factory=list)

    def key(self) -> tuple[bool | None, str | None, tuple[str, ...]]:
        """What a user must do: apply or not, under which policy, with which reports."""
        return (self.licence_required, self.review_policy, tuple(sorted(duty.key for duty, _ in self.duties)))


class DestinationRules:
    def __init__(
        self,
        transaction: Transaction,
        tables: TablesInForce,
        us: UsLicensing,
        groups: CountryGroups,
        entries: Sequence[EntryMatch],
        day: dt.date,
    ) -> None:
        self.t = transaction
        self.tables = tables
        self.us = us
        self.groups = groups
        self.entries = list(entries)
        self.day = day
        self.deemed_900 = Deemed900(us, groups, transaction, self.worldwide_policy)

    @property
    def prohibited(self) -> bool:
        recipient = self.t.recipient
        return bool(self.t.prohibited_end_use or (recipient and recipient.prohibited_party))

    def outcome_for(self, country: str | None, *, deemed: bool) -> Outcome:
        outcome = Outcome(country, Trace(), licence_required=None)
        if self.prohibited:
            self._embargo_step(outcome)
            self._prohibited_party(outcome)
            return outcome
        embargo = self._embargo_step(outcome)
        for entry in self.entries:
            outcome.entries.append(self._entry_outcome(entry, country, deemed, outcome.trace))
        outcome.licence_required = any_true(e.licence_required for e in outcome.entries)
        if not self.entries:
            outcome.trace.say(
                "No CCL entry that qgov holds matches the item, so none of their licence requirements "
                "applies (other CCL entries are not encoded; an item subject to the EAR on no CCL entry is "
                "EAR99)."
            )
            outcome.licence_required = False
        if embargo is not None:
            self._embargo_effect(outcome, embargo)
        if outcome.licence_required is not False:
            outcome.exceptions = self._exceptions(outcome)
        outcome.review_policy = self._overall_policy(outcome)
        if outcome.licence_required is False:
            provisions = [e.authorisation for e in outcome.entries if e.authorisation]
            outcome.authorisation = "; ".join(dict.fromkeys(provisions)) or None
            self._duties(outcome)
        return outcome

    # -- step 4: overlays no exception removes -----------------------------------------------------

    def _prohibited_party(self, outcome: Outcome) -> None:
        rule, trace, recipient = self.us.prohibited, outcome.trace, self.t.recipient
        trace.cite(rule.citation, rule.no_general_licence.citation)
        trace.statuses.append(rule.text_status)
        who = (
            "the recipient is a prohibited party"
            if recipient and recipient.prohibited_party
            else "a prohibited end use or end user is known"
        )
        trace.say(
            f"Step 4: {who}: a licence is required, and no exclusion, licence exception or general licence "
            f"overcomes it. {rule.no_general_licence.note} {rule.note}"
        )
        trace.check(f"The Part 744 requirements for this party ({rule.citation}; unverified text).")
        outcome.licence_required = True
        outcome.review_policy = rule.review_policy

    def embargoed(self, country: str | None) -> bool:
        embargoes = self.tables.embargoes
        return country is not None and embargoes is not None and country in embargoes.destinations

    def _embargo_step(self, outcome: Outcome) -> EmbargoedDestination | None:
        embargoes, country, trace = self.tables.embargoes, outcome.country, outcome.trace
        if embargoes is None or country is None:
            return None
        region = embargoes.region_in(country)
        if region is not None:
            trace.cite(region.citation)
            trace.say(f"Step 4: {country}: {region.note}")
            trace.check(f"{region.note} ({region.citation}; unverified text)")
        destination = embargoes.destinations.get(country)
        if destination is None:
            trace.say(f"Step 4: {country} is not an embargoed destination in qgov's Part 746 table.")
            return None
        trace.cite(destination.citation)
        trace.statuses.append(embargoes.header.text_status)
        trace.say(
            f"Step 4: {destination.name} is under an embargo or special controls ({destination.citation}); "
            "neither IEC nor General Order No. 6 overcomes them. The Part 746 text was not extracted."
        )
        trace.check(f"The Part 746 rules for {destination.name} ({destination.citation}; unverified text).")
        return destination

    def _embargo_effect(self, outcome: Outcome, destination: EmbargoedDestination) -> None:
        if self.entries:
            outcome.licence_required = True
            if any(result.authorisation for result in outcome.entries):
                outcome.trace.say(
                    f"The embargo on {destination.name} overrides the exclusions and general licence above "
                    "(reference §6.2 step 4)."
                )
            for result in outcome.entries:
                result.authorisation = result.authorisation_kind = None
                result.licence_required = True
        else:
            outcome.licence_required = None
            outcome.trace.review(
                f"Whether an item on none of the encoded CCL entries needs a licence to {destination.name} "
                f"depends on {destination.citation}, which was not extracted."
            )

    # -- steps 5 and 6: the requirement of each entry -----------------------------------------------

    def _entry_outcome(
        self, entry: EntryMatch, country: str | None, deemed: bool, trace: Trace
    ) -> EntryOutcome:
        data = self.us.eccn(entry.list_entry, self.day)
        if data is None:
            known = self.us.eccns.get(entry.list_entry)
            why = (
                f"is not in force on {self.day.isoformat()} (from {known.valid_from.isoformat()})"
                if known and known.valid_from
                else "has no licence data in qgov's tables"
            )
            trace.review(f"ECCN {entry.list_entry} {why}: its licence requirement is unknown.")
            return EntryOutcome(entry, entry.list_entry, False, None)
        for only_for, provision in data.related:
            if not only_for or any(entry_within(entry.entry, scope) for scope in only_for):
                trace.check(f"{provision.note} ({provision.citation})")
        if deemed and data.series_900:
            return self.deemed_900.outcome(entry, data, country, trace)
        return self._by_reason(entry, data, country, deemed, trace)

    def _by_reason(
        self, entry: EntryMatch, data: EccnLicensing, country: str | None, deemed: bool, trace: Trace
    ) -> EntryOutcome:
        applicable = [reason for reason in data.reasons if reason.applies_to(entry.entry)]
        outcome = EntryOutcome(entry, data.eccn, data.series_900, None, reasons=[r.code for r in applicable])
        results: list[bool | None] = []
        worldwide = [self.us.worldwide.requirements[r.worldwide] for r in applicable if r.worldwide]
        if worldwide:
            citations = [requirement.citation for requirement in worldwide]
            trace.cite(*citations)
            codes = ", ".join(r.code for r in applicable if r.worldwide)
            trace.say(f"Step 5: {entry.entry} ({codes}): {worldwide[0].note} ({'; '.join(citations)})")
            results.append(True)
        where = f"the person's country {country} (15 CFR 734.13(b))" if deemed else country
        for reason in (r for r in applicable if not r.worldwide):
            if reason.column is None:
                trace.cite(reason.citation or "")
                trace.review(f"{entry.entry} ({reason.code}): {reason.note or 'licence scope unknown'}")
                results.append(None)
                continue
            marked = self._chart(reason.column, country, trace, decisive=not worldwide)
            if marked and any(entry_within(entry.entry, scope) for scope in reason.check_for):
                trace.review(f"{entry.entry} ({reason.code}): {reason.note}")
                marked = None
            if marked is not None and (marked or not worldwide):
                state = "is" if marked else "is not"
                trace.say(
                    f"Step 5: {entry.entry}: Country Chart column {reason.column} {state} marked for {where}."
                )
            results.append(marked)
        outcome.licence_required = any_true(results)
        if outcome.licence_required is not False and data.series_900:
            outcome.review_policy = self.worldwide_policy(country, trace)
        elif outcome.licence_required is not False:
            trace.say(
                f"The review policy for {entry.entry} ({', '.join(outcome.reasons)}) was not extracted."
            )
        return outcome

    def _chart(self, column: str, country: str | None, trace: Trace, *, decisive: bool) -> bool | None:
        """Whether a Country Chart column is marked for `country`; re-check notes only where it decides."""
        chart = self.tables.country_chart
        if chart is None:
            trace.review(f"No Country Chart is in force on {self.day.isoformat()}.")
            return None
        trace.cite(chart.header.citation)
        if country is None:
            return None
        if country in chart.part_746_rows:
            trace.cite(chart.part_746_citation)
            return True
        spec = chart.columns.get(column)
        if spec is None:
            trace.review(f"Country Chart column {column} is not in qgov's chart table: unknown.")
            return None
        marked = chart.is_marked(column, country, self.groups)
        if spec.check_the_chart and (decisive or marked):
            trace.check(f"Re-check Country Chart column {column} for {country}: {spec.note}")
        return marked

    # -- step 8: review policy ---------------------------------------------------------------------

    def worldwide_policy(self, country: str | None, trace: Trace) -> str | None:
        """Review policy of § 742.4(b)(10) and § 742.6(b)(11) for a 900-series licence to `country`."""
        worldwide = self.us.worldwide
        if country is None:
            return None
        citations = list(worldwide.review_policy_citations.values())
        trace.cite(*citations)
        if country in worldwide.cross_reference_countries:
            trace.say(f"{worldwide.cross_reference_note} ({', '.join(worldwide.cross_reference_citations)})")
            trace.check(f"{country}: {', '.join(worldwide.cross_reference_citations)} (unverified).")
        approval = self.groups.in_any(country, worldwide.approval_groups)
        denial = self.groups.in_any(country, worldwide.denial_groups)
        member_of = ", ".join(self.groups.groups_of(country)) or "no country group"
        if approval and denial:
            trace.review(
                f"{country} is in an A group and in D:1 or D:5 ({member_of}): the review policy needs a "
                "person (interpretation)."
            )
            return None
        policy = APPROVAL if approval else DENIAL if denial else worldwide.otherwise
        trace.say(
            f"Step 8: {country} ({member_of}): an application would be reviewed under a "
            f"{policy.replace('_', ' ')} ({', '.join(citations)})."
        )
        return policy

    def _overall_policy(self, outcome: Outcome) -> str | None:
        if outcome.licence_required is False:
            return None
        if self.embargoed(outcome.country):
            return EMBARGO
        policies = [
            e.review_policy for e in outcome.entries if e.licence_required is not False and e.review_policy
        ]
        return max(policies, key=lambda p: _POLICY_SEVERITY[p], default=None)

    # -- step 7: licence exceptions ----------------------------------------------------------------

    def _exceptions(self, outcome: Outcome) -> list[ExceptionAnswer]:
        answers: dict[str, ExceptionAnswer] = {}
        for result in outcome.entries:
            data = self.us.eccn(result.eccn, self.day)
            if data is None or result.licence_required is False:
                continue
            for rule in data.exceptions:
                if rule.only_for and not any(entry_within(result.entry.entry, s) for s in rule.only_for):
                    continue
                available, note = self._availability(rule, result, outcome.country)
                answers[rule.code] = _merge(answers.get(rule.code), rule, available, note, result.entry.entry)
        if answers:
            words = "; ".join(f"{a.code} {_availability_word(a.available)}" for a in answers.values())
            outcome.trace.say(f"Step 7: licence exceptions: {words}.")
        return list(answers.values())

    def _availability(
        self, rule: ExceptionRule, result: EntryOutcome, country: str | None
    ) -> tuple[bool | None, str]:
        for limit in rule.not_for:
            applies = self._limit_applies(limit, result, country)
            if applies:
                return False, limit.note
            if applies is None:
                return None, f"{rule.note} {limit.note} ({limit.parameter} not given: unknown)"
        if rule.availability == "not_applicable":
            return False, rule.note
        if rule.availability != "iec_table":
            return None, rule.note
        iec = self.tables.iec
        if iec is None:
            return None, f"{rule.note} (no IEC table is in force on {self.day.isoformat()})"
        available = iec.eligible(result.entry.entry, country) if country else None
        return (
            available,
            f"{rule.note} (IEC table {iec.header.version_text}, status {iec.header.text_status})",
        )

    def _limit_applies(self, limit: ExceptionLimit, result: EntryOutcome, country: str | None) -> bool | None:
        """Whether a 'not available for ...' limit catches this entry (every condition it names must hold)."""
        if limit.entries and not any(entry_within(result.entry.entry, e) for e in limit.entries):
            return False
        if limit.groups and not (country and self.groups.in_any(country, limit.groups)):
            return False
        if limit.reasons and not set(limit.reasons) & set(result.reasons):
            return False
        if limit.parameter is None or limit.threshold is None:
            return True
        value = self.t.item.parameter(limit.parameter)
        if value is None or value.quantity is None:
            return None
        unit = str(limit.threshold.units)
        return compare(magnitude_in(value.quantity, unit), limit.op or "", float(limit.threshold.magnitude))

    # -- step 9: reporting and record-keeping ------------------------------------------------------

    def _duties(self, outcome: Outcome) -> None:
        order = self.us.deemed.general_order_6
        for result in outcome.entries:
            if result.authorisation_kind == GENERAL_ORDER_6:
                outcome.duties.extend((self.us.duties[key], False) for key in order.duties)
            elif result.authorisation_kind == GRANDFATHER:
                outcome.duties.append((self.us.duties[order.duties[0]], True))
            else:
                continue
            data = self.us.eccn(result.eccn, self.day)
            if data is not None and data.special_reporting is not None:
                outcome.trace.say(f"{data.special_reporting.note} ({data.special_reporting.citation})")
        if outcome.duties:
            outcome.trace.say(
                "Step 9: " + "; ".join(f"{duty.label}: {duty.due}" for duty, _ in outcome.duties) + "."
            )


def _merge(
    previous: ExceptionAnswer | None, rule: ExceptionRule, available: bool | None, note: str, entry: str
) -> ExceptionAnswer:
    """An exception is usable for the shipment only if it is usable for every entry that needs a licence."""
    if previous is None:
        return ExceptionAnswer(rule.code, available, note, rule.citation, [entry])
    if False in (previous.available, available):
        combined: bool | None = False
    else:
        combined = True if previous.available and available else None
    merged_note = previous.note if note == previous.note else f"{previous.note} {entry}: {note}"
    return ExceptionAnswer(rule.code, combined, merged_note, previous.citation, [*previous.entries, entry])


def _availability_word(available: bool | None) -> str:
    return "unknown" if available is None else ("available" if available else "not available")
