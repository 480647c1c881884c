"""The versioned tables a US licence determination looks things up in, and the choice of version by date.

Country-group membership, Country Chart marks, IEC eligibility and embargoed destinations change
over time and are not ours to invent: each is YAML in rulepacks/us-ear/ (<table>-<YYYY-MM-DD>.yaml)
with an effective date, a source and a text status, validated once when loaded (unknown keys, country
codes that do not exist, group counts that do not add up, a chart column naming an unknown group are
all refused). For a date, `LicensingTables.in_force` picks the latest version of each table whose
effective_from is on or before it; a table with no version in force is None and the determination
says so instead of guessing. The IEC table is modelled but shipped empty with status 'unknown': its
lookups then answer None ('unknown'), never True or False.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal, TypeVar

from qgov.exportcontrol.licensing_rules import UsLicensing, read_us_licensing
from qgov.exportcontrol.national import NationalLicensing, Region, read_national_licensing
from qgov.exportcontrol.tablefields import (
    HEADER_KEYS,
    Fields,
    TableError,
    TableHeader,
    read_document,
    read_header,
)

RULEPACK_DIRECTORY = Path(__file__).parent / "rulepacks"
US_FOLDER = "us-ear"


@dataclass(frozen=True)
class CountryGroups:
    header: TableHeader
    groups: Mapping[str, frozenset[str]]
    notes: Mapping[str, str] = field(default_factory=dict)

    def groups_of(self, country: str) -> tuple[str, ...]:
        return tuple(name for name, members in self.groups.items() if country in members)

    def in_any(self, country: str, groups: Iterable[str]) -> bool:
        return any(country in self.groups.get(name, frozenset()) for name in groups)


@dataclass(frozen=True)
class ChartColumn:
    name: str
    marked: Literal["all_except", "only"]
    countries: frozenset[str]
    except_groups: tuple[str, ...]
    check_the_chart: bool
    note: str


@dataclass(frozen=True)
class CountryChart:
    header: TableHeader
    part_746_rows: frozenset[str]
    part_746_citation: str
    columns: Mapping[str, ChartColumn]

    def is_marked(self, column: str, country: str, groups: CountryGroups) -> bool | None:
        """Whether `column` is marked (licence required) for `country`; None when the column is not held."""
        spec = self.columns.get(column)
        if spec is None:
            return None
        if spec.marked == "only":
            return country in spec.countries
        return not (country in spec.countries or groups.in_any(country, spec.except_groups))


@dataclass(frozen=True)
class IecTable:
    header: TableHeader
    entries: Mapping[str, frozenset[str]]

    @property
    def known(self) -> bool:
        return self.header.text_status == "verified"

    def eligible(self, entry: str, destination: str) -> bool | None:
        """IEC eligibility of `entry` (ECCN or ECCN.paragraph) to `destination`; None unless the table is "
        "verified."""
        if not self.known:
            return None
        parts = entry.split(".")
        for length in range(len(parts), 0, -1):
            destinations = self.entries.get(".".join(parts[:length]))
            if destinations is not None:
                return destination in destinations
        return False


@dataclass(frozen=True)
class EmbargoedDestination:
    country: str
    name: str
    citation: str


@dataclass(frozen=True)
class EmbargoedRegion:
    country: str
    name: str
    citation: str
    note: str


@dataclass(frozen=True)
class Embargoes:
    header: TableHeader
    destinations: Mapping[str, EmbargoedDestination]
    regions: tuple[EmbargoedRegion, ...]

    def region_in(self, country: str) -> EmbargoedRegion | None:
        return next((region for region in self.regions if region.country == country), None)


@dataclass(frozen=True)
class TablesInForce:
    """The version of every table in force on `on` (None where no version is)."""

    on: dt.date
    country_groups: CountryGroups | None
    country_chart: CountryChart | None
    iec: IecTable | None
    embargoes: Embargoes | None
    us_licensing: UsLicensing | None
    national: Mapping[str, NationalLicensing]
    regions: Mapping[str, Region]

    def headers(self) -> list[TableHeader]:
        tables = (self.us_licensing, self.country_groups, self.country_chart, self.iec, self.embargoes)
        return [table.header for table in tables if table is not None]

    def versions(self) -> dict[str, str]:
        """'US-EAR country_groups' -> '2026-07-23' for every table used, national packs included."""
        versions = {f"{h.jurisdiction} {h.table}": h.version_text for h in self.headers()}
        versions.update(
            {f"{name} licensing": pack.header.version_text for name, pack in self.national.items()}
        )
        return versions


_Versioned = TypeVar(
    "_Versioned", CountryGroups, CountryChart, IecTable, Embargoes, UsLicensing, NationalLicensing
)


def latest_in_force(versions: Sequence[_Versioned], on: dt.date) -> _Versioned | None:
    candidates = [table for table in versions if table.header.effective_from <= on]
    return max(candidates, key=lambda t: (t.header.effective_from, t.header.version), default=None)


@dataclass(frozen=True)
class LicensingTables:
    """Every version of every licensing table found in a rule-pack directory."""

    directory: Path
    country_groups: tuple[CountryGroups, ...]
    country_charts: tuple[CountryChart, ...]
    iec_tables: tuple[IecTable, ...]
    embargoes: tuple[Embargoes, ...]
    us_licensing: tuple[UsLicensing, ...]
    national: tuple[NationalLicensing, ...]

    def in_force(self, on: dt.date) -> TablesInForce:
        by_jurisdiction: dict[str, list[NationalLicensing]] = {}
        for pack in self.national:
            by_jurisdiction.setdefault(pack.header.jurisdiction, []).append(pack)
        national = {
            name: chosen for name, packs in by_jurisdiction.items() if (chosen := latest_in_force(packs, on))
        }
        regions = {name: region for pack in national.values() for name, region in pack.regions.items()}
        return TablesInForce(
            on=on,
            country_groups=latest_in_force(self.country_groups, on),
            country_chart=latest_in_force(self.country_charts, on),
            iec=latest_in_force(self.iec_tables, on),
            embargoes=latest_in_force(self.embargoes, on),
            us_licensing=latest_in_force(self.us_licensing, on),
            national=national,
            regions=regions,
        )


def load_licensing_tables(directory: Path | None = None) -> LicensingTables:
    """All licensing tables under `directory` (default: the shipped rule packs), validated; cached."""
    return _load_cached((directory or RULEPACK_DIRECTORY).resolve())


@lru_cache(maxsize=8)
def _load_cached(directory: Path) -> LicensingTables:
    if not directory.is_dir():
        raise TableError(f"{directory}: rule-pack directory not found")
    us = directory / US_FOLDER
    tables = LicensingTables(
        directory=directory,
        country_groups=_read_all(us, "country-groups", _read_country_groups),
        country_charts=_read_all(us, "country-chart", _read_country_chart),
        iec_tables=_read_all(us, "iec", _read_iec),
        embargoes=_read_all(us, "embargoes", _read_embargoes),
        us_licensing=_read_all(us, "licensing", read_us_licensing),
        national=tuple(
            pack
            for folder in sorted(p for p in directory.iterdir() if p.is_dir() and p.name != US_FOLDER)
            for pack in _read_all(folder, "licensing", read_national_licensing)
        ),
    )
    if not tables.us_licensing:
        raise TableError(f"{us}: holds no licensing-<date>.yaml")
    _check_duplicates(tables)
    _check_references(tables)
    return tables


def _read_all(folder: Path, stem: str, reader: Callable[[Fields, str], _Versioned]) -> tuple[_Versioned, ...]:
    paths = (
        sorted(folder.glob(f"{stem}-[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9].yaml"))
        if folder.is_dir()
        else []
    )
    return tuple(reader(read_document(path), stem) for path in paths)


def _read_country_groups(document: Fields, stem: str) -> CountryGroups:
    document.only(f"{HEADER_KEYS} groups")
    header = read_header(document, "country_groups", stem)
    groups: dict[str, frozenset[str]] = {}
    notes: dict[str, str] = {}
    for name, group in document.items("groups", "count members note"):
        members = group.countries("members")
        count = group.integer("count")
        if count is None or count != len(members):
            raise group.error(f"count {count} does not match the {len(members)} members listed", "count")
        groups[name] = members
        if group.has("note"):
            notes[name] = group.text("note")
    return CountryGroups(header, groups, notes)


def _read_country_chart(document: Fields, stem: str) -> CountryChart:
    document.only(f"{HEADER_KEYS} part_746_rows columns")
    header = read_header(document, "country_chart", stem)
    rows = document.sub("part_746_rows", "members citation")
    columns: dict[str, ChartColumn] = {}
    keys = "marked countries except_countries except_groups check_the_chart note"
    for name, column in document.items("columns", keys):
        marked = column.choice("marked", ("all_except", "only"))
        except_groups: tuple[str, ...] = ()
        if marked == "only":
            countries = column.countries("countries")
            if not countries or column.has("except_countries") or column.has("except_groups"):
                raise column.error("a column marked 'only' lists its countries and nothing else", "countries")
        else:
            countries, except_groups = column.countries("except_countries"), column.texts("except_groups")
        columns[name] = ChartColumn(
            name,
            "only" if marked == "only" else "all_except",
            countries,
            except_groups,
            column.boolean("check_the_chart", False),
            column.text("note"),
        )
    return CountryChart(header, rows.countries("members"), rows.text("citation"), columns)


def _read_iec(document: Fields, stem: str) -> IecTable:
    document.only(f"{HEADER_KEYS} entries")
    header = read_header(document, "iec", stem)
    entries_data = document.sub("entries")
    entries = {key: entries_data.countries(key) for key in entries_data.names()}
    if header.text_status == "unknown" and entries:
        raise document.error("a table with text_status 'unknown' must have no entries", "entries")
    if header.text_status != "unknown" and not entries:
        raise document.error(f"a table with text_status {header.text_status!r} needs entries", "entries")
    return IecTable(header, entries)


def _read_embargoes(document: Fields, stem: str) -> Embargoes:
    document.only(f"{HEADER_KEYS} destinations regions")
    header = read_header(document, "embargoes", stem)
    destinations: dict[str, EmbargoedDestination] = {}
    for code, entry in document.items("destinations", "name citation"):
        document.sub("destinations").check_country(code, code)
        destinations[code] = EmbargoedDestination(code, entry.text("name"), entry.text("citation"))
    regions = tuple(
        EmbargoedRegion(
            region.country("country"), region.text("name"), region.text("citation"), region.text("note")
        )
        for region in document.subs("regions", "country name citation note")
    )
    return Embargoes(header, destinations, regions)


def _check_duplicates(tables: LicensingTables) -> None:
    """Two files claiming the same version of the same table would make the choice by date arbitrary."""
    seen: dict[tuple[str, str, dt.date], Path] = {}
    for header in _all_headers(tables):
        key = (header.jurisdiction, header.table, header.effective_from)
        if key in seen:
            raise TableError(f"{header.path}: same table and effective_from as {seen[key]}")
        seen[key] = header.path


def _all_headers(tables: LicensingTables) -> list[TableHeader]:
    groups: tuple[
        Sequence[CountryGroups | CountryChart | IecTable | Embargoes | UsLicensing | NationalLicensing], ...
    ]
    groups = (
        tables.country_groups,
        tables.country_charts,
        tables.iec_tables,
        tables.embargoes,
        tables.us_licensing,
        tables.national,
    )
    return [table.header for group in groups for table in group]


def _check_references(tables: LicensingTables) -> None:
    """Names used across tables (country groups, chart columns, regions) must exist in the tables loaded."""
    group_names = {name for version in tables.country_groups for name in version.groups}
    column_names = {name for version in tables.country_charts for name in version.columns}
    for chart in tables.country_charts:
        for spec in chart.columns.values():
            for group in spec.except_groups:
                if group not in group_names:
                    raise TableError(
                        f"{chart.header.path}: columns.{spec.name}: unknown country group {group!r}"
                    )
    for us in tables.us_licensing:
        for where, group in us.group_references():
            if group not in group_names:
                raise TableError(f"{us.header.path}: {where}: unknown country group {group!r}")
        for where, column in us.column_references():
            if column not in column_names:
                raise TableError(f"{us.header.path}: {where}: unknown Country Chart column {column!r}")
    region_names = {name for pack in tables.national for name in pack.regions}
    authorisations = {ga.code for pack in tables.national for ga in pack.general_authorisations}
    for pack in tables.national:
        for where, region in pack.region_references():
            if region not in region_names:
                raise TableError(f"{pack.header.path}: {where}: unknown region {region!r}")
        code = pack.except_general_authorisation
        if code is not None and code not in authorisations:
            raise TableError(
                f"{pack.header.path}: requirement.except_general_authorisation: unknown {code!r}"
            )
