"""The OFAC remarks grammar: dates of birth, nationalities, identifiers and weak aliases in free text.

OFAC's legacy files have no columns for most details of an entry: they are written into one remarks
field as items separated by "; ", each item "Label value", an "alt. " prefix marking a second value
of the same label, and the whole ending in a period, e.g.::

    DOB 12 Jul 1986; nationality China; Passport G1234567 (China) issued 01 Jan 2010;
    Gender Male; a.k.a. 'JACK'; Linked To: LAZARUS GROUP.

The trade.gov list republishes the same labels in its ``ids`` column ("Passport, G1234567, CN"), so the
vocabulary of identifier labels here serves both parsers.

Names quoted after "a.k.a." (and the rare "f.k.a."/"n.k.a.") in the remarks are OFAC's *weak* aliases:
nicknames, noms de guerre and short acronyms that OFAC moved out of the alias table because they cause
many false hits (OFAC FAQs 122-124: OFAC "does not expect that persons will screen for weak AKAs" but
uses them to confirm a hit). They are returned as weak names whatever their prefix.

Pure module: no Django, no database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from qgov.countries import resolve_country
from qgov.screening.entities import Identifier
from qgov.screening.sources.dates import parse_dates

# Labels after which OFAC writes a document or registry number. The scheme of the resulting
# Identifier is the label as OFAC writes it, except the few mapped in _CANONICAL_SCHEMES.
IDENTIFIER_LABELS: tuple[str, ...] = (
    "Passport",
    "Passport No.:",
    "Passport Booklet",
    "Passport Booklet:",
    "Diplomatic Passport",
    "British National Overseas Passport",
    "Stateless Person Passport",
    "Stateless Person ID Card",
    "Refugee ID Card",
    "National ID No.",
    "National ID No.:",
    "National Foreign ID Number",
    "Personal ID Card",
    "Identification Number",
    "Citizen's Card Number",
    "Cedula No.",
    "D.N.I.",
    "N.I.E.",
    "C.U.R.P.",
    "C.U.R.P. #",
    "R.F.C.",
    "R.F.C. #",
    "RFC",
    "C.U.I.P.",
    "C.U.I.",
    "C.U.I.T.",
    "I.F.E.",
    "Credencial electoral",
    "Electoral Registry No.",
    "Cartilla de Servicio Militar Nacional",
    "Numero de Identidad",
    "Tazkira National ID Card",
    "Kenyan ID No.",
    "Moroccan Personal ID No.",
    "Bosnian Personal ID No.",
    "Turkish Identification Number",
    "CNP (Personal Numerical Code)",
    "UAE Identification",
    "SSN",
    "Social Security Number",
    "Driver's License No.",
    "Travel Document Number",
    "Residency Number",
    "Birth Certificate Number",
    "Immigration No.",
    "Seafarer's Identification Document",
    "Pilot License Number",
    "VisaNumberID",
    "Tax ID No.",
    "Italian Fiscal Code",
    "Fiscal Code",
    "NIT #",
    "RUC #",
    "RIF #",
    "RTN",
    "US FEIN",
    "V.A.T. Number",
    "C.I.F.",
    "Numero Unico de Identificacao Tributaria (NUIT)",
    "Romanian Tax Registration",
    "Paraguayan tax identification number",
    "Registration ID",
    "Registration Number",
    "Business Registration Number",
    "Business Registration Document #",
    "Business Number",
    "Public Registration Number",
    "Commercial Registry Number",
    "Company Number",
    "UK Company Number",
    "Company ID: No.",
    "Certificate of Incorporation Number",
    "Chamber of Commerce Number",
    "Istanbul Chamber of Comm. No.",
    "Dubai Chamber of Commerce Membership No.",
    "Trade License No.",
    "Tourism License No.",
    "License",
    "Folio Mercantil No.",
    "Matricula Mercantil No",
    "Government Gazette Number",
    "Unified Social Credit Code (USCC)",
    "United Social Credit Code Certificate (USCCC)",
    "Chinese Commercial Code",
    "Central Registration System Number",
    "Enterprise Number",
    "Branch Unit Number",
    "Registered Charity No.",
    "RSIN",
    "LE Number",
    "C.R. No.",
    "Romanian C.R.",
    "MSB Registration Number",
    "Afghan Money Service Provider License Number",
    "Legal Entity Number",
    "D-U-N-S Number",
    "SWIFT/BIC",
    "BIK (RU)",
    "ISIN",
    "Equity Ticker",
    "MMSI",
    "Vessel Registration Identification",
    "International Maritime Organization No.",
    "Other Vessel Call Sign",
    "Aircraft Manufacturer's Serial Number (MSN)",
    "Aircraft Construction Number (also called L/N or S/N or F/N)",
    "Aircraft Serial Identification",
    "Aircraft Tail Number",
    "Previous Aircraft Tail Number",
    "Aircraft Mode S Transponder Code",
    "Website",
    "Email Address",
    "Email",
    "Phone Number",
    "Telephone",
    "Telephone No.",
    "Telephone Number:",
    "Telephone:",
    "Fax",
    "Fax No.",
    "Fax:",
    "Serial No.",
)

_CANONICAL_SCHEMES = {
    "Vessel Registration Identification": "IMO",
    "International Maritime Organization No.": "IMO",
    "Passport No.:": "Passport",
    "Passport Booklet:": "Passport Booklet",
    "National ID No.:": "National ID No.",
    "Telephone:": "Telephone",
    "Telephone Number:": "Telephone",
    "Fax:": "Fax",
}

# One alternation of every label, longest first so that "Passport Booklet" wins over "Passport"; a
# label must be followed by a space, a colon or the end of the item.
_LABEL_ALTERNATIVES = "|".join(re.escape(label) for label in sorted(IDENTIFIER_LABELS, key=len, reverse=True))
_IDENTIFIER_LABEL = re.compile(rf"^(?:{_LABEL_ALTERNATIVES})(?=[ :]|$)")
_QUOTED_NAME = re.compile(r"^(?:a\.k\.a\.|f\.k\.a\.|n\.k\.a\.)\s*'(?P<name>.*)'\.?$", re.IGNORECASE)
_TRAILING_PARENTHESISED = re.compile(r"\s*\(([^()]*)\)\s*$")
_ISSUED_OR_EXPIRES = re.compile(r"\s+(?:issued|expires|expired)\b.*$", re.IGNORECASE)
_IMO_PREFIXED = re.compile(r"^IMO\s*\(?(\d{7})\)?$", re.IGNORECASE)
_SEVEN_DIGITS = re.compile(r"^\(?(\d{7})\)?$")
_DIGITAL_CURRENCY = re.compile(r"^Digital Currency Address - (?P<currency>[A-Z0-9]+)\s+(?P<address>\S+)$")


@dataclass(slots=True)
class RemarksDetails:
    """What the remarks say, in the shape the list entity needs."""

    birth_dates: list[str] = field(default_factory=list)
    places_of_birth: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)  # ISO alpha-2
    citizenships: list[str] = field(default_factory=list)  # ISO alpha-2
    registration_countries: list[str] = field(default_factory=list)  # ISO alpha-2
    unresolved_countries: list[str] = field(default_factory=list)  # as written, when no ISO code fits
    identifiers: list[Identifier] = field(default_factory=list)
    weak_names: list[str] = field(default_factory=list)
    genders: list[str] = field(default_factory=list)
    linked_to: list[str] = field(default_factory=list)
    established: list[str] = field(default_factory=list)


def remark_items(remarks: str) -> list[str]:
    """The items of a remarks text, each without its "alt. " prefix and the final period."""
    text = remarks.strip().removesuffix(".")
    items = []
    for raw in text.split(";"):
        item = raw.strip()
        if item[:5].lower() == "alt. ":
            item = item[5:].strip()
        if item:
            items.append(item)
    return items


def _unquote(name: str) -> str:
    # "''FOOPIE''" is written with doubled quotes; "'ABD-AL-'IZ" starts with a real ayn apostrophe.
    while len(name) > 1 and name.startswith("'") and name.endswith("'"):
        name = name[1:-1]
    return name.strip()


def split_country(text: str) -> tuple[str, str | None]:
    """Separate ``"0582030 (Connecticut) (United States)"`` into ``("0582030", "US")``.

    The country is the last trailing parenthesised part that names a country; the other trailing
    parenthesised parts (a US state, a profession) are dropped from the value, unless nothing would be
    left of it (a telephone number written "(98)(21)(66153220)"). Text from "issued"/"expires" on is
    dropped.
    """
    value = text.strip()
    trailing = _ISSUED_OR_EXPIRES.search(value)
    if trailing:
        value = value[: trailing.start()].strip()
    groups: list[str] = []
    remainder = value
    while (group := _TRAILING_PARENTHESISED.search(remainder)) is not None:
        groups.insert(0, group.group(1))
        remainder = remainder[: group.start()]
    country = next((code for code in map(resolve_country, reversed(groups)) if code), None)
    remainder = remainder.strip().rstrip(",").strip()
    if not remainder:
        return value, None
    return remainder, country


def make_identifier(label: str, value: str, country: str | None) -> Identifier:
    """An Identifier for a value published under ``label``; IMO numbers get the scheme "IMO".

    OFAC writes a ship's IMO number under several labels ("Vessel Registration Identification IMO
    9187629", "Identification Number IMO 5342883"); "Company Number IMO 5055293" is the IMO number of
    a shipping company, not of a ship.
    """
    scheme = _CANONICAL_SCHEMES.get(label, label)
    prefixed = _IMO_PREFIXED.match(value)
    if prefixed:
        imo_scheme = "IMO Company Number" if label == "Company Number" else "IMO"
        return Identifier(scheme=imo_scheme, value=prefixed.group(1), country=country)
    if scheme == "IMO":
        bare = _SEVEN_DIGITS.match(value)
        return Identifier(scheme="IMO", value=bare.group(1) if bare else value, country=country)
    return Identifier(scheme=scheme, value=value, country=country)


def identifier_from_label(label: str, rest: str) -> Identifier | None:
    """An Identifier for ``label`` followed by ``rest`` (value, optional country), or None if empty."""
    value, country = split_country(rest)
    return make_identifier(label, value, country) if value else None


def _identifier(item: str) -> Identifier | None:
    currency = _DIGITAL_CURRENCY.match(item)
    if currency:
        return Identifier(
            scheme=f"Digital Currency Address - {currency['currency']}", value=currency["address"]
        )
    label = _IDENTIFIER_LABEL.match(item)
    if label is None:
        return None
    return identifier_from_label(label.group(0), item[label.end() :].lstrip(" :"))


def _add_country(target: list[str], unresolved: list[str], text: str) -> None:
    code = resolve_country(text)
    if code is None:
        unresolved.append(text)
    elif code not in target:
        target.append(code)


def parse_remarks(remarks: str) -> RemarksDetails:
    """Read every item of an OFAC remarks text that the list entity has a place for."""
    details = RemarksDetails()
    for item in remark_items(remarks):
        quoted = _QUOTED_NAME.match(item)
        if quoted:
            name = _unquote(quoted["name"])
            if name:
                details.weak_names.append(name)
            continue
        label, _, rest = item.partition(" ")
        rest = rest.strip()
        if label == "DOB":
            details.birth_dates.extend(d for d in parse_dates(rest) if d not in details.birth_dates)
        elif label == "POB":
            details.places_of_birth.append(rest)
        elif label == "nationality":
            _add_country(details.nationalities, details.unresolved_countries, rest)
        elif label == "citizen":
            _add_country(details.citizenships, details.unresolved_countries, rest)
        elif label == "Gender":
            details.genders.append(rest.lower())
        elif item.startswith("Linked To:"):
            details.linked_to.append(item.removeprefix("Linked To:").strip())
        elif item.startswith("Nationality of Registration "):
            _add_country(
                details.registration_countries,
                details.unresolved_countries,
                item.removeprefix("Nationality of Registration "),
            )
        elif item.startswith("Organization Established Date "):
            details.established.extend(parse_dates(item.removeprefix("Organization Established Date ")))
        else:
            identifier = _identifier(item)
            if identifier is not None and identifier not in details.identifiers:
                details.identifiers.append(identifier)
    return details
