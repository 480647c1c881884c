"""The trade.gov Consolidated Screening List CSV read through the real parser."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from qgov.screening.entities import EntityKind, Identifier, ListEntity, ListFormatError, LoadedList, NameType
from qgov.screening.sources import detect_format, load_list
from qgov.screening.tests.shared_lists import CSL_2023, CSL_SAMPLE_2025, copy_file, entity, loaded, require

ENTITY_LIST = "Entity List (EL) - Bureau of Industry and Security"


@pytest.fixture(scope="module")
def csl_2023(tmp_path_factory: pytest.TempPathFactory) -> LoadedList:
    """The shipped 2023 file minus its last, cut-off record (see the truncation test below)."""
    lines = require(CSL_2023).read_bytes().split(b"\n")
    complete = tmp_path_factory.mktemp("csl") / "csl-2023-11-complete.csv"
    complete.write_bytes(b"\n".join(lines[:-1]) + b"\n")
    return load_list(complete)


def by_id(csl: LoadedList, source_id: str) -> ListEntity:
    (match,) = [item for item in csl.entities if item.source_id == source_id]
    return match


def test_shipped_2023_file_is_cut_mid_record_and_refused() -> None:
    # The copy in the shared data ends inside an address of SDN entry 11476: nothing of it is used.
    with pytest.raises(ListFormatError) as caught:
        load_list(require(CSL_2023))
    assert caught.value.path.endswith("csl-2023-11.csv")
    assert caught.value.line == 4233
    assert caught.value.reason == "a quoted field is never closed: the file is truncated"


def test_2023_file_skips_its_repeated_header_and_reads_every_entry(csl_2023: LoadedList) -> None:
    assert csl_2023.source == "us-csl"
    assert csl_2023.format == "trade-gov-csl-csv"
    assert len(csl_2023.entities) == 4226
    sub_lists = Counter(item.sub_list for item in csl_2023.entities)
    assert sub_lists[ENTITY_LIST] == 919
    assert sub_lists["Specially Designated Nationals (SDN) - Treasury Department"] == 1737
    assert sub_lists["Denied Persons List (DPL) - Bureau of Industry and Security"] == 577
    assert not any(item.primary_name == "name" for item in csl_2023.entities)


def test_entity_list_entry_with_its_alternative_names(csl_2023: LoadedList) -> None:
    casc = by_id(csl_2023, "5fe80d5c6a5cbba1082e18adeef87f1135482f525aee0cfa52ff8dea")
    assert casc.sub_list == ENTITY_LIST
    assert casc.kind is EntityKind.UNKNOWN
    assert [(name.text, name.type) for name in casc.names] == [
        ("China Aerospace Science and Technology Corporation (CASC)", NameType.PRIMARY),
        ("13th Institute", NameType.ALIAS),
        ("Beijing Institute of Aerospace Control Devices (BIACD)", NameType.ALIAS),
        ("230 Factory", NameType.ALIAS),
        # published as "; and Beijing Aerospace Times ...": the list's final "and" is not part of the name
        ("Beijing Aerospace Times Optical-Electronic Technology Co., Ltd.", NameType.ALIAS),
    ]
    assert casc.countries == ("CN",)
    assert casc.addresses[0].text == "No.1 Fengying East Road, Haidian District, Beijing, 100094, CN"
    assert ("federal_register_notice", "66 FR 24265; 84 FR 40241") in casc.extra


def test_one_ofac_entry_on_two_sub_lists_stays_two_entries(csl_2023: LoadedList) -> None:
    assert by_id(csl_2023, "17014:SSI").primary_name == "JOINT STOCK COMPANY RUSSIAN AGRICULTURAL BANK"
    assert (
        by_id(csl_2023, "17014:NS-MBS List").primary_name == "Joint Stock Company Russian Agricultural Bank"
    )
    assert len(csl_2023.warnings) == 1
    assert "7 _id values appear on several sub-lists" in csl_2023.warnings[0]


def test_sdn_individual_with_passport_nationality_and_birth_date() -> None:
    rim = entity(CSL_SAMPLE_2025, "52291")
    assert rim.kind is EntityKind.PERSON
    assert rim.primary_name == "RIM, Ryong Nam"
    assert rim.reference == "52291"
    assert rim.birth_dates == ("1978-12-05",)
    assert rim.identifiers == (Identifier("Passport", "836238033", "KP"),)
    assert rim.countries == ("KP", "CN")
    assert ("gender", "male") in rim.extra
    assert rim.programmes == ("NPWMD",)


def test_sample_2025_entity_list_names_and_addresses() -> None:
    sample = loaded(CSL_SAMPLE_2025)
    assert len(sample.entities) == 13
    cetc = entity(CSL_SAMPLE_2025, "99ed1b052fdb09695fae1ba87516d8a0882b0df04652e07aeb5ce7be")
    assert [name.text for name in cetc.names][-2:] == ["Hebei Semiconductor", "CETC Research Institute 13"]
    assert [address.text for address in cetc.addresses][:2] == [
        "113 Hezuo Road, Shijiazhuang, Hebei, China",
        "21 Changsheng Street, Shijiazhuang, Hebei, China",
    ]
    assert {address.country for address in cetc.addresses} == {"CN"}


def test_successor_clause_is_not_part_of_the_name() -> None:
    sinobright = entity(CSL_SAMPLE_2025, "233a4d725770c81fb561ffe3842c14010c2201971d6be62eca1e613b")
    assert sinobright.primary_name == "Sinobright Import and Export Company"
    assert sinobright.programmes == ("INKSNA",)
    assert (
        "name_as_published",
        "Sinobright Import and Export Company; and any successor, sub-unit, or subsidiary thereof",
    ) in sinobright.extra


def test_listing_facts_in_ids_are_not_identifiers() -> None:
    tnk = entity(CSL_SAMPLE_2025, "28603")
    assert tnk.identifiers == (
        Identifier("V.A.T. Number", "CHE-267.936.404", "CH"),
        Identifier("Business Registration Number", "CH-660.0.559.011-2", "CH"),
    )
    assert ("Executive Order 13662 Directive Determination", "Subject to Directive 4") in tnk.extra


# Malformed files built from the real sample.


def _lines(path: Path) -> list[bytes]:
    return path.read_bytes().split(b"\n")


def _error(path: Path) -> ListFormatError:
    with pytest.raises(ListFormatError) as caught:
        load_list(path)
    return caught.value


def test_header_repeated_inside_the_file_is_skipped(tmp_path: Path) -> None:
    path = copy_file(CSL_SAMPLE_2025, tmp_path)
    lines = _lines(path)
    path.write_bytes(b"\n".join([*lines[:6], lines[0], *lines[6:]]))
    assert len(load_list(path).entities) == 13


def test_missing_header_column_is_refused(tmp_path: Path) -> None:
    path = copy_file(CSL_SAMPLE_2025, tmp_path)
    lines = _lines(path)
    lines[0] = lines[0].replace(b",alt_names,", b",other_names,")
    path.write_bytes(b"\n".join(lines))
    error = _error(path)
    assert error.line == 1
    assert error.reason == "missing header columns: alt_names"


def test_row_with_a_column_too_few_is_refused(tmp_path: Path) -> None:
    path = copy_file(CSL_SAMPLE_2025, tmp_path)
    lines = _lines(path)
    lines[4] = lines[4].removesuffix(b',""')  # line 5 (PLC entry 9673) loses its empty last field
    path.write_bytes(b"\n".join(lines))
    error = _error(path)
    assert error.path.endswith("csl-sample-2025.csv")
    assert error.line == 5
    assert error.reason == "expected 29 fields separated by ',', found 28"


def test_file_cut_between_fields_is_refused_as_truncated(tmp_path: Path) -> None:
    path = copy_file(CSL_SAMPLE_2025, tmp_path)
    data = path.read_bytes()
    path.write_bytes(data[: data.index(b',"https://www.state.gov')])  # after the 21st field of line 2
    error = _error(path)
    assert error.line == 2
    assert error.reason == "the last record has 21 of 29 fields: the file is truncated"


def test_bytes_invalid_in_utf8_are_refused(tmp_path: Path) -> None:
    path = copy_file(CSL_SAMPLE_2025, tmp_path)
    path.write_bytes(path.read_bytes().replace(b"Atlas Sanatgaran", b"Atlas Sanatgar\xe1n"))
    error = _error(path)
    assert error.line == 3
    assert error.reason.startswith("byte 0xe1 at column")


def test_same_id_twice_in_one_sub_list_is_refused(tmp_path: Path) -> None:
    path = copy_file(CSL_SAMPLE_2025, tmp_path)
    lines = _lines(path)
    path.write_bytes(b"\n".join([*lines, lines[2]]) + b"\n")
    error = _error(path)
    assert error.line == 15
    assert error.reason.endswith("already appears on line 3")


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "csl.csv"
    path.write_bytes(b"\n\n")
    with pytest.raises(ListFormatError) as caught:
        detect_format(path)
    assert caught.value.reason == "the file is empty"


def test_enumeration_and_is_dropped_but_a_name_starting_with_and_is_kept(tmp_path: Path) -> None:
    path = copy_file(CSL_SAMPLE_2025, tmp_path)
    header, atlas = _lines(path)[0], _lines(path)[2]
    row = atlas.replace(b'"Atlas Sanatgaran"', b'"AND TECHNOLOGIES LTD"').replace(
        b'"Komitas 26/114, Yerevan, Armenia, AM"',
        b'"Komitas 26/114, Yerevan, AM; and 5 Abovyan St, Yerevan, AM"',
    )
    fields = row.split(b'","')
    fields[22] = b"ANDTECH; AND TECH LLC; and A.T.L. Co."  # alt_names
    path.write_bytes(header + b"\n" + b'","'.join(fields) + b"\n")
    (entry,) = load_list(path).entities
    assert [name.text for name in entry.names] == [
        "AND TECHNOLOGIES LTD",
        "ANDTECH",
        "AND TECH LLC",
        "A.T.L. Co.",
    ]
    assert [address.text for address in entry.addresses] == [
        "Komitas 26/114, Yerevan, AM",
        "5 Abovyan St, Yerevan, AM",
    ]
