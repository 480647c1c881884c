"""OFAC legacy CSV sets read through the real parser: the facts a compliance officer checks."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from qgov.screening.entities import EntityKind, Identifier, ListFormatError, NameType
from qgov.screening.sources import detect_format, load_list
from qgov.screening.tests.shared_lists import (
    OFAC_CONSOLIDATED_2025,
    OFAC_SAMPLE,
    OFAC_SDN_2021,
    copy_folder,
    entity,
    loaded,
)


def names_of(entry_type: NameType, source_id: str, path: Path = OFAC_SDN_2021) -> list[str]:
    return [name.text for name in entity(path, source_id).names if name.type == entry_type]


def test_sdn_2021_has_every_entry_with_its_kind() -> None:
    sdn = loaded(OFAC_SDN_2021)
    assert sdn.source == "us-ofac-sdn"
    assert sdn.format == "ofac-legacy-csv"
    assert len(sdn.entities) == 8976
    assert Counter(item.kind for item in sdn.entities) == {
        EntityKind.PERSON: 4620,
        EntityKind.ORGANIZATION: 3673,
        EntityKind.VESSEL: 406,
        EntityKind.AIRCRAFT: 277,
    }
    assert sorted(name for name, _ in sdn.file_sha256) == [
        "add.csv",
        "alt.csv",
        "sdn.csv",
        "sdn_comments.csv",
    ]
    assert sdn.warnings == ()


def test_consolidated_2025_is_its_own_list() -> None:
    consolidated = loaded(OFAC_CONSOLIDATED_2025)
    assert consolidated.source == "us-ofac-cons"
    assert len(consolidated.entities) == 442
    assert sum(item.kind is EntityKind.PERSON for item in consolidated.entities) == 79
    haniya = entity(OFAC_CONSOLIDATED_2025, "9639")
    assert haniya.primary_name == "HANIYA, Ismail Abdul Salah"
    assert haniya.programmes == ("NS-PLC",)
    assert haniya.birth_dates == ("1962",)


def test_individual_with_birth_dates_nationalities_passport_and_aliases() -> None:
    jarraya = entity(OFAC_SDN_2021, "7835")
    assert jarraya.kind is EntityKind.PERSON
    assert jarraya.primary_name == "JARRAYA, Khalil"
    assert names_of(NameType.ALIAS, "7835") == ["JARRAYA, Khalil Ben Ahmed Ben Mohamed"]
    assert "BEN NARVAN ABDEL AZIZ" in names_of(NameType.WEAK_ALIAS, "7835")
    assert "AMRO" in names_of(NameType.WEAK_ALIAS, "7835")
    assert jarraya.birth_dates == ("1969-02-08", "1970-08-15")
    assert ("nationality", "TN") in jarraya.extra
    assert ("nationality", "BA") in jarraya.extra
    assert Identifier("Passport", "K989895", "TN") in jarraya.identifiers
    assert [address.city for address in jarraya.addresses] == ["Bologna", "Bologna"]
    assert {address.country for address in jarraya.addresses} == {"IT"}
    assert jarraya.countries == ("TN", "BA", "IT")
    assert jarraya.programmes == ("SDGT",)
    assert ("place_of_birth", "Sfax, Tunisia") in jarraya.extra


def test_former_and_now_known_as_names_come_from_the_alias_table() -> None:
    assert "CORTEZ, Oliverio Abril" in names_of(NameType.FORMER, "4307")
    assert "NUEVO CONTINENTE S.A." in names_of(NameType.ALIAS, "8244")


def test_spill_over_remarks_are_joined_to_the_cut_remarks() -> None:
    # sdn.csv cuts TIAN Yinyin's remarks inside "a.k.a. 'snowsjo"; sdn_comments.csv continues "hn'; ..."
    tian = entity(OFAC_SDN_2021, "28263")
    assert "snowsjohn" in names_of(NameType.WEAK_ALIAS, "28263")
    assert ("linked_to", "LAZARUS GROUP") in tian.extra
    assert tian.remarks.endswith("a.k.a. 'snowsjohn'; Linked To: LAZARUS GROUP.")
    assert tian.programmes == ("DPRK3", "CYBER2")
    assert Identifier("Identification Number", "321284198607120616", "CN") in tian.identifiers
    cifuentes = entity(OFAC_SDN_2021, "12300")
    assert "Linked To: PROMO RAIZ S.A.S." in cifuentes.remarks
    assert cifuentes.birth_dates == ("1965-05-13", "1968-04-13", "1964-07-07")


def test_weak_alias_in_remarks_of_an_organisation() -> None:
    bank = entity(OFAC_SDN_2021, "306")
    assert [(name.text, name.type) for name in bank.names] == [
        ("BANCO NACIONAL DE CUBA", NameType.PRIMARY),
        ("NATIONAL BANK OF CUBA", NameType.ALIAS),
        ("BNC", NameType.WEAK_ALIAS),
    ]
    assert bank.kind is EntityKind.ORGANIZATION
    assert bank.countries == ("CH", "ES", "JP", "PA")


def test_vessels_carry_imo_mmsi_call_sign_and_flag() -> None:
    makran = entity(OFAC_SAMPLE, "40716")
    assert makran.kind is EntityKind.VESSEL
    assert Identifier("IMO", "9486910") in makran.identifiers
    assert makran.countries == ("IR",)
    assert ("vessel_type", "Naval Auxiliary Vessel") in makran.extra
    assert names_of(NameType.WEAK_ALIAS, "40716", OFAC_SAMPLE) == ["MAKRAN"]
    leader = entity(OFAC_SAMPLE, "47371")
    assert Identifier("Call Sign", "A8LU7", "GA") in leader.identifiers
    assert Identifier("IMO", "9339301") in leader.identifiers
    assert Identifier("MMSI", "636013272") in leader.identifiers


def test_aircraft_and_company_details() -> None:
    assert entity(OFAC_SAMPLE, "20540").kind is EntityKind.AIRCRAFT
    steel = entity(OFAC_SAMPLE, "44525")
    assert ("incorporation_date", "1998") in steel.extra
    assert Identifier("Tax ID No.", "52-2083095", "US") in steel.identifiers
    # "(Connecticut) (United States)": the state is not a country, the last part is.
    assert Identifier("Business Registration Number", "0582030", "US") in steel.identifiers
    assert steel.programmes == ("BELARUS-EO14038",)


def test_sample_skips_rows_of_entries_it_does_not_hold_with_a_warning() -> None:
    sample = loaded(OFAC_SAMPLE)
    assert len(sample.entities) == 17
    assert len(sample.warnings) == 2
    alt_warning, add_warning = sample.warnings
    assert "alt.csv: skipped 5 rows" in alt_warning
    assert "lines 1, 6, 10, 11, 15" in alt_warning
    assert "add.csv: skipped 4 rows" in add_warning


def test_primary_file_path_reads_the_whole_folder() -> None:
    assert detect_format(OFAC_SAMPLE / "sdn.csv") == "ofac-legacy-csv"
    assert len(load_list(OFAC_SAMPLE / "sdn.csv").entities) == 17


def test_source_name_can_be_overridden() -> None:
    renamed = load_list(OFAC_SAMPLE, source="ofac-sdn-excerpt")
    assert renamed.source == "ofac-sdn-excerpt"
    assert {item.source for item in renamed.entities} == {"ofac-sdn-excerpt"}


# Malformed sets: each one is a real set with one defect, refused with file, line and reason.


def _error(folder: Path) -> ListFormatError:
    with pytest.raises(ListFormatError) as caught:
        load_list(folder)
    return caught.value


def test_truncated_primary_file_is_refused(tmp_path: Path) -> None:
    folder = copy_folder(OFAC_SAMPLE, tmp_path)
    data = (folder / "sdn.csv").read_bytes()
    cut = data.index(b"Toledo District")  # inside the quoted remarks of the first record
    (folder / "sdn.csv").write_bytes(data[:cut])
    error = _error(folder)
    assert error.path.endswith("sdn.csv")
    assert error.line == 1
    assert "truncated" in error.reason


def test_record_cut_between_fields_is_refused(tmp_path: Path) -> None:
    folder = copy_folder(OFAC_SAMPLE, tmp_path)
    lines = (folder / "add.csv").read_bytes().split(b"\r\n")
    lines[2] = lines[2].rsplit(b",", 2)[0]  # line 3 loses its last two fields and its line break
    (folder / "add.csv").write_bytes(b"\r\n".join(lines[:3]))
    error = _error(folder)
    assert error.path.endswith("add.csv")
    assert error.line == 3
    assert "truncated" in error.reason


def test_row_with_a_missing_column_is_refused(tmp_path: Path) -> None:
    folder = copy_folder(OFAC_SAMPLE, tmp_path)
    lines = (folder / "alt.csv").read_bytes().split(b"\r\n")
    lines[3] = lines[3].replace(b',"aka"', b"", 1)
    (folder / "alt.csv").write_bytes(b"\r\n".join(lines))
    error = _error(folder)
    assert error.path.endswith("alt.csv")
    assert error.line == 4
    assert error.reason == "expected 5 fields separated by ',', found 4"


def test_bytes_invalid_in_the_encoding_are_refused_with_their_line(tmp_path: Path) -> None:
    folder = copy_folder(OFAC_SDN_2021, tmp_path)
    data = (folder / "sdn.csv").read_bytes()
    lines = data.split(b"\r\n")
    lines[99] = lines[99].replace(b"GALINDO", b"GAL\xcdNDO")  # a Latin-1 "Í" on line 100
    (folder / "sdn.csv").write_bytes(b"\r\n".join(lines))
    error = _error(folder)
    assert error.path.endswith("sdn.csv")
    assert error.line == 100
    assert error.reason == "byte 0xcd at column 10 is not valid utf-8"


def test_empty_primary_file_is_refused(tmp_path: Path) -> None:
    folder = copy_folder(OFAC_SAMPLE, tmp_path)
    (folder / "sdn.csv").write_bytes(b"")
    assert detect_format(folder) == "ofac-legacy-csv"
    error = _error(folder)
    assert error.path.endswith("sdn.csv")
    assert error.reason == "the file is empty"


def test_missing_alias_file_is_refused(tmp_path: Path) -> None:
    folder = copy_folder(OFAC_SAMPLE, tmp_path)
    (folder / "alt.csv").unlink()
    error = _error(folder)
    assert error.reason == "alt.csv is missing: the OFAC set would be incomplete"


def test_missing_spill_over_file_only_warns(tmp_path: Path) -> None:
    folder = copy_folder(OFAC_SAMPLE, tmp_path)
    (folder / "sdn_comments.csv").unlink()
    sample = load_list(folder)
    assert len(sample.entities) == 17
    assert any("sdn_comments.csv is missing" in warning for warning in sample.warnings)


def test_duplicate_entry_number_is_refused(tmp_path: Path) -> None:
    folder = copy_folder(OFAC_SAMPLE, tmp_path)
    data = (folder / "sdn.csv").read_bytes()
    first_line = data.split(b"\r\n", 1)[0]
    (folder / "sdn.csv").write_bytes(data + first_line + b"\r\n")
    error = _error(folder)
    assert error.line == 18
    assert error.reason == "ent_num 10278 already appears on line 1"


def test_unknown_alias_type_is_refused(tmp_path: Path) -> None:
    folder = copy_folder(OFAC_SAMPLE, tmp_path)
    data = (folder / "alt.csv").read_bytes()
    (folder / "alt.csv").write_bytes(data.replace(b'11195,11591,"aka"', b'11195,11591,"xyz"'))
    error = _error(folder)
    assert error.path.endswith("alt.csv")
    assert error.line == 2
    assert "unknown alias type 'xyz'" in error.reason


def test_folder_holding_both_sets_is_refused(tmp_path: Path) -> None:
    folder = copy_folder(OFAC_SAMPLE, tmp_path)
    (folder / "cons_prim.csv").write_bytes((folder / "sdn.csv").read_bytes())
    with pytest.raises(ListFormatError, match=r"holds both sdn\.csv and cons_prim\.csv"):
        detect_format(folder)
