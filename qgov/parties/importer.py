"""Importing parties from a CSV or XLSX file: all rows or none.

Every row is read and validated before anything is written; one bad row rejects the whole file with
its row number (as a spreadsheet shows it: the header is row 1) and the reason, and the database is
left as it was. A good file is written in one transaction, each party with its change-log row and
ledger entry, plus one ledger entry for the import itself (file name, SHA-256, row count).

Columns (header names, case-insensitive; only ``name`` is required):
``name, kind, reference, aliases, countries, identifiers, street, city, region, postal_code,
address_country, birth_date, website, notes, tags``. Multi-valued cells are separated by ``;``:
``countries`` as ``DE`` or ``DE:incorporation``; ``identifiers`` as ``lei:5299...`` or
``tax_id:123:DE``; ``aliases`` as ``Name`` or ``former:Old Name``.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from qgov.core.permissions import require
from qgov.ledger.services import record_decision
from qgov.parties.choices import AliasType, CountryRole, PartyKind
from qgov.parties.models import Party
from qgov.parties.services import AddressData, PartyData, create_party

COLUMNS = (
    "name",
    "kind",
    "reference",
    "aliases",
    "countries",
    "identifiers",
    "street",
    "city",
    "region",
    "postal_code",
    "address_country",
    "birth_date",
    "website",
    "notes",
    "tags",
)
MAX_ROWS = 20_000


class ImportRejected(Exception):
    """The file was rejected; ``problems`` lists every (row, message) found."""

    def __init__(self, filename: str, problems: list[tuple[int | None, str]]) -> None:
        self.filename = filename
        self.problems = problems
        first_row, first_message = problems[0]
        where = f"row {first_row}" if first_row is not None else "the file"
        more = f" (and {len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        super().__init__(f"{filename}: {where}: {first_message}{more}; nothing was imported.")


@dataclass
class ImportResult:
    filename: str
    sha256: str
    created: list[Party]


def read_rows(filename: str, content: bytes) -> list[tuple[int, dict[str, str]]]:
    """(row number, {column: text}) for every data row; raises ImportRejected for an unreadable file."""
    suffix = PurePath(filename).suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        rows = _xlsx_rows(filename, content)
    elif suffix in {".csv", ".txt", ""}:
        rows = _csv_rows(filename, content)
    else:
        raise ImportRejected(filename, [(None, f"'{suffix}' files cannot be imported: use CSV or XLSX.")])
    if not rows:
        raise ImportRejected(filename, [(None, "the file is empty.")])
    header = [str(cell or "").strip().lower() for cell in rows[0]]
    unknown = [h for h in header if h and h not in COLUMNS]
    if unknown:
        raise ImportRejected(
            filename, [(1, f"unknown column(s) {', '.join(unknown)}; the columns are {', '.join(COLUMNS)}.")]
        )
    if "name" not in header:
        raise ImportRejected(filename, [(1, "the header has no 'name' column.")])
    if len(rows) - 1 > MAX_ROWS:
        raise ImportRejected(filename, [(None, f"more than {MAX_ROWS} rows; split the file.")])
    result = []
    for number, cells in enumerate(rows[1:], start=2):
        if not any(str(c or "").strip() for c in cells):
            continue
        if len(cells) > len(header):
            raise ImportRejected(
                filename, [(number, f"{len(cells)} cells but the header has {len(header)} columns.")]
            )
        values = {
            h: str(cells[i] if i < len(cells) and cells[i] is not None else "").strip()
            for i, h in enumerate(header)
            if h
        }
        result.append((number, values))
    return result


def _csv_rows(filename: str, content: bytes) -> list[list[Any]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        raise ImportRejected(
            filename, [(line, "the file is not UTF-8 text (save it as CSV UTF-8).")]
        ) from error
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel  # type: ignore[assignment]
    try:
        return list(csv.reader(io.StringIO(text, newline=""), dialect, strict=True))
    except csv.Error as error:
        raise ImportRejected(filename, [(None, f"not valid CSV: {error}.")]) from error


def _xlsx_rows(filename: str, content: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a damaged file
        raise ImportRejected(
            filename, [(None, f"not a readable XLSX workbook ({type(error).__name__}).")]
        ) from error
    sheet = workbook.worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def row_to_party_data(values: dict[str, str]) -> PartyData:
    """Turn one row into PartyData; raises ValueError naming the column for a malformed cell."""
    aliases = []
    for part in _split(values.get("aliases", "")):
        alias_type, _, alias = (
            part.partition(":") if part.split(":", 1)[0] in AliasType.values else ("", "", part)
        )
        aliases.append((alias.strip(), alias_type or AliasType.AKA))
    countries = []
    for part in _split(values.get("countries", "")):
        code, _, role = part.partition(":")
        countries.append((code.strip(), role.strip() or CountryRole.OPERATIONS))
    identifiers = []
    for part in _split(values.get("identifiers", "")):
        pieces = [p.strip() for p in part.split(":")]
        if len(pieces) not in (2, 3):
            raise ValueError(f"identifiers: '{part}' is not written scheme:value or scheme:value:country")
        identifiers.append((pieces[0].lower(), pieces[1], pieces[2] if len(pieces) == 3 else ""))
    addresses = []
    address_country = values.get("address_country", "")
    if address_country or any(values.get(k) for k in ("street", "city", "region", "postal_code")):
        if not address_country:
            raise ValueError("address_country: an address needs its country")
        addresses.append(
            AddressData(
                country=address_country,
                street=values.get("street", ""),
                city=values.get("city", ""),
                region=values.get("region", ""),
                postal_code=values.get("postal_code", ""),
            )
        )
    return PartyData(
        name=values.get("name", ""),
        kind=(values.get("kind") or PartyKind.ORGANIZATION).lower(),
        reference=values.get("reference", ""),
        birth_date=values.get("birth_date", ""),
        website=values.get("website", ""),
        notes=values.get("notes", ""),
        aliases=aliases,
        countries=countries,
        identifiers=identifiers,
        addresses=addresses,
        tags=_split(values.get("tags", "")),
    )


def _message(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in error.message_dict.items())
    return " ".join(error.messages)


def import_parties(actor: Any, filename: str, content: bytes) -> ImportResult:
    """Validate every row, then create every party in one transaction; any problem imports nothing."""
    require(actor, "parties.import_parties")
    require(actor, "parties.add_party")
    rows = read_rows(filename, content)
    problems: list[tuple[int | None, str]] = []
    cleaned: list[tuple[int, PartyData]] = []
    references: dict[str, int] = {}
    for number, values in rows:
        try:
            data = row_to_party_data(values).clean()
        except ValueError as error:
            problems.append((number, str(error)))
            continue
        except ValidationError as error:
            problems.append((number, _message(error)))
            continue
        if data.reference:
            if data.reference in references:
                problems.append(
                    (number, f"reference: '{data.reference}' repeats row {references[data.reference]}")
                )
            references[data.reference] = number
        cleaned.append((number, data))
    taken = set(Party.objects.filter(reference__in=list(references)).values_list("reference", flat=True))
    problems.extend(
        (references[ref], f"reference: a party with reference '{ref}' already exists") for ref in taken
    )
    if problems:
        raise ImportRejected(filename, sorted(problems, key=lambda p: (p[0] or 0, p[1])))
    sha256 = hashlib.sha256(content).hexdigest()
    with transaction.atomic():
        created = [create_party(actor, data, check_permission=False) for _, data in cleaned]
        record_decision(
            actor=actor,
            action="parties.import",
            subject=("parties.import", sha256[:16]),
            decision={"file": PurePath(filename).name, "sha256": sha256, "parties_created": len(created)},
        )
    return ImportResult(filename=filename, sha256=sha256, created=created)
