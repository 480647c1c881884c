"""Transaction checks: classification used, parties screened, licence found and drawn down, or blocked."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from qgov.core.permissions import restrict
from qgov.core.roles import Role
from qgov.exportcontrol.models import LicenceDrawdown, Release, TransactionCheck
from qgov.exportcontrol.services import screening
from qgov.exportcontrol.services.checks import decide_check
from qgov.exportcontrol.services.classification import confirm_classification
from qgov.exportcontrol.services.licences import LicenceData, create_licence, update_licence
from qgov.exportcontrol.tests.platform_support import (
    DAY,
    deemed_export,
    export,
    make_fridge,
    make_know_how,
    organisation,
    person,
)
from qgov.ledger.models import LedgerEntry

pytestmark = pytest.mark.django_db

GO6 = "15 CFR 736 Supp. No. 1, General Order No. 6(f)(3)"


@pytest.fixture
def screened():
    """Screening answers by party name for the test: {name: status}."""
    answers: dict[str, str] = {}
    remove = screening.register_screening_provider(
        lambda party: (
            {"status": answers[party.name], "detail": "test screening"} if party.name in answers else None
        )
    )
    yield answers
    remove()


def ledger_body(check):
    return json.loads(LedgerEntry.objects.get(index=check.ledger_index).body)


def test_go6_f_3_release_to_a_d5_person_is_allowed_reported_and_kept_off_the_ledger_by_name(officer):
    know_how = make_know_how(officer)
    confirm_classification(officer, know_how)
    host = organisation(officer, "Helix Quantum Sensing Inc.", "US")
    engineer = person(officer, "Chen Hao", "CN", employer=host, since=dt.date(2025, 2, 3))
    check = deemed_export(officer, know_how, engineer, releasing_entity=host)
    assert check.outcome == "allowed_no_licence"
    assert check.reason == f"No licence required under {GO6}."
    assert (check.destination, check.employed_since, check.classification_basis) == (
        "CN",
        dt.date(2025, 2, 3),
        "confirmed",
    )
    release = Release.objects.get(transaction_check=check)
    assert (release.duty, release.country, release.eccns) == ("required", "CN", ["3E901"])
    body = ledger_body(check)
    assert body["action"] == "exportcontrol.transaction_check"
    assert body["decision"]["outcome"] == "allowed_no_licence"
    assert body["decision"]["determination"]["authorisation"] == GO6
    assert "Chen Hao" not in json.dumps(body)
    assert set(body["decision"]["parties"]["recipient"]) == {"kind", "record_hmac_sha256"}


def test_a_grandfathered_employee_needs_no_licence_and_reporting_is_recommended(officer):
    know_how = make_know_how(officer)
    host = organisation(officer, "Helix Quantum Sensing Inc.", "US")
    veteran = person(officer, "Li Wei", "CN", employer=host, since=dt.date(2023, 5, 2))
    check = deemed_export(officer, know_how, veteran, releasing_entity=host)
    assert check.outcome == "allowed_no_licence"
    assert "742.4(a)(5)(ii)(A)" in check.reason
    assert "not confirmed" in check.reason  # the proposal was used, and the check says so
    assert Release.objects.get(transaction_check=check).duty == "recommended"


def test_746_release_to_an_embargoed_visitor_is_blocked_with_the_reason(officer):
    know_how = make_know_how(officer)
    visitor = person(officer, "Elena Sokolova", "RU")
    check = deemed_export(officer, know_how, visitor)
    assert check.outcome == "blocked"
    assert "A licence is required (review policy: embargo) for 3E901 to RU" in check.reason
    assert "no licence in the register covers it" in check.reason
    assert not Release.objects.exists()
    assert ledger_body(check)["decision"]["outcome"] == "blocked"


def test_742_4_a_5_fridge_export_needs_a_licence_and_the_register_licence_is_drawn_down(officer):
    fridge = make_fridge(officer)
    confirm_classification(officer, fridge)
    lab = organisation(officer, "Nordstadt Lab", "DE")
    blocked = export(
        officer, fridge, "DE", consignee=lab, end_user=lab, quantity=Decimal(1), value=Decimal(400000)
    )
    assert blocked.outcome == "blocked" and "3A904.a" in blocked.reason
    licence = create_licence(
        officer,
        LicenceData(
            reference="D1234567",
            valid_from=dt.date(2026, 1, 1),
            expires_on=dt.date(2027, 12, 31),
            entries=["3A904"],
            destinations=["Germany"],
            end_user=lab,
            quantity_limit=Decimal(2),
            value_limit=Decimal(1000000),
        ),
    )
    assert licence.destinations == ["DE"]
    first = export(
        officer, fridge, "DE", consignee=lab, end_user=lab, quantity=Decimal(1), value=Decimal(400000)
    )
    assert (first.outcome, first.licence) == ("allowed_licence", licence)
    assert "D1234567" in first.reason
    assert LicenceDrawdown.objects.get(transaction_check=first).quantity == 1
    assert ledger_body(first)["decision"]["drawdown"] == {"quantity": "1.000", "value": "400000.00 USD"}
    assert licence.quantity_remaining == 1 and licence.value_remaining == 600000
    too_much = export(
        officer, fridge, "DE", consignee=lab, end_user=lab, quantity=Decimal(1), value=Decimal(700000)
    )
    assert too_much.outcome == "blocked"
    assert "has 600000.00 of its value left, less than the 700000 requested" in too_much.reason
    elsewhere = export(officer, fridge, "FR", end_user=lab, quantity=Decimal(1), value=Decimal(1))
    assert "does not cover the destination FR" in elsewhere.reason


def test_a_licence_for_another_end_user_or_expired_does_not_cover(officer):
    fridge = make_fridge(officer)
    lab, other = organisation(officer, "Nordstadt Lab", "DE"), organisation(officer, "Other GmbH", "DE")
    licence = create_licence(
        officer,
        LicenceData(reference="D7", valid_from=dt.date(2025, 1, 1), entries=["3A904"], end_user=other),
    )
    check = export(officer, fridge, "DE", end_user=lab)
    assert check.outcome == "blocked" and "D7 is for the end user Other GmbH" in check.reason
    update_licence(
        officer,
        licence,
        LicenceData(
            reference="D7",
            valid_from=dt.date(2025, 1, 1),
            expires_on=dt.date(2025, 12, 31),
            entries=["3A904"],
        ),
    )
    assert "D7 expired on 2025-12-31" in export(officer, fridge, "DE", end_user=lab).reason


def test_740_24_iec_relied_on_but_unknown_needs_review_and_an_officer_decides(officer, make_user):
    fridge = make_fridge(officer)
    iec = create_licence(
        officer,
        LicenceData(
            reference="IEC",
            kind="licence_exception",
            provision="15 CFR 740.24",
            valid_from=dt.date(2024, 9, 17),
            entries=["3A904"],
            destinations=["DE"],
        ),
    )
    researcher = make_user(Role.RESEARCHER)
    check = export(researcher, fridge, "DE")
    assert check.outcome == "needs_review"
    assert "could not say whether IEC is available (unknown)" in check.reason
    with pytest.raises(ValidationError, match="justification"):
        decide_check(officer, check, outcome="allowed_licence", licence=iec, justification="")
    decided = decide_check(
        officer,
        check,
        outcome="allowed_licence",
        licence=iec,
        justification="BIS IEC table of 2024-09-17 lists DE.",
    )
    assert decided.outcome == "allowed_licence" and decided.decided_by == officer
    assert LicenceDrawdown.objects.filter(transaction_check=decided, licence=iec).exists()
    entries = LedgerEntry.objects.filter(subject_id=str(check.pk), action="exportcontrol.transaction_check")
    assert entries.count() == 2
    assert json.loads(entries.first().body)["decision"]["decided_by_officer"] is True
    with pytest.raises(ValidationError, match="already decided"):
        decide_check(officer, check, outcome="blocked", justification="changed my mind")


def test_744_a_party_screening_found_prohibited_needs_a_licence_with_presumption_of_denial(officer, screened):
    know_how = make_know_how(officer)
    listed = person(officer, "Listed Person", "DE")
    screened["Listed Person"] = "prohibited"
    check = deemed_export(officer, know_how, listed)
    assert check.outcome == "blocked"
    assert check.determination["review_policy"] == "presumption_of_denial"
    assert check.screening["recipient"]["status"] == "prohibited"


def test_open_screening_alerts_hold_the_check_for_review(officer, screened):
    fridge = make_fridge(officer)
    lab = organisation(officer, "Nordstadt Lab", "DE")
    screened["Nordstadt Lab"] = "alerts_open"
    check = export(officer, fridge, "DE", end_user=lab)
    assert check.outcome == "needs_review" and "Screening alerts must be resolved first" in check.reason


def test_without_screening_or_a_statement_the_check_asks_for_screening(officer):
    fridge = make_fridge(officer)
    lab = organisation(officer, "Nordstadt Lab", "DE")
    check = export(officer, fridge, "DE", end_user=lab, prohibited_stated=None)
    assert check.screening["end_user"]["status"] == "unknown"
    assert check.outcome == "needs_review" and "screen the recipient first" in check.reason


def test_a_check_refuses_incomplete_facts_naming_the_field(officer):
    fridge = make_fridge(officer)
    with pytest.raises(ValidationError) as raised:
        deemed_export(officer, fridge, None)
    assert "recipient" in raised.value.message_dict
    with pytest.raises(ValidationError) as raised:
        export(officer, fridge, "Atlantis")
    assert "destination" in raised.value.message_dict


def test_researchers_see_only_the_checks_they_asked_for(officer, make_user):
    fridge = make_fridge(officer)
    export(officer, fridge, "DE")
    researcher = make_user(Role.RESEARCHER)
    own = export(researcher, fridge, "DE")
    assert list(restrict(TransactionCheck.objects.all(), researcher)) == [own]
    assert restrict(TransactionCheck.objects.all(), officer).count() == 2


def test_the_check_date_selects_the_rules_in_force(officer):
    """Reference §6.2 step 1: a release dated before the 2024 rule finds no US licence data in force."""
    know_how = make_know_how(officer)
    visitor = person(officer, "Chen Hao", "CN")
    before_the_rule = deemed_export(officer, know_how, visitor, date=dt.date(2024, 1, 10))
    assert before_the_rule.determination["date"] == "2024-01-10"
    assert before_the_rule.outcome == "needs_review"
    assert "No US EAR licence data is in force on 2024-01-10" in before_the_rule.reason
    on_the_day = deemed_export(officer, know_how, visitor, date=DAY)
    assert on_the_day.outcome == "allowed_no_licence"
