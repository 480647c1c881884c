"""Licensing tables: exact content where the reference gives it, refusal of bad files, versions by date."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from qgov.exportcontrol.licensing import determine
from qgov.exportcontrol.tablefields import TableError
from qgov.exportcontrol.tables import load_licensing_tables
from qgov.exportcontrol.tests.licensing_support import (
    ATOMIC_CLOCK,
    QUANTUM_COMPUTER,
    copy_rulepacks,
    hand_classification,
    transaction,
)

TODAY = dt.date(2026, 11, 21)

# shared/reference/export-controls.md §5 (15 CFR 740 Supp. No. 1, eCFR 2026-07-23)
REFERENCE_GROUPS = {
    "A:1": "AR AT AU BE BG CA CH CZ DE DK EE ES FI FR GB GR HR HU IE IN IS IT JP KR LT LU LV MX NL NO NZ PL "
    "PT RO "
    "SE SI SK TR US ZA",
    "A:5": "AE AR AT AU BE BG CA CH CZ DE DK EE ES FI FR GB GR HR HU IE IN IS IT JP KR LT LU LV NL NO NZ PL "
    "PT RO SE "
    "SI SK TR",
    "A:6": "AL CY IL MT MX SG TW ZA",
    "D:1": "AM AZ BY CN GE IQ KG KH KP KZ LA LY MD MM MN MO NI RU TJ TM UZ VE VN YE",
    "D:5": "AF BY CD CF CN CU ER HT IQ IR KP LB LY MM NI RU SD SO SS SY VE ZW",
    "E:1": "IR KP SY",
    "E:2": "CU",
}


def shipped() -> dict[str, object]:
    return {"tables": load_licensing_tables().in_force(TODAY)}


def test_740_supp_1_country_groups_are_exactly_the_reference() -> None:
    groups = load_licensing_tables().in_force(TODAY).country_groups
    assert groups is not None
    assert {name: set(members) for name, members in groups.groups.items()} == {
        name: set(members.split()) for name, members in REFERENCE_GROUPS.items()
    }
    assert [len(groups.groups[name]) for name in REFERENCE_GROUPS] == [40, 38, 8, 24, 22, 3, 1]


def test_740_supp_1_macau_is_in_D1_but_not_D5() -> None:
    groups = load_licensing_tables().in_force(TODAY).country_groups
    assert groups is not None and groups.groups_of("MO") == ("D:1",)


def test_740_supp_1_uae_is_in_A5_not_A1() -> None:
    groups = load_licensing_tables().in_force(TODAY).country_groups
    assert groups is not None and groups.groups_of("AE") == ("A:5",)


def test_738_supp_1_chart_marks_as_far_as_the_reference_gives_them() -> None:
    tables = load_licensing_tables().in_force(TODAY)
    chart, groups = tables.country_chart, tables.country_groups
    assert chart is not None and groups is not None
    assert [chart.is_marked("NS1", c, groups) for c in ("AU", "CA", "GB", "DE", "CN")] == [
        False,
        False,
        False,
        True,
        True,
    ]
    assert [chart.is_marked("NS2", c, groups) for c in ("LI", "US", "ZA", "SG", "CN")] == [
        False,
        False,
        False,
        True,
        True,
    ]
    assert [chart.is_marked("MT1", c, groups) for c in ("GB", "IN")] == [False, True]
    assert [chart.is_marked("AT1", c, groups) for c in ("CU", "IR", "KP", "SY", "RU")] == [True] * 4 + [False]
    assert chart.is_marked("NP1", "CN", groups) is None  # not given in the reference: unknown
    assert chart.columns["NS1"].check_the_chart and chart.columns["MT1"].check_the_chart
    assert chart.part_746_rows == {"CU", "IR", "KP", "SY"}


def test_740_24_c_iec_table_is_modelled_and_ships_empty_with_status_unknown() -> None:
    iec = load_licensing_tables().in_force(TODAY).iec
    assert iec is not None
    assert iec.entries == {} and iec.header.text_status == "unknown"
    assert iec.header.version == dt.date(2024, 9, 17)
    assert iec.eligible("4A906.a.2", "JP") is None


def test_740_24_a_verified_iec_table_would_answer_per_entry_and_destination(tmp_path: Path) -> None:
    directory = copy_rulepacks(tmp_path)
    path = directory / "us-ear" / "iec-2025-01-01.yaml"
    document = yaml.safe_load((directory / "us-ear" / "iec-2024-09-17.yaml").read_text())
    document.update(
        version="2025-01-01",
        effective_from="2025-01-01",
        text_status="verified",
        entries={"4A906": ["JP", "GB"], "4A906.a.2": ["JP"]},
    )
    path.write_text(yaml.safe_dump(document))
    tables = load_licensing_tables(directory)
    japan = determine(transaction(QUANTUM_COMPUTER, destination="JP"), tables=tables).to_json()
    britain = determine(transaction(QUANTUM_COMPUTER, destination="GB"), tables=tables).to_json()
    assert [a["available"] for a in japan["licence_exceptions"] if a["code"] == "IEC"] == [True]
    assert [a["available"] for a in britain["licence_exceptions"] if a["code"] == "IEC"] == [
        False
    ]  # a.2 is JP only
    older = determine(
        transaction(QUANTUM_COMPUTER, destination="JP"), tables=tables, on=dt.date(2024, 12, 31)
    )
    assert [a.available for a in older.licence_exceptions if a.code == "IEC"] == [None]


def test_746_embargo_table_lists_the_part_746_destinations_and_ukraine_as_a_region() -> None:
    embargoes = load_licensing_tables().in_force(TODAY).embargoes
    assert embargoes is not None
    assert set(embargoes.destinations) == {"CU", "IR", "KP", "SY", "RU", "BY"}
    assert embargoes.region_in("UA") is not None and "UA" not in embargoes.destinations
    assert embargoes.header.text_status == "unverified_text"


def test_every_licence_record_has_a_citation() -> None:
    us = load_licensing_tables().in_force(TODAY).us_licensing
    assert us is not None
    for record in us.eccns.values():
        assert re.match(r"15 CFR 774 Supp\. No\. 1, ECCN \w{5}$", record.citation)
        assert all(rule.citation for rule in record.exceptions)
    assert set(us.eccns) >= {
        "3A901",
        "3A904",
        "3B903",
        "3B904",
        "3C907",
        "3C908",
        "3C909",
        "3D901",
        "3E901",
        "4A906",
        "4D906",
        "4E906",
        "3A002",
        "5A002",
        "6A006",
        "6A007",
    }


def test_shipped_versions_are_reported_with_every_determination() -> None:
    result = determine(transaction(QUANTUM_COMPUTER)).to_json()
    assert result["tables"]["US-EAR country_groups"] == "2026-07-23"
    assert result["tables"]["US-EAR iec"] == "2024-09-17"
    assert result["tables"]["US-EAR licensing"] == "2026-09-24"
    assert result["rule_packs"]["US-EAR"] == "2026-07-23"


# --- versions by date ---------------------------------------------------------------------------------------


def test_the_group_version_in_force_on_the_date_is_used(tmp_path: Path) -> None:
    directory = copy_rulepacks(tmp_path)
    source = directory / "us-ear" / "country-groups-2026-07-23.yaml"
    document = yaml.safe_load(source.read_text())
    a5 = document["groups"]["A:5"]
    a5["members"].remove("AE")
    a5["count"] = 37
    document.update(version="2026-12-01", effective_from="2026-12-01")
    document["source"]["date_read"] = "2026-12-01"
    (directory / "us-ear" / "country-groups-2026-12-01.yaml").write_text(yaml.safe_dump(document))
    tables = load_licensing_tables(directory)
    before = determine(transaction(QUANTUM_COMPUTER, destination="AE"), tables=tables).to_json()
    after = determine(
        transaction(QUANTUM_COMPUTER, destination="AE", date="2026-12-01"), tables=tables
    ).to_json()
    assert (before["review_policy"], before["tables"]["US-EAR country_groups"]) == (
        "presumption_of_approval",
        "2026-07-23",
    )
    assert (after["review_policy"], after["tables"]["US-EAR country_groups"]) == (
        "case_by_case",
        "2026-12-01",
    )


def test_89_fr_72926_an_eccn_not_yet_in_force_has_no_licence_rule(tmp_path: Path) -> None:
    directory = copy_rulepacks(tmp_path)
    for name in (
        "licensing-2026-09-24.yaml",
        "country-groups-2026-07-23.yaml",
        "country-chart-2026-07-23.yaml",
    ):
        path = directory / "us-ear" / name
        path.write_text(path.read_text().replace("effective_from: 2024-09-06", "effective_from: 2024-01-01"))
    tables = load_licensing_tables(directory)
    day = dt.date(2024, 9, 5)
    quantum = determine(
        transaction(QUANTUM_COMPUTER), classification=hand_classification("4A906.a.2"), on=day, tables=tables
    ).to_json()
    assert quantum["licence_required"] is None
    assert not any(c.startswith("15 CFR 742.4(a)(5)") for c in quantum["basis"])
    assert any(
        "ECCN 4A906 is not in force on 2024-09-05 (from 2024-09-06)" in r for r in quantum["review_reasons"]
    )
    clock = determine(
        transaction(ATOMIC_CLOCK, destination="CN"),
        classification=hand_classification("3A002.g.2"),
        on=day,
        tables=tables,
    ).to_json()
    assert clock["licence_required"] is True  # older entries keep their rule


# --- refusal of bad tables ---------------------------------------------------------------------------


def _break(tmp_path: Path, name: str, old: str, new: str) -> Path:
    directory = copy_rulepacks(tmp_path)
    path = directory / name
    text = path.read_text()
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1))
    return directory


@pytest.mark.parametrize(
    ("name", "old", "new", "message"),
    [
        (
            "us-ear/country-groups-2026-07-23.yaml",
            "[AL, CY,",
            "[UK, CY,",
            "'UK' is not an ISO 3166-1 alpha-2",
        ),
        (
            "us-ear/country-groups-2026-07-23.yaml",
            "count: 8",
            "count: 9",
            "count 9 does not match the 8 members",
        ),
        ("us-ear/country-groups-2026-07-23.yaml", "[AL, CY,", "[AL, AL, CY,", "lists AL more than once"),
        (
            "us-ear/country-groups-2026-07-23.yaml",
            "version: 2026-07-23",
            "version: 2026-07-24",
            "does not match the file name",
        ),
        (
            "us-ear/country-groups-2026-07-23.yaml",
            "text_status: verified",
            "text_status: sure",
            "'sure' is not one of",
        ),
        (
            "us-ear/country-chart-2026-07-23.yaml",
            'except_groups: ["A:1"]',
            'except_groups: ["A:9"]',
            "unknown country group 'A:9'",
        ),
        (
            "us-ear/country-chart-2026-07-23.yaml",
            "    marked: only\n",
            "    marked: some\n",
            "'some' is not one of",
        ),
        (
            "us-ear/iec-2024-09-17.yaml",
            "entries: {}",
            "entries: {4A906: [JP]}",
            "'unknown' must have no entries",
        ),
        (
            "us-ear/embargoes-2026-09-24.yaml",
            "  CU: {name: Cuba,",
            "  XX: {name: Cuba,",
            "'XX' is not an ISO",
        ),
        (
            "us-ear/licensing-2026-09-24.yaml",
            '    citation: "15 CFR 774 Supp. No. 1, ECCN 3A002"\n',
            "",
            "citation: must be non-empty text",
        ),
        (
            "us-ear/licensing-2026-09-24.yaml",
            "exception_sets: [series_900]",
            "exception_sets: [series_9000]",
            "unknown exception set 'series_9000'",
        ),
        (
            "us-ear/licensing-2026-09-24.yaml",
            'value: "2 pT/rtHz"',
            'value: "2 mGal"',
            "has the dimension of acceleration",
        ),
        (
            "us-ear/licensing-2026-09-24.yaml",
            "parameter: sensitivity",
            "parameter: sensitivty",
            "quantity parameter 'sensitivty'",
        ),
        (
            "us-ear/licensing-2026-09-24.yaml",
            "      NS: {column: NS2}",
            "      NS: {column: NS7}",
            "unknown Country Chart column 'NS7'",
        ),
        (
            "us-ear/licensing-2026-09-24.yaml",
            '    presumption_of_denial: ["D:1", "D:5"]',
            '    presumption_of_denial: ["D:1", "D:6"]',
            "unknown country group 'D:6'",
        ),
        (
            "us-ear/licensing-2026-09-24.yaml",
            "      NS: {worldwide: NS}",
            "      NS: {worldwide: XS}",
            "'XS' is not a worldwide requirement",
        ),
        (
            "us-ear/licensing-2026-09-24.yaml",
            "    availability: iec_table",
            "    availability: maybe",
            "'maybe' is not one of",
        ),
        (
            "us-ear/licensing-2026-09-24.yaml",
            "    series_900: true\n",
            "    series_900: true\n    serie_900: true\n",
            "unknown key(s) serie_900",
        ),
        (
            "uk/licensing-2024-04-01.yaml",
            "kind: all_destinations",
            "kind: everywhere",
            "'everywhere' is not one of",
        ),
        ("de/licensing-2024-07-23.yaml", "  region: EU\n", "  region: EEA\n", "unknown region 'EEA'"),
        (
            "de/licensing-2024-07-23.yaml",
            "except_general_authorisation: EU001",
            "except_general_authorisation: EU009",
            "unknown 'EU009'",
        ),
        (
            "uk/licensing-2024-04-01.yaml",
            "jurisdiction: UK",
            "jurisdiction: GB",
            "does not match the folder 'uk'",
        ),
        (
            "uk/licensing-2024-04-01.yaml",
            "format: qgov-licensing/1",
            "format: qgov-licensing/2",
            "must be 'qgov-licensing/1'",
        ),
    ],
)
def test_a_bad_table_is_refused_naming_file_and_field(
    tmp_path: Path, name: str, old: str, new: str, message: str
) -> None:
    directory = _break(tmp_path, name, old, new)
    with pytest.raises(TableError) as caught:
        load_licensing_tables(directory)
    assert message in str(caught.value)
    assert str(directory / name.split("/")[0]) in str(caught.value)


def test_a_table_that_is_not_yaml_is_refused_with_its_line(tmp_path: Path) -> None:
    directory = _break(tmp_path, "us-ear/embargoes-2026-09-24.yaml", "destinations:", "destinations: [")
    with pytest.raises(TableError, match=r"embargoes-2026-09-24.yaml: not valid YAML at line \d+"):
        load_licensing_tables(directory)


def test_two_versions_with_the_same_effective_date_are_refused(tmp_path: Path) -> None:
    directory = copy_rulepacks(tmp_path)
    source = directory / "us-ear" / "iec-2024-09-17.yaml"
    (directory / "us-ear" / "iec-2024-09-18.yaml").write_text(
        source.read_text().replace("version: 2024-09-17", "version: 2024-09-18")
    )
    with pytest.raises(TableError, match="same table and effective_from"):
        load_licensing_tables(directory)


def test_a_directory_without_us_licence_data_is_refused(tmp_path: Path) -> None:
    (tmp_path / "us-ear").mkdir()
    with pytest.raises(TableError, match=r"holds no licensing-<date>\.yaml"):
        load_licensing_tables(tmp_path)
