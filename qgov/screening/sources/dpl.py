"""The BIS Denied Persons List as BIS publishes it: a tab-separated file with a quoted header.

Columns: Name, Street_Address, City, State, Country, Postal_Code, Effective_Date, Expiration_Date,
Standard_Order, Last_Update, Action, FR_Citation. There is one row per name and address, so a person
or company denied at three addresses fills three rows; BIS also lists a party's other names as
separate rows (the 2023 file has "AL NASER AIRLINES", "AL-NASER  AIRLINES" and "ALNASER AIRLINES").

Grouping: rows whose names are equal once case and spacing are ignored are one entity, with every
address and every order (effective date, expiration date, Federal Register citations) of its rows.
``source_id`` is ``dpl-`` followed by the first 16 hex digits of the SHA-256 of that normalised
name. The name alone is the key because it is the only stable part: BIS re-types the Federal Register
citations on each row with small differences (the 2023 file has 576 distinct name + effective date +
citation combinations for 545 names), and a temporary denial order gets a new effective date at each
renewal, which would give the same party a new id every few months. A change of address, date or
citation still changes the entity's content hash, so a closed false positive reopens.

The list gives no kind (person or company), so entities are of unknown kind. A row without a country
but with a US state is in the United States.

Pure module: no Django, no database.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pycountry

from qgov.countries import resolve_country
from qgov.screening.entities import Address, EntityKind, EntityName, ListEntity, ListFormatError, LoadedList
from qgov.screening.sources.dates import parse_single_date
from qgov.screening.sources.reading import csv_records, read_list_file

FORMAT = "bis-dpl-tsv"
SOURCE = "us-bis-dpl"
COLUMNS = (
    "Name",
    "Street_Address",
    "City",
    "State",
    "Country",
    "Postal_Code",
    "Effective_Date",
    "Expiration_Date",
    "Standard_Order",
    "Last_Update",
    "Action",
    "FR_Citation",
)
# The US states, the District of Columbia and the outlying areas, by their two-letter postal codes.
US_STATES = frozenset(
    subdivision.code.removeprefix("US-")
    for subdivision in pycountry.subdivisions
    if subdivision.country_code == "US"
)


def normalised_name(name: str) -> str:
    return " ".join(name.split()).upper()


def dpl_source_id(name: str) -> str:
    """The stable id of a Denied Persons List entry: derived from its normalised name only."""
    return "dpl-" + hashlib.sha256(normalised_name(name).encode("utf-8")).hexdigest()[:16]


def _us_date(text: str) -> str:
    """BIS writes MM/DD/YYYY; ISO when it parses, else as written."""
    month, _, rest = text.strip().partition("/")
    day, _, year = rest.partition("/")
    if month.isdigit() and day.isdigit() and year.isdigit():
        iso = parse_single_date(f"{year}-{month}-{day}")
        if iso:
            return iso
    return text.strip()


def _address(row: dict[str, str]) -> Address | None:
    street, city, state, country_text, postal = (
        row[column].strip() for column in ("Street_Address", "City", "State", "Country", "Postal_Code")
    )
    parts = [part for part in (street, city, state, postal, country_text) if part]
    if not parts:
        return None
    country = (
        resolve_country(country_text) if country_text else ("US" if state.upper() in US_STATES else None)
    )
    return Address(
        street=street, city=city, region=state, postal_code=postal, country=country, text=", ".join(parts)
    )


def load_dpl_tsv(path: Path, source: str | None = None) -> LoadedList:
    """Read the BIS Denied Persons List from its tab-separated file."""
    list_file = read_list_file(path)
    records = csv_records(list_file, columns=None, delimiter="\t")
    header_line, header = next(records, (1, []))
    if tuple(column.strip() for column in header) != COLUMNS:
        missing = [column for column in COLUMNS if column not in header]
        detail = f"missing {', '.join(missing)}" if missing else "columns in another order"
        raise ListFormatError(list_file.display, header_line, f"unexpected header ({detail})")
    groups: dict[str, list[tuple[int, dict[str, str]]]] = {}
    for line, fields in records:
        row = dict(zip(COLUMNS, fields, strict=True))
        if not row["Name"].strip():
            raise ListFormatError(list_file.display, line, "row without a name")
        groups.setdefault(normalised_name(row["Name"]), []).append((line, row))
    list_source = source or SOURCE
    entities = [_entity(list_source, rows) for rows in groups.values()]
    return LoadedList(
        source=list_source,
        format=FORMAT,
        entities=tuple(entities),
        file_sha256=((path.name, list_file.sha256),),
    )


def _entity(source: str, rows: list[tuple[int, dict[str, str]]]) -> ListEntity:
    first = rows[0][1]
    name = " ".join(first["Name"].split())
    addresses = tuple(dict.fromkeys(address for _, row in rows if (address := _address(row)) is not None))
    extra: list[tuple[str, str]] = []
    for key, column, convert in (
        ("effective_date", "Effective_Date", _us_date),
        ("expiration_date", "Expiration_Date", _us_date),
        ("standard_order", "Standard_Order", str.strip),
        ("last_update", "Last_Update", str.strip),
        ("federal_register_citation", "FR_Citation", str.strip),
        ("action", "Action", str.strip),
    ):
        values = dict.fromkeys(convert(row[column]) for _, row in rows)
        extra += [(key, value) for value in values if value]
    return ListEntity(
        source=source,
        source_id=dpl_source_id(name),
        kind=EntityKind.UNKNOWN,
        names=(EntityName(name),),
        countries=tuple(dict.fromkeys(address.country for address in addresses if address.country)),
        addresses=addresses,
        extra=tuple(extra),
    )
