"""Country names and codes as publishers and users write them, resolved to ISO 3166-1 alpha-2."""

from __future__ import annotations

import pytest

from qgov.countries import country_name, resolve_country


@pytest.mark.parametrize(
    ("written", "code"),
    [
        # OFAC's spellings
        ("Korea, North", "KP"),
        ("Korea, South", "KR"),
        ("Burma", "MM"),
        ("Iran", "IR"),
        ("Russia", "RU"),
        ("Syria", "SY"),
        ("Congo, Democratic Republic of the", "CD"),
        ("Congo, Republic of the", "CG"),
        ("Macedonia, The Former Yugoslav Republic of", "MK"),
        ("Bahamas, The", "BS"),
        ("The Gambia", "GM"),
        ("Cote d Ivoire", "CI"),
        ("West Bank", "PS"),
        ("Palestinian", "PS"),
        ("Region: Gaza", "PS"),
        ("Region: Crimea", "UA"),
        ("Region: Northern Mali", "ML"),
        ("Kosovo", "XK"),
        ("Turkey", "TR"),
        ("Macau", "MO"),
        ("Hong Kong", "HK"),
        ("Taiwan", "TW"),
        # the UN's spellings
        ("Democratic Republic of the Congo", "CD"),
        ("Iran (Islamic Republic of)", "IR"),
        ("Democratic People's Republic of Korea", "KP"),
        ("Syrian Arab Republic", "SY"),
        ("United States of America", "US"),
        ("Venezuela (Bolivarian Republic of)", "VE"),
        ("China, Hong Kong Special Administrative Region", "HK"),
        # ISO names, codes and what users type
        ("Moldova, Republic of", "MD"),
        ("Moldova", "MD"),
        ("Türkiye", "TR"),
        ("Turkiye", "TR"),
        ("Côte d'Ivoire", "CI"),
        ("de", "DE"),
        ("CN", "CN"),
        ("RUS", "RU"),
        ("UK", "GB"),
        ("U.K.", "GB"),
        ("  germany ", "DE"),
    ],
)
def test_publisher_and_user_spellings_resolve(written: str, code: str) -> None:
    assert resolve_country(written) == code


@pytest.mark.parametrize(
    "written",
    ["", "Middle East", "Region: Kafia Kingi", "Netherlands Antilles", "undetermined", "Europe", "ZZ", None],
)
def test_regions_dissolved_countries_and_noise_resolve_to_none(written: str | None) -> None:
    assert resolve_country(written) is None


def test_country_names_for_display() -> None:
    assert country_name("kp") == "Korea, Democratic People's Republic of"
    assert country_name("XK") == "Kosovo"
    assert country_name("ZZ") is None
