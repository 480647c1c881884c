"""FollowTheMoney (FtM) entities as JSON Lines, the interchange format of OpenSanctions and yente.

Each line is one entity: ``{"id": ..., "schema": ..., "properties": {"name": [...], ...}}`` with every
property a list of strings. Only the schemas a party can be screened against are read (Person,
Company, Organization, LegalEntity, PublicBody, Vessel, Airplane); the others (Address, Sanction,
Ownership, Family ...) describe relations or facts about those and are skipped. Which properties
become which field:

- names: ``name`` (the first is the primary name), ``alias``, ``previousName`` (former),
  ``weakAlias`` (weak);
- ``birthDate`` (persons) and ``incorporationDate`` (kept in ``extra``);
- countries: ``nationality``, ``citizenship``, ``country``, ``jurisdiction``, ``mainCountry``;
- identifiers: the identifier properties in :data:`IDENTIFIER_PROPERTIES`, scheme as named there;
- ``address`` (full text), ``program``/``programId`` and ``topics`` as programmes, ``notes`` as
  remarks.

FtM data such as the OpenSanctions exports carries its own licence (CC BY-NC 4.0 for
OpenSanctions): nothing of it is shipped with qgov.

Pure module: no Django, no database.
"""

from __future__ import annotations

import json
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
from qgov.screening.sources.dates import parse_single_date
from qgov.screening.sources.naming import entity_names
from qgov.screening.sources.reading import read_list_file

FORMAT = "ftm-jsonl"
SOURCE = "ftm"
SCHEMA_KINDS = {
    "Person": EntityKind.PERSON,
    "Company": EntityKind.ORGANIZATION,
    "Organization": EntityKind.ORGANIZATION,
    "PublicBody": EntityKind.ORGANIZATION,
    "LegalEntity": EntityKind.UNKNOWN,
    "Vessel": EntityKind.VESSEL,
    "Airplane": EntityKind.AIRCRAFT,
}
IDENTIFIER_PROPERTIES = {
    "idNumber": "ID Number",
    "passportNumber": "Passport",
    "registrationNumber": "Registration Number",
    "taxNumber": "Tax Number",
    "vatCode": "VAT Number",
    "innCode": "INN",
    "ogrnCode": "OGRN",
    "okpoCode": "OKPO",
    "kppCode": "KPP",
    "leiCode": "LEI",
    "dunsCode": "DUNS",
    "uniqueEntityId": "UEI",
    "npiCode": "NPI",
    "swiftBic": "SWIFT/BIC",
    "bikCode": "BIK",
    "isinCode": "ISIN",
    "ricCode": "RIC",
    "ticker": "Ticker",
    "imoNumber": "IMO",
    "mmsi": "MMSI",
    "callSign": "Call Sign",
    "registrationMark": "Aircraft Registration Mark",
    "serialNumber": "Serial Number",
    "icaoCode": "ICAO",
    "email": "Email Address",
    "website": "Website",
    "phone": "Phone Number",
}
_NAME_PROPERTIES = (
    ("alias", NameType.ALIAS),
    ("previousName", NameType.FORMER),
    ("weakAlias", NameType.WEAK_ALIAS),
)
_COUNTRY_PROPERTIES = ("nationality", "citizenship", "country", "jurisdiction", "mainCountry")


def _values(properties: dict[str, list[str]], name: str) -> list[str]:
    return [value.strip() for value in properties.get(name, []) if value.strip()]


def _properties(record: dict[str, object], display: str, line: int) -> dict[str, list[str]]:
    raw = record.get("properties", {})
    if not isinstance(raw, dict):
        raise ListFormatError(display, line, "'properties' is not an object")
    properties: dict[str, list[str]] = {}
    for key, values in raw.items():
        if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
            raise ListFormatError(display, line, f"property {key!r} is not a list of strings")
        properties[str(key)] = values
    return properties


def _entity(record: dict[str, object], source: str, display: str, line: int) -> ListEntity | None:
    schema, entity_id = record.get("schema"), record.get("id")
    if not isinstance(schema, str) or not schema:
        raise ListFormatError(display, line, "entity without a 'schema'")
    if not isinstance(entity_id, str) or not entity_id:
        raise ListFormatError(display, line, "entity without an 'id'")
    kind = SCHEMA_KINDS.get(schema)
    if kind is None:
        return None
    properties = _properties(record, display, line)
    primary_names = _values(properties, "name")
    if not primary_names:
        raise ListFormatError(display, line, f"{schema} {entity_id} has no name")
    others = [(text, NameType.ALIAS) for text in primary_names[1:]]
    others += [
        (text, name_type) for prop, name_type in _NAME_PROPERTIES for text in _values(properties, prop)
    ]
    names = entity_names(primary_names[0], others)
    countries = [
        code
        for prop in _COUNTRY_PROPERTIES
        for text in _values(properties, prop)
        if (code := resolve_country(text))
    ]
    identifiers = [
        Identifier(scheme=scheme, value=value)
        for prop, scheme in IDENTIFIER_PROPERTIES.items()
        for value in _values(properties, prop)
    ]
    birth_dates = [date for text in _values(properties, "birthDate") if (date := parse_single_date(text))]
    extra = [
        ("incorporation_date", date)
        for text in _values(properties, "incorporationDate")
        if (date := parse_single_date(text))
    ]
    extra += [("gender", gender.lower()) for gender in _values(properties, "gender")]
    extra += [("schema", schema)]
    return ListEntity(
        source=source,
        source_id=entity_id,
        kind=kind,
        names=names,
        countries=tuple(dict.fromkeys(countries)),
        birth_dates=tuple(dict.fromkeys(birth_dates)),
        identifiers=tuple(dict.fromkeys(identifiers)),
        addresses=tuple(Address(text=text) for text in dict.fromkeys(_values(properties, "address"))),
        programmes=tuple(
            dict.fromkeys(
                _values(properties, "program")
                + _values(properties, "programId")
                + _values(properties, "topics")
            )
        ),
        remarks=" ".join(_values(properties, "notes")),
        extra=tuple(extra),
    )


def load_ftm_jsonl(path: Path, source: str | None = None) -> LoadedList:
    """Read FollowTheMoney entities from a JSON Lines file (one entity per line)."""
    list_file = read_list_file(path)
    list_source = source or SOURCE
    entities: list[ListEntity] = []
    seen: dict[str, int] = {}
    # Split on line feeds only: a JSON string may hold U+2028 and other characters splitlines() cuts at.
    lines = list_file.text.split("\n")
    last_line = len(lines)
    for line, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            record = json.loads(text)
        except json.JSONDecodeError as error:
            if line == last_line and not list_file.text.endswith("\n"):
                raise ListFormatError(
                    list_file.display, line, "the last line is cut off: the file is truncated"
                ) from error
            raise ListFormatError(
                list_file.display, line, f"not valid JSON: {error.msg} at column {error.colno}"
            ) from error
        if not isinstance(record, dict):
            raise ListFormatError(list_file.display, line, "a line must hold one JSON object")
        entity = _entity(record, list_source, list_file.display, line)
        if entity is None:
            continue  # a schema no party is screened against (Address, Sanction, Ownership ...)
        if entity.source_id in seen:
            raise ListFormatError(
                list_file.display,
                line,
                f"id {entity.source_id} already appears on line {seen[entity.source_id]}",
            )
        seen[entity.source_id] = line
        entities.append(entity)
    return LoadedList(
        source=list_source,
        format=FORMAT,
        entities=tuple(entities),
        file_sha256=((path.name, list_file.sha256),),
    )
