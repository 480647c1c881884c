"""Reading list files strictly: bytes to text to CSV records, refusing anything malformed.

Every list parser needs the same guarantees before it looks at a single field: the file is not empty,
every byte is valid in the file's encoding, the last record is complete (not cut off by an interrupted
download), every record has the number of columns the format defines, and every error names the
file and the line. They live here once so that every format refuses bad input the same way.

Pure module: no Django, no database.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from qgov.screening.entities import ListFormatError

# The DOS end-of-file marker (Ctrl-Z) that OFAC's legacy files carry after their last line break.
DOS_EOF = "\x1a"


@dataclass(frozen=True, slots=True)
class ListFile:
    """One list file read into memory: its decoded text and the SHA-256 of its bytes."""

    path: Path
    text: str
    sha256: str

    @property
    def display(self) -> str:
        return str(self.path)


def read_list_file(path: Path, encoding: str = "utf-8") -> ListFile:
    """Read a whole file, decoding it strictly; refuse an empty file or an undecodable byte."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ListFormatError(str(path), None, f"cannot be read: {error.strerror or error}") from error
    if not data.strip():
        raise ListFormatError(str(path), None, "the file is empty")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        byte = data[error.start]
        raise ListFormatError(
            str(path), line, f"byte 0x{byte:02x} at column {column} is not valid {encoding}"
        ) from error
    if text.startswith("\ufeff"):
        text = text[1:]
    return ListFile(path=path, text=text, sha256=hashlib.sha256(data).hexdigest())


def csv_records(
    source: ListFile,
    *,
    columns: int | None,
    delimiter: str = ",",
    allow_dos_eof: bool = False,
) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(line, fields)`` for every record, ``line`` being where the record starts (1-based).

    Refuses an unclosed quote, text after a closing quote, and a record with a number of fields other
    than ``columns`` (``None``: the number of fields of the first record, its header). A last record
    cut off by an interrupted download shows as one of these and is reported as a truncated file;
    a complete last record without a final line break is accepted (trade.gov publishes such files).
    Blank lines are skipped.
    """
    text = source.text
    if allow_dos_eof and text.endswith(DOS_EOF):
        text = text[: -len(DOS_EOF)]
    ends_with_line_break = text.endswith(("\n", "\r"))
    stream = io.StringIO(text, newline="")
    reader = csv.reader(stream, delimiter=delimiter, strict=True)
    next_start = 1
    while True:
        start = next_start
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            reason = str(error)
            if "unexpected end of data" in reason:
                reason = "a quoted field is never closed: the file is truncated"
            raise ListFormatError(source.display, start, reason) from error
        next_start = reader.line_num + 1
        if not fields or fields == [""]:
            continue
        if columns is None:
            columns = len(fields)
        elif len(fields) != columns:
            if not ends_with_line_break and stream.tell() >= len(text):
                reason = f"the last record has {len(fields)} of {columns} fields: the file is truncated"
            else:
                reason = f"expected {columns} fields separated by {delimiter!r}, found {len(fields)}"
            raise ListFormatError(source.display, start, reason)
        yield start, fields
