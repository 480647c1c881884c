"""The OFAC remarks grammar and the publishers' date forms, item by item."""

from __future__ import annotations

import pytest

from qgov.screening.entities import Identifier
from qgov.screening.sources.dates import parse_dates
from qgov.screening.sources.remarks import parse_remarks, split_country


@pytest.mark.parametrize(
    ("written", "dates"),
    [
        ("12 Jan 1962", ("1962-01-12",)),
        ("Sep 1938", ("1938-09",)),
        ("1946", ("1946",)),
        ("circa 1960", ("1960",)),
        ("circa 07 Jul 1966", ("1966-07-07",)),
        ("1960 to 1962", ("1960", "1961", "1962")),
        ("01 Jan 1961 to 31 Dec 1962", ("1961", "1962")),
        ("Mar 1962 to Feb 1963", ("1962", "1963")),
        ("circa 1979-1982", ("1979", "1980", "1981", "1982")),
        ("1968-02-11", ("1968-02-11",)),
        ("31 Feb 1962", ("1962-02",)),  # no such day: the month is what is known
        ("1900 to 1990", ("1900", "1990")),  # not a plausible range: only its ends
        ("unknown", ()),
        ("", ()),
    ],
)
def test_date_forms(written: str, dates: tuple[str, ...]) -> None:
    assert parse_dates(written) == dates


def test_person_remarks() -> None:
    details = parse_remarks(
        "DOB 12 Jan 1962; alt. DOB circa 1960; POB Tehran, Iran; nationality Iran; citizen Korea, North; "
        "Gender Male; Passport G 649385 (Iran) issued 08 Sep 2006 expires 17 Jul 2011; "
        "National ID No. 660000 73767 (Belgium); a.k.a. 'ABU ALI'; f.k.a. 'OLD NAME'; "
        "Linked To: SOME COMPANY LTD."
    )
    assert details.birth_dates == ["1962-01-12", "1960"]
    assert details.places_of_birth == ["Tehran, Iran"]
    assert details.nationalities == ["IR"]
    assert details.citizenships == ["KP"]
    assert details.genders == ["male"]
    assert details.identifiers == [
        Identifier("Passport", "G 649385", "IR"),
        Identifier("National ID No.", "660000 73767", "BE"),
    ]
    assert details.weak_names == ["ABU ALI", "OLD NAME"]
    assert details.linked_to == ["SOME COMPANY LTD"]


def test_company_and_vessel_remarks() -> None:
    details = parse_remarks(
        "Website www.example.ir; Email Address info@example.ir; Organization Established Date 17 Dec 2016; "
        "Tax ID No. 52-2083095 (United States); Vessel Registration Identification IMO 9187629; "
        "Identification Number IMO 5342883; Company Number IMO 5055293; MMSI 572469210; "
        "Digital Currency Address - XBT 12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h; "
        "Nationality of Registration Korea, North; Telephone (98)(21)(66153220)."
    )
    assert details.established == ["2016-12-17"]
    assert details.registration_countries == ["KP"]
    assert details.identifiers == [
        Identifier("Website", "www.example.ir"),
        Identifier("Email Address", "info@example.ir"),
        Identifier("Tax ID No.", "52-2083095", "US"),
        Identifier("IMO", "9187629"),
        Identifier("IMO", "5342883"),
        Identifier("IMO Company Number", "5055293"),
        Identifier("MMSI", "572469210"),
        Identifier("Digital Currency Address - XBT", "12QtD5BFwRsdNsAZY76UVE1xyCGNTojH9h"),
        Identifier("Telephone", "(98)(21)(66153220)"),
    ]


def test_quoted_names_keep_inner_apostrophes() -> None:
    details = parse_remarks("a.k.a. ''FOOPIE''; a.k.a. ''ABD AL-MUHSI'; a.k.a. 'ABDEL' AZIZ BEN NARVAN'.")
    assert details.weak_names == ["FOOPIE", "'ABD AL-MUHSI", "ABDEL' AZIZ BEN NARVAN"]


def test_free_text_items_are_not_identifiers() -> None:
    details = parse_remarks(
        "Additional Sanctions Information - Subject to Secondary Sanctions; "
        "Secondary sanctions risk: See Section 11 of Executive Order 14024.; ICTY indictee."
    )
    assert details.identifiers == []
    assert details.weak_names == []


def test_unresolvable_nationality_is_kept_as_written() -> None:
    details = parse_remarks("nationality possibly Palestinian; nationality Palestinian")
    assert details.nationalities == ["PS"]
    assert details.unresolved_countries == ["possibly Palestinian"]


@pytest.mark.parametrize(
    ("written", "split"),
    [
        ("0582030 (Connecticut) (United States)", ("0582030", "US")),
        ("186785 (Abogado) (Colombia)", ("186785", "CO")),
        ("467323, Doc. 694710 (Panama)", ("467323, Doc. 694710", "PA")),
        ("AIMM67125HCHRRG06 (Mexico) issued 1968", ("AIMM67125HCHRRG06", "MX")),
        ("PS 472330208 (Korea, North) expires 04 Jul 2017", ("PS 472330208", "KP")),
        ("1023409321", ("1023409321", None)),
    ],
)
def test_value_and_country_of_an_identifier(written: str, split: tuple[str, str | None]) -> None:
    assert split_country(written) == split
