"""A compliance officer registers an item from its datasheet, confirms its classification, checks a
deemed export to a visitor, and finds both decisions in the ledger."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from qgov.core.roles import Role
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def officer_and_world(make_user):
    """The officer, the company's know-how (technology for 3A904) and a visiting researcher from Russia."""
    from qgov.exportcontrol.services.items import ItemData, create_item
    from qgov.parties.services import PartyData, create_party

    officer = make_user(Role.COMPLIANCE_OFFICER, "carla")
    create_item(
        officer,
        ItemData(
            name="Cryostat development know-how",
            item_kind="technology",
            for_entries=["3A904"],
            purpose="development",
            origin_country="US",
        ),
    )
    create_party(officer, PartyData(name="Elena Sokolova", kind="person", countries=[("RU", "citizenship")]))
    return officer


def test_item_from_datasheet_classified_confirmed_then_a_deemed_export_checked(page, officer_and_world):
    log_in(page, "carla", PASSWORD)
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Items", exact=True).click()
    page.get_by_role("link", name="Add").click()

    page.get_by_label("Name").fill("XLD400 dilution refrigerator")
    page.get_by_label("Category").select_option(label="Cryogenic cooling system")
    power = page.get_by_label("cooling power", exact=True)
    expect(power).to_be_visible()  # the parameter rows of the category, swapped in by HTMX
    power.fill("1000 kV")  # a slip: the wrong unit
    page.get_by_label("cooling power: source").select_option(label="Datasheet")
    page.get_by_label("cooling power: where in the source").fill("XLD400 datasheet rev. 3, p. 2")
    page.get_by_label("cooling power temperature", exact=True).fill("100 mK")
    page.get_by_label("sustained duration", exact=True).fill("72 h")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("tr.bad .field-error")).to_contain_text("1000 kV")  # in the parameter's own row

    page.get_by_label("cooling power", exact=True).fill("1000 uW")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name=re.compile("XLD400 dilution refrigerator"))).to_be_visible()

    entry = page.get_by_role("article", name="US-EAR 3A904.a")
    expect(entry).to_contain_text("Cryogenic cooling systems")
    power_row = entry.get_by_role("row").filter(has_text="cooling_power").first
    expect(power_row).to_contain_text(">=")
    expect(power_row).to_contain_text("600 uW")
    expect(power_row).to_contain_text("1000 uW")
    expect(power_row).to_contain_text("met")
    expect(entry).to_contain_text("verified text")

    page.get_by_role("button", name="Confirm classification").click()
    expect(page.get_by_text("confirmed and recorded in the ledger")).to_be_visible()
    history = page.get_by_role("region", name="Classification history")
    expect(history).to_contain_text("Confirmed as proposed")

    nav.get_by_role("link", name="Transaction checks").click()
    page.get_by_role("link", name="Add").click()
    page.get_by_label(re.compile(r"^Item")).select_option(label="Cryostat development know-how")
    page.get_by_label("Transaction").select_option(label="Deemed export")
    page.get_by_label("From", exact=True).select_option("US")
    page.get_by_label("Recipient").select_option(label="Elena Sokolova")
    page.get_by_label("A prohibited party (screened outside qgov)?").select_option(label="No")
    page.get_by_label("Published (15 CFR 734.7)?").select_option(label="No")
    page.get_by_label("Fundamental research to be published (15 CFR 734.8)?").select_option(label="No")
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_role("heading", name="Outcome: Blocked")).to_be_visible()
    expect(page.get_by_text("Step 6.1: Destination RU")).to_be_visible()

    nav.get_by_role("link", name="Decisions").click()
    table = page.locator("#object-table")
    expect(table.get_by_role("cell", name="exportcontrol.classification")).to_be_visible()
    expect(table.get_by_role("cell", name="exportcontrol.transaction_check")).to_be_visible()
