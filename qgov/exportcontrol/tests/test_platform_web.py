"""The export-control pages: the item form and its parameter fieldset, classification, checks, reports."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from qgov.core.roles import Role
from qgov.exportcontrol.models import Item, ItemEvidence, TransactionCheck
from qgov.exportcontrol.services.classification import confirm_classification
from qgov.exportcontrol.services.items import add_item_party, update_item
from qgov.exportcontrol.services.licences import LicenceData, create_licence
from qgov.exportcontrol.tests.platform_support import (
    DAY,
    deemed_export,
    fridge_data,
    make_fridge,
    make_know_how,
    organisation,
    person,
)

pytestmark = pytest.mark.django_db

FRIDGE_FORM = {
    "name": "XLD400",
    "item_kind": "commodity",
    "category": "cryogenic_cooling_system",
    "origin_country": "FI",
    "parameters_for": "commodity:cryogenic_cooling_system",
    "cooling_power__value": "1000 uW",
    "cooling_power__source": "datasheet",
    "cooling_power__reference": "XLD400 datasheet rev. 3",
    "cooling_power_temperature__value": "100 mK",
    "sustained_duration__value": "72 h",
}


@pytest.fixture
def web(client, officer):
    client.force_login(officer)
    return client


def test_the_parameter_fieldset_follows_the_category(web):
    url = reverse("exportcontrol:item_parameter_fields")
    fridge = web.get(
        url, {"item_kind": "commodity", "category": "cryogenic_cooling_system"}, HTTP_HX_REQUEST="true"
    )
    assert b'name="cooling_power__value"' in fridge.content and b"<html" not in fridge.content
    computer = web.get(url, {"item_kind": "commodity", "category": "quantum_computer"})
    assert b'name="cnot_error__statistic"' in computer.content  # the statistic where the rules test one
    assert b'name="cnot_error_statistic__value"' not in computer.content
    assert b'name="physical_qubits__statistic"' not in computer.content
    software = web.get(url, {"item_kind": "software", "category": ""})
    assert b"no parameters" in software.content
    page = web.get(reverse("exportcontrol:item_create"))
    assert b'hx-get="/export-control/items/parameter-fields/"' in page.content


def test_creating_an_item_from_datasheet_figures_shows_its_classification(web):
    response = web.post(reverse("exportcontrol:item_create"), FRIDGE_FORM)
    item = Item.objects.get()
    assert response.status_code == 302 and response["Location"] == item.get_absolute_url()
    page = web.get(item.get_absolute_url()).content.decode()
    assert "US-EAR 3A904.a" in page and "cooling_power" in page and "600 uW" in page
    assert "verified text (15 CFR Part 774 Supp. No. 1" in page  # the entry's text-status label
    assert "Review reasons" in page and "Confirm classification" in page


def test_an_unreadable_figure_is_shown_next_to_its_parameter(web):
    response = web.post(
        reverse("exportcontrol:item_create"), {**FRIDGE_FORM, "cooling_power__value": "1000 kV"}
    )
    assert response.status_code == 400 and not Item.objects.exists()
    html = response.content.decode()
    row = html[html.index('name="cooling_power__value"') :]
    assert row.index("field-error") < row.index('name="cooling_power__source"')  # in the parameter's own row
    assert "1000 kV" in html


def test_without_javascript_a_changed_category_shows_its_fields_before_saving(web):
    data = {**FRIDGE_FORM, "category": "magnetometer"}
    response = web.post(reverse("exportcontrol:item_create"), data)
    assert response.status_code == 200 and not Item.objects.exists()
    assert b'name="sensitivity__value"' in response.content


def test_confirm_and_override_from_the_item_page_and_the_history_shows_both(web, officer):
    item = make_fridge(officer)
    proposal = item.latest_proposal
    response = web.post(
        reverse("exportcontrol:item_confirm", args=[item.pk]), {"proposal": proposal.pk, "note": "ok"}
    )
    assert response.status_code == 302
    override = web.post(
        reverse("exportcontrol:item_override", args=[item.pk]),
        {
            "proposal": proposal.pk,
            "entries": ["US-EAR 3A904.a"],
            "justification": "Only the US entry applies.",
        },
    )
    assert override.status_code == 302
    page = web.get(item.get_absolute_url()).content.decode()
    assert "Confirmed as proposed" in page and "Overridden" in page and "Only the US entry applies." in page
    assert "exportcontrol.classification" in page  # the item's ledger entries
    missing = web.post(
        reverse("exportcontrol:item_override", args=[item.pk]),
        {"proposal": proposal.pk, "entries": [], "justification": ""},
    )
    assert missing.status_code == 400 and b"This field is required" in missing.content


def test_a_stale_classification_is_announced_with_its_reason(web, officer):
    item = make_fridge(officer)
    confirm_classification(officer, item)
    web.post(
        reverse("exportcontrol:item_edit", args=[item.pk]), {**FRIDGE_FORM, "cooling_power__value": "0.4 mW"}
    )
    page = web.get(item.get_absolute_url()).content.decode()
    assert "Needs re-confirmation." in page and "cooling_power 1000 uW -&gt; 0.4 mW" in page


def test_evidence_is_attached_with_its_effective_date_and_downloaded(web, officer):
    item = make_fridge(officer)
    upload = SimpleUploadedFile("xld400.pdf", b"%PDF-1.4 datasheet", content_type="application/pdf")
    web.post(
        reverse("exportcontrol:item_evidence_add", args=[item.pk]),
        {
            "file": upload,
            "kind": "datasheet",
            "effective_date": "2026-03-01",
            "description": "XLD400 datasheet",
        },
    )
    evidence = ItemEvidence.objects.get()
    assert evidence.effective_date == dt.date(2026, 3, 1) and len(evidence.sha256) == 64
    download = web.get(reverse("exportcontrol:item_evidence_download", args=[item.pk, evidence.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 datasheet"


def test_a_deemed_export_check_from_the_form(web, officer):
    know_how = make_know_how(officer)
    visitor = person(officer, "Elena Sokolova", "RU")
    response = web.post(
        reverse("exportcontrol:check_create"),
        {
            "item": know_how.pk,
            "kind": "deemed_export",
            "date": DAY.isoformat(),
            "from_country": "US",
            "recipient": visitor.pk,
            "prohibited_stated": "no",
            "published": "no",
            "fundamental_research": "no",
            "currency": "USD",
        },
    )
    check = TransactionCheck.objects.get()
    assert response.status_code == 302 and check.outcome == "blocked"
    page = web.get(check.get_absolute_url()).content.decode()
    assert "Outcome: Blocked" in page and "Step 6.1: Destination RU" in page
    assert "exportcontrol.transaction_check" in page
    bad = web.post(
        reverse("exportcontrol:check_create"),
        {"item": know_how.pk, "kind": "deemed_export", "date": "2026-11-21", "currency": "USD"},
    )
    assert bad.status_code == 400 and b"needs the person it is released to" in bad.content


def test_report_page_and_csv(web, officer):
    know_how = make_know_how(officer)
    host = organisation(officer, "Helix Quantum Sensing Inc.", "US")
    deemed_export(officer, know_how, person(officer, "Chen Hao", "CN"), releasing_entity=host)
    page = web.get(reverse("exportcontrol:report_743_8"), {"year": DAY.year}).content.decode()
    assert "Chen Hao" in page and "due 2027-02-01" in page
    csv = web.get(reverse("exportcontrol:report_743_8_csv", args=[DAY.year]))
    assert csv["Content-Type"].startswith("text/csv") and "Chen Hao" in csv.content.decode()
    assert web.get(reverse("exportcontrol:report_743_8_csv", args=[2020])).status_code == 404
    assert (
        b"no 15 CFR 743.8 reports before 2024"
        in web.get(reverse("exportcontrol:report_743_8"), {"year": 2020}).content
    )


def test_rulepack_page_starts_a_run_and_polls_its_row(web, officer):
    make_fridge(officer)
    web.post(reverse("exportcontrol:rulepack_check_start"))
    page = web.get(reverse("exportcontrol:rulepacks")).content.decode()
    assert "US-EAR" in page and "1 of 1 (finished)" in page


def test_researchers_request_checks_but_cannot_decide_or_confirm(client, officer, make_user):
    researcher = make_user(Role.RESEARCHER)
    client.force_login(researcher)
    item = make_fridge(officer)
    assert client.get(reverse("exportcontrol:check_create")).status_code == 200
    assert client.post(reverse("exportcontrol:item_confirm", args=[item.pk]), {}).status_code == 403
    assert client.get(reverse("exportcontrol:item_create")).status_code == 403


def test_the_dashboard_shows_what_needs_attention_by_role(client, officer, make_user):
    stale = make_fridge(officer)
    confirm_classification(officer, stale)
    update_item(officer, stale, fridge_data(cooling_power="0.5 mW"))
    make_know_how(officer)  # proposed, not confirmed
    create_licence(
        officer,
        LicenceData(reference="D-SOON", valid_from=DAY, expires_on=dt.date.today() + dt.timedelta(days=20)),
    )
    client.force_login(officer)
    page = client.get(reverse("dashboard")).content.decode()
    assert "1 awaiting confirmation, 1 to re-confirm after a change." in page
    assert "Next: D-SOON on" in page and "15 CFR 743.8 reports" in page
    client.force_login(make_user(Role.DATA_STEWARD))
    steward = client.get(reverse("dashboard")).content.decode()
    assert "Item classifications" in steward and "Licences expiring soon" not in steward


def test_a_party_page_lists_its_items_and_checks(client, officer):
    fridge = make_fridge(officer)
    supplier = organisation(officer, "Bluefors Oy", "FI")
    add_item_party(officer, fridge, supplier, "supplier")
    visitor = person(officer, "Elena Sokolova", "RU")
    deemed_export(officer, make_know_how(officer), visitor)
    client.force_login(officer)
    assert "XLD400 dilution refrigerator" in client.get(supplier.get_absolute_url()).content.decode()
    assert (
        "Deemed export of Cryostat development know-how"
        in client.get(visitor.get_absolute_url()).content.decode()
    )
