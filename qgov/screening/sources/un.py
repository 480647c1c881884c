"""The UN Security Council consolidated list in its XML form (``CONSOLIDATED_LIST``).

Layout: ``CONSOLIDATED_LIST/@dateGenerated``; ``INDIVIDUALS/INDIVIDUAL`` and ``ENTITIES/ENTITY`` records
with DATAID (the UN's record number, our ``source_id``), REFERENCE_NUMBER (the citable permanent
reference such as ``QDi.430``, our ``reference``), FIRST_NAME .. FOURTH_NAME (given name first; an
entity's name is in FIRST_NAME), NAME_ORIGINAL_SCRIPT, UN_LIST_TYPE (the sanctions regime),
``*_ALIAS`` with QUALITY ("Good"/"a.k.a." strong, "Low" weak, "f.k.a." former), dates of birth typed
EXACT, APPROXIMATELY or BETWEEN (FROM_YEAR .. TO_YEAR), NATIONALITY, ``*_DOCUMENT``, ``*_ADDRESS``.

The standard library's expat parser is used with document type declarations refused outright: the
UN file has none, and refusing them rules out entity-expansion and external-entity tricks. expat
reports the line of any XML error (a file cut short included), and the line of each record is kept so
that a record without an id or a name is refused with its line.

Pure module: no Django, no database.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from xml.parsers import expat

from qgov.countries import resolve_country
from qgov.screening.entities import (
    Address,
    EntityKind,
    EntityName,
    Identifier,
    ListEntity,
    ListFormatError,
    LoadedList,
    NameType,
)
from qgov.screening.sources.dates import parse_single_date, year_range
from qgov.screening.sources.naming import entity_names
from qgov.screening.sources.reading import ListFile, read_list_file

FORMAT = "un-sc-xml"
SOURCE = "un-sc"
ROOT_TAG = "CONSOLIDATED_LIST"
_RECORD_KINDS = {"INDIVIDUAL": EntityKind.PERSON, "ENTITY": EntityKind.ORGANIZATION}
_NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
_ALIAS_QUALITIES = {
    "good": NameType.ALIAS,
    "a.k.a.": NameType.ALIAS,
    "": NameType.ALIAS,
    "low": NameType.WEAK_ALIAS,
    "f.k.a.": NameType.FORMER,
}


class _RefusedDeclaration(Exception):
    pass


def _text(element: ET.Element | None) -> str:
    if element is None or element.text is None:
        return ""
    return " ".join(element.text.split())


def _parse(source: ListFile) -> tuple[ET.Element, dict[int, int]]:
    """Parse the whole document; also return the line where each record element starts."""
    builder = ET.TreeBuilder()
    parser = expat.ParserCreate()
    parser.buffer_text = True
    record_lines: dict[int, int] = {}

    def start(tag: str, attributes: dict[str, str]) -> None:
        element = builder.start(tag, attributes)
        if tag in _RECORD_KINDS:
            record_lines[id(element)] = parser.CurrentLineNumber

    def refuse(*_: object) -> None:
        raise _RefusedDeclaration

    parser.StartElementHandler = start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    try:
        parser.Parse(source.text, True)
    except _RefusedDeclaration:
        raise ListFormatError(
            source.display, parser.CurrentLineNumber, "document type declarations are refused in list files"
        ) from None
    except expat.ExpatError as error:
        reason = expat.ErrorString(error.code) or "broken XML"
        raise ListFormatError(source.display, error.lineno, f"broken XML: {reason}") from error
    return builder.close(), record_lines


def _birth_dates(record: ET.Element) -> list[str]:
    dates: list[str] = []
    for birth in record.iter("INDIVIDUAL_DATE_OF_BIRTH"):
        kind = _text(birth.find("TYPE_OF_DATE")).upper()
        if kind == "BETWEEN":
            first, last = _text(birth.find("FROM_YEAR")), _text(birth.find("TO_YEAR"))
            if first.isdigit() and last.isdigit():
                dates.extend(year_range(int(first), int(last)))
            continue
        single = parse_single_date(_text(birth.find("DATE")) or _text(birth.find("YEAR")))
        if single:
            dates.append(single)
    return list(dict.fromkeys(dates))


def _addresses(record: ET.Element, tag: str) -> list[Address]:
    addresses = []
    for element in record.iter(tag):
        street, city, region, postal, country_text, note = (
            _text(element.find(part))
            for part in ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY", "NOTE")
        )
        parts = [part for part in (street, city, region, postal, country_text) if part]
        if not parts:
            continue
        text = ", ".join(parts) + (f" ({note})" if note else "")
        addresses.append(
            Address(
                street=street,
                city=city,
                region=region,
                postal_code=postal,
                country=resolve_country(country_text),
                text=text,
            )
        )
    return addresses


def _documents(record: ET.Element) -> list[Identifier]:
    identifiers = []
    for document in record.iter("INDIVIDUAL_DOCUMENT"):
        number = _text(document.find("NUMBER"))
        if not number:
            continue
        scheme = (
            _text(document.find("TYPE_OF_DOCUMENT"))
            or _text(document.find("TYPE_OF_DOCUMENT2"))
            or "Document"
        )
        issuer = _text(document.find("ISSUING_COUNTRY")) or _text(document.find("COUNTRY_OF_ISSUE"))
        identifiers.append(Identifier(scheme=scheme, value=number, country=resolve_country(issuer)))
    return list(dict.fromkeys(identifiers))


def _names(record: ET.Element, alias_tag: str) -> tuple[EntityName, ...]:
    primary = " ".join(part for part in (_text(record.find(tag)) for tag in _NAME_PARTS) if part)
    others = [(_text(record.find("NAME_ORIGINAL_SCRIPT")), NameType.NATIVE)]
    for alias in record.iter(alias_tag):
        quality = _text(alias.find("QUALITY")).lower()
        others.append((_text(alias.find("ALIAS_NAME")), _ALIAS_QUALITIES.get(quality, NameType.ALIAS)))
    return entity_names(primary, others)


def _values(record: ET.Element, tag: str) -> list[str]:
    return [
        value for element in record.iter(tag) for child in element.iter("VALUE") if (value := _text(child))
    ]


def _entity(record: ET.Element, line: int, display: str, source: str) -> ListEntity:
    kind = _RECORD_KINDS[record.tag]
    data_id = _text(record.find("DATAID"))
    if not data_id:
        raise ListFormatError(display, line, f"{record.tag} record without DATAID")
    prefix = record.tag
    names = _names(record, f"{prefix}_ALIAS")
    if not names[0].text:
        raise ListFormatError(display, line, f"{record.tag} {data_id} has no FIRST_NAME")
    nationalities = _values(record, "NATIONALITY")
    nationality_codes = [code for text in nationalities if (code := resolve_country(text))]
    addresses = _addresses(record, f"{prefix}_ADDRESS")
    countries = tuple(dict.fromkeys(nationality_codes + [a.country for a in addresses if a.country]))
    places_of_birth = [
        ", ".join(
            part for part in (_text(place.find(tag)) for tag in ("CITY", "STATE_PROVINCE", "COUNTRY")) if part
        )
        for place in record.iter("INDIVIDUAL_PLACE_OF_BIRTH")
    ]
    extra: list[tuple[str, str]] = [("listed_on", _text(record.find("LISTED_ON")))]
    extra += [("nationality", code) for code in nationality_codes]
    extra += [("country_as_written", text) for text in nationalities if resolve_country(text) is None]
    extra += [("gender", gender.lower()) for gender in [_text(record.find("GENDER"))] if gender]
    extra += [("title", title) for title in _values(record, "TITLE")]
    extra += [("designation", designation) for designation in _values(record, "DESIGNATION")]
    extra += [("place_of_birth", place) for place in places_of_birth if place]
    regime = _text(record.find("UN_LIST_TYPE"))
    return ListEntity(
        source=source,
        source_id=data_id,
        kind=kind,
        names=names,
        countries=countries,
        birth_dates=tuple(_birth_dates(record)),
        identifiers=tuple(_documents(record)),
        addresses=tuple(addresses),
        programmes=(regime,) if regime else (),
        remarks=_text(record.find("COMMENTS1")),
        reference=_text(record.find("REFERENCE_NUMBER")),
        extra=tuple((key, value) for key, value in extra if value),
    )


def load_un_xml(path: Path, source: str | None = None) -> LoadedList:
    """Read the UN Security Council consolidated list from its XML file."""
    list_file = read_list_file(path)
    root, record_lines = _parse(list_file)
    if root.tag != ROOT_TAG:
        raise ListFormatError(
            list_file.display, 1, f"the root element is <{root.tag}>, expected <{ROOT_TAG}>"
        )
    list_source = source or SOURCE
    entities = []
    seen: dict[str, int] = {}
    for group in ("INDIVIDUALS", "ENTITIES"):
        for section in root.findall(group):
            for record in section:
                if record.tag not in _RECORD_KINDS:
                    continue
                line = record_lines.get(id(record), 0)
                entity = _entity(record, line, list_file.display, list_source)
                if entity.source_id in seen:
                    raise ListFormatError(
                        list_file.display,
                        line,
                        f"DATAID {entity.source_id} already used on line {seen[entity.source_id]}",
                    )
                seen[entity.source_id] = line
                entities.append(entity)
    return LoadedList(
        source=list_source,
        format=FORMAT,
        entities=tuple(entities),
        file_sha256=((path.name, list_file.sha256),),
        published=root.get("dateGenerated") or None,
    )
