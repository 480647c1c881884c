"""Party pages and API endpoints as users drive them."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from qgov.core.accounts import issue_token
from qgov.core.roles import Role
from qgov.ledger.models import LedgerEntry
from qgov.parties.models import Party
from qgov.parties.services import PartyData, create_party

pytestmark = pytest.mark.django_db


def form_payload(**overrides):
    data = {
        "kind": "organization",
        "name": "Zurich Instruments AG",
        "reference": "",
        "aliases": "ZI\nformer:ZI Ltd",
        "birth_date": "",
        "website": "",
        "tags": "supplier, electronics",
        "notes": "",
        "countries-TOTAL_FORMS": "2",
        "countries-INITIAL_FORMS": "0",
        "countries-0-country": "CH",
        "countries-0-role": "incorporation",
        "countries-1-country": "",
        "countries-1-role": "operations",
        "identifiers-TOTAL_FORMS": "1",
        "identifiers-INITIAL_FORMS": "0",
        "identifiers-0-scheme": "",
        "identifiers-0-value": "",
        "identifiers-0-issuer_country": "",
        "addresses-TOTAL_FORMS": "1",
        "addresses-INITIAL_FORMS": "0",
        "addresses-0-street": "Technoparkstrasse 1",
        "addresses-0-postal_code": "8005",
        "addresses-0-city": "Zürich",
        "addresses-0-region": "",
        "addresses-0-country": "CH",
    }
    data.update(overrides)
    return data


def test_create_through_the_form_then_find_it_in_the_list(client, officer):
    client.force_login(officer)
    response = client.post(reverse("parties:party_create"), form_payload())
    party = Party.objects.get(name="Zurich Instruments AG")
    assert response.status_code == 302 and response["Location"] == party.get_absolute_url()
    assert sorted(a.name for a in party.aliases.all()) == ["ZI", "ZI Ltd"]
    page = client.get(reverse("parties:party_list"), {"q": "zurich"})
    assert "Zurich Instruments AG" in page.content.decode()
    detail = client.get(party.get_absolute_url()).content.decode()
    assert "Technoparkstrasse 1" in detail and "parties.create" in detail


def test_form_errors_are_shown_next_to_the_field_and_nothing_is_saved(client, officer):
    client.force_login(officer)
    response = client.post(
        reverse("parties:party_create"),
        form_payload(
            **{"name": "Pacific Instruments", "addresses-0-country": "", "countries-0-country": "CH"}
        ),
    )
    assert response.status_code == 400
    assert "An address needs its country." in response.content.decode()
    assert not Party.objects.exists()


def test_list_filters_by_country_and_kind(client, officer):
    create_party(officer, PartyData(name="Bluefors Oy", countries=[("FI", "incorporation")]))
    create_party(officer, PartyData(name="Thorlabs Inc.", countries=[("US", "incorporation")]))
    create_party(officer, PartyData(name="Jonas Weber", kind="person", countries=[("DE", "citizenship")]))
    client.force_login(officer)
    body = client.get(reverse("parties:party_list"), {"country": "FI"}).content.decode()
    assert "Bluefors Oy" in body and "Thorlabs" not in body
    body = client.get(reverse("parties:party_list"), {"kind": "person"}).content.decode()
    assert "Jonas Weber" in body and "Bluefors" not in body


def test_htmx_filter_returns_only_the_table(client, officer):
    create_party(officer, PartyData(name="Bluefors Oy"))
    client.force_login(officer)
    response = client.get(
        reverse("parties:party_list"), {"q": "blue"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="object-table"
    )
    body = response.content.decode()
    assert "Bluefors Oy" in body and "<html" not in body


def test_import_page_shows_row_errors(client, officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(officer)
    upload = SimpleUploadedFile(
        "p.csv", b"name,countries\nGood Ltd,DE\nBad Ltd,Atlantis\n", content_type="text/csv"
    )
    response = client.post(reverse("parties:party_import"), {"file": upload})
    assert response.status_code == 400
    assert "Row 3" in response.content.decode() and not Party.objects.exists()


def test_change_log_page_shows_before_and_after(client, officer):
    party = create_party(officer, PartyData(name="Qblox"))
    client.force_login(officer)
    client.post(reverse("parties:party_edit", args=[party.pk]), form_payload(name="Qblox B.V."))
    body = client.get(reverse("parties:party_changes", args=[party.pk])).content.decode()
    assert "Qblox B.V." in body and "Updated" in body


def test_api_create_list_filter_and_token_auth(make_user):
    officer = make_user(Role.COMPLIANCE_OFFICER)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {issue_token(officer).key}")
    created = api.post(
        "/api/parties/",
        {
            "name": "Hamamatsu Photonics K.K.",
            "countries": [{"country": "JP", "role": "incorporation"}],
            "aliases": [{"name": "浜松ホトニクス株式会社", "alias_type": "local_script"}],
            "tag_names": ["supplier"],
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["countries"] == [{"country": "JP", "role": "incorporation"}]
    listed = api.get("/api/parties/", {"country": "JP"}).json()
    assert listed["count"] == 1 and listed["results"][0]["name"] == "Hamamatsu Photonics K.K."
    bad = api.post("/api/parties/", {"name": "X", "countries": [{"country": "Atlantis"}]}, format="json")
    assert bad.status_code == 400 and "Atlantis" in bad.content.decode()
    party_id = created.json()["id"]
    patched = api.patch(f"/api/parties/{party_id}/", {"notes": "Photodetectors"}, format="json")
    assert patched.status_code == 200 and patched.json()["aliases"][0]["alias_type"] == "local_script"
    assert LedgerEntry.objects.filter(subject_id=party_id).count() == 2


def test_api_import_reports_rows(make_user):
    api = APIClient()
    api.force_authenticate(make_user(Role.PROCUREMENT_OFFICER))
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = api.post(
        "/api/parties/import/",
        {"file": SimpleUploadedFile("p.csv", b"name,countries\nA,DE\nB,XX\n")},
        format="multipart",
    )
    assert response.status_code == 400
    assert response.json()["problems"] == [
        {"row": 3, "message": "countries: 'XX' is not an ISO 3166 country code or a country name qgov knows."}
    ]


def test_auditor_reads_but_cannot_write_through_the_api(make_user):
    officer = make_user(Role.COMPLIANCE_OFFICER)
    party = create_party(officer, PartyData(name="Bluefors Oy"))
    api = APIClient()
    api.force_authenticate(make_user(Role.AUDITOR))
    assert api.get(f"/api/parties/{party.pk}/").status_code == 200
    assert api.patch(f"/api/parties/{party.pk}/", {"notes": "x"}, format="json").status_code == 403
    assert api.delete(f"/api/parties/{party.pk}/").status_code == 403
    assert api.post("/api/parties/", {"name": "X"}, format="json").status_code == 403


def test_anonymous_api_gets_no_data():
    response = APIClient().get("/api/parties/")
    assert response.status_code in (401, 403) and "results" not in response.content.decode()
