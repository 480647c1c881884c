"""The 15 CFR 743.8 reports, made from the releases the register recorded.

§ 743.8(a): deemed exports and reexports under General Order No. 6(f)(3) to foreign persons whose most
recent citizenship or permanent residency is in Country Group D:1 or D:5 are reported. § 743.8(d): after
the first report (6 Sept to 28 Oct 2024, due 5 Nov 2024) each report covers the period ending 31
December and is due by 1 February. § 743.8(e): a termination report is due within 30 days of the
person's last day. § 743.8(c) lists the contents; the rows below carry those the platform holds and
say "not held in qgov" for the rest. Releases to grandfathered persons are listed as recommended
(the texts do not say whether they must be reported; the reference's conservative choice).

Interpretation: a release continuing into the period (a person still employed) belongs to the
period's report, so the annual report lists every release active at some time during the period.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from qgov.exportcontrol.choices import ReportDuty
from qgov.exportcontrol.models import Release
from qgov.parties.choices import CountryRole, RelationshipType

# § 743.8(d), eCFR 2026-09-24 (reference §4.5): the first report and the regular deadline.
FIRST_PERIOD = (dt.date(2024, 9, 6), dt.date(2024, 10, 28))
FIRST_DUE = dt.date(2024, 11, 5)
NOT_HELD = "not held in qgov"
SUBMIT = "by e-mail to EAR.Reports@bis.doc.gov, subject 'Quantum General License Report' (15 CFR 743.8(f))"


class ReportError(ValueError):
    """A report that cannot be made (a year before the reporting duty existed)."""


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    due: dt.date


def period_for(year: int) -> Period:
    """The annual report period ending 31 December of `year`, due 1 February of the next year."""
    if year < FIRST_PERIOD[0].year:
        raise ReportError(f"there are no 15 CFR 743.8 reports before 2024 (asked for {year})")
    start = FIRST_PERIOD[1] + dt.timedelta(days=1) if year == FIRST_PERIOD[0].year else dt.date(year, 1, 1)
    return Period(start, dt.date(year, 12, 31), dt.date(year + 1, 2, 1))


@dataclass
class Report:
    year: int
    period: Period
    annual: list[dict[str, Any]] = field(default_factory=list)
    termination: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "period": {"start": self.period.start.isoformat(), "end": self.period.end.isoformat()},
            "due": self.period.due.isoformat(),
            "submit": SUBMIT,
            "annual": self.annual,
            "termination": self.termination,
            "notes": self.notes,
        }


def _countries(party: Any, *roles: str) -> str:
    return ", ".join(sorted({c.country for c in party.countries.all() if c.role in roles})) or NOT_HELD


def _address(party: Any) -> str:
    if party is None:
        return NOT_HELD
    addresses = [str(a) for a in party.addresses.all()]
    return "; ".join(addresses) or NOT_HELD


def _employer(person: Any) -> str:
    employers = [
        f"{r.target.name}" + (f" (since {r.since.isoformat()})" if r.since else "")
        for r in person.relationships_out.filter(type=RelationshipType.EMPLOYEE_OF).select_related("target")
    ]
    return "; ".join(employers) or NOT_HELD


def _contact(release: Release) -> str:
    user = release.transaction_check.requested_by
    if user is None:
        return release.transaction_check.requested_by_name or NOT_HELD
    name = user.get_full_name() or user.get_username()
    return f"{name} <{user.email}>" if user.email else name


def _row(release: Release) -> dict[str, Any]:
    """One release with the § 743.8(c) contents; company name and address on every row (every page)."""
    check, person, item = release.transaction_check, release.person, release.item
    entity = release.releasing_entity
    identifiers = "; ".join(str(i) for i in person.identifiers.all()) or NOT_HELD
    return {
        "company": entity.name if entity else NOT_HELD,
        "company_address": _address(entity),
        "point_of_contact": _contact(release),
        "duty": release.duty,
        "item": item.name,
        "technology_or_software": f"{item.name} ({item.get_item_kind_display().lower()})"
        + (f": {item.description}" if item.description else ""),
        "eccns": ", ".join(release.eccns) or NOT_HELD,
        "end_item_eccns": ", ".join(item.for_entries or []) or NOT_HELD,
        "authorisation": release.authorisation or NOT_HELD,
        "person": person.name,
        "birth_date": person.birth_date or NOT_HELD,
        "citizenship": _countries(person, CountryRole.CITIZENSHIP, CountryRole.NATIONALITY),
        "permanent_residence": _countries(person, CountryRole.RESIDENCE),
        "most_recent_country": release.country,
        "identifiers": identifiers,
        "employer": _employer(person),
        "release_started": release.started_on.isoformat(),
        "last_day": release.last_day.isoformat() if release.last_day else "",
        "check": str(check.pk),
    }


def _termination_row(release: Release, today: dt.date) -> dict[str, Any]:
    due = release.termination_due
    assert due is not None and release.last_day is not None
    entity = release.releasing_entity
    if release.termination_reported_on:
        state = "submitted" + (" late" if release.termination_reported_on > due else "")
    else:
        state = "overdue" if today > due else "due"
    return {
        "company": entity.name if entity else NOT_HELD,
        "company_address": _address(entity),
        "person": release.person.name,
        "host": entity.name if entity else NOT_HELD,
        "last_day": release.last_day.isoformat(),
        "due": due.isoformat(),
        "leaving_for": release.get_leaving_for_display(),
        "state": state,
        "submitted_on": release.termination_reported_on.isoformat()
        if release.termination_reported_on
        else "",
        "release": str(release.pk),
    }


def _releases() -> Any:
    return Release.objects.select_related(
        "person", "item", "releasing_entity", "transaction_check__requested_by"
    ).prefetch_related("person__countries", "person__identifiers", "releasing_entity__addresses")


def report_743_8(year: int, today: dt.date | None = None) -> Report:
    """The annual report for `year` and the termination reports whose person left in or before it."""
    period = period_for(year)
    today = today or dt.date.today()
    report = Report(year, period)
    active = (
        _releases()
        .filter(started_on__lte=period.end)
        .filter(Q(last_day__isnull=True) | Q(last_day__gte=period.start))
    )
    report.annual = [_row(release) for release in active.order_by("started_on", "person__name")]
    ended = (
        _releases()
        .filter(last_day__isnull=False, last_day__lte=period.end)
        .filter(Q(termination_reported_on__isnull=True) | Q(last_day__gte=period.start))
    )
    report.termination = [_termination_row(release, today) for release in ended.order_by("last_day")]
    if year == FIRST_PERIOD[0].year:
        report.notes.append(
            f"The first report covered {FIRST_PERIOD[0].isoformat()} to {FIRST_PERIOD[1].isoformat()} and "
            f"was due {FIRST_DUE.isoformat()} (15 CFR 743.8(d)); this one covers the rest of 2024."
        )
    if any(row["duty"] == ReportDuty.RECOMMENDED for row in report.annual):
        report.notes.append(
            "Rows marked 'recommended' are releases to grandfathered persons (15 CFR 742.4(a)(5)(ii)(A)): "
            "the texts do not say whether they must be reported; the conservative choice is to report them."
        )
    return report


def termination_reports_due() -> list[Release]:
    """Releases whose termination report is not yet recorded, soonest deadline first."""
    return list(
        _releases().filter(last_day__isnull=False, termination_reported_on__isnull=True).order_by("last_day")
    )


ANNUAL_COLUMNS = [
    "company",
    "company_address",
    "point_of_contact",
    "duty",
    "technology_or_software",
    "eccns",
    "end_item_eccns",
    "authorisation",
    "person",
    "birth_date",
    "citizenship",
    "permanent_residence",
    "most_recent_country",
    "identifiers",
    "employer",
    "release_started",
    "last_day",
    "check",
]
TERMINATION_COLUMNS = [
    "company",
    "company_address",
    "person",
    "host",
    "last_day",
    "due",
    "leaving_for",
    "state",
    "submitted_on",
    "release",
]


def report_csv(report: Report) -> str:
    """Both parts in one CSV: a 'report' column says annual or termination; each has its own columns."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["report", "period_start", "period_end", "due", *ANNUAL_COLUMNS])
    for row in report.annual:
        writer.writerow(
            [
                "annual",
                report.period.start,
                report.period.end,
                report.period.due,
                *(row[c] for c in ANNUAL_COLUMNS),
            ]
        )
    writer.writerow([])
    writer.writerow(["report", *TERMINATION_COLUMNS])
    for row in report.termination:
        writer.writerow(["termination", *(row[c] for c in TERMINATION_COLUMNS)])
    return out.getvalue()
