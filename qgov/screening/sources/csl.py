"""The US Consolidated Screening List (trade.gov) in its CSV form.

One UTF-8 CSV with a header row (``_id,source,entity_number,type,programs,name,...,alt_names,...,
ids``) gathering eleven US government lists; ``source`` names the sub-list (Entity List, Denied
Persons, Unverified, Military End User, SDN, SSI, ISN, ITAR debarred ...), kept in ``sub_list``.
Multi-valued fields separate their values with "; "; an ``ids`` value is "type, number[, country][,
issue date]" (the OFAC identifier vocabulary, see :mod:`remarks`); an address is "street, city,
state, postal code, country" with empty parts left out.

Publisher quirks handled here:

- the file has been published with its header row repeated (the 2023 copy repeats it on line 2): a
  row equal to the header is skipped wherever it appears;
- the Entity List enumerates names and addresses with "and" ("...; HSRI; and CETC Research Institute
  13"; "113 Hezuo Road ...; and 21 Changsheng Street ..."), and the State Department appends "; and
  any successor, sub-unit, or subsidiary thereof" to names: both are removed (the name as published
  stays in ``extra``);
- one OFAC entry can sit on two sub-lists with the same ``_id`` (SSI and NS-MBS in 2023): those entries
  get ``source_id`` "_id:sub-list" (e.g. ``17014:SSI``) so that each stays unique, with a warning;
  the same ``_id`` twice in one sub-list is refused.

Pure module: no Django, no database.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import Path

from qgov.countries import resolve_country
from qgov.screening.entities import (
    Address,
    EntityKind,
    Identifier,
    ListEntity,
    ListFormatError,
    LoadedList,
    NameType,
)
from qgov.screening.sources.dates import parse_dates, parse_single_date
from qgov.screening.sources.naming import entity_names
from qgov.screening.sources.reading import csv_records, read_list_file
from qgov.screening.sources.remarks import make_identifier

FORMAT = "trade-gov-csl-csv"
SOURCE = "us-csl"
HEADER_START = "_id,source,"
REQUIRED_COLUMNS = (
    "_id",
    "source",
    "entity_number",
    "type",
    "programs",
    "name",
    "addresses",
    "alt_names",
    "citizenships",
    "dates_of_birth",
    "nationalities",
    "ids",
    "remarks",
)
_KINDS = {
    "individual": EntityKind.PERSON,
    "entity": EntityKind.ORGANIZATION,
    "vessel": EntityKind.VESSEL,
    "aircraft": EntityKind.AIRCRAFT,
    "": EntityKind.UNKNOWN,
}
# Columns shown with the entry as they are, when present.
_EXTRA_COLUMNS = (
    "title",
    "federal_register_notice",
    "start_date",
    "end_date",
    "standard_order",
    "license_requirement",
    "license_policy",
    "vessel_type",
    "gross_tonnage",
    "gross_registered_tonnage",
    "vessel_flag",
    "vessel_owner",
)
_SUCCESSOR_CLAUSE = re.compile(r";?\s*and any successor, sub-unit, or subsidiary thereof\.?$", re.IGNORECASE)
_SUB_LIST_ABBREVIATION = re.compile(r"\(([^()]+)\)")
# ``ids`` entries that are facts about the listing rather than identifiers of the party.
_INFORMATION_LABELS = (
    "Executive Order",
    "Secondary sanctions risk",
    "Additional Sanctions Information",
    "Transactions Prohibited",
    "Target Type",
    "Issuer Name",
    "Listing Date",
    "Effective Date",
    "Purchase/Sales For Divestment Date",
    "CAATSA",
    "IFCA",
    "Organization Type",
)
_TWO_LETTER_CODE = re.compile(r"^[A-Z]{2}$")


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def _split_enumeration(value: str) -> list[str]:
    """Split "A; B; and C" or "A; and B; and C" (how the Entity List enumerates names and addresses).

    Only a lower-case "and" after the first item is taken for the enumeration's conjunction, so that a
    name such as "AND TECHNOLOGIES" keeps its first word.
    """
    parts = _split(value)
    return parts[:1] + [part.removeprefix("and ").strip() for part in parts[1:]]


def _without_successor_clause(name: str) -> str:
    return _SUCCESSOR_CLAUSE.sub("", name.strip()).strip()


def _address(text: str) -> Address:
    parts = [part.strip() for part in text.split(",") if part.strip()]
    country = resolve_country(parts[-1]) if parts else None
    return Address(country=country, text=text)


def _identifier_parts(entry: str) -> tuple[str, str, str | None]:
    """Split "Passport, U00242309, TR" into scheme, value and country (issue dates dropped)."""
    label, _, rest = entry.partition(",")
    parts = [part.strip() for part in rest.split(",")]
    while len(parts) > 1 and parse_single_date(parts[-1]) is not None:
        parts.pop()
    country = None
    if len(parts) > 1 and _TWO_LETTER_CODE.match(parts[-1]):
        country = resolve_country(parts[-1])
        if country is not None:
            parts.pop()
    return label.strip(), ", ".join(part for part in parts if part), country


class _Details:
    def __init__(self) -> None:
        self.identifiers: list[Identifier] = []
        self.countries: list[str] = []
        self.extra: list[tuple[str, str]] = []

    def read_ids(self, ids: str) -> None:
        for entry in _split(ids):
            label, value, country = _identifier_parts(entry)
            if not value:
                continue
            if label == "Gender":
                self.extra.append(("gender", value.lower()))
            elif label == "Organization Established Date":
                self.extra += [("incorporation_date", date) for date in parse_dates(value)]
            elif label in ("Nationality of Registration", "Nationality Country"):
                code = resolve_country(value)
                if code:
                    self.countries.append(code)
            elif label.startswith(_INFORMATION_LABELS):
                self.extra.append((label.rstrip(" :-"), value))
            else:
                identifier = make_identifier(label, value, country)
                if identifier not in self.identifiers:
                    self.identifiers.append(identifier)


def _kind(value: str, display: str, line: int, warnings: list[str]) -> EntityKind:
    kind = _KINDS.get(value.strip().lower())
    if kind is None:
        warnings.append(f"{display}, line {line}: unknown type {value!r}, read as unknown kind")
        return EntityKind.UNKNOWN
    return kind


def _entity(
    row: dict[str, str], source: str, source_id: str, line: int, display: str, warnings: list[str]
) -> ListEntity:
    published_name = row["name"].strip()
    primary = _without_successor_clause(published_name)
    if not primary:
        raise ListFormatError(display, line, f"entry {row['_id']} has no name")
    names = entity_names(primary, ((alias, NameType.ALIAS) for alias in _split_enumeration(row["alt_names"])))
    details = _Details()
    details.read_ids(row["ids"])
    nationalities = [code for text in _split(row["nationalities"]) if (code := resolve_country(text))]
    citizenships = [code for text in _split(row["citizenships"]) if (code := resolve_country(text))]
    addresses = [_address(text) for text in _split_enumeration(row["addresses"])]
    countries = nationalities + citizenships + details.countries + [a.country for a in addresses if a.country]
    call_sign = row.get("call_sign", "").strip()
    identifiers = details.identifiers
    if call_sign:
        identifiers.insert(0, Identifier(scheme="Call Sign", value=call_sign))
    extra: list[tuple[str, str]] = []
    if published_name != primary:
        extra.append(("name_as_published", published_name))
    extra += [("nationality", code) for code in nationalities]
    extra += [("citizenship", code) for code in citizenships]
    extra += [("place_of_birth", place) for place in _split(row.get("places_of_birth", ""))]
    extra += details.extra
    extra += [(column, row[column].strip()) for column in _EXTRA_COLUMNS if row.get(column, "").strip()]
    birth_dates = [date for text in _split(row["dates_of_birth"]) for date in parse_dates(text)]
    return ListEntity(
        source=source,
        source_id=source_id,
        kind=_kind(row["type"], display, line, warnings),
        names=names,
        countries=tuple(dict.fromkeys(countries)),
        birth_dates=tuple(dict.fromkeys(birth_dates)),
        identifiers=tuple(identifiers),
        addresses=tuple(addresses),
        programmes=tuple(_split(row["programs"])),
        sub_list=row["source"].strip(),
        remarks=row["remarks"].strip(),
        reference=row["entity_number"].strip(),
        extra=tuple(extra),
    )


def _sub_list_abbreviation(sub_list: str) -> str:
    found = _SUB_LIST_ABBREVIATION.search(sub_list)
    return found.group(1) if found else sub_list


def load_csl_csv(path: Path, source: str | None = None) -> LoadedList:
    """Read the trade.gov Consolidated Screening List from its CSV file."""
    list_file = read_list_file(path)
    records = csv_records(list_file, columns=None)
    header_line, header = next(records, (1, []))
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise ListFormatError(list_file.display, header_line, f"missing header columns: {', '.join(missing)}")
    duplicated = [column for column, count in Counter(header).items() if count > 1]
    if duplicated:
        raise ListFormatError(
            list_file.display, header_line, f"repeated header columns: {', '.join(duplicated)}"
        )
    warnings: list[str] = []
    rows: list[tuple[int, dict[str, str]]] = []
    lines_by_id: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for line, fields in records:
        if fields == header:
            continue  # the publisher's repeated header row
        row = dict(zip(header, fields, strict=True))
        entry_id = row["_id"].strip()
        if not entry_id:
            raise ListFormatError(list_file.display, line, "entry without _id")
        for earlier_line, earlier_sub_list in lines_by_id[entry_id]:
            if earlier_sub_list == row["source"].strip():
                raise ListFormatError(
                    list_file.display, line, f"_id {entry_id} already appears on line {earlier_line}"
                )
        lines_by_id[entry_id].append((line, row["source"].strip()))
        rows.append((line, row))
    shared = {entry_id for entry_id, places in lines_by_id.items() if len(places) > 1}
    if shared:
        warnings.append(
            f"{list_file.display}: {len(shared)} _id values appear on several sub-lists "
            f"({', '.join(sorted(shared)[:5])}{', ...' if len(shared) > 5 else ''}); "
            "their entries are told apart as _id:sub-list"
        )
    list_source = source or SOURCE
    entities = []
    for line, row in rows:
        entry_id = row["_id"].strip()
        source_id = (
            f"{entry_id}:{_sub_list_abbreviation(row['source'].strip())}" if entry_id in shared else entry_id
        )
        entities.append(_entity(row, list_source, source_id, line, list_file.display, warnings))
    return LoadedList(
        source=list_source,
        format=FORMAT,
        entities=tuple(entities),
        file_sha256=((path.name, list_file.sha256),),
        warnings=tuple(warnings),
    )
