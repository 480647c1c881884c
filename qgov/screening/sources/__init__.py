"""Read any supported restricted-party list file or folder into a :class:`LoadedList`.

``load_list(path)`` recognises the format from the content, not from the name alone, and hands the
path to that format's parser. Every parser reads all or nothing: a malformed file raises
:class:`~qgov.screening.entities.ListFormatError` naming the file, the line and the reason, and no
entity of it is returned.

Formats (``detect_format`` returns the name on the left):

- ``ofac-legacy-csv``: a folder holding OFAC's SDN set (``sdn.csv`` ...) or consolidated set
  (``cons_prim.csv`` ...), or the primary file of such a set (its folder is read);
- ``un-sc-xml``: the UN Security Council consolidated list.

Pure module: no Django, no database.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from qgov.screening.entities import ListFormatError, LoadedList
from qgov.screening.sources import ofac, un

_SNIFF_BYTES = 8192

_LOADERS: dict[str, Callable[[Path, str | None], LoadedList]] = {
    ofac.FORMAT: lambda path, source: ofac.load_ofac_folder(path if path.is_dir() else path.parent, source),
    un.FORMAT: un.load_un_xml,
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
    first_line = _first_line(content)
    if target.name.lower() in ofac.PRIMARY_FILE_NAMES and first_line.split(",", 1)[0].strip().isdigit():
        return ofac.FORMAT
    raise ListFormatError(
        str(target),
        1,
        "unknown list format: expected an OFAC legacy CSV folder or the UN consolidated XML",
    )


def load_list(path: str | Path, source: str | None = None) -> LoadedList:
    """Read a whole list from a file or folder; ``source`` overrides the list's stable name."""
    target = Path(path)
    if not target.exists():
        raise ListFormatError(str(target), None, "no such file or folder")
    return _LOADERS[detect_format(target)](target, source)


__all__ = ["FORMATS", "detect_format", "load_list"]
