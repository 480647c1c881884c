"""The demo company's export-control data: loads through the services, twice without duplicates."""

from __future__ import annotations

import pytest

from qgov.exportcontrol.models import ClassificationDecision, Item, Licence, Release, TransactionCheck
from qgov.site.demo import load_demo

pytestmark = pytest.mark.django_db


def test_demo_items_checks_and_licences_load_once_with_their_decisions():
    first = load_demo()
    assert first["exportcontrol_items_created"] == 6 and first["exportcontrol_checks_created"] == 4
    states = dict(Item.objects.values_list("reference", "classification_state"))
    assert states["HQS-JPA-8"] == "unconfirmed" and states["BF-XLD400"] == "confirmed"
    assert ClassificationDecision.objects.get(item__reference="HQS-MAGCTL").kind == "overridden"
    outcomes = {check.notes.split("]")[0][6:]: check.outcome for check in TransactionCheck.objects.all()}
    assert outcomes["visitor"] in ("blocked", "needs_review")  # needs review while screening alerts are open
    assert outcomes["new-hire"] == "allowed_no_licence"
    assert outcomes["grandfathered"] == "allowed_no_licence"
    assert outcomes["opm-to-gulf"] in ("allowed_licence", "needs_review")
    assert {r.duty for r in Release.objects.all()} == {"required", "recommended"}
    assert Licence.objects.get(reference="GO6(f)(3)").checks.count() == 1
    again = load_demo()
    assert (again["exportcontrol_items_created"], again["exportcontrol_checks_created"]) == (0, 0)
    assert TransactionCheck.objects.count() == 4
