"""Does this shipment or release need a US export licence? The determination, step by step.

Compliance officers answer this by hand from 15 CFR: is the item subject to the EAR at all, which
ECCNs it falls under, whether a prohibited party or an embargo is involved, what the worldwide NS/RS
requirement of the 2024 quantum entries or the Country Chart says for the destination, how a release
to a foreign person is treated, which licence exceptions remain, what review policy an application
would meet and what must be reported. `determine` follows the rule reference's procedure
(shared/reference/export-controls.md §6.2) in that order and records every step: `basis` holds the
citations, `explanation` the sentences. Steps 1 to 3 (versions, the item outside the EAR,
classification) are here; the answer for a destination is in requirements.py and the deemed-release
provisions in deemed.py. All facts come from the versioned tables; nothing is hard-coded here.
What the texts read do not settle is None ('unknown'); where a missing input is the cause, the
status is needs_review with the question to answer. The other jurisdictions the item is listed in
are answered beside the US result (national.py), each labelled with its text status.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from qgov.exportcontrol.classifier import Classification, EntryMatch, classify
from qgov.exportcontrol.deemed import DeemedDestination, deemed_destination
from qgov.exportcontrol.licensing_rules import Duty, UsLicensing
from qgov.exportcontrol.national import (
    Movement,
    NationalResult,
    evaluate_national,
    status_label,
    weakest_status,
)
from qgov.exportcontrol.requirements import DestinationRules, Outcome
from qgov.exportcontrol.tables import CountryGroups, LicensingTables, TablesInForce, load_licensing_tables
from qgov.exportcontrol.trace import EntryOutcome, ExceptionAnswer, Trace
from qgov.exportcontrol.transactions import Transaction, load_transactions, parse_transaction

__all__ = ["Determination", "determine", "load_transactions", "parse_transaction"]

US = "US-EAR"
DETERMINED, NEEDS_REVIEW = "determined", "needs_review"


@dataclass
class Determination:
    id: str
    subject_to_ear: bool | None
    licence_required: bool | None
    review_policy: str | None
    licence_exceptions: list[ExceptionAnswer]
    reporting: list[str]
    basis: list[str]
    status: str
    explanation: list[str]
    date: dt.date
    transaction: str
    destination: str | None = None
    destination_candidates: list[str] = field(default_factory=list)
    authorisation: str | None = None
    entries: list[EntryOutcome] = field(default_factory=list)
    reporting_details: list[dict[str, Any]] = field(default_factory=list)
    checks_required: list[str] = field(default_factory=list)
    review_reasons: list[str] = field(default_factory=list)
    text_status: str = "verified"
    jurisdictions: list[NationalResult] = field(default_factory=list)
    rule_packs: dict[str, str] = field(default_factory=dict)
    tables: dict[str, str] = field(default_factory=dict)
    classification_status: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The contract shape (shared/contracts/export-control.md, `qgov licence`) plus explanatory keys."""
        return {
            "id": self.id,
            "subject_to_ear": self.subject_to_ear,
            "licence_required": self.licence_required,
            "review_policy": self.review_policy,
            "licence_exceptions": [answer.to_json() for answer in self.licence_exceptions],
            "reporting": list(self.reporting),
            "basis": list(self.basis),
            "status": self.status,
            "explanation": list(self.explanation),
            "date": self.date.isoformat(),
            "transaction": self.transaction,
            "destination": self.destination,
            "destination_candidates": list(self.destination_candidates),
            "authorisation": self.authorisation,
            "entries": [entry.to_json() for entry in self.entries],
            "reporting_details": list(self.reporting_details),
            "checks_required": list(self.checks_required),
            "review_reasons": list(self.review_reasons),
            "text_status": self.text_status,
            "label": status_label(self.text_status),
            "classification_status": self.classification_status,
            "jurisdictions": [result.to_json() for result in self.jurisdictions],
            "rule_packs": dict(self.rule_packs),
            "tables": dict(self.tables),
        }


def determine(
    transaction: Transaction,
    *,
    classification: Classification | None = None,
    on: dt.date | None = None,
    tables: LicensingTables | None = None,
) -> Determination:
    """The US licence determination for `transaction`, with the parallel non-US answers.

    `on` overrides the transaction's date (default: today); `classification` is computed on that date
    when not given; `tables` defaults to the shipped rule packs (load_licensing_tables()).
    """
    day = on or transaction.date or dt.date.today()
    in_force = (tables or load_licensing_tables()).in_force(day)
    result = classification if classification is not None else classify(transaction.item, on=day)
    return _Determiner(transaction, result, in_force, day, date_given=on is not None).run()


class _Determiner:
    def __init__(
        self,
        transaction: Transaction,
        classification: Classification,
        tables: TablesInForce,
        day: dt.date,
        *,
        date_given: bool,
    ) -> None:
        self.t = transaction
        self.cls = classification
        self.tables = tables
        self.day = day
        self.date_given = date_given
        self.trace = Trace()
        self.from_country = transaction.from_country
        self.entries = [e for e in classification.entries if e.jurisdiction == US]
        matched = {e.list_entry for e in self.entries}
        # An undecided paragraph of an ECCN that already matched shares its licence data: nothing open.
        self.undecided = [
            e for e in classification.undecided if e.jurisdiction == US and e.list_entry not in matched
        ]
        self.us_open = bool(self.undecided) or any(
            r.startswith(f"{US}:") for r in classification.review_reasons
        )
        self.excluded_by: str | None = None  # the § 734.7 / § 734.8 citation that took the item out

    def run(self) -> Determination:
        in_force = self.step_1_versions()
        if in_force is None:
            return self.finish(subject=None, outcome=None)
        us, groups = in_force
        subject = self.step_2_subject_to_ear(us)
        if subject is False and self.excluded_by is not None and self.prohibited:
            return self.finish(subject=False, outcome=self.excluded_but_prohibited(us, groups))
        if subject is False:
            return self.finish(subject=False, outcome=self.not_subject_outcome())
        if not self.step_3_classification():
            return self.finish(subject=subject, outcome=None)
        rules = DestinationRules(self.t, self.tables, us, groups, self.entries, self.day)
        outcome = self.deemed_release(us, rules) if self.t.deemed else self.shipment(rules)
        return self.finish(subject=subject, outcome=outcome)

    # -- step 1: the versions in force -------------------------------------------------------------

    def step_1_versions(self) -> tuple[UsLicensing, CountryGroups] | None:
        t, tables, trace, day = self.t, self.tables, self.trace, self.day.isoformat()
        source = "given" if self.date_given else ("the transaction's date" if t.date else "today")
        trace.say(f"Step 1: evaluation date {day} ({source}); the rule data in force that day is used.")
        us, groups = tables.us_licensing, tables.country_groups
        if us is None or groups is None:
            missing = "licence data" if us is None else "country-group table"
            trace.review(f"No US EAR {missing} is in force on {day}: no US licence rule can be applied.")
            return None
        trace.statuses.append(us.header.text_status)
        read = groups.header.source_date
        if read is not None and self.day < read:
            trace.say(
                f"The country groups are the text read on {read.isoformat()}; membership on {day} may have "
                "differed (the UAE's place in A:5, for one)."
            )
            trace.check(
                f"Country-group membership on {day} (qgov's table is the text of {read.isoformat()})."
            )
        for window in us.compliance_windows:
            if window.start <= self.day < window.until:
                trace.cite(window.provision.citation)
                trace.say(f"{window.provision.note} ({status_label(window.provision.text_status)})")
                trace.statuses.append(window.provision.text_status)
        return us, groups

    # -- step 2: is the item outside the EAR? ------------------------------------------------------

    def step_2_subject_to_ear(self, us: UsLicensing) -> bool | None:
        """False when published or fundamental research (or outside US jurisdiction); None if unknown."""
        ns, t, trace = us.not_subject, self.t, self.trace
        kind = t.item.item_kind
        subject: bool | None = True
        if kind not in ns.published_kinds and (t.published or t.fundamental_research):
            trace.cite(ns.published.citation, ns.fundamental_research.citation)
            trace.say(
                "Step 2: the published and fundamental-research exclusions cover only technology and "
                "software; hardware stays subject to the EAR."
            )
        if kind in ns.published_kinds:
            if t.published:
                eccns = {entry.list_entry for entry in self.entries}
                staying = [p for listed, p in ns.published_stays_subject if set(listed) & eccns]
                if not staying:
                    trace.cite(ns.published.citation)
                    trace.say(f"Step 2: the {kind} is published. {ns.published.note}")
                    self.excluded_by = ns.published.citation
                    return False
                for provision in staying:
                    trace.cite(provision.citation)
                    trace.say(f"Step 2: the {kind} is published, but {provision.note}")
            elif t.published is None:
                subject = None
                trace.review(
                    f"Say whether the {kind} is published ({ns.published.citation}): published {kind} is not "
                    "subject to the EAR."
                )
        if kind in ns.fundamental_research_kinds:
            research = self._fundamental_research(us)
            if research is False:
                return False
            subject = None if research is None else subject
        return self._jurisdiction(us, subject)

    def _fundamental_research(self, us: UsLicensing) -> bool | None:
        """False when the § 734.8 exclusion takes the item out of the EAR, None when not stated."""
        ns, t, trace = us.not_subject, self.t, self.trace
        kind = t.item.item_kind
        if t.fundamental_research is None:
            trace.review(
                f"Say whether the {kind} arises from fundamental research and is intended to be published "
                f"({ns.fundamental_research.citation})."
            )
            return None
        if not t.fundamental_research:
            if t.published is False:
                trace.cite(ns.published.citation, ns.fundamental_research.citation)
                trace.say(
                    f"Step 2: the {kind} is neither published ({ns.published.citation}) nor fundamental "
                    f"research intended to be published ({ns.fundamental_research.citation}), as stated."
                )
            return True
        for applies, limit in (
            (t.released_to_conduct_research, ns.released_to_conduct_research),
            (t.results_restricted, ns.results_restricted),
        ):
            if applies:
                trace.cite(ns.fundamental_research.citation, limit.citation)
                trace.say(f"Step 2: the fundamental-research exclusion does not apply: {limit.note}")
                return True
        trace.cite(ns.fundamental_research.citation)
        trace.say(f"Step 2: {ns.fundamental_research.note}")
        if t.released_to_conduct_research is None:
            limit = ns.released_to_conduct_research
            trace.check(f"{limit.note} ({limit.citation})")
        self.excluded_by = ns.fundamental_research.citation
        return False

    def _jurisdiction(self, us: UsLicensing, subject: bool | None) -> bool | None:
        t, trace = self.t, self.trace
        citations = us.not_subject.jurisdiction_citations
        if t.kind in ("export", "deemed_export"):
            if self.from_country is None:
                self.from_country = "US"
            elif self.from_country != "US":
                trace.say(
                    f"An {t.kind.replace('_', ' ')} under the EAR starts in the US; from "
                    f"{self.from_country} it is evaluated as the reexport it is."
                )
        if self.from_country == "US" or t.item.origin_country == "US":
            where = "is in the US" if self.from_country == "US" else "is of US origin"
            trace.cite(citations[0])
            trace.say(
                f"Step 2: the item {where}, so it is subject to the EAR ({citations[0]}; not extracted)."
            )
            return subject
        trace.cite(*citations)
        answers = (t.us_content_above_de_minimis, t.foreign_direct_product)
        if True in answers:
            trace.say(
                "Step 2: as stated, the foreign-made item has more than de minimis US content or is a "
                "foreign direct product, so it is subject to the EAR (your answer; texts not extracted)."
            )
            return subject
        if t.item.origin_country is None:
            trace.review(
                "The item is not in the US: give its origin_country (US-origin items stay subject to the "
                "EAR abroad) and, for a foreign-made item, us_content_above_de_minimis and "
                "foreign_direct_product."
            )
            return None
        if answers == (False, False):
            trace.say(
                "Step 2: as stated, the item is neither in the US, of US origin, above de minimis US content "
                f"nor a foreign direct product: not subject to the EAR. {us.not_subject.jurisdiction_note}"
            )
            return False
        trace.review(
            f"The item is neither in the US nor of US origin (origin {t.item.origin_country}): say whether "
            "it has more than de minimis US content (us_content_above_de_minimis) and whether it is a "
            "foreign direct product (foreign_direct_product)."
        )
        return None

    # -- step 3: classification -------------------------------------------------------------------

    def step_3_classification(self) -> bool:
        cls, trace = self.cls, self.trace
        if US not in cls.rule_packs:
            trace.review(
                f"No US EAR classification is in force on {self.day.isoformat()}: no CCL entry applies."
            )
            return False
        if cls.status == "needs_review":
            for reason in cls.review_reasons:
                trace.review(f"The classification needs review: {reason}")
        for undecided in self.undecided:
            trace.review(
                f"The classification could not decide {undecided.entry}; its licence answer is open."
            )
        trace.statuses.extend(entry.text_status for entry in self.entries)
        names = ", ".join(e.entry for e in self.entries) or "no entry"
        trace.say(f"Step 3: US classification (rule pack {cls.rule_packs[US]}): {names}.")
        return True

    # -- steps 4 to 9, for a shipment or for a person ------------------------------------------------

    def _screened(self) -> None:
        recipient, trace = self.t.recipient, self.trace
        if self.t.prohibited_end_use or (recipient and recipient.prohibited_party):
            return
        if recipient is not None and recipient.prohibited_party is False:
            trace.say(
                "Step 4: the recipient is not a prohibited party (as stated; screen before relying on it)."
            )
        else:
            trace.review(
                "Say whether the recipient is a prohibited party (Entity List, Military End-User List, "
                "Unverified List, Denied Persons List): screen the recipient first."
            )

    def shipment(self, rules: DestinationRules) -> Outcome:
        t, trace = self.t, self.trace
        self._screened()
        destination = t.destination
        if t.kind != "transfer" and destination is not None and destination == self.from_country:
            if destination == "US":
                trace.say("The item does not leave the US: a shipment within the US is not an export.")
                return Outcome(destination, Trace(), licence_required=False)
            trace.say(f"The item does not leave {destination}: it is evaluated as an in-country transfer.")
        if t.kind == "transfer" or destination == self.from_country:
            destination = destination or self.from_country
            trace.say(
                "An in-country transfer is evaluated as a shipment to the country where it takes place "
                "(interpretation: the text read of § 742.4(a)(5)(i) names exports and reexports)."
            )
        if destination is None:
            trace.review("Give the destination country.")
        return rules.outcome_for(destination, deemed=False)

    def deemed_release(self, us: UsLicensing, rules: DestinationRules) -> Outcome:
        """Step 6: a release of technology or source code to a foreign person."""
        t, trace, deemed = self.t, self.trace, us.deemed
        trace.cite(*deemed.citations)
        kind = t.item.item_kind
        if kind not in deemed.kinds:
            trace.say(f"Step 6: hardware cannot be deemed-exported or deemed-reexported. {deemed.note}")
            return Outcome(None, Trace(), licence_required=False)
        if kind == "software" and t.software_code == "object":
            trace.say(f"Step 6: a release of object code is not a deemed export. {deemed.note}")
            return Outcome(None, Trace(), licence_required=False)
        if kind == "software" and t.software_code is None:
            trace.review(
                "Say whether source code or object code is released (software_code): only source code can "
                "be deemed-exported."
            )
        self._screened()
        found = deemed_destination(t.recipient, t.kind, self.from_country)
        for sentence in found.explanation:
            trace.say(f"Step 6.1: {sentence}")
        if found.not_a_deemed_release:
            return Outcome(None, Trace(), licence_required=False)
        if not found.candidates:
            trace.review("Give the recipient's citizenship (nationality) or permanent residence.")
            return rules.outcome_for(None, deemed=True)
        if t.kind == "deemed_reexport" and self.from_country is None:
            trace.review("Give from_country, the country where the release takes place.")
        outcomes = [
            Outcome(country, Trace(), licence_required=False)
            if country in found.release_country_candidates
            else rules.outcome_for(country, deemed=True)
            for country in found.candidates
        ]
        return self._one_answer(found, outcomes)

    def _one_answer(self, found: DeemedDestination, outcomes: list[Outcome]) -> Outcome:
        """The candidates' answer when they agree; otherwise unknown, asking for the most recent country."""
        if len({outcome.key() for outcome in outcomes}) == 1:
            return outcomes[0]
        merged = Trace()
        for outcome in outcomes:
            merged.cite(*outcome.trace.basis)
            merged.statuses.extend(outcome.trace.statuses)
        answers = "; ".join(
            f"{o.country}: licence required {_yes_no(o.licence_required)}, review policy {o.review_policy}"
            for o in outcomes
        )
        merged.review(
            f"The answer depends on which of {', '.join(found.candidates)} is the person's most recent "
            f"citizenship or permanent residency ({answers}): give recipient.most_recent_country."
        )
        return Outcome(None, merged, licence_required=None)

    @property
    def prohibited(self) -> bool:
        recipient = self.t.recipient
        return bool(self.t.prohibited_end_use or (recipient and recipient.prohibited_party))

    def excluded_but_prohibited(self, us: UsLicensing, groups: CountryGroups) -> Outcome:
        """Published or fundamental-research information for a prohibited party: the contract's rule.

        shared/contracts/export-control.md: "A prohibited party always needs a licence and no exclusion
        or general licence helps". The § 734.7/734.8 finding stays in the answer (subject_to_ear false);
        the licence answer is the conservative one, with the policy an application would meet.
        """
        t = self.t
        rules = DestinationRules(t, self.tables, us, groups, self.entries, self.day)
        if t.deemed:
            candidates = deemed_destination(t.recipient, t.kind, self.from_country).candidates
            country = candidates[0] if len(candidates) == 1 else None
        else:
            country = t.destination
        outcome = rules.outcome_for(country, deemed=t.deemed)
        what = (
            "published" if self.excluded_by == us.not_subject.published.citation else "fundamental research"
        )
        outcome.trace.say(
            f"The {t.item.item_kind} would otherwise be {what} ({self.excluded_by}) and not subject to the "
            "EAR; qgov applies the conservative contract rule that a prohibited party always needs a "
            "licence and that no exclusion or general licence helps."
        )
        outcome.trace.check(
            "Whether a licence can be obtained for information outside the EAR, and what sanctions outside "
            "the EAR require for this party."
        )
        return outcome

    def not_subject_outcome(self) -> Outcome:
        if self.prohibited:
            self.trace.check(
                "The recipient is marked as a prohibited party: the EAR does not reach an item that is not "
                "subject to it, but sanctions outside the EAR may."
            )
        return Outcome(None, Trace(), licence_required=False)

    # -- the answer ------------------------------------------------------------------------------

    def finish(self, *, subject: bool | None, outcome: Outcome | None) -> Determination:
        trace = self.trace
        licence: bool | None = None
        if outcome is not None:
            trace.merge(outcome.trace)
            licence = outcome.licence_required
        if licence is True and subject is None:
            licence = None  # required if the item is subject to the EAR, which is still open
        if licence is False and self.us_open and subject is not False:
            licence = None  # an entry the classification could not decide may need one
        if self.t.deemed:
            candidates = list(deemed_destination(self.t.recipient, self.t.kind, self.from_country).candidates)
            destination = outcome.country if outcome else None
        else:
            candidates = []
            destination = self.t.destination or (self.from_country if self.t.kind == "transfer" else None)
        duties = _unique_duties(outcome.duties if outcome else [])
        return Determination(
            id=self.t.id,
            subject_to_ear=subject,
            licence_required=licence,
            review_policy=outcome.review_policy if outcome and licence is not False else None,
            licence_exceptions=outcome.exceptions if outcome else [],
            reporting=[
                duty.label + (" (recommended)" if recommended else "") for duty, recommended in duties
            ],
            basis=trace.basis,
            status=NEEDS_REVIEW if trace.review_reasons else DETERMINED,
            explanation=trace.explanation,
            date=self.day,
            transaction=self.t.kind,
            destination=destination,
            destination_candidates=candidates,
            authorisation=outcome.authorisation if outcome else None,
            entries=outcome.entries if outcome else [],
            reporting_details=[_duty_json(duty, recommended) for duty, recommended in duties],
            checks_required=trace.checks,
            review_reasons=trace.review_reasons,
            text_status=weakest_status(trace.statuses or ["verified"]),
            jurisdictions=self._national(),
            rule_packs=dict(self.cls.rule_packs),
            tables=self.tables.versions(),
            classification_status=self.cls.status,
        )

    def _national(self) -> list[NationalResult]:
        """Step 10: the other jurisdictions the item is listed in, each on its own link."""
        by_jurisdiction: dict[str, list[EntryMatch]] = {}
        for entry in self.cls.entries:
            if entry.jurisdiction != US:
                by_jurisdiction.setdefault(entry.jurisdiction, []).append(entry)
        national = self.tables.national
        authorisations = {ga.code: ga for pack in national.values() for ga in pack.general_authorisations}
        movement = Movement(self.t.kind, self.from_country, self.t.destination)
        return [
            evaluate_national(
                name,
                [e.entry for e in entries],
                [e.text_status for e in entries],
                national.get(name),
                movement,
                self.tables.regions,
                authorisations,
            )
            for name, entries in by_jurisdiction.items()
        ]


def _yes_no(value: bool | None) -> str:
    return "unknown" if value is None else ("yes" if value else "no")


def _unique_duties(duties: list[tuple[Duty, bool]]) -> list[tuple[Duty, bool]]:
    """Each duty once; a required duty wins over the same duty merely recommended."""
    chosen: dict[str, tuple[Duty, bool]] = {}
    for duty, recommended in duties:
        if duty.key not in chosen or (chosen[duty.key][1] and not recommended):
            chosen[duty.key] = (duty, recommended)
    return list(chosen.values())


def _duty_json(duty: Duty, recommended: bool) -> dict[str, Any]:
    return {
        "label": duty.label,
        "citation": duty.citation,
        "due": duty.due,
        "submit": duty.submit,
        "required": not recommended,
        "text_status": duty.text_status,
    }
