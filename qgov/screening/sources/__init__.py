"""Read any supported restricted-party list file or folder into a :class:`LoadedList`.

``load_list(path)`` recognises the format from the content, not from the name alone, and hands the
path to that format's parser. Every parser reads all or nothing: a malformed file raises
:class:`~qgov.screening.entities.ListFormatError` naming the file, the line and the reason, and no
entity of it is returned.

Formats (``detect_format`` returns the name on the left):

- ``ofac-legacy-csv``: a folder holding OFAC's SDN set (``sdn.csv`` ...) or consolidated set
  (``cons_prim.csv`` ...), or the primary file of such a set (its folder is read);
- ``trade-gov-csl-csv``: the US Consolidated Screening List CSV (header starting ``_id,source,``);
- ``bis-dpl-tsv``: the BIS Denied Persons List (tab-separated, quoted header ``"Name"``...);
- ``un-sc-xml``: the UN Security Council consolidated list;
- ``ftm-jsonl``: FollowTheMoney entities, one JSON object per line.

Pure module: no Django, no database.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from qgov.screening.entities import ListFormatError, LoadedList
from qgov.screening.sources import csl, dpl, ftm, ofac, un

_SNIFF_BYTES = 8192

_LOADERS: dict[str, Callable[[Path, str | None], LoadedList]] = {
    ofac.FORMAT: lambda path, source: ofac.load_ofac_folder(path if path.is_dir() else path.parent, source),
    csl.FORMAT: csl.load_csl_csv,
    dpl.FORMAT: dpl.load_dpl_tsv,
    un.FORMAT: un.load_un_xml,
    ftm.FORMAT: ftm.load_ftm_jsonl,
}

FORMATS = tuple(_LOADERS)


def _first_line(head: bytes) -> str:
    return head.split(b"\n", 1)[0].decode("utf-8", errors="replace").strip()


def detect_format(path: str | Path) -> str:
    """The name of the list format of a file or folder; ListFormatError when it is none of them."""
    target = Path(path)
    if target.is_dir():
        if ofac.find_file_set(target) is not None:
            return ofac.FORMAT
        raise ListFormatError(
            str(target), None, "unknown list format: the folder holds no sdn.csv or cons_prim.csv"
        )
    try:
        with target.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError as error:
        raise ListFormatError(str(target), None, f"cannot be read: {error.strerror or error}") from error
    content = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    if not content:
        raise ListFormatError(str(target), None, "the file is empty")
    if content.startswith(b"<"):
        if f"<{un.ROOT_TAG}".encode() in content:
            return un.FORMAT
        raise ListFormatError(str(target), None, f"unknown list format: XML without a <{un.ROOT_TAG}> root")
    if content.startswith(b"{"):
        return ftm.FORMAT
    first_line = _first_line(content)
    if first_line.startswith(csl.HEADER_START):
        return csl.FORMAT
    if [column.strip().strip('"') for column in first_line.split("\t")][:2] == list(dpl.COLUMNS[:2]):
        return dpl.FORMAT
    if target.name.lower() in ofac.PRIMARY_FILE_NAMES and first_line.split(",", 1)[0].strip().isdigit():
        return ofac.FORMAT
    raise ListFormatError(
        str(target),
        1,
        "unknown list format: expected an OFAC legacy CSV folder, the trade.gov CSL CSV, the BIS Denied "
        "Persons List, the UN consolidated XML or FollowTheMoney JSON lines",
    )


def load_list(path: str | Path, source: str | None = None) -> LoadedList:
    """Read a whole list from a file or folder; ``source`` overrides the list's stable name."""
    target = Path(path)
    if not target.exists():
        raise ListFormatError(str(target), None, "no such file or folder")
    return _LOADERS[detect_format(target)](target, source)


__all__ = ["FORMATS", "detect_format", "load_list"]
