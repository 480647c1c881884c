"""Deemed exports and deemed reexports (reference §6.2 step 6), with the citation in every test name."""

from __future__ import annotations

import dataclasses

import pytest

from qgov.exportcontrol.licensing import determine
from qgov.exportcontrol.tables import load_licensing_tables
from qgov.exportcontrol.tests.licensing_support import (
    FRIDGE_TECHNOLOGY,
    QUANTUM_COMPUTER,
    QUBIT_SOFTWARE,
    QUBIT_TECHNOLOGY,
    SEM_SOFTWARE,
    SEM_TECHNOLOGY,
    decide_deemed,
    deemed,
    hand_classification,
    person,
)

GO6 = "15 CFR 736 Supp. No. 1, General Order No. 6(f)(3)"
LIMITED = "15 CFR 742.4(a)(5)(ii)(B)(1)"
GRANDFATHER = "15 CFR 742.4(a)(5)(ii)(A)"


# --- what can be deemed-exported, and to where ------------------------------------------------------------


def test_734_13_hardware_is_never_deemed_exported() -> None:
    result = decide_deemed(QUANTUM_COMPUTER, person("CN"))
    assert result["licence_required"] is False
    assert result["status"] == "determined"
    assert any("hardware cannot be deemed-exported" in sentence for sentence in result["explanation"])
    assert "15 CFR 734.13(a)(2), (b)" in result["basis"]


def test_734_13_a_2_release_of_object_code_is_not_a_deemed_export() -> None:
    result = decide_deemed(QUBIT_SOFTWARE, person("CN"), software_code="object")
    assert result["licence_required"] is False
    assert any("object code" in sentence for sentence in result["explanation"])


def test_734_13_a_2_software_release_without_source_or_object_is_needs_review() -> None:
    result = decide_deemed(QUBIT_SOFTWARE, person("DE"), software_code=None)
    assert result["status"] == "needs_review"
    assert any("software_code" in reason for reason in result["review_reasons"])
    assert result["licence_required"] is False  # for a German the limited exclusion holds either way


def test_734_13_b_destination_is_the_persons_country_not_the_destination_field() -> None:
    result = decide_deemed(QUBIT_TECHNOLOGY, person("CN", "2025-01-02"), destination="DE")
    assert result["destination"] == "CN"
    assert result["authorisation"] == GO6


@pytest.mark.parametrize("recipient", [person(["CN", "US"]), person("CN", permanent_residence="US")])
def test_734_13_b_us_citizen_or_permanent_resident_is_not_a_foreign_person(
    recipient: dict[str, object],
) -> None:
    result = decide_deemed(SEM_TECHNOLOGY, recipient)
    assert (result["licence_required"], result["status"]) == (False, "determined")
    assert any("not a foreign person" in sentence for sentence in result["explanation"])


def test_734_13_b_several_countries_that_agree_give_one_answer() -> None:
    result = decide_deemed(SEM_TECHNOLOGY, person(["DE", "FR"]))
    assert (result["licence_required"], result["status"]) == (False, "determined")
    assert result["destination_candidates"] == ["DE", "FR"]


def test_734_13_b_most_recent_country_unknown_when_answers_differ() -> None:
    recipient = person("CN", "2025-01-02", permanent_residence="DE")
    result = decide_deemed(SEM_TECHNOLOGY, recipient)
    assert result["licence_required"] is None
    assert result["status"] == "needs_review"
    assert any("most_recent_country" in reason for reason in result["review_reasons"])
    stated = decide_deemed(SEM_TECHNOLOGY, {**recipient, "most_recent_country": "DE"})
    assert (stated["licence_required"], stated["destination"]) == (False, "DE")
    stated_cn = decide_deemed(SEM_TECHNOLOGY, {**recipient, "most_recent_country": "CN"})
    assert (stated_cn["licence_required"], stated_cn["destination"]) == (True, "CN")


def test_734_13_b_no_citizenship_given_is_needs_review() -> None:
    result = decide_deemed(SEM_TECHNOLOGY, person(None))
    assert result["status"] == "needs_review"
    assert result["licence_required"] is None


def test_734_14_a_2_release_abroad_to_a_person_of_that_country_is_not_a_deemed_reexport() -> None:
    item = {**SEM_TECHNOLOGY, "origin_country": "US"}
    result = decide_deemed(item, person("DE"), transaction="deemed_reexport", from_country="DE")
    assert (result["licence_required"], result["status"]) == (False, "determined")
    assert any("not a deemed reexport" in sentence for sentence in result["explanation"])


def test_734_14_a_2_local_and_non_d1_d5_citizenships_agree_on_no_licence() -> None:
    recipient = person(["DE", "IN"], "2025-01-02")
    item = {**SEM_TECHNOLOGY, "origin_country": "US"}
    result = decide_deemed(item, recipient, transaction="deemed_reexport", from_country="DE")
    assert (result["licence_required"], result["status"]) == (False, "determined")


def test_734_14_b_deemed_reexport_to_a_d5_person_abroad_uses_general_order_6() -> None:
    item = {**QUBIT_TECHNOLOGY, "origin_country": "US"}
    result = decide_deemed(item, person("CN", "2025-01-02"), transaction="deemed_reexport", from_country="DE")
    assert (result["licence_required"], result["authorisation"], result["status"]) == (
        False,
        GO6,
        "determined",
    )
    assert "15 CFR 734.14(a)(2), (b)" in result["basis"]


# --- the limited exclusion ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "item", [QUBIT_TECHNOLOGY, QUBIT_SOFTWARE, FRIDGE_TECHNOLOGY, SEM_TECHNOLOGY, SEM_SOFTWARE]
)
@pytest.mark.parametrize("country", ["IN", "DE", "BR", "AE"])
def test_742_4_a_5_ii_B_1_limited_exclusion_no_licence_for_persons_not_from_D1_D5(
    item: dict[str, object], country: str
) -> None:
    result = decide_deemed(item, person(country, "2025-06-01"))
    assert (result["licence_required"], result["status"]) == (False, "determined")
    assert {LIMITED, "15 CFR 742.6(a)(10)(ii)(B)(1)"} <= set(result["basis"])
    assert result["reporting"] == []


@pytest.mark.parametrize("country", ["CN", "MO", "RU", "VE", "AF"])
def test_742_4_a_5_ii_B_1_limited_exclusion_not_for_D1_D5_persons(country: str) -> None:
    result = decide_deemed(SEM_TECHNOLOGY, person(country, "2025-06-01"))
    assert result["licence_required"] is True
    assert LIMITED not in result["basis"]


# --- the grandfather exclusion ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("employed_since", "grandfathered"), [("2024-09-05", True), ("2024-09-06", True), ("2024-09-07", False)]
)
def test_742_4_a_5_ii_A_grandfathered_employee_employed_on_2024_09_06(
    employed_since: str, grandfathered: bool
) -> None:
    result = decide_deemed(SEM_TECHNOLOGY, person("CN", employed_since))
    assert result["licence_required"] is (not grandfathered)
    assert (GRANDFATHER in result["basis"]) is True
    if grandfathered:
        assert result["authorisation"] == GRANDFATHER
    else:
        assert result["review_policy"] == "presumption_of_denial"


def test_742_4_a_5_ii_A_grandfather_is_for_non_prohibited_persons_only() -> None:
    result = decide_deemed(QUBIT_TECHNOLOGY, person("CN", "2020-01-01", prohibited=True))
    assert (result["licence_required"], result["review_policy"]) == (True, "presumption_of_denial")
    assert result["authorisation"] is None and result["reporting"] == []


def test_742_4_a_5_ii_A_3E905_carve_out_removes_the_grandfather_for_d1_d5() -> None:
    shipped = load_licensing_tables()
    us = shipped.us_licensing[0]
    grandfather = dataclasses.replace(us.deemed.grandfather, carve_out_eccns=("3E901",))
    carved = dataclasses.replace(us, deemed=dataclasses.replace(us.deemed, grandfather=grandfather))
    tables = dataclasses.replace(shipped, us_licensing=(carved,))
    result = determine(deemed(SEM_TECHNOLOGY, person("CN", "2020-01-01")), tables=tables).to_json()
    assert result["licence_required"] is True
    assert any("carved out" in sentence for sentence in result["explanation"])
    india = determine(deemed(SEM_TECHNOLOGY, person("IN", "2020-01-01")), tables=tables).to_json()
    assert india["licence_required"] is False  # the carve-out is for D:1/D:5 persons only


def test_743_8_grandfathered_reporting_is_flagged_and_recommended() -> None:
    result = decide_deemed(QUBIT_TECHNOLOGY, person("CN", "2023-05-02"))
    assert (result["licence_required"], result["authorisation"]) == (False, GRANDFATHER)
    assert result["reporting"] == ["15 CFR 743.8 annual report (recommended)"]
    assert result["reporting_details"][0]["required"] is False
    assert any("conservative choice is to report" in sentence for sentence in result["explanation"])


# --- General Order No. 6(f)(3) and § 743.8 -------------------------------------------------------------


@pytest.mark.parametrize("item", [QUBIT_TECHNOLOGY, QUBIT_SOFTWARE, FRIDGE_TECHNOLOGY])
@pytest.mark.parametrize("country", ["CN", "MO", "VE", "AF"])
def test_go6_f_3_authorises_quantum_releases_to_D1_D5_persons(item: dict[str, object], country: str) -> None:
    result = decide_deemed(item, person(country, "2025-01-02"))
    assert (result["licence_required"], result["authorisation"]) == (False, GO6)
    assert result["status"] == "determined"
    assert result["reporting"] == [
        "15 CFR 743.8 annual report",
        "15 CFR 743.8(e) termination report",
        "15 CFR Part 762 record-keeping",
    ]


def test_743_8_d_annual_report_by_1_february_and_e_termination_within_30_days() -> None:
    details = decide_deemed(QUBIT_TECHNOLOGY, person("CN", "2025-01-02"))["reporting_details"]
    by_citation = {detail["citation"]: detail for detail in details}
    assert "1 February" in by_citation["15 CFR 743.8(d)"]["due"]
    assert "EAR.Reports@bis.doc.gov" in by_citation["15 CFR 743.8(d)"]["submit"]
    assert "30 days" in by_citation["15 CFR 743.8(e)"]["due"]
    assert any("Part 762" in citation for citation in by_citation)


def test_774_4E906_special_reporting_note_is_shown_with_the_general_licence() -> None:
    result = decide_deemed(QUBIT_TECHNOLOGY, person("CN", "2025-01-02"))
    assert any("4E906 are subject to the reporting requirements" in s for s in result["explanation"])


@pytest.mark.parametrize("item", [SEM_TECHNOLOGY, SEM_SOFTWARE])
def test_go6_f_3_does_not_cover_the_sem_parts_of_3D901_3E901_interpretation(item: dict[str, object]) -> None:
    result = decide_deemed(item, person("CN", "2025-01-02"))
    assert (result["licence_required"], result["review_policy"]) == (True, "presumption_of_denial")
    assert result["authorisation"] is None
    assert any("(interpretation)" in sentence and "3B903" in sentence for sentence in result["explanation"])
    assert result["text_status"] == "interpretation"


def test_go6_f_3_mixed_quantum_and_sem_technology_needs_a_licence() -> None:
    mixed = {"item_kind": "technology", "for_entries": ["3A904", "3B903"], "purpose": "development"}
    assert decide_deemed(mixed, person("CN", "2025-01-02"))["licence_required"] is True


def test_go6_f_3_without_employment_date_still_authorises_with_a_note() -> None:
    result = decide_deemed(QUBIT_TECHNOLOGY, person("CN"))
    assert (result["licence_required"], result["authorisation"], result["status"]) == (
        False,
        GO6,
        "determined",
    )
    assert any("grandfather exclusion would apply instead" in s for s in result["explanation"])


def test_742_4_a_5_ii_A_missing_employment_date_for_the_sem_part_is_needs_review() -> None:
    result = decide_deemed(SEM_TECHNOLOGY, person("CN"))
    assert (result["licence_required"], result["status"]) == (None, "needs_review")
    assert any("employed_since" in reason for reason in result["review_reasons"])


def test_go6_f_3_scope_unknown_when_the_software_is_for_all_of_3A901() -> None:
    item = {"item_kind": "software", "for_entries": ["3A901"], "purpose": "development"}
    transaction = deemed(item, person("CN", "2025-01-02"))
    result = determine(transaction, classification=hand_classification("3D901")).to_json()
    assert (result["licence_required"], result["status"]) == (None, "needs_review")
    assert any("for_entries" in reason for reason in result["review_reasons"])


def test_740_supp_1_macau_is_D1_not_D5_and_gets_the_general_licence() -> None:
    result = decide_deemed(QUBIT_TECHNOLOGY, person("MO", "2025-01-02"))
    assert result["authorisation"] == GO6
    assert any(
        "MO (D:1)" in sentence
        for sentence in decide_deemed(SEM_TECHNOLOGY, person("MO", "2025-01-02"))["explanation"]
    )


def test_746_embargo_overrides_the_general_licence_for_an_iranian_national() -> None:
    result = decide_deemed(QUBIT_TECHNOLOGY, person("IR", "2025-01-02"))
    assert (result["licence_required"], result["review_policy"]) == (True, "embargo")
    assert result["authorisation"] is None and result["reporting"] == []
