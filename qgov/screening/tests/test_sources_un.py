"""The UN Security Council consolidated XML read through the real parser."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from qgov.screening.entities import EntityKind, Identifier, ListEntity, ListFormatError, NameType
from qgov.screening.sources import detect_format, load_list
from qgov.screening.tests.shared_lists import UN_2026, copy_file, loaded


def by_reference(reference: str) -> ListEntity:
    (match,) = [item for item in loaded(UN_2026).entities if item.reference == reference]
    return match


def test_every_individual_and_entity_is_read() -> None:
    un = loaded(UN_2026)
    assert un.source == "un-sc"
    assert un.format == "un-sc-xml"
    assert un.published == "2026-02-27T00:00:09.554Z"
    assert len(un.entities) == 1003
    assert Counter(item.kind for item in un.entities) == {
        EntityKind.PERSON: 730,
        EntityKind.ORGANIZATION: 273,
    }
    assert len({item.source_id for item in un.entities}) == 1003
    assert Counter(name.type for item in un.entities for name in item.names)[NameType.NATIVE] == 377


def test_individual_with_reference_documents_and_weak_alias() -> None:
    ali = by_reference("QDi.430")
    assert ali.source_id == "6908858"
    assert ali.primary_name == "EMRAAN ALI"
    assert [(name.text, name.type) for name in ali.names[1:]] == [("Abu Jihad TNT", NameType.WEAK_ALIAS)]
    assert ali.birth_dates == ("1967-07-04",)
    assert ali.countries == ("TT", "US")
    assert Identifier("Passport", "TB162181", "TT") in ali.identifiers
    assert Identifier("National Identification Number", "19670704052", "TT") in ali.identifiers
    assert ali.programmes == ("Al-Qaida",)
    assert ("listed_on", "2021-11-23") in ali.extra
    assert ali.remarks.startswith("Senior member of Islamic State in Iraq and the Levant")


def test_name_in_original_script_is_a_native_name() -> None:
    binalshibh = by_reference("QDi.081")
    assert binalshibh.primary_name == "RAMZI MOHAMED ABDULLAH BINALSHIBH"
    assert binalshibh.names[1].text == "رمزي محمد عبد الله بن الشيبة"
    assert binalshibh.names[1].type is NameType.NATIVE
    assert ("Bin Al Shibh, Ramzi", NameType.ALIAS) in [(name.text, name.type) for name in binalshibh.names]
    assert ("Ramzi Omar", NameType.WEAK_ALIAS) in [(name.text, name.type) for name in binalshibh.names]
    assert binalshibh.birth_dates == ("1972-05-01", "1973-09-16")
    assert Identifier("Passport", "00085243", "YE") in binalshibh.identifiers


def test_birth_between_two_years_gives_each_year_and_duplicate_aliases_are_dropped() -> None:
    taganda = by_reference("CDi.030")
    assert taganda.birth_dates == ("1973", "1974")
    texts = [name.text for name in taganda.names]
    assert texts.count("Bosco Ntaganda") == 1
    assert ("Terminator", NameType.WEAK_ALIAS) in [(name.text, name.type) for name in taganda.names]
    assert taganda.countries == ("CD", "BE")


def test_entity_former_names_and_address_country() -> None:
    adf = by_reference("CDe.001")
    assert adf.kind is EntityKind.ORGANIZATION
    assert [(name.text, name.type) for name in adf.names] == [
        ("ADF", NameType.PRIMARY),
        ("Allied Democratic Forces", NameType.ALIAS),
        ("Forces Démocratiques Alliées-Armée Nationale de Libération de l’Ouganda", NameType.FORMER),
        ("ADF/NALU", NameType.FORMER),
        ("NALU", NameType.FORMER),
    ]
    assert adf.countries == ("CD",)


# Malformed files: each is the real file with one defect.


def _error(path: Path) -> ListFormatError:
    with pytest.raises(ListFormatError) as caught:
        load_list(path)
    return caught.value


def test_xml_ending_early_is_refused_with_its_line(tmp_path: Path) -> None:
    path = copy_file(UN_2026, tmp_path)
    lines = path.read_bytes().split(b"\n")
    path.write_bytes(b"\n".join(lines[:30000]))
    error = _error(path)
    assert error.path.endswith("un-consolidated-2026-02-27.xml")
    assert error.line == 30000
    assert error.reason.startswith("broken XML:")


def test_mismatched_tag_is_refused_with_its_line(tmp_path: Path) -> None:
    path = copy_file(UN_2026, tmp_path)
    lines = path.read_bytes().split(b"\n")
    assert lines[4].strip() == b"<DATAID>6907993</DATAID>"
    lines[4] = b"      <DATAID>6907993</DATA>"
    path.write_bytes(b"\n".join(lines))
    error = _error(path)
    assert error.line == 5
    assert error.reason == "broken XML: mismatched tag"


def test_document_type_declaration_is_refused(tmp_path: Path) -> None:
    path = copy_file(UN_2026, tmp_path)
    data = path.read_bytes()
    declaration = b'<!DOCTYPE CONSOLIDATED_LIST [<!ENTITY boom "boom">]>\n'
    end_of_prolog = data.index(b"?>") + 2
    path.write_bytes(data[:end_of_prolog] + b"\n" + declaration + data[end_of_prolog + 1 :])
    error = _error(path)
    assert error.line == 2
    assert error.reason == "document type declarations are refused in list files"


def test_record_without_dataid_is_refused_with_its_line(tmp_path: Path) -> None:
    path = copy_file(UN_2026, tmp_path)
    data = path.read_bytes().replace(b"<DATAID>6907994</DATAID>", b"<DATAID></DATAID>")
    path.write_bytes(data)
    error = _error(path)
    assert error.line == 42
    assert error.reason == "INDIVIDUAL record without DATAID"


def test_invalid_utf8_is_refused_with_its_line(tmp_path: Path) -> None:
    path = copy_file(UN_2026, tmp_path)
    path.write_bytes(path.read_bytes().replace(b"ERIC</FIRST_NAME>", b"\xc9RIC</FIRST_NAME>", 1))
    error = _error(path)
    assert error.line == 7
    assert error.reason == "byte 0xc9 at column 19 is not valid utf-8"


def test_other_xml_is_not_taken_for_the_un_list(tmp_path: Path) -> None:
    path = tmp_path / "sdn.xml"
    path.write_text('<?xml version="1.0"?><sdnList><sdnEntry/></sdnList>', encoding="utf-8")
    with pytest.raises(ListFormatError, match="unknown list format"):
        detect_format(path)


def test_wrong_root_element_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "list.xml"
    path.write_text("<OTHER><!-- not a <CONSOLIDATED_LIST> --></OTHER>\n", encoding="utf-8")
    error = _error(path)
    assert error.reason == "the root element is <OTHER>, expected <CONSOLIDATED_LIST>"
