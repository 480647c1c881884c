"""Recognising a list's format from its content, and refusing what is not a list."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from qgov.screening.entities import ListFormatError
from qgov.screening.sources import FORMATS, detect_format, load_list
from qgov.screening.tests.shared_lists import (
    BIS_DPL_2023,
    CSL_SAMPLE_2025,
    OFAC_CONSOLIDATED_2025,
    OFAC_SAMPLE,
    UN_2026,
    require,
)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (OFAC_SAMPLE, "ofac-legacy-csv"),
        (OFAC_CONSOLIDATED_2025, "ofac-legacy-csv"),
        (OFAC_CONSOLIDATED_2025 / "cons_prim.csv", "ofac-legacy-csv"),
        (CSL_SAMPLE_2025, "trade-gov-csl-csv"),
        (BIS_DPL_2023, "bis-dpl-tsv"),
        (UN_2026, "un-sc-xml"),
    ],
)
def test_shared_lists_are_recognised(path: Path, expected: str) -> None:
    assert detect_format(require(path)) == expected
    assert expected in FORMATS


def test_format_comes_from_content_not_from_the_file_name(tmp_path: Path) -> None:
    renamed = tmp_path / "download.dat"
    shutil.copyfile(require(BIS_DPL_2023), renamed)
    assert detect_format(renamed) == "bis-dpl-tsv"
    assert len(load_list(renamed).entities) == 545
    un_as_txt = tmp_path / "list.txt"
    shutil.copyfile(require(UN_2026), un_as_txt)
    assert detect_format(un_as_txt) == "un-sc-xml"


def _detect_error(path: Path) -> ListFormatError:
    with pytest.raises(ListFormatError) as caught:
        load_list(path)
    return caught.value


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "parties.csv"
    path.write_text("name,country\nACME,DE\n", encoding="utf-8")
    error = _detect_error(path)
    assert error.path.endswith("parties.csv")
    assert error.line == 1
    assert error.reason.startswith("unknown list format")


def test_a_companion_file_alone_is_not_a_list(tmp_path: Path) -> None:
    alt = tmp_path / "alt.csv"
    shutil.copyfile(require(OFAC_SAMPLE / "alt.csv"), alt)
    assert _detect_error(alt).reason.startswith("unknown list format")


def test_folder_without_an_ofac_set_is_refused(tmp_path: Path) -> None:
    (tmp_path / "readme.txt").write_text("nothing here", encoding="utf-8")
    assert (
        _detect_error(tmp_path).reason == "unknown list format: the folder holds no sdn.csv or cons_prim.csv"
    )


def test_empty_file_and_missing_path_are_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert _detect_error(empty).reason == "the file is empty"
    assert _detect_error(tmp_path / "absent.csv").reason == "no such file or folder"
