"""Alerts of registry parties and their dispositions, as OFAC's false-hit guidance asks."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from qgov.core.roles import Role
from qgov.ledger.models import LedgerEntry
from qgov.parties.services import PartyData, update_party
from qgov.screening.choices import AlertEventKind, AlertStatus
from qgov.screening.demo import DEMO_LIST
from qgov.screening.matcher import MATCHER_VERSION
from qgov.screening.models import Alert, PartyScreening
from qgov.screening.services import import_list, party_status, record_disposition
from qgov.screening.tests.platform_helpers import (
    ALITE,
    ZHANG_LEI,
    add_entry,
    list_copy,
    organisation,
    person,
    remove_entry,
    set_remarks,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def lists(officer):
    """The demo excerpt in force."""
    return import_list(officer, DEMO_LIST).version


def alert_of(party, entity_id):
    return Alert.objects.get(party=party, entity_id=entity_id)


def ledger(action):
    return [entry.entry for entry in LedgerEntry.objects.filter(action=action).order_by("index")]


def test_a_party_created_like_a_listed_entry_raises_an_alert_with_the_match(officer, lists):
    party = organisation(officer, "Beijing Alite Technologies Co. Ltd.", "CN")
    alert = alert_of(party, ALITE)
    assert alert.status == AlertStatus.OPEN and alert.score >= alert.threshold
    assert alert.entry.primary_name == "BEIJING ALITE TECHNOLOGIES CO., LTD." and alert.list_version == lists
    assert alert.matcher_version == MATCHER_VERSION and alert.reasons and alert.party_data_hash
    assert [event.kind for event in alert.events.all()] == [AlertEventKind.RAISED]
    (raised,) = ledger("screening.alert_raised")
    assert raised["actor"] == "user:carla" and raised["subject"]["id"] == str(alert.pk)
    assert raised["decision"]["entity_id"] == ALITE
    assert raised["decision"]["entity_content_sha256"] == alert.entry.content_hash
    screening = PartyScreening.objects.get(party=party)
    assert screening.lists == [{"source": "us-ofac-sdn", "version": 1}] and screening.match_count == 1


def test_an_unrelated_party_raises_nothing_but_is_recorded_as_screened(officer, lists):
    party = organisation(officer, "Bluefors Oy", "FI")
    assert not Alert.objects.exists()
    assert PartyScreening.objects.get(party=party).match_count == 0
    assert party_status(party).screened_at is not None and not party_status(party).blocked


def test_changing_a_party_into_a_match_raises_an_alert_and_other_edits_change_nothing(officer, lists):
    party = organisation(officer, "Helix Optics GmbH", "DE")
    assert not Alert.objects.exists()
    party = update_party(officer, party, PartyData(name="Cosailing Business Trading Company Limited"))
    alert = Alert.objects.get(party=party)
    assert alert.entity_id == "21552"
    update_party(officer, party, PartyData(name=party.name, notes="Met at a trade fair."))
    assert list(alert.events.values_list("kind", flat=True)) == [AlertEventKind.RAISED]


def test_ledger_keeps_no_personal_data_of_people(officer, lists):
    party = person(officer, "Zhang Lei", "1994-07", "CN")
    alert = alert_of(party, ZHANG_LEI)
    record_disposition(officer, alert, "false_positive", "Born 1994, the listed Zhang Lei in 1976.")
    for entry in LedgerEntry.objects.filter(action__startswith="screening.alert"):
        assert "Zhang" not in entry.body and "ZHANG" not in entry.body and "1994" not in entry.body
    (decided,) = ledger("screening.disposition")
    assert "Zhang" not in json.dumps(decided) and "1994" not in json.dumps(decided)
    assert decided["decision"]["reason_hmac_sha256"] and decided["decision"]["match_hmac_sha256"]


def test_a_disposition_records_who_why_and_the_exact_match_in_the_ledger(officer, lists):
    party = organisation(officer, "Beijing Alite Technologies Co. Ltd.", "CN")
    alert = alert_of(party, ALITE)
    evidence = SimpleUploadedFile("registry-extract.pdf", b"%PDF-1.4 company registry extract")
    disposition = record_disposition(
        officer,
        alert,
        "true_match",
        "Same company, same Beijing address.",
        evidence=[evidence],
        evidence_description="Registry extract",
    )
    alert.refresh_from_db()
    assert alert.status == AlertStatus.TRUE_MATCH and party_status(party).blocked
    assert disposition.entry_content_hash == alert.entry.content_hash and disposition.decided_by == officer
    (stored,) = disposition.evidence.all()
    assert len(stored.sha256) == 64 and stored.description == "Registry extract"
    entry = LedgerEntry.objects.get(index=disposition.ledger_index)
    body = entry.entry
    assert (entry.action, body["actor"], body["subject"]["id"]) == (
        "screening.disposition",
        "user:carla",
        str(alert.pk),
    )
    decision = body["decision"]
    assert (
        decision["decision"] == "true_match" and decision["reason"] == "Same company, same Beijing address."
    )
    assert decision["party_data_hmac_sha256"] == alert.party_data_hash
    assert (decision["list"], decision["list_version"], decision["list_fingerprint"]) == (
        "us-ofac-sdn",
        1,
        lists.fingerprint,
    )
    assert (decision["entity_id"], decision["entity_content_sha256"]) == (ALITE, alert.entry.content_hash)
    assert decision["score"] == round(alert.score, 4) and decision["reasons"] == alert.reasons
    assert (decision["matcher_version"], decision["threshold"]) == (MATCHER_VERSION, alert.threshold)
    assert decision["evidence_sha256"] == [stored.sha256]


def test_a_disposition_needs_a_reason_and_a_known_decision(officer, lists):
    alert = alert_of(organisation(officer, "Beijing Alite Technologies Co. Ltd.", "CN"), ALITE)
    with pytest.raises(ValidationError) as raised:
        record_disposition(officer, alert, "cleared", "   ")
    assert set(raised.value.message_dict) == {"decision", "reason"}
    assert not alert.dispositions.exists()


def test_only_compliance_officers_and_administrators_decide(officer, lists, make_user):
    alert = alert_of(organisation(officer, "Beijing Alite Technologies Co. Ltd.", "CN"), ALITE)
    for role in (Role.PROCUREMENT_OFFICER, Role.AUDITOR, Role.DATA_STEWARD):
        with pytest.raises(PermissionDenied):
            record_disposition(make_user(role), alert, "false_positive", "Not them.")
    record_disposition(make_user(Role.ADMINISTRATOR), alert, "escalated", "Ask OFAC.")
    alert.refresh_from_db()
    assert alert.status == AlertStatus.ESCALATED


def test_a_false_positive_stays_closed_while_its_entry_is_unchanged_and_reopens_when_it_changes(
    officer, lists, tmp_path
):
    party = person(officer, "Zhang Lei", "1994-07", "CN")
    alert = alert_of(party, ZHANG_LEI)
    record_disposition(officer, alert, "false_positive", "Different birth date and no passport match.")

    import_list(officer, DEMO_LIST)  # version 2, unchanged
    alert.refresh_from_db()
    assert alert.status == AlertStatus.FALSE_POSITIVE

    folder = list_copy(tmp_path)
    set_remarks(folder, ZHANG_LEI, "DOB 03 Jan 1976; POB Shanghai, China; citizen China; Gender Male.")
    import_list(officer, folder)  # version 3: the entry changed
    alert.refresh_from_db()
    assert alert.status == AlertStatus.OPEN
    assert "changed in us-ofac-sdn version 3" in alert.status_reason and "remarks" in alert.status_reason
    assert alert.list_version.number == 3 and alert.entry.entity().remarks.endswith("Gender Male.")
    assert not alert.raised_entry.entity().remarks.endswith("Gender Male.")  # what it was raised on
    (reopened,) = ledger("screening.alert_reopened")
    assert reopened["actor"] == "system:rescreening"
    assert reopened["decision"]["reason_code"] == "entry_changed"
    assert reopened["decision"]["previous_status"] == "false_positive"


def test_a_new_matching_entry_alerts_whatever_was_decided_about_the_party(officer, lists, tmp_path):
    party = organisation(officer, "Beijing Alite Technologies Co. Ltd.", "CN")
    record_disposition(officer, alert_of(party, ALITE), "false_positive", "A namesake in Shenzhen.")
    assert not party_status(party).unresolved

    folder = list_copy(tmp_path)
    add_entry(folder, "99003", "BEIJING ALITE TECHNOLOGIES TRADING CO., LTD.")
    import_list(officer, folder)
    new = alert_of(party, "99003")
    assert new.status == AlertStatus.OPEN and "New match" in new.status_reason
    assert alert_of(party, ALITE).status == AlertStatus.FALSE_POSITIVE
    assert party_status(party).unresolved == 1


def test_a_change_to_the_party_reopens_a_false_positive_only_when_the_match_changes(officer, lists):
    party = person(officer, "Zhang Lei", "1994-07", "CN")
    alert = alert_of(party, ZHANG_LEI)
    record_disposition(officer, alert, "false_positive", "Different birth date.")

    party = update_party(
        officer,
        party,
        PartyData(
            name="Zhang Lei",
            kind="person",
            birth_date="1994-07",
            countries=[("CN", "citizenship")],
            notes="Badge 17.",
        ),
    )
    alert.refresh_from_db()
    assert alert.status == AlertStatus.FALSE_POSITIVE  # notes are not screened

    update_party(
        officer,
        party,
        PartyData(
            name="Zhang Lei", kind="person", birth_date="1976-01-03", countries=[("CN", "citizenship")]
        ),
    )
    alert.refresh_from_db()
    assert alert.status == AlertStatus.OPEN and "screened data changed" in alert.status_reason
    assert ledger("screening.alert_reopened")[0]["decision"]["reason_code"] == "party_changed"


def test_an_open_alert_is_withdrawn_when_its_entry_is_removed_and_reopens_when_it_returns(
    officer, lists, tmp_path
):
    party = organisation(officer, "Beijing Alite Technologies Co. Ltd.", "CN")
    folder = list_copy(tmp_path)
    remove_entry(folder, ALITE)
    import_list(officer, folder)
    alert = alert_of(party, ALITE)
    assert alert.status == AlertStatus.WITHDRAWN and not alert.entry_listed
    assert "removed" in alert.status_reason

    import_list(officer, DEMO_LIST)
    alert.refresh_from_db()
    assert alert.status == AlertStatus.OPEN and alert.entry_listed and "again" in alert.status_reason
    assert [e["decision"]["reason_code"] for e in ledger("screening.alert_withdrawn")] == ["entry_removed"]


def test_a_true_match_stays_blocking_when_its_entry_is_delisted(officer, lists, tmp_path):
    party = organisation(officer, "Beijing Alite Technologies Co. Ltd.", "CN")
    record_disposition(officer, alert_of(party, ALITE), "true_match", "Same company.")
    folder = list_copy(tmp_path)
    remove_entry(folder, ALITE)
    import_list(officer, folder)
    alert = alert_of(party, ALITE)
    assert alert.status == AlertStatus.TRUE_MATCH and not alert.entry_listed
    assert alert.events.filter(kind=AlertEventKind.ENTRY_REMOVED).exists()
    assert party_status(party).blocked


def test_the_party_page_shows_a_blocking_true_match(client, officer, lists):
    party = organisation(officer, "Beijing Alite Technologies Co. Ltd.", "CN")
    record_disposition(officer, alert_of(party, ALITE), "true_match", "Same company.")
    client.force_login(officer)
    page = client.get(party.get_absolute_url()).content.decode()
    assert "Blocked" in page and "BEIJING ALITE TECHNOLOGIES CO., LTD." in page
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert "Screening alerts" in dashboard and "1 true match blocking party" in dashboard


# --- the inbox and the alert page ---------------------------------------------------------------------


def test_inbox_filters_and_the_alert_page_shows_both_sides(client, officer, lists):
    company = organisation(officer, "Beijing Alite Technologies Co. Ltd.", "CN")
    visitor = person(officer, "Zhang Lei", "1994-07", "CN")
    record_disposition(officer, alert_of(visitor, ZHANG_LEI), "false_positive", "Different birth date.")
    client.force_login(officer)
    inbox = client.get(reverse("screening:alert_list")).content.decode()
    assert "Beijing Alite" in inbox and "Zhang Lei" not in inbox  # closed alerts leave the inbox
    closed = client.get(reverse("screening:alert_list"), {"status": "false_positive"}).content.decode()
    assert "Zhang Lei" in closed and "Beijing Alite" not in closed
    people = client.get(reverse("screening:alert_list"), {"status": "any", "kind": "person"}).content.decode()
    assert "Zhang Lei" in people and "Beijing Alite" not in people
    high = client.get(
        reverse("screening:alert_list"), {"status": "any", "score_min": "0.99"}
    ).content.decode()
    assert "Zhang Lei" not in high

    page = client.get(alert_of(company, ALITE).get_absolute_url()).content.decode()
    assert "Party in the registry" in page and "Listed entry" in page
    assert "NPWMD" in page and "Record a disposition" in page


def test_deciding_through_the_page_and_who_sees_the_form(client, officer, lists, make_user):
    alert = alert_of(organisation(officer, "Beijing Alite Technologies Co. Ltd.", "CN"), ALITE)
    buyer = make_user(Role.PROCUREMENT_OFFICER)
    client.force_login(buyer)
    assert "Record a disposition" not in client.get(alert.get_absolute_url()).content.decode()
    url = reverse("screening:alert_decide", args=[alert.pk])
    assert client.post(url, {"decision": "false_positive", "reason": "no"}).status_code == 403

    client.force_login(officer)
    missing = client.post(url, {"decision": "false_positive", "reason": ""})
    assert missing.status_code == 400 and "This field is required." in missing.content.decode()
    done = client.post(url, {"decision": "false_positive", "reason": "A namesake."}, follow=True)
    page = done.content.decode()
    assert "Recorded: false positive" in page and "A namesake." in page
    alert.refresh_from_db()
    assert alert.status == AlertStatus.FALSE_POSITIVE
