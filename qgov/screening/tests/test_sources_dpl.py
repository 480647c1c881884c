"""The BIS Denied Persons List read through the real parser."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from qgov.screening.entities import EntityKind, ListEntity, ListFormatError
from qgov.screening.sources import detect_format, load_list
from qgov.screening.sources.dpl import dpl_source_id
from qgov.screening.tests.shared_lists import BIS_DPL_2023, copy_file, loaded


def by_name(name: str) -> ListEntity:
    (match,) = [item for item in loaded(BIS_DPL_2023).entities if item.primary_name == name]
    return match


def test_rows_of_one_name_are_one_entity() -> None:
    dpl = loaded(BIS_DPL_2023)
    assert detect_format(BIS_DPL_2023) == "bis-dpl-tsv"
    assert dpl.source == "us-bis-dpl"
    assert len(dpl.entities) == 545  # from 665 rows
    assert Counter(len(item.addresses) for item in dpl.entities) == {1: 460, 2: 63, 3: 11, 4: 11}
    assert {item.kind for item in dpl.entities} == {EntityKind.UNKNOWN}
    assert len({item.source_id for item in dpl.entities}) == 545


def test_person_denied_at_two_addresses() -> None:
    manzarpour = by_name("ALI AGAR MANZARPOUR")
    assert [address.text for address in manzarpour.addresses] == [
        "C/O MARIA HOUSE, 35 MILLERS ROAD, BRIGHTON, BN1 5NP, GB",
        "PRESTON TECHNICAL SERVICES LTD.-UK, 17 PRESTON VILLAGE MEWS MIDDLE ROAD, BRIGHTON, BN1 6XU, GB",
    ]
    assert manzarpour.countries == ("GB",)
    assert ("effective_date", "2008-03-06") in manzarpour.extra
    assert ("expiration_date", "2028-03-06") in manzarpour.extra
    assert ("federal_register_citation", "73 F.R. 12073 3/6/08") in manzarpour.extra
    assert manzarpour.source_id == dpl_source_id("ALI AGAR MANZARPOUR")


def test_name_under_two_orders_keeps_both_orders() -> None:
    # " I. ASH" (leading space in the file) is denied by a 2002 and a 2003 order.
    ash = by_name("I. ASH")
    assert len(ash.addresses) == 3
    assert [value for key, value in ash.extra if key == "effective_date"] == ["2003-06-19", "2002-03-04"]


def test_address_with_a_us_state_and_no_country_is_in_the_united_states() -> None:
    villa = by_name("AARON ABRAHAM VILLA")
    assert villa.addresses[0].region == "TX"
    assert villa.addresses[0].country == "US"


def test_id_ignores_case_and_spacing_of_the_name() -> None:
    assert dpl_source_id("AL-NASER  AIRLINES") == dpl_source_id("al-naser airlines ")
    assert dpl_source_id("AL-NASER AIRLINES") != dpl_source_id("ALNASER AIRLINES")
    assert by_name("AL-NASER AIRLINES").source_id == dpl_source_id("AL-NASER AIRLINES")


def _error(path: Path) -> ListFormatError:
    with pytest.raises(ListFormatError) as caught:
        load_list(path)
    return caught.value


def test_wrong_header_is_refused(tmp_path: Path) -> None:
    path = copy_file(BIS_DPL_2023, tmp_path)
    path.write_bytes(path.read_bytes().replace(b'\t"FR_Citation"', b'\t"Citation"', 1))
    error = _error(path)
    assert error.line == 1
    assert error.reason == "unexpected header (missing FR_Citation)"


def test_row_without_a_column_is_refused(tmp_path: Path) -> None:
    path = copy_file(BIS_DPL_2023, tmp_path)
    lines = path.read_bytes().split(b"\n")
    lines[9] = lines[9].rsplit(b"\t", 1)[0]
    path.write_bytes(b"\n".join(lines))
    error = _error(path)
    assert error.path.endswith("dpl-2023-11.txt")
    assert error.line == 10
    assert error.reason == "expected 12 fields separated by '\\t', found 11"


def test_file_cut_inside_a_field_is_refused(tmp_path: Path) -> None:
    path = copy_file(BIS_DPL_2023, tmp_path)
    data = path.read_bytes()
    path.write_bytes(data[: data.index(b"ROCKY RIVER")])
    error = _error(path)
    assert error.line == 5
    assert error.reason == "a quoted field is never closed: the file is truncated"
