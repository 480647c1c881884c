"""A compliance officer logs in, creates an organisation, finds it and sees its ledger entry."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from qgov.core.roles import Role
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_create_organisation_find_it_and_see_its_ledger_entry(page, make_user):
    make_user(Role.COMPLIANCE_OFFICER, "carla")
    log_in(page, "carla", PASSWORD)
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Parties", exact=True).click()
    page.get_by_role("link", name="Add").click()
    page.get_by_label("Name").fill("Bluefors Oy")
    page.get_by_label("Aliases").fill("Bluefors Cryogenics")
    page.locator("#id_countries-0-country").select_option("FI")
    page.locator("#id_countries-0-role").select_option("incorporation")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name=re.compile("Bluefors Oy"))).to_be_visible()
    expect(page.get_by_text("Created Bluefors Oy.")).to_be_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Parties", exact=True).click()
    page.get_by_label("Search").fill("bluefors cryo")  # an alias finds it; HTMX refreshes the table
    table = page.locator("#object-table")
    expect(table.get_by_role("link", name="Bluefors Oy")).to_be_visible()
    table.get_by_role("link", name="Bluefors Oy").click()

    ledger = page.get_by_role("region", name="Ledger entries")
    expect(ledger.get_by_role("cell", name="parties.create")).to_be_visible()
    ledger.get_by_role("link").first.click()
    expect(page.get_by_role("heading", name=re.compile(r"Ledger entry #\d+"))).to_be_visible()
    expect(page.locator("pre.json")).to_contain_text('"name": "Bluefors Oy"')
    expect(page.locator("pre.json")).to_contain_text('"actor": "user:carla"')


def test_validation_messages_name_the_field(page, make_user):
    make_user(Role.COMPLIANCE_OFFICER, "carla")
    log_in(page, "carla", PASSWORD)
    page.goto("/parties/new/")
    page.get_by_label("Name").fill("Nowhere Ltd")
    page.locator("#id_addresses-0-city").fill("Atlantis City")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("An address needs its country.")).to_be_visible()
