"""Resolve the country names and codes that list publishers and users write to ISO 3166-1 alpha-2.

Every part of qgov compares countries: a party's country against a list entry's nationality, an
address against an embargo rule. The publishers each spell countries their own way: OFAC writes
"Korea, North", "Burma" and "Congo, Democratic Republic of the"; the UN writes "Iran (Islamic Republic
of)" and "Democratic People's Republic of Korea"; users type "Russia", "Türkiye" or "uk". pycountry
knows the ISO names; this module adds the publishers' forms on top, so that all of them reach the same
code.

Rules:
- Matching is exact after normalisation (accents, case, punctuation and a leading "the" do not matter);
  there is no fuzzy guessing, because a wrong country is worse than none.
- The result is a current ISO 3166-1 alpha-2 code, plus ``XK`` for Kosovo (the user-assigned code that
  OFAC, the EU and the trade.gov list all use). Dissolved countries (Yugoslavia, Netherlands Antilles)
  and areas that span countries resolve to ``None``.
- A region inside one country resolves to that country as ISO 3166 assigns it ("West Bank" and
  "Gaza" -> PS, "Crimea" -> UA, "Northern Mali" -> ML).

Pure module: no Django, no database.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

import pycountry

KOSOVO = "XK"

# Forms publishers and users write that pycountry does not know, keyed by their normalised spelling.
# Where a name came from: OFAC = SDN/consolidated legacy files, UN = UN Security Council XML,
# CSL = trade.gov Consolidated Screening List, BIS = Denied Persons List.
_EXTRA_NAMES: dict[str, str] = {
    "korea north": "KP",  # OFAC
    "north korea": "KP",
    "dprk": "KP",
    "prc": "CN",
    "korea south": "KR",  # OFAC
    "south korea": "KR",
    "burma": "MM",  # OFAC
    "russia": "RU",  # OFAC
    "turkey": "TR",  # OFAC, before the 2022 renaming to Türkiye
    "syria": "SY",
    "iran": "IR",
    "laos": "LA",
    "brunei": "BN",
    "macau": "MO",  # OFAC
    "macao": "MO",
    "cape verde": "CV",
    "swaziland": "SZ",
    "czech republic": "CZ",
    "ivory coast": "CI",
    "vatican city": "VA",
    "vatican": "VA",
    "palestine": "PS",
    "palestinian": "PS",  # OFAC "nationality Palestinian"
    "palestinian territories": "PS",
    "palestinian authority": "PS",
    "occupied palestinian territory": "PS",
    "west bank": "PS",  # OFAC
    "gaza": "PS",
    "gaza strip": "PS",
    "region gaza": "PS",  # OFAC add.csv "Region: Gaza"
    "kosovo": KOSOVO,  # OFAC, CSL
    "crimea": "UA",
    "region crimea": "UA",  # OFAC add.csv "Region: Crimea"
    "northern mali": "ML",
    "region northern mali": "ML",  # OFAC add.csv "Region: Northern Mali"
    "congo democratic republic of the": "CD",  # OFAC
    "democratic republic of the congo": "CD",  # UN
    "drc": "CD",
    "congo republic of the": "CG",  # OFAC
    "republic of the congo": "CG",
    "congo brazzaville": "CG",
    "congo kinshasa": "CD",
    "macedonia": "MK",
    "macedonia the former yugoslav republic of": "MK",  # OFAC
    "the former yugoslav republic of macedonia": "MK",
    "former yugoslav republic of macedonia": "MK",
    "bahamas the": "BS",  # OFAC "Bahamas, The"
    "gambia the": "GM",
    "china hong kong special administrative region": "HK",  # UN
    "hong kong special administrative region": "HK",
    "hong kong sar": "HK",
    "china macao special administrative region": "MO",
    "taiwan province of china": "TW",
    "united states of america": "US",  # UN
    "usa": "US",
    "uk": "GB",  # exceptionally reserved ISO code, common in user input
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "east timor": "TL",
    "micronesia": "FM",
    "st kitts and nevis": "KN",
    "st lucia": "LC",
    "st vincent and the grenadines": "VC",
    "sao tome and principe": "ST",
    "the netherlands": "NL",
    "holland": "NL",
    "republic of korea": "KR",  # UN
    "democratic peoples republic of korea": "KP",  # UN, after the apostrophe is dropped
    "vietnam": "VN",
    "viet nam": "VN",
    "moldova": "MD",
    "federated states of micronesia": "FM",
}


def _normalise(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    without_marks = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    lowered = without_marks.casefold().replace("&", " and ").replace("'", "").replace("’", "")
    words = re.sub(r"[^0-9a-z]+", " ", lowered).split()
    if words and words[0] == "the" and len(words) > 1:
        words = words[1:]
    # Joined without spaces so that "Cote d Ivoire" and "Côte d'Ivoire" meet.
    return "".join(words)


@cache
def _lookup_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for country in pycountry.countries:
        code = country.alpha_2
        for attribute in ("alpha_2", "alpha_3", "name", "official_name", "common_name"):
            value = getattr(country, attribute, None)
            if value:
                table.setdefault(_normalise(value), code)
    for name, code in _EXTRA_NAMES.items():
        table[_normalise(name)] = code
    table[KOSOVO.lower()] = KOSOVO
    table["xkx"] = KOSOVO
    return table


@lru_cache(maxsize=8192)
def resolve_country(text: str | None) -> str | None:
    """The ISO 3166-1 alpha-2 code for a country code or English name, or None when it is not one.

    >>> resolve_country("Korea, North"), resolve_country("de"), resolve_country("Türkiye")
    ('KP', 'DE', 'TR')
    >>> resolve_country("Middle East") is None
    True
    """
    if not text:
        return None
    key = _normalise(text)
    if not key:
        return None
    return _lookup_table().get(key)


def country_name(code: str) -> str | None:
    """The English short name of an alpha-2 code ("KP" -> "Korea, Democratic People's Republic of")."""
    if code.upper() == KOSOVO:
        return "Kosovo"
    country = pycountry.countries.get(alpha_2=code.upper())
    return None if country is None else str(country.name)
