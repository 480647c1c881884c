"""15 CFR 743.8 reports generated from the recorded releases."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError

from qgov.exportcontrol.reports import (
    ReportError,
    period_for,
    report_743_8,
    report_csv,
    termination_reports_due,
)
from qgov.exportcontrol.services.releases import end_release, record_termination_report
from qgov.exportcontrol.tests.platform_support import DAY, deemed_export, make_know_how, organisation, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def releases(officer):
    know_how = make_know_how(officer)
    host = organisation(officer, "Helix Quantum Sensing Inc.", "US")
    new_hire = person(officer, "Chen Hao", "CN", employer=host, since=dt.date(2025, 2, 3))
    veteran = person(officer, "Li Wei", "CN", residence="DE", employer=host, since=dt.date(2023, 5, 2))
    visitor = person(officer, "Tomás Herrera", "ES")
    checks = {
        "new_hire": deemed_export(officer, know_how, new_hire, releasing_entity=host),
        "veteran": deemed_export(officer, know_how, veteran, releasing_entity=host, most_recent_country="CN"),
        "visitor": deemed_export(
            officer, know_how, visitor, releasing_entity=host
        ),  # limited exclusion: nothing to report
    }
    return {name: getattr(check, "release", None) for name, check in checks.items()}


def test_743_8_d_periods_end_31_december_and_are_due_1_february():
    assert period_for(2026) == period_for(2026).__class__(
        dt.date(2026, 1, 1), dt.date(2026, 12, 31), dt.date(2027, 2, 1)
    )
    assert period_for(2024).start == dt.date(2024, 10, 29)  # after the first report (6 Sept - 28 Oct 2024)
    with pytest.raises(ReportError, match="before 2024"):
        period_for(2023)


def test_743_8_a_c_annual_report_lists_go6_releases_with_the_contents_held(releases):
    assert releases["visitor"] is None
    report = report_743_8(DAY.year, today=DAY)
    rows = {row["person"]: row for row in report.annual}
    assert set(rows) == {"Chen Hao", "Li Wei"}
    chen = rows["Chen Hao"]
    assert chen["duty"] == "required" and chen["eccns"] == "3E901" and chen["end_item_eccns"] == "3A904"
    assert chen["company"] == "Helix Quantum Sensing Inc." and "Main Street 1" in chen["company_address"]
    assert chen["citizenship"] == "CN" and chen["birth_date"] == "1990"
    assert chen["employer"] == "Helix Quantum Sensing Inc. (since 2025-02-03)"
    assert chen["point_of_contact"] == "carla"
    assert chen["authorisation"].endswith("General Order No. 6(f)(3)")
    assert rows["Li Wei"]["duty"] == "recommended" and rows["Li Wei"]["permanent_residence"] == "DE"
    assert any("grandfathered" in note for note in report.notes)
    assert report.to_json()["due"] == "2027-02-01"
    assert report_743_8(DAY.year + 1, today=DAY).annual  # still employed: reported again next year
    assert not report_743_8(DAY.year - 1, today=DAY).annual


def test_743_8_e_termination_report_is_due_30_days_after_the_last_day(officer, releases):
    release = releases["new_hire"]
    with pytest.raises(ValidationError, match="before the release started"):
        end_release(officer, release, last_day=dt.date(2020, 1, 1))
    end_release(officer, release, last_day=dt.date(2026, 12, 15), leaving_for="d1_d5_employment")
    release.refresh_from_db()
    assert release.termination_due == dt.date(2027, 1, 14)
    assert termination_reports_due() == [release]
    row = report_743_8(2026, today=dt.date(2027, 1, 20)).termination[0]
    assert (row["person"], row["due"], row["state"]) == ("Chen Hao", "2027-01-14", "overdue")
    assert row["leaving_for"] == "Employment in a Country Group D:1 or D:5 country"
    record_termination_report(officer, release, submitted_on=dt.date(2027, 1, 10))
    assert termination_reports_due() == []
    row = report_743_8(2026, today=dt.date(2027, 1, 20)).termination[0]
    assert (row["state"], row["submitted_on"]) == ("submitted", "2027-01-10")
    next_year = [row["person"] for row in report_743_8(2027, today=DAY).annual]
    assert next_year == ["Li Wei"]  # Chen Hao left before 2027 started


def test_the_csv_puts_the_company_on_every_row(releases):
    text = report_csv(report_743_8(DAY.year, today=DAY))
    rows = [row for row in csv.reader(io.StringIO(text)) if row]
    annual = [row for row in rows if row[0] == "annual"]
    assert len(annual) == 2
    header = rows[0]
    assert all(row[header.index("company")] == "Helix Quantum Sensing Inc." for row in annual)
    assert all(row[header.index("due")] == "2027-02-01" for row in annual)
