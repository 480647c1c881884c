"""FollowTheMoney JSON lines, written here as small synthetic entities (no FtM data is shipped)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qgov.screening.entities import EntityKind, Identifier, ListFormatError, NameType
from qgov.screening.sources import detect_format, load_list

PERSON = {
    "id": "q-person-1",
    "schema": "Person",
    "properties": {
        "name": ["Ivan Petrovich Sidorov"],
        "alias": ["Ivan Sidorov", "Иван Петрович Сидоров"],
        "weakAlias": ["Vanya"],
        "previousName": ["Ivan Petrov"],
        "birthDate": ["1971-03-05", "1972"],
        "nationality": ["ru"],
        "citizenship": ["Cyprus"],
        "passportNumber": ["7201234567"],
        "innCode": ["770123456789"],
        "gender": ["male"],
        "address": ["Tverskaya 1, Moscow, Russia"],
        "topics": ["sanction"],
        "program": ["RUSSIA-EO14024"],
        "notes": ["Synthetic entity for tests."],
    },
}
COMPANY = {
    "id": "q-company-1",
    "schema": "Company",
    "properties": {
        "name": ["Quantum Photonics Ltd", "QPL"],
        "jurisdiction": ["gb"],
        "leiCode": ["5299001234567890ABCD"],
        "registrationNumber": ["01234567"],
        "incorporationDate": ["2015-06"],
    },
}
VESSEL = {
    "id": "q-vessel-1",
    "schema": "Vessel",
    "properties": {"name": ["SEA STAR"], "imoNumber": ["9123456"]},
}
SANCTION = {"id": "q-sanction-1", "schema": "Sanction", "properties": {"entity": ["q-person-1"]}}
ADDRESS = {"id": "q-address-1", "schema": "Address", "properties": {"full": ["Tverskaya 1"]}}


def write_lines(path: Path, *records: object) -> Path:
    path.write_text(
        "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records), encoding="utf-8"
    )
    return path


def test_matchable_entities_are_read_and_others_skipped(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "entities.ftm.json", PERSON, SANCTION, COMPANY, ADDRESS, VESSEL)
    assert detect_format(path) == "ftm-jsonl"
    loaded = load_list(path)
    assert loaded.source == "ftm"
    assert loaded.format == "ftm-jsonl"
    assert [(item.source_id, item.kind) for item in loaded.entities] == [
        ("q-person-1", EntityKind.PERSON),
        ("q-company-1", EntityKind.ORGANIZATION),
        ("q-vessel-1", EntityKind.VESSEL),
    ]


def test_person_properties_land_in_the_list_entity(tmp_path: Path) -> None:
    (person,) = load_list(write_lines(tmp_path / "p.jsonl", PERSON)).entities
    assert [(name.text, name.type) for name in person.names] == [
        ("Ivan Petrovich Sidorov", NameType.PRIMARY),
        ("Ivan Sidorov", NameType.ALIAS),
        ("Иван Петрович Сидоров", NameType.ALIAS),
        ("Ivan Petrov", NameType.FORMER),
        ("Vanya", NameType.WEAK_ALIAS),
    ]
    assert person.birth_dates == ("1971-03-05", "1972")
    assert person.countries == ("RU", "CY")
    assert Identifier("Passport", "7201234567") in person.identifiers
    assert Identifier("INN", "770123456789") in person.identifiers
    assert person.addresses[0].text == "Tverskaya 1, Moscow, Russia"
    assert person.programmes == ("RUSSIA-EO14024", "sanction")
    assert person.remarks == "Synthetic entity for tests."
    assert ("gender", "male") in person.extra


def test_company_names_identifiers_and_incorporation(tmp_path: Path) -> None:
    (company,) = load_list(write_lines(tmp_path / "c.jsonl", COMPANY), source="opensanctions").entities
    assert company.source == "opensanctions"
    assert [name.text for name in company.names] == ["Quantum Photonics Ltd", "QPL"]
    assert company.countries == ("GB",)
    assert Identifier("LEI", "5299001234567890ABCD") in company.identifiers
    assert ("incorporation_date", "2015-06") in company.extra


def _error(path: Path) -> ListFormatError:
    with pytest.raises(ListFormatError) as caught:
        load_list(path)
    return caught.value


def test_broken_json_line_is_refused_with_its_line(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "e.jsonl", PERSON, COMPANY, VESSEL)
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[1] = lines[1].replace('"schema":', '"schema"', 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    error = _error(path)
    assert error.line == 2
    assert error.reason.startswith("not valid JSON: Expecting ':' delimiter")


def test_file_cut_in_its_last_line_is_refused_as_truncated(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "e.jsonl", PERSON, COMPANY)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 20])
    error = _error(path)
    assert error.line == 2
    assert error.reason == "the last line is cut off: the file is truncated"


def test_entity_without_id_or_with_a_bad_property_is_refused(tmp_path: Path) -> None:
    no_id = {key: value for key, value in COMPANY.items() if key != "id"}
    assert _error(write_lines(tmp_path / "a.jsonl", PERSON, no_id)).reason == "entity without an 'id'"
    bad_property = {"id": "x", "schema": "Company", "properties": {"name": "Not a list"}}
    error = _error(write_lines(tmp_path / "b.jsonl", bad_property))
    assert (error.line, error.reason) == (1, "property 'name' is not a list of strings")


def test_repeated_id_is_refused(tmp_path: Path) -> None:
    error = _error(write_lines(tmp_path / "d.jsonl", PERSON, COMPANY, PERSON))
    assert (error.line, error.reason) == (3, "id q-person-1 already appears on line 1")


def test_bytes_invalid_in_utf8_are_refused(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "u.jsonl", PERSON, COMPANY)
    path.write_bytes(path.read_bytes().replace(b"Quantum", b"Qu\xe4ntum"))
    error = _error(path)
    assert error.line == 2
    assert error.reason.startswith("byte 0xe4 at column")
