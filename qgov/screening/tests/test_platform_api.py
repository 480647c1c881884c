"""The screening API as a client uses it: screen, list and read alerts, decide, list versions."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from qgov.core.accounts import issue_token
from qgov.core.roles import Role
from qgov.ledger.models import LedgerEntry
from qgov.screening.choices import AlertStatus
from qgov.screening.demo import DEMO_LIST
from qgov.screening.models import Alert
from qgov.screening.services import import_list
from qgov.screening.tests.platform_helpers import ALITE, ZHANG_LEI, organisation, person

pytestmark = pytest.mark.django_db


def api_as(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {issue_token(user).key}")
    return client


@pytest.fixture
def world(officer):
    import_list(officer, DEMO_LIST)
    return {
        "company": organisation(officer, "Beijing Alite Technologies Co. Ltd.", "CN"),
        "visitor": person(officer, "Zhang Lei", "1994-07", "CN"),
    }


def test_screen_an_ad_hoc_name_in_the_contract_shape(officer, world, make_user):
    client = api_as(make_user(Role.PROCUREMENT_OFFICER))
    response = client.post(
        "/api/screening/screen/", {"name": "Zhang Lei", "kind": "person", "country": "China"}, format="json"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Zhang Lei" and body["lists"] == [{"source": "us-ofac-sdn", "version": 1}]
    (match,) = body["matches"]
    assert (match["list"], match["entity_id"], match["entity_name"]) == (
        "us-ofac-sdn",
        ZHANG_LEI,
        "ZHANG, Lei",
    )
    assert 0 <= match["score"] <= 1 and match["reasons"]
    assert Alert.objects.count() == 2  # screening through the API records nothing


def test_screen_a_registry_party_and_refuse_ambiguous_requests(world, make_user):
    client = api_as(make_user(Role.COMPLIANCE_OFFICER))
    response = client.post("/api/screening/screen/", {"party": str(world["company"].pk)}, format="json")
    assert response.status_code == 200 and response.json()["matches"][0]["entity_id"] == ALITE
    both = client.post(
        "/api/screening/screen/", {"party": str(world["company"].pk), "name": "x"}, format="json"
    )
    assert both.status_code == 400
    unknown = client.post("/api/screening/screen/", {"name": "Acme", "country": "Atlantis"}, format="json")
    assert unknown.status_code == 400 and "Atlantis" in str(unknown.json())
    steward = api_as(make_user(Role.DATA_STEWARD))
    assert steward.post("/api/screening/screen/", {"name": "Acme"}, format="json").status_code == 403


def test_list_filter_and_read_alerts(world, make_user):
    client = api_as(make_user(Role.AUDITOR))
    listed = client.get("/api/screening/alerts/", {"kind": "person"}).json()
    assert listed["count"] == 1 and listed["results"][0]["party"]["name"] == "Zhang Lei"
    best_first = client.get("/api/screening/alerts/", {"ordering": "-score"}).json()["results"]
    assert best_first[0]["score"] >= best_first[1]["score"]
    alert = Alert.objects.get(party=world["company"])
    detail = client.get(f"/api/screening/alerts/{alert.pk}/").json()
    assert detail["status"] == "open" and detail["entry"]["data"]["programmes"] == ["NPWMD", "IFSR"]
    assert detail["dispositions"] == []


def test_record_a_disposition_through_the_api(officer, world, make_user):
    alert = Alert.objects.get(party=world["visitor"])
    url = f"/api/screening/alerts/{alert.pk}/disposition/"
    buyer = api_as(make_user(Role.PROCUREMENT_OFFICER))
    assert buyer.post(url, {"decision": "false_positive", "reason": "x"}, format="json").status_code == 403

    client = api_as(officer)
    assert client.post(url, {"decision": "false_positive"}, format="json").status_code == 400
    response = client.post(
        url, {"decision": "false_positive", "reason": "Born 1994, not 1976."}, format="json"
    )
    assert response.status_code == 201
    body = response.json()
    assert body["decision"] == "false_positive" and body["decided_by_name"] == "user:carla"
    assert LedgerEntry.objects.get(index=body["ledger_index"]).action == "screening.disposition"
    alert.refresh_from_db()
    assert alert.status == AlertStatus.FALSE_POSITIVE
    assert client.get("/api/screening/alerts/", {"status": "unresolved"}).json()["count"] == 1


def test_list_versions_and_runs(world, make_user):
    client = api_as(make_user(Role.PROCUREMENT_OFFICER))
    (version,) = client.get("/api/screening/versions/").json()["results"]
    assert (version["source"], version["number"], version["in_force"], version["entry_count"]) == (
        "us-ofac-sdn",
        1,
        True,
        31,
    )
    (run,) = client.get("/api/screening/runs/").json()["results"]
    assert run["status"] == "finished" and run["list_version"] == "us-ofac-sdn v1"
