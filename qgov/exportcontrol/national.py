"""Licence requirements of the non-US jurisdictions, run beside the US determination.

An item a quantum lab ships may be on the EU, Japanese, UK, Canadian or a national list as well as on
the CCL, and each of those attaches on its own link (here: the country the item leaves from). What the
rule reference knows about them is thin and mostly secondary (section 7): the destinations each
requirement covers, rarely more. Each jurisdiction is a small YAML pack
(rulepacks/<jurisdiction>/licensing-<date>.yaml) with its text status, and every answer built from it
carries that status ('unverified text' or 'unknown'), so nobody mistakes a summary for the law.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from qgov.exportcontrol.tablefields import HEADER_KEYS, Fields, TableHeader, read_header

RequirementKind = Literal["all_destinations", "all_except", "outside_region", "unknown", "list_only"]
REQUIREMENT_KINDS: tuple[RequirementKind, ...] = (
    "all_destinations",
    "all_except",
    "outside_region",
    "unknown",
    "list_only",
)
_STATUS_ORDER = ("verified", "interpretation", "unverified_text", "unverified", "unknown")


def status_label(text_status: str) -> str:
    """The label users see (reference section 0.1)."""
    return {"verified": "verified text", "unverified_text": "unverified text"}.get(text_status, text_status)


def weakest_status(statuses: Sequence[str]) -> str:
    return max(statuses, key=lambda s: _STATUS_ORDER.index(s) if s in _STATUS_ORDER else len(_STATUS_ORDER))


@dataclass(frozen=True)
class GeneralAuthorisation:
    code: str
    citation: str
    text_status: str
    destinations_believed: frozenset[str]
    note: str


@dataclass(frozen=True)
class Region:
    name: str
    members: frozenset[str]
    text_status: str
    note: str


@dataclass(frozen=True)
class NationalLicensing:
    header: TableHeader
    from_countries: frozenset[str]
    from_region: str | None
    kind: RequirementKind
    citation: str
    note: str
    except_countries: frozenset[str] = frozenset()
    region: str | None = None
    except_general_authorisation: str | None = None
    inside_note: str | None = None
    inside_citation: str | None = None
    general_authorisations: tuple[GeneralAuthorisation, ...] = ()
    deemed_release_note: str = ""
    regions: Mapping[str, Region] = field(default_factory=dict)

    def region_references(self) -> Iterator[tuple[str, str]]:
        if self.from_region:
            yield "attaches.from_region", self.from_region
        if self.region:
            yield "requirement.region", self.region


def read_national_licensing(document: Fields, stem: str) -> NationalLicensing:
    document.only(f"{HEADER_KEYS} attaches requirement general_authorisations deemed_release regions")
    header = read_header(document, "licensing", stem)
    attaches = document.sub("attaches", "from_countries from_region")
    requirement = document.sub(
        "requirement",
        "kind except_countries region except_general_authorisation citation note inside_note inside_citation",
    )
    kind = requirement.choice("kind", REQUIREMENT_KINDS)
    region = requirement.optional_text("region")
    if (kind == "outside_region") != (region is not None):
        raise requirement.error("a region is given exactly when kind is 'outside_region'", "region")
    deemed = document.sub("deemed_release", "known note")
    if deemed.boolean("known"):
        raise deemed.error("no national deemed-release rule is modelled yet; set known: false", "known")
    regions = {
        name: Region(name, fields.countries("members"), fields.text_status(), fields.text("note"))
        for name, fields in (
            document.items("regions", "members text_status note") if document.has("regions") else []
        )
    }
    return NationalLicensing(
        header=header,
        from_countries=attaches.countries("from_countries"),
        from_region=attaches.optional_text("from_region"),
        kind=next(option for option in REQUIREMENT_KINDS if option == kind),
        citation=requirement.text("citation"),
        note=requirement.text("note"),
        except_countries=requirement.countries("except_countries"),
        region=region,
        except_general_authorisation=requirement.optional_text("except_general_authorisation"),
        inside_note=requirement.optional_text("inside_note"),
        inside_citation=requirement.optional_text("inside_citation"),
        general_authorisations=tuple(
            GeneralAuthorisation(
                ga.text("code"),
                ga.text("citation"),
                ga.text_status(),
                ga.countries("destinations_believed"),
                ga.text("note"),
            )
            for ga in document.subs(
                "general_authorisations", "code citation text_status destinations_believed note"
            )
        ),
        deemed_release_note=deemed.text("note"),
        regions=regions,
    )


@dataclass
class NationalResult:
    """The parallel answer of one jurisdiction, labelled with its text status."""

    jurisdiction: str
    entries: list[str]
    text_status: str
    version: str | None
    attaches: bool | None = None
    licence_required: bool | None = None
    general_authorisations: list[dict[str, Any]] = field(default_factory=list)
    basis: list[str] = field(default_factory=list)
    explanation: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "jurisdiction": self.jurisdiction,
            "entries": self.entries,
            "attaches": self.attaches,
            "licence_required": self.licence_required,
            "general_authorisations": self.general_authorisations,
            "basis": self.basis,
            "text_status": self.text_status,
            "label": status_label(self.text_status),
            "version": self.version,
            "explanation": self.explanation,
        }


@dataclass(frozen=True)
class Movement:
    """What the parallel checks need to know about the transaction."""

    kind: str  # export | reexport | transfer | deemed_export | deemed_reexport
    from_country: str | None
    destination: str | None


def evaluate_national(
    jurisdiction: str,
    entries: Sequence[str],
    entry_statuses: Sequence[str],
    pack: NationalLicensing | None,
    movement: Movement,
    regions: Mapping[str, Region],
    authorisations: Mapping[str, GeneralAuthorisation],
) -> NationalResult:
    """The licence answer of `jurisdiction` for entries of its list that the item matched."""
    if pack is None:
        return NationalResult(
            jurisdiction,
            list(entries),
            "unknown",
            None,
            explanation=[
                f"No {jurisdiction} licensing data is in force on this date: licence requirement unknown."
            ],
        )
    status = weakest_status([pack.header.text_status, *entry_statuses])
    result = NationalResult(
        jurisdiction, list(entries), status, pack.header.version_text, basis=[pack.citation]
    )
    label = status_label(status)
    if pack.kind == "list_only":
        result.explanation.append(f"{pack.note} ({label})")
        return result
    result.attaches = _attaches(pack, movement.from_country, regions)
    if result.attaches is None:
        result.explanation.append(
            f"{jurisdiction}: the country the item leaves from is not given: licence requirement unknown."
        )
        return result
    if not result.attaches:
        result.licence_required = False
        result.explanation.append(
            f"{jurisdiction}: the item does not leave from {jurisdiction}, so its licence requirement does "
            "not attach on the ship-from link (other links, such as the item's origin, are not assessed)."
        )
        return result
    if movement.kind in ("deemed_export", "deemed_reexport"):
        result.explanation.append(f"{jurisdiction}: {pack.deemed_release_note} ({label})")
        return result
    if movement.kind == "transfer":
        result.explanation.append(
            f"{jurisdiction}: whether an in-country transfer needs a licence is not in the texts read: "
            f"unknown ({label})."
        )
        return result
    _destination_rule(result, pack, movement.destination, regions, authorisations, label)
    return result


def _attaches(
    pack: NationalLicensing, from_country: str | None, regions: Mapping[str, Region]
) -> bool | None:
    if from_country is None:
        return None
    if from_country in pack.from_countries:
        return True
    region = regions.get(pack.from_region) if pack.from_region else None
    return region is not None and from_country in region.members


def _destination_rule(
    result: NationalResult,
    pack: NationalLicensing,
    destination: str | None,
    regions: Mapping[str, Region],
    authorisations: Mapping[str, GeneralAuthorisation],
    label: str,
) -> None:
    name = pack.header.jurisdiction
    if destination is None:
        result.explanation.append(f"{name}: no destination given: licence requirement unknown.")
        return
    if pack.kind == "unknown":
        result.explanation.append(f"{name}: {pack.note} ({label})")
        return
    if pack.kind == "all_destinations":
        result.licence_required = True
        result.explanation.append(f"{name}: {pack.note} ({label})")
    elif pack.kind == "all_except":
        result.licence_required = destination not in pack.except_countries
        exempt = (
            "" if result.licence_required else f" {destination} is one of the exceptions, so none is needed."
        )
        result.explanation.append(f"{name}: {pack.note}{exempt} ({label})")
    else:
        region = regions[pack.region or ""]
        if destination in region.members:
            if pack.inside_citation:
                result.basis.append(pack.inside_citation)
            else:
                result.licence_required = False
            result.explanation.append(
                f"{name}: {destination} is inside the {region.name}. {pack.inside_note} ({label})"
            )
            return
        believed = authorisations.get(pack.except_general_authorisation or "")
        if believed is not None and destination in believed.destinations_believed:
            result.explanation.append(
                f"{name}: {pack.note} {destination} is believed to be a {believed.code} destination, for "
                "which no licence would be needed, but that list is unverified: licence requirement unknown "
                f"({label})."
            )
            return
        result.licence_required = True
        result.explanation.append(f"{name}: {pack.note} ({label})")
    for authorisation in pack.general_authorisations:
        result.general_authorisations.append(_general_authorisation(authorisation, destination))


def _general_authorisation(authorisation: GeneralAuthorisation, destination: str) -> dict[str, Any]:
    believed = destination in authorisation.destinations_believed
    verdict = (
        f"{destination} is believed to be covered, but the destination list is unverified"
        if believed
        else f"{destination} is not on the believed destination list (itself unverified)"
    )
    return {
        "code": authorisation.code,
        "available": None if believed else False,
        "note": f"{verdict}. {authorisation.note}",
        "citation": authorisation.citation,
        "text_status": authorisation.text_status,
    }
