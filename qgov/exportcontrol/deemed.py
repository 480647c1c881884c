"""Deemed exports and deemed reexports: where they go, and the exclusions of the 2024 quantum rule.

Releasing technology or source code to a foreign person is an export to that person's country
(15 CFR 734.13, 734.14), and the 900-series entries need a licence for it worldwide unless one of the
deemed-release provisions applies: the limited exclusion for people not from Country Group D:1 or
D:5, the grandfather exclusion for people employed on 6 September 2024, or General Order No. 6(f)(3)
for D:1/D:5 people, which brings 15 CFR 743.8 reporting. This module holds that step (reference §6.2
step 6) so that the rest of the determination treats a person like any other destination.

Where the release goes: 'the foreign person's most recent country of citizenship or permanent
residency'. A transaction gives `nationality` and `permanent_residence` (one code or a list each)
without the dates on which they were acquired, so qgov cannot tell which is most recent and does not
pretend to. The rule it follows:
1. A US citizen or US permanent resident is not a foreign person: nothing is deemed-exported to them
   (interpretation: the EAR definition of 'foreign person' is not in the rule reference).
2. `most_recent_country`, when the user gives it, is the destination.
3. Otherwise every citizenship and permanent residency given is a candidate, permanent residencies
   first (a residency is usually acquired after a citizenship, so it is named first). Each candidate
   is evaluated; when all lead to the same answer it stands, otherwise the result is needs_review
   asking for `most_recent_country`.
4. A deemed reexport is a release abroad to a person of another country (734.14(a)(2)): a candidate
   that is the country where the release takes place is not a deemed reexport.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from qgov.exportcontrol.classifier import EntryMatch
from qgov.exportcontrol.licensing_rules import EccnLicensing, ScopeRule, UsLicensing, entry_within
from qgov.exportcontrol.national import status_label
from qgov.exportcontrol.tables import CountryGroups
from qgov.exportcontrol.trace import GENERAL_ORDER_6, GRANDFATHER, LIMITED_EXCLUSION, EntryOutcome, Trace
from qgov.exportcontrol.transactions import Recipient, Transaction

UNITED_STATES = "US"
PolicyFor = Callable[[str | None, Trace], str | None]


@dataclass(frozen=True)
class DeemedDestination:
    candidates: tuple[str, ...]
    explanation: tuple[str, ...] = ()
    not_a_deemed_release: bool = False
    release_country_candidates: tuple[str, ...] = ()


def deemed_destination(
    recipient: Recipient | None, kind: str, release_country: str | None
) -> DeemedDestination:
    """The candidate destinations of a deemed export (`kind` deemed_export) or reexport (deemed_reexport)."""
    if recipient is None:
        return DeemedDestination((), ("No recipient is given.",))
    if UNITED_STATES in recipient.nationalities or UNITED_STATES in recipient.permanent_residences:
        status = "citizen" if UNITED_STATES in recipient.nationalities else "permanent resident"
        sentence = (
            f"The recipient is a US {status}, not a foreign person, so nothing is deemed-exported "
            "(interpretation: the EAR definition of 'foreign person' is not in the rule reference)."
        )
        return DeemedDestination((), (sentence,), not_a_deemed_release=True)
    if recipient.most_recent_country is not None:
        candidates: tuple[str, ...] = (recipient.most_recent_country,)
        explanation = [f"Destination {candidates[0]}: the most recent citizenship or residency, as stated."]
    else:
        candidates = tuple(dict.fromkeys((*recipient.permanent_residences, *recipient.nationalities)))
        if len(candidates) == 1:
            explanation = [f"Destination {candidates[0]}: the only citizenship or permanent residency given."]
        elif candidates:
            explanation = [
                f"Several citizenships or permanent residencies are given ({', '.join(candidates)}) "
                "without the dates that say which is most recent: each is evaluated, and the answer "
                "stands only if they agree."
            ]
        else:
            explanation = []
    at_home = tuple(c for c in candidates if kind == "deemed_reexport" and c == release_country)
    if at_home:
        explanation.append(
            f"A release in {release_country} to a person of {release_country} is not a deemed reexport "
            "(15 CFR 734.14(a)(2))."
        )
    return DeemedDestination(
        candidates,
        tuple(explanation),
        not_a_deemed_release=bool(candidates) and len(at_home) == len(candidates),
        release_country_candidates=at_home,
    )


class Deemed900:
    """Step 6 of the reference for 900-series software and technology released to a person of `country`."""

    def __init__(
        self, us: UsLicensing, groups: CountryGroups, transaction: Transaction, policy_for: PolicyFor
    ) -> None:
        self.us = us
        self.groups = groups
        self.t = transaction
        self.policy_for = policy_for

    def outcome(
        self, entry: EntryMatch, data: EccnLicensing, country: str | None, trace: Trace
    ) -> EntryOutcome:
        deemed = self.us.deemed
        outcome = EntryOutcome(entry, data.eccn, True, None, reasons=[r.code for r in data.reasons])
        trace.cite(*(requirement.citation for requirement in self.us.worldwide.requirements.values()))
        if country is None:
            return outcome
        relevant = relevant_for_entries(
            self.t.item.for_entries, data.eccn, deemed.limited_exclusion.scope, deemed.general_order_6.scope
        )
        if self.groups.in_any(country, deemed.restricted_groups):
            return self._restricted_person(entry, data, country, relevant, trace, outcome)
        limited = deemed.limited_exclusion
        scope = limited.scope.get(data.eccn)
        covered = covers(scope.for_entries if scope else (), relevant)
        groups = " or ".join(deemed.restricted_groups)
        if covered:
            trace.cite(*limited.citations)
            trace.say(f"Step 6.2: {country} is not in {groups}: {limited.note} No licence for {entry.entry}.")
            outcome.licence_required = False
            outcome.authorisation, outcome.authorisation_kind = limited.citations[0], LIMITED_EXCLUSION
            return outcome
        if scope is None and not limited.list_complete:
            trace.review(f"{data.eccn}: {limited.list_note}")
        else:
            trace.review(
                f"Say which items the {self.t.item.item_kind} of {entry.entry} is for (for_entries): the "
                "limited exclusion covers only part of this ECCN."
            )
        outcome.review_policy = self.policy_for(country, trace)
        return outcome

    def _restricted_person(
        self,
        entry: EntryMatch,
        data: EccnLicensing,
        country: str,
        relevant: tuple[str, ...],
        trace: Trace,
        outcome: EntryOutcome,
    ) -> EntryOutcome:
        grandfather, order = self.us.deemed.grandfather, self.us.deemed.general_order_6
        groups = " or ".join(self.us.deemed.restricted_groups)
        trace.say(f"Step 6.3: {country} is in {groups}: the limited exclusion does not apply.")
        recipient = self.t.recipient
        employed = recipient.employed_since if recipient else None
        cutoff = grandfather.employed_on_or_before
        carved_out = data.eccn in grandfather.carve_out_eccns and self.groups.in_any(
            country, grandfather.carve_out_groups
        )
        if employed is not None:
            trace.cite(*grandfather.citations)
            if employed <= cutoff and not carved_out:
                trace.say(
                    f"Step 6.3: employed since {employed.isoformat()}, on or before {cutoff.isoformat()}, "
                    f"and not a prohibited person: {grandfather.note} No licence for {entry.entry}."
                )
                ambiguity = grandfather.reporting_ambiguity
                trace.say(f"{ambiguity.note} ({status_label(ambiguity.text_status)})")
                outcome.licence_required = False
                outcome.authorisation, outcome.authorisation_kind = grandfather.citations[0], GRANDFATHER
                return outcome
            why = (
                f"ECCN {data.eccn} is carved out of it for {groups}"
                if carved_out
                else f"the person was employed only from {employed.isoformat()}"
            )
            trace.say(f"Step 6.3: the grandfather exclusion (employed by {cutoff.isoformat()}) fails: {why}.")
        scope = order.scope.get(data.eccn)
        covered = covers(scope.for_entries if scope else (), relevant)
        if covered:
            trace.cite(order.citation, order.conditions_citation)
            trace.say(f"Step 6.3: {order.note} It authorises the release of {entry.entry}.")
            if employed is None:
                trace.say(
                    "The employment date is not given; had the person been employed by "
                    f"{cutoff.isoformat()}, the grandfather exclusion would apply instead."
                )
            outcome.licence_required = False
            outcome.authorisation, outcome.authorisation_kind = order.citation, GENERAL_ORDER_6
            return outcome
        for gap in order.not_covered:
            if data.eccn in gap.eccns and any(
                entry_within(fe, s) for fe in relevant for s in gap.for_entries
            ):
                trace.say(f"{gap.note} ({status_label(gap.text_status)})")
                trace.statuses.append(gap.text_status)
        missing = [] if employed is not None else ["recipient.employed_since (grandfather exclusion)"]
        if covered is None:
            missing.append("the items the technology or software is for (for_entries)")
        if missing:
            trace.review(
                f"{entry.entry}: give {' and '.join(missing)} to decide whether a licence is needed."
            )
        else:
            trace.say(
                f"Step 6.3: no exclusion or general licence covers {entry.entry}: a licence is required."
            )
            outcome.licence_required = True
        outcome.review_policy = self.policy_for(country, trace)
        return outcome


def relevant_for_entries(
    for_entries: Sequence[str], eccn: str, *scopes: Mapping[str, ScopeRule]
) -> tuple[str, ...]:
    """The items a software or technology release is for that belong to `eccn` (the rest: other ECCNs)."""
    targets = [rule.for_entries for scope in scopes if (rule := scope.get(eccn)) is not None]
    if any(target is None for target in targets):
        return tuple(for_entries)
    names = [name for target in targets for name in (target or ())]
    return tuple(fe for fe in for_entries if any(entry_within(fe, n) or entry_within(n, fe) for n in names))


def covers(scope: tuple[str, ...] | None, relevant: Sequence[str]) -> bool | None:
    """Whether a provision for `scope` (None: the whole ECCN) covers every relevant item; None if unknown."""
    if scope is None:
        return True
    if not scope:
        return False
    if not relevant:
        return None
    verdicts: list[bool | None] = []
    for item in relevant:
        if any(entry_within(item, s) for s in scope):
            verdicts.append(True)
        elif any(entry_within(s, item) for s in scope):
            verdicts.append(None)  # the item is broader than the scope: only part of it is covered
        else:
            verdicts.append(False)
    if False in verdicts:
        return False
    return None if None in verdicts else True
