"""Parallel licence requirements of the non-US jurisdictions (reference §7, §9), labelled with text status."""

from __future__ import annotations

import datetime as dt

import pytest

from qgov.exportcontrol.national import Movement, NationalResult, evaluate_national
from qgov.exportcontrol.tables import load_licensing_tables
from qgov.exportcontrol.tests.licensing_support import QKD, decide, magnetometer

TODAY = dt.date(2026, 11, 21)


def national(
    jurisdiction: str, kind: str, from_country: str | None, destination: str | None
) -> NationalResult:
    tables = load_licensing_tables().in_force(TODAY)
    authorisations = {ga.code: ga for pack in tables.national.values() for ga in pack.general_authorisations}
    return evaluate_national(
        jurisdiction,
        ["X1"],
        ["verified"],
        tables.national.get(jurisdiction),
        Movement(kind, from_country, destination),
        tables.regions,
        authorisations,
    )


@pytest.mark.parametrize("destination", ["US", "JP", "DE", "CN"])
def test_si_2024_346_uk_licence_to_any_destination_unverified_text(destination: str) -> None:
    result = national("UK", "export", "GB", destination)
    assert (result.attaches, result.licence_required) == (True, True)
    assert result.to_json()["label"] == "unverified text"
    assert result.basis == ["SI 2024/346, Schedule 3"]


@pytest.mark.parametrize(("destination", "required"), [("US", False), ("DE", True), ("CN", True)])
def test_sor_2024_112_canada_permit_to_all_but_the_us(destination: str, required: bool) -> None:
    result = national("CA", "export", "CA", destination)
    assert result.licence_required is required
    assert result.text_status == "unverified_text"


def test_gaitame_ho_48_japan_licence_to_all_destinations_unverified_text() -> None:
    result = national("JP", "export", "JP", "US")
    assert result.licence_required is True and result.text_status == "unverified_text"


@pytest.mark.parametrize(
    ("destination", "required", "eu001"), [("CN", True, False), ("US", True, None), ("FR", False, None)]
)
def test_reg_2021_821_eu_authorisation_to_leave_the_eu_with_eu001_unverified(
    destination: str, required: bool, eu001: bool | None
) -> None:
    result = national("EU", "export", "DE", destination)
    assert result.licence_required is required
    if required:
        assert [(ga["code"], ga["available"]) for ga in result.general_authorisations] == [("EU001", eu001)]
        assert "unverified" in result.general_authorisations[0]["note"]


@pytest.mark.parametrize(("destination", "required"), [("CN", True), ("US", None), ("FR", None)])
def test_awv_8_germany_outside_eu_and_eu001_and_11_2_inside_is_a_check(
    destination: str, required: bool | None
) -> None:
    result = national("DE", "export", "DE", destination)
    assert result.licence_required is required
    if destination == "FR":
        assert "§ 11 Abs. 2 AWV" in result.basis


def test_art_9_france_and_spain_third_countries_only() -> None:
    assert national("FR", "export", "FR", "CN").licence_required is True
    assert national("FR", "export", "FR", "IT").licence_required is False
    assert national("ES", "export", "ES", "US").licence_required is True


def test_netherlands_quantum_measure_is_unknown() -> None:
    result = national("NL", "export", "NL", "CN")
    assert result.licence_required is None and result.text_status == "unknown"


def test_wassenaar_list_imposes_no_licence_of_its_own() -> None:
    result = national("WASSENAAR", "export", "DE", "CN")
    assert (result.attaches, result.licence_required) == (None, None)
    assert "no licence requirement of its own" in result.explanation[0]


def test_national_requirement_does_not_attach_when_the_item_leaves_elsewhere() -> None:
    result = national("UK", "export", "US", "CN")
    assert (result.attaches, result.licence_required) == (False, False)


def test_national_deemed_release_and_transfer_are_unknown() -> None:
    assert national("UK", "deemed_export", "GB", None).licence_required is None
    assert national("JP", "transfer", "JP", "JP").licence_required is None


def test_national_pack_not_in_force_is_unknown() -> None:
    tables = load_licensing_tables().in_force(dt.date(2024, 1, 1))
    assert "UK" not in tables.national
    result = evaluate_national(
        "UK", ["PL9014"], ["unverified_text"], None, Movement("export", "GB", "CN"), {}, {}
    )
    assert (result.licence_required, result.text_status) == (None, "unknown")


def test_determination_carries_each_listed_jurisdiction_with_its_label() -> None:
    result = decide(magnetometer("5 pT/rtHz"), from_country="US", destination="CN")
    by_name = {j["jurisdiction"]: j for j in result["jurisdictions"]}
    assert set(by_name) == {"WASSENAAR", "EU", "JP"}
    assert by_name["JP"]["attaches"] is False and by_name["JP"]["label"] == "unverified text"
    assert by_name["EU"]["label"] == "unverified text"


def test_determination_for_a_shipment_from_the_eu_answers_the_eu_requirement() -> None:
    item = {**QKD, "origin_country": "US"}
    result = decide(item, transaction="reexport", from_country="FR", destination="CN")
    eu = next(j for j in result["jurisdictions"] if j["jurisdiction"] == "EU")
    assert (eu["attaches"], eu["licence_required"]) == (True, True)
