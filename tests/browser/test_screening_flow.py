"""A compliance officer imports a list, registers a party that matches, and dismisses the alert.

Import the OFAC excerpt through the web page, add a supplier that is on it, find the alert in the
inbox, record a false positive with a reason, and read the disposition's ledger entry.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from qgov.core.roles import Role
from qgov.screening.demo import DEMO_LIST
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_import_a_list_see_the_alert_dismiss_it_and_find_it_in_the_ledger(page, make_user):
    make_user(Role.COMPLIANCE_OFFICER, "carla")
    log_in(page, "carla", PASSWORD)
    menu = page.get_by_role("navigation", name="Main")

    menu.get_by_role("link", name="Lists", exact=True).click()
    page.get_by_role("link", name="Import a list").click()
    page.get_by_label("List files").set_input_files(sorted(str(p) for p in DEMO_LIST.iterdir()))
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("heading", name=re.compile(r"us-ofac-sdn version 1"))).to_be_visible()
    expect(page.get_by_text("31 entries, 31 added, 0 changed, 0 removed")).to_be_visible()

    menu.get_by_role("link", name="Parties", exact=True).click()
    page.get_by_role("link", name="Add").click()
    page.get_by_label("Name").fill("Beijing Alite Technologies Co. Ltd.")
    page.locator("#id_countries-0-country").select_option("CN")
    page.locator("#id_countries-0-role").select_option("incorporation")
    page.get_by_role("button", name="Save").click()
    screening = page.get_by_role("region", name="Screening")
    expect(screening.get_by_text("1 alert to review")).to_be_visible()

    menu.get_by_role("link", name="Alerts", exact=True).click()
    inbox = page.locator("#object-table")
    expect(inbox.get_by_role("cell", name="BEIJING ALITE TECHNOLOGIES CO., LTD. 9750")).to_be_visible()
    inbox.get_by_role("link", name=re.compile("Beijing Alite Technologies")).click()
    expect(page.get_by_role("heading", name=re.compile("Alert: Beijing Alite"))).to_be_visible()
    expect(page.get_by_role("region", name="Listed entry")).to_contain_text("NPWMD")

    page.get_by_label("False positive").check()
    page.get_by_label("Reason").fill(
        "A different company: registry extract shows another address in Shenzhen."
    )
    page.get_by_role("button", name="Record disposition").click()
    expect(page.get_by_text(re.compile(r"Recorded: false positive \(ledger entry #\d+\)"))).to_be_visible()

    dispositions = page.get_by_role("region", name="Dispositions")
    expect(dispositions.get_by_role("cell", name="False positive")).to_be_visible()
    dispositions.get_by_role("link", name=re.compile(r"#\d+")).click()
    expect(page.get_by_role("heading", name=re.compile(r"Ledger entry #\d+"))).to_be_visible()
    entry = page.locator("pre.json")
    expect(entry).to_contain_text('"action": "screening.disposition"')
    expect(entry).to_contain_text('"decision": "false_positive"')
    expect(entry).to_contain_text('"actor": "user:carla"')
    expect(entry).to_contain_text('"entity_id": "9750"')

    menu.get_by_role("link", name="Alerts", exact=True).click()
    expect(page.locator("#object-table")).to_contain_text("0 results")  # the inbox is empty again
