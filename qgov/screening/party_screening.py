"""Screening registry parties and keeping their alerts in line with OFAC's false-hit guidance.

``screen_party`` reads what the registry knows about a party (every name and alias, kind, countries,
birth date, identifiers), screens it against the lists in force and reconciles the result with the
party's alerts:

- a match on an entity the party has no alert for raises a new alert, whatever was decided about the
  party's other alerts (a cleared party is never silently suppressed for a new entry);
- a false positive stays closed while the entry it was judged on is unchanged (same content hash);
  it re-opens when the publisher changed the entry, or when the party's own screened data changed
  and the match changed with it;
- an open or escalated alert whose match went away (entry removed, party no longer matching) is
  withdrawn with the reason; a withdrawn alert that matches again re-opens;
- a true match stays a true match (it blocks) until someone decides otherwise.

Every raise, re-open and withdrawal is an alert event and a ledger entry; nothing personal goes to
the ledger (people appear as keyed digests only).
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from qgov.ledger.services import Decision, actor_name, record_decisions
from qgov.parties.choices import PartyKind
from qgov.parties.models import Party
from qgov.screening.choices import UNRESOLVED, AlertEventKind, AlertStatus
from qgov.screening.current import CurrentLists, EntityKey, alert_threshold, current_lists
from qgov.screening.entities import EntityKind
from qgov.screening.matcher import MATCHER_VERSION, Match, PartyQuery, compare
from qgov.screening.models import Alert, AlertEvent, Disposition, ListEntry, PartyScreening
from qgov.screening.records import changed_fields

SCORE_TOLERANCE = 0.005  # score moves smaller than this are rounding, not a changed match


def digest(value: Any) -> str:
    """HMAC-SHA256 (the ledger's digest key) of a JSON value: comparable, but not readable."""
    encoded = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return hmac.new(settings.QGOV_LEDGER_DIGEST_KEY.encode("utf-8"), encoded, hashlib.sha256).hexdigest()


def screened_data(party: Party) -> dict[str, Any]:
    """Everything about a party that screening looks at (a change to anything else needs no review)."""
    countries = {c.country for c in party.countries.all()} | {a.country for a in party.addresses.all()}
    return {
        "kind": party.kind,
        "name": party.name,
        "aliases": sorted({alias.name for alias in party.aliases.all()}),
        "countries": sorted(code for code in countries if code),
        "birth_date": party.birth_date if party.kind == PartyKind.PERSON else "",
        "identifiers": sorted({identifier.value for identifier in party.identifiers.all()}),
    }


def queries_for(data: dict[str, Any]) -> list[PartyQuery]:
    """The matcher's queries for a party's screened data: one per country (or one without)."""
    base = PartyQuery(
        name=data["name"],
        kind=EntityKind.PERSON if data["kind"] == PartyKind.PERSON else EntityKind.ORGANIZATION,
        birth_date=data["birth_date"] or None,
        identifiers=tuple(data["identifiers"]),
        aliases=tuple(data["aliases"]),
    )
    return [dataclasses.replace(base, country=code) for code in data["countries"]] or [base]


@dataclass
class Outcome:
    """What screening one or many parties did."""

    screened: int = 0
    matches: int = 0
    raised: int = 0
    reopened: int = 0
    withdrawn: int = 0
    pending: list[tuple[AlertEvent, Decision]] = field(default_factory=list)

    def add(self, other: Outcome) -> None:
        self.screened += other.screened
        self.matches += other.matches
        self.raised += other.raised
        self.reopened += other.reopened
        self.withdrawn += other.withdrawn
        self.pending.extend(other.pending)


def match_record(holder: Any, party_kind: str) -> dict[str, Any]:
    """The ledger's view of a match (an alert's or a disposition's): hashes, ids, scores, no personal data."""
    record: dict[str, Any] = {
        "list": holder.list_version.source_id,
        "list_version": holder.list_version.number,
        "list_fingerprint": holder.list_version.fingerprint,
        "entity_id": holder.entry.entity_id,
        "entity_content_sha256": holder.entry.content_hash,
        "score": round(holder.score, 4),
        "name_score": round(holder.name_score, 4),
        "matcher_version": holder.matcher_version,
        "threshold": holder.threshold,
        "party_data_hmac_sha256": holder.party_data_hash,
    }
    if party_kind == PartyKind.PERSON:
        # The matched name and the reasons quote the person's own name: only their digest.
        record["match_hmac_sha256"] = digest([holder.query_name, holder.matched_name, holder.reasons])
    else:
        record["matched_name"] = holder.matched_name
        record["reasons"] = list(holder.reasons)
    return record


class _Reconciler:
    """Brings one party's alerts in line with what screening found now."""

    def __init__(self, party: Party, lists: CurrentLists, actor: Any, cause: str) -> None:
        self.party = party
        self.lists = lists
        self.actor = actor_name(actor)
        self.cause = cause
        self.now = timezone.now()
        self.threshold = alert_threshold()
        self.data = screened_data(party)
        self.data_hash = digest(self.data)
        self.queries = queries_for(self.data)
        self.outcome = Outcome(screened=1)

    def run(self) -> Outcome:
        alerts = {(alert.source_id, alert.entity_id): alert for alert in self.party.screening_alerts.all()}
        matches = self.lists.screen(self.queries, threshold=self.threshold)
        # An alert the candidate search did not bring back (several dozen matches, a far spelling)
        # is scored directly, so it is never withdrawn only because it fell out of the top results.
        for key in alerts:
            if key not in matches and key in self.lists.entry_ids:
                rescored = self._rescore(key)
                if rescored is not None:
                    matches[key] = rescored
        self.outcome.matches = len(matches)
        for key, match in matches.items():
            alert = alerts.get(key)
            if alert is None:
                self._raise(key, match)
            else:
                self._update(alert, key, match)
        for key, alert in alerts.items():
            if key not in matches:
                self._gone(alert, key)
        PartyScreening.objects.update_or_create(
            party=self.party,
            defaults={
                "screened_at": self.now,
                "data_hash": self.data_hash,
                "lists": self.lists.described(),
                "matcher_version": MATCHER_VERSION,
                "threshold": self.threshold,
                "match_count": len(matches),
            },
        )
        return self.outcome

    def _rescore(self, key: EntityKey) -> Match | None:
        entity = self.lists.entities[key]
        found = [compare(self.lists.index, query, entity) for query in self.queries]
        best = max((m for m in found if m is not None), key=lambda m: m.score, default=None)
        return best if best is not None and best.score >= self.threshold else None

    # --- writing ---------------------------------------------------------------------------

    def _set_match(self, alert: Alert, key: EntityKey, match: Match) -> None:
        version = self.lists.versions[key[0]]
        alert.entry_id = self.lists.entry_ids[key]
        alert.list_version_id = version.id
        alert.score = match.score
        alert.name_score = match.name_score
        alert.matched_name = match.matched_name
        alert.query_name = match.query_name
        alert.reasons = list(match.reasons)
        alert.matcher_version = MATCHER_VERSION
        alert.threshold = self.threshold
        alert.party_data_hash = self.data_hash
        alert.entry_listed = True
        alert.last_matched_at = self.now

    def _event(self, alert: Alert, kind: str, text: str, action: str | None, **details: Any) -> None:
        event = AlertEvent.objects.create(alert=alert, at=self.now, kind=kind, text=text, actor=self.actor)
        if action is not None:
            decision = {
                "alert": str(alert.pk),
                "party": str(self.party.pk),
                "party_kind": self.party.kind,
                "status": alert.status,
                "cause": self.cause,
                **details,
                **match_record(alert, self.party.kind),
            }
            self.outcome.pending.append((event, Decision(self.actor, action, alert, decision)))

    def _version_words(self, key: EntityKey) -> str:
        version = self.lists.versions[key[0]]
        return f"{version.source} version {version.number}"

    def _raise(self, key: EntityKey, match: Match) -> None:
        alert = Alert(party=self.party, source_id=key[0], entity_id=key[1], raised_at=self.now)
        self._set_match(alert, key, match)
        alert.raised_entry_id = alert.entry_id
        alert.status = AlertStatus.OPEN
        alert.status_changed_at = self.now
        alert.status_reason = (
            f"New match ({self.cause}): score {match.score:.2f} against {self._version_words(key)} "
            f"entry {key[1]} '{match.entity.primary_name}'."
        )
        alert.save()
        self.outcome.raised += 1
        self._event(alert, AlertEventKind.RAISED, alert.status_reason, "screening.alert_raised")

    def _reopen(self, alert: Alert, text: str, reason_code: str, **details: Any) -> None:
        previous = alert.status
        alert.status = AlertStatus.OPEN
        alert.status_changed_at = self.now
        alert.status_reason = text
        alert.save()
        self.outcome.reopened += 1
        self._event(
            alert,
            AlertEventKind.REOPENED,
            text,
            "screening.alert_reopened",
            previous_status=previous,
            reason_code=reason_code,
            **details,
        )

    def _update(self, alert: Alert, key: EntityKey, match: Match) -> None:
        old_entry_id = alert.entry_id
        entry_changed = old_entry_id != self.lists.entry_ids[key]
        if alert.status == AlertStatus.WITHDRAWN:
            self._set_match(alert, key, match)
            self._reopen(
                alert,
                f"The party matches this entry again ({self.cause}): score {match.score:.2f} "
                f"in {self._version_words(key)}.",
                "matches_again",
            )
            return
        if alert.status == AlertStatus.FALSE_POSITIVE:
            self._update_false_positive(alert, key, match)
            return
        self._set_match(alert, key, match)
        alert.save()
        if entry_changed:
            fields = self._changed_fields(old_entry_id, alert.entry_id)
            self._event(
                alert,
                AlertEventKind.ENTRY_CHANGED,
                f"The list entry changed in {self._version_words(key)} ({', '.join(fields) or 'content'}); "
                f"the alert stays {alert.get_status_display().lower()}.",
                None,
            )

    def _update_false_positive(self, alert: Alert, key: EntityKey, match: Match) -> None:
        judged = _latest_disposition(alert)
        new_entry_id = self.lists.entry_ids[key]
        if judged is None or judged.entry_id != new_entry_id:
            fields = self._changed_fields(judged.entry_id if judged else alert.entry_id, new_entry_id)
            when = f" on {judged.decided_at:%Y-%m-%d}" if judged else ""
            self._set_match(alert, key, match)
            self._reopen(
                alert,
                f"The list entry changed in {self._version_words(key)} ({', '.join(fields) or 'content'}) "
                f"since it was judged a false positive{when}: re-opened for review.",
                "entry_changed",
                changed_fields=fields,
            )
            return
        party_changed = judged.party_data_hash != self.data_hash
        match_changed = (
            abs(judged.score - match.score) >= SCORE_TOLERANCE
            or judged.matched_name != match.matched_name
            or judged.query_name != match.query_name
        )
        if party_changed and match_changed:
            before = f"score {judged.score:.2f} on '{judged.matched_name}'"
            self._set_match(alert, key, match)
            self._reopen(
                alert,
                f"The party's screened data changed and so did the match ({before}, now score "
                f"{match.score:.2f} on '{match.matched_name}'): re-opened for review.",
                "party_changed",
            )
            return
        # Same entry, same party: the false positive stands. Scores can still drift a little when
        # other entries change word frequencies; the alert keeps the latest figures for reference.
        self._set_match(alert, key, match)
        alert.save()

    def _changed_fields(self, old_entry_id: int, new_entry_id: int) -> list[str]:
        records = dict(
            ListEntry.objects.filter(pk__in=[old_entry_id, new_entry_id]).values_list("pk", "data")
        )
        if old_entry_id not in records or new_entry_id not in records:
            return []
        return changed_fields(records[old_entry_id], records[new_entry_id])

    def _gone(self, alert: Alert, key: EntityKey) -> None:
        listed = key in self.lists.entry_ids
        if alert.entry_listed and not listed:
            alert.entry_listed = False
            alert.save(update_fields=["entry_listed"])
            if alert.status not in UNRESOLVED:
                self._event(
                    alert,
                    AlertEventKind.ENTRY_REMOVED,
                    f"The entry is no longer on the {key[0]} list in force; the alert stays "
                    f"{alert.get_status_display().lower()} until someone decides otherwise.",
                    None,
                )
        if alert.status not in UNRESOLVED:
            return
        if listed:
            text = f"The party no longer matches this entry at threshold {self.threshold:.2f} ({self.cause})."
        else:
            text = f"The entry was removed from the {key[0]} list in force ({self.cause})."
        previous = alert.status
        alert.status = AlertStatus.WITHDRAWN
        alert.status_changed_at = self.now
        alert.status_reason = text
        alert.save()
        self.outcome.withdrawn += 1
        self._event(
            alert,
            AlertEventKind.WITHDRAWN,
            text,
            "screening.alert_withdrawn",
            previous_status=previous,
            reason_code="still_listed" if listed else "entry_removed",
        )


def _latest_disposition(alert: Alert) -> Disposition | None:
    dispositions = list(alert.dispositions.all())
    return max(dispositions, key=lambda d: d.decided_at, default=None)


def _with_related(parties: Any) -> Any:
    return parties.prefetch_related(
        "aliases",
        "countries",
        "identifiers",
        "addresses",
        Prefetch(
            "screening_alerts",
            queryset=Alert.objects.select_related("entry", "list_version").prefetch_related("dispositions"),
        ),
    )


def record_pending(outcome: Outcome) -> None:
    """Write the ledger entries of the alert events (one lock for all), and link them back."""
    if not outcome.pending:
        return
    entries = record_decisions([decision for _, decision in outcome.pending])
    events = []
    for (event, _), entry in zip(outcome.pending, entries, strict=True):
        event.ledger_index = entry.index
        events.append(event)
    AlertEvent.objects.bulk_update(events, ["ledger_index"])
    outcome.pending = []


def screen_party(party: Party, *, actor: Any, cause: str, lists: CurrentLists | None = None) -> Outcome:
    """Screen one party now and reconcile its alerts; runs inside the caller's transaction."""
    fresh = _with_related(Party.objects.filter(pk=party.pk)).first()
    if fresh is None:
        return Outcome()
    with transaction.atomic():
        outcome = _Reconciler(fresh, lists or current_lists(), actor, cause).run()
        record_pending(outcome)
    return outcome


def screen_parties(party_ids: list[Any], *, actor: Any, cause: str) -> Outcome:
    """Screen a batch of parties in one transaction (their rows locked against concurrent edits)."""
    total = Outcome()
    with transaction.atomic():
        lists = current_lists()
        locked = Party.objects.select_for_update().filter(pk__in=party_ids).order_by("pk")
        for party in _with_related(locked):
            total.add(_Reconciler(party, lists, actor, cause).run())
        record_pending(total)
    return total
