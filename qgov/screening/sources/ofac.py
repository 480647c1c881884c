"""OFAC's legacy CSV sets: the SDN list and the consolidated (non-SDN) list, one folder each.

A set is four files without header rows, joined on the entry number (``ent_num``):

- primary (``sdn.csv`` / ``cons_prim.csv``), 12 fields: ent_num, name, type, programme, title, call
  sign, vessel type, tonnage, gross registered tonnage, vessel flag, vessel owner, remarks;
- aliases (``alt.csv`` / ``cons_alt.csv``), 5 fields: ent_num, alt_num, type (aka, fka, nka), name,
  remarks;
- addresses (``add.csv`` / ``cons_add.csv``), 6 fields: ent_num, add_num, address, city/state/postal
  code, country, remarks;
- spill-over remarks (``sdn_comments.csv`` / ``cons_comments.csv``), 2 fields: ent_num and the rest of
  a remarks text that was cut at OFAC's 1,000-character limit; it continues the text mid-word.

``-0-`` (often followed by a space) means an empty field.

Encoding: OFAC's data specification calls these "ASCII text files" with CRLF line ends, and every
shipped file (SDN 2021, consolidated 2025, the sample) is pure ASCII with a DOS end-of-file byte (0x1A)
after the last line. They are decoded as strict UTF-8, which reads ASCII unchanged and refuses
any byte that is not valid UTF-8 (a Windows-1252 "é" for instance), naming its line.

Rows of the companion files that point to an ``ent_num`` missing from the primary file are skipped
with a warning, not refused: complete OFAC sets have none (SDN 2021 and consolidated 2025: zero), but
excerpts such as the shipped sample cut by entry number do, and the orphan data cannot belong to any
listed entry. A missing alias or address file is refused (the set would be half read); a missing
spill-over file only warns, because it holds the tails of a handful of long remarks.

Pure module: no Django, no database.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

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
from qgov.screening.sources.naming import entity_names
from qgov.screening.sources.reading import ListFile, csv_records, read_list_file
from qgov.screening.sources.remarks import parse_remarks

FORMAT = "ofac-legacy-csv"
NULL = "-0-"
_ORPHANS_SHOWN = 5


@dataclass(frozen=True, slots=True)
class OfacFileSet:
    source: str
    primary: str
    aliases: str
    addresses: str
    comments: str


SDN_FILES = OfacFileSet("us-ofac-sdn", "sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv")
CONSOLIDATED_FILES = OfacFileSet(
    "us-ofac-cons", "cons_prim.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv"
)
FILE_SETS = (SDN_FILES, CONSOLIDATED_FILES)
PRIMARY_FILE_NAMES = frozenset(file_set.primary for file_set in FILE_SETS)

_KINDS = {
    "individual": EntityKind.PERSON,
    "vessel": EntityKind.VESSEL,
    "aircraft": EntityKind.AIRCRAFT,
    "": EntityKind.ORGANIZATION,
}
_ALIAS_TYPES = {"aka": NameType.ALIAS, "nka": NameType.ALIAS, "fka": NameType.FORMER}


def _value(field: str) -> str:
    value = field.strip()
    return "" if value == NULL else value


def _files_by_lower_name(folder: Path) -> dict[str, Path]:
    return {child.name.lower(): child for child in folder.iterdir() if child.is_file()}


def find_file_set(folder: Path) -> OfacFileSet | None:
    """Which OFAC set a folder holds, by its primary file; refuses a folder holding both."""
    names = _files_by_lower_name(folder)
    found = [file_set for file_set in FILE_SETS if file_set.primary in names]
    if len(found) > 1:
        raise ListFormatError(
            str(folder), None, "holds both sdn.csv and cons_prim.csv: put each OFAC set in its own folder"
        )
    return found[0] if found else None


def _programmes(field: str) -> tuple[str, ...]:
    # Written "SDGT] [IFSR" in the file: the outer brackets of "[SDGT] [IFSR]" are dropped.
    parts = (part.strip(" []") for part in _value(field).split("] ["))
    return tuple(part for part in parts if part)


def _group_rows(
    source: ListFile, columns: int, known_ids: set[str], warnings: list[str]
) -> dict[str, list[tuple[int, list[str]]]]:
    grouped: dict[str, list[tuple[int, list[str]]]] = defaultdict(list)
    orphan_lines: list[int] = []
    for line, fields in csv_records(source, columns=columns, allow_dos_eof=True):
        ent_num = fields[0].strip()
        if ent_num in known_ids:
            grouped[ent_num].append((line, fields))
        else:
            orphan_lines.append(line)
    if orphan_lines:
        shown = ", ".join(map(str, orphan_lines[:_ORPHANS_SHOWN]))
        more = "" if len(orphan_lines) <= _ORPHANS_SHOWN else ", ..."
        warnings.append(
            f"{source.display}: skipped {len(orphan_lines)} rows whose ent_num is not in the primary file "
            f"(lines {shown}{more})"
        )
    return grouped


def _address(fields: list[str]) -> Address | None:
    street, city, country_text, remarks = (_value(field) for field in fields[2:6])
    parts = [part for part in (street, city, country_text) if part]
    if not parts:
        return None
    text = ", ".join(parts) + (f" ({remarks})" if remarks else "")
    return Address(street=street, city=city, country=resolve_country(country_text), text=text)


def _alias_name(fields: list[str], display: str, line: int) -> EntityName | None:
    alias_type, name, alias_remarks = _value(fields[2]).lower(), _value(fields[3]), _value(fields[4])
    if not name:
        return None
    if "weak" in alias_type or "weak" in alias_remarks.lower():
        return EntityName(name, NameType.WEAK_ALIAS)
    name_type = _ALIAS_TYPES.get(alias_type)
    if name_type is None:
        raise ListFormatError(
            display, line, f"unknown alias type {fields[2].strip()!r} (expected aka, fka or nka)"
        )
    return EntityName(name, name_type)


def _unique(values: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(value for value in values if value))


def load_ofac_folder(folder: Path, source: str | None = None) -> LoadedList:
    """Read one OFAC legacy set (SDN or consolidated) from its folder."""
    file_set = find_file_set(folder)
    if file_set is None:
        raise ListFormatError(
            str(folder), None, "unknown list format: the folder holds no sdn.csv or cons_prim.csv"
        )
    names = _files_by_lower_name(folder)
    for required in (file_set.aliases, file_set.addresses):
        if required not in names:
            raise ListFormatError(
                str(folder), None, f"{required} is missing: the OFAC set would be incomplete"
            )
    warnings: list[str] = []
    primary = read_list_file(names[file_set.primary])
    files = [primary]
    primary_rows: dict[str, tuple[int, list[str]]] = {}
    for line, fields in csv_records(primary, columns=12, allow_dos_eof=True):
        ent_num = fields[0].strip()
        if not ent_num.isdigit():
            raise ListFormatError(primary.display, line, f"ent_num {ent_num!r} is not a number")
        if ent_num in primary_rows:
            raise ListFormatError(
                primary.display, line, f"ent_num {ent_num} already appears on line {primary_rows[ent_num][0]}"
            )
        if not _value(fields[1]):
            raise ListFormatError(primary.display, line, f"entry {ent_num} has no name")
        primary_rows[ent_num] = (line, fields)
    known = set(primary_rows)

    aliases_file = read_list_file(names[file_set.aliases])
    addresses_file = read_list_file(names[file_set.addresses])
    files += [aliases_file, addresses_file]
    aliases = _group_rows(aliases_file, 5, known, warnings)
    addresses = _group_rows(addresses_file, 6, known, warnings)
    comments: dict[str, list[tuple[int, list[str]]]] = {}
    if file_set.comments in names:
        comments_file = read_list_file(names[file_set.comments])
        files.append(comments_file)
        comments = _group_rows(comments_file, 2, known, warnings)
    else:
        warnings.append(
            f"{folder}: {file_set.comments} is missing: remarks longer than 1,000 characters are cut"
        )

    list_source = source or file_set.source
    entities = [
        _entity(
            list_source,
            ent_num,
            line,
            fields,
            primary.display,
            aliases.get(ent_num, []),
            addresses.get(ent_num, []),
            comments.get(ent_num, []),
            aliases_file.display,
            warnings,
        )
        for ent_num, (line, fields) in primary_rows.items()
    ]
    return LoadedList(
        source=list_source,
        format=FORMAT,
        entities=tuple(entities),
        file_sha256=tuple((file.path.name, file.sha256) for file in files),
        warnings=tuple(warnings),
    )


def _entity(
    source: str,
    ent_num: str,
    line: int,
    fields: list[str],
    display: str,
    alias_rows: list[tuple[int, list[str]]],
    address_rows: list[tuple[int, list[str]]],
    comment_rows: list[tuple[int, list[str]]],
    aliases_display: str,
    warnings: list[str],
) -> ListEntity:
    name = _value(fields[1])
    sdn_type = _value(fields[2]).lower()
    kind = _KINDS.get(sdn_type)
    if kind is None:
        warnings.append(f"{display}, line {line}: unknown SDN type {sdn_type!r}, read as unknown kind")
        kind = EntityKind.UNKNOWN
    remarks = _value(fields[11]) + "".join(_value(row[1]) for _, row in comment_rows)
    details = parse_remarks(remarks)

    others: list[tuple[str, NameType]] = []
    for alias_line, alias_fields in alias_rows:
        alias = _alias_name(alias_fields, aliases_display, alias_line)
        if alias is not None:
            others.append((alias.text, alias.type))
    others += [(weak, NameType.WEAK_ALIAS) for weak in details.weak_names]
    names = entity_names(name, others)

    entity_addresses = [address for _, row in address_rows if (address := _address(row)) is not None]
    title, call_sign, vessel_type, tonnage, grt, flag, owner = (_value(field) for field in fields[4:11])
    flag_code = resolve_country(flag)
    identifiers = list(details.identifiers)
    if call_sign:
        identifiers.insert(0, Identifier(scheme="Call Sign", value=call_sign, country=flag_code))
    countries = _unique(
        details.nationalities
        + details.citizenships
        + details.registration_countries
        + [address.country or "" for address in entity_addresses]
        + [flag_code or ""]
    )
    extra: list[tuple[str, str]] = [("title", title)] if title else []
    extra += [("nationality", code) for code in details.nationalities]
    extra += [("citizenship", code) for code in details.citizenships]
    extra += [("country_as_written", text) for text in details.unresolved_countries]
    extra += [("gender", gender) for gender in details.genders]
    extra += [("place_of_birth", place) for place in details.places_of_birth]
    extra += [("incorporation_date", date) for date in details.established]
    extra += [("linked_to", linked) for linked in details.linked_to]
    extra += [
        (key, value)
        for key, value in (
            ("vessel_type", vessel_type),
            ("vessel_tonnage", tonnage),
            ("vessel_gross_registered_tonnage", grt),
            ("vessel_flag", flag),
            ("vessel_owner", owner),
        )
        if value
    ]
    return ListEntity(
        source=source,
        source_id=ent_num,
        kind=kind,
        names=names,
        countries=countries,
        birth_dates=tuple(details.birth_dates),
        identifiers=tuple(dict.fromkeys(identifiers)),
        addresses=tuple(entity_addresses),
        programmes=_programmes(fields[3]),
        remarks=remarks,
        extra=tuple(extra),
    )
