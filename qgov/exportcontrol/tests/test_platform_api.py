"""The export-control API: the same services and permissions as the pages."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from qgov.core.roles import Role
from qgov.exportcontrol.tests.platform_support import DAY, make_fridge, make_know_how, person

pytestmark = pytest.mark.django_db

ITEMS = "/api/exportcontrol/items/"


@pytest.fixture
def api(officer):
    client = APIClient()
    client.force_authenticate(officer)
    return client


def test_create_an_item_with_parameters_and_read_its_proposal(api):
    response = api.post(
        ITEMS,
        {
            "name": "XLD400",
            "category": "cryogenic_cooling_system",
            "parameters": [
                {"name": "cooling_power", "value": "1000 uW", "source": "datasheet"},
                {"name": "cooling_power_temperature", "value": 0.1},
                {"name": "sustained_duration", "value": "72 h"},
            ],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["parameters"][0]["value"] == "1000 uW"
    assert body["latest_proposal"]["status"] == "controlled"
    assert "US-EAR 3A904.a" in {
        f"{e['jurisdiction']} {e['entry']}" for e in body["latest_proposal"]["result"]["entries"]
    }
    bad = api.post(
        ITEMS,
        {
            "name": "x",
            "category": "cryogenic_cooling_system",
            "parameters": [{"name": "cooling_power", "value": "1 kV"}],
        },
        format="json",
    )
    assert bad.status_code == 400 and "parameters.cooling_power" in bad.json()


def test_patch_keeps_what_is_not_sent_and_confirm_override_through_the_api(api, officer):
    item = make_fridge(officer)
    patched = api.patch(f"{ITEMS}{item.pk}/", {"description": "Bought 2026"}, format="json")
    assert patched.status_code == 200 and len(patched.json()["parameters"]) == 3
    proposal = patched.json()["latest_proposal"]["id"]
    confirmed = api.post(f"{ITEMS}{item.pk}/confirm/", {"proposal": proposal}, format="json")
    assert confirmed.status_code == 201 and confirmed.json()["kind"] == "confirmed"
    assert isinstance(confirmed.json()["ledger_index"], int)
    refused = api.post(
        f"{ITEMS}{item.pk}/override/", {"entries": ["US-EAR 3A904.a"], "justification": ""}, format="json"
    )
    assert refused.status_code == 400
    decisions = api.get("/api/exportcontrol/classification-decisions/", {"item": item.pk}).json()
    assert decisions["count"] == 1


def test_checks_and_decisions_through_the_api(api, officer, make_user):
    know_how = make_know_how(officer)
    visitor = person(officer, "Chen Hao", "CN")
    researcher = APIClient()
    researcher.force_authenticate(make_user(Role.RESEARCHER))
    created = researcher.post(
        "/api/exportcontrol/checks/",
        {
            "item": str(know_how.pk),
            "kind": "deemed_export",
            "date": DAY.isoformat(),
            "from_country": "US",
            "recipient": str(visitor.pk),
            "prohibited_stated": False,
            "published": False,
            "fundamental_research": False,
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["outcome"] == "allowed_no_licence" and body["release"]["duty"] == "required"
    assert body["determination"]["authorisation"].endswith("General Order No. 6(f)(3)")
    check = body["id"]
    assert researcher.post(f"/api/exportcontrol/checks/{check}/decide/", {}, format="json").status_code == 403
    decided = api.post(
        f"/api/exportcontrol/checks/{check}/decide/",
        {"outcome": "blocked", "justification": "x"},
        format="json",
    )
    assert decided.status_code == 400 and "already decided" in decided.content.decode()
    report = api.get("/api/exportcontrol/reports/743-8/", {"year": DAY.year}).json()
    assert report["due"] == "2027-02-01" and report["annual"][0]["person"] == "Chen Hao"
    assert api.get("/api/exportcontrol/reports/743-8/", {"year": "20x"}).status_code == 400


def test_licences_through_the_api(api):
    created = api.post(
        "/api/exportcontrol/licences/",
        {
            "reference": "D1",
            "valid_from": "2026-01-01",
            "entries": ["3A904"],
            "destinations": ["Germany"],
            "value_limit": "1000.00",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["destinations"] == ["DE"] and created.json()["value_remaining"] == "1000.00"
    again = api.post(
        "/api/exportcontrol/licences/", {"reference": "D1", "valid_from": "2026-01-01"}, format="json"
    )
    assert again.status_code == 400 and "already in the register" in again.content.decode()
