"""Licence determination for shipments: each step of reference §6.2, with its citation in the test name."""

from __future__ import annotations

import datetime as dt

import pytest

from qgov.exportcontrol.licensing import determine
from qgov.exportcontrol.tests.licensing_support import (
    ANNEALER,
    ATOMIC_CLOCK,
    DILUTION_FRIDGE,
    GRAVITY_GRADIOMETER,
    MOBILE_GRAVIMETER,
    QKD,
    QUANTUM_COMPUTER,
    QUBIT_SOFTWARE,
    QUBIT_TECHNOLOGY,
    SPACE_CLOCK,
    decide,
    decide_deemed,
    exception,
    hand_classification,
    magnetometer,
    person,
    transaction,
)

CONTRACT_KEYS = {
    "id",
    "subject_to_ear",
    "licence_required",
    "review_policy",
    "licence_exceptions",
    "reporting",
    "basis",
    "status",
    "explanation",
}


def test_contract_shape_of_a_determination() -> None:
    result = decide(QUANTUM_COMPUTER)
    assert set(result) >= CONTRACT_KEYS
    assert result["status"] in ("determined", "needs_review")
    for answer in result["licence_exceptions"]:
        assert set(answer) >= {"code", "available", "note"}
    assert result["explanation"][0].startswith("Step 1: evaluation date 2026-11-21")


# --- step 2: outside the EAR ------------------------------------------------------------------------


@pytest.mark.parametrize("item", [QUBIT_TECHNOLOGY, QUBIT_SOFTWARE])
def test_734_7_published_technology_is_not_subject_to_ear(item: dict[str, object]) -> None:
    result = decide(item, destination="CN", published=True)
    assert result["subject_to_ear"] is False
    assert result["licence_required"] is False
    assert result["status"] == "determined"
    assert "15 CFR 734.7" in result["basis"]
    assert result["licence_exceptions"] == [] and result["review_policy"] is None


def test_734_7_published_technology_released_to_a_d5_person_is_not_subject_to_ear() -> None:
    result = decide_deemed(QUBIT_TECHNOLOGY, person("CN", "2025-03-01"), published=True)
    assert (result["subject_to_ear"], result["licence_required"]) == (False, False)
    assert result["reporting"] == []


def test_734_7_publication_does_not_take_hardware_out_of_the_ear() -> None:
    result = decide(QUANTUM_COMPUTER, published=True, fundamental_research=True)
    assert result["subject_to_ear"] is True
    assert result["licence_required"] is True
    assert any("only technology and software" in sentence for sentence in result["explanation"])


def test_734_7_b_published_encryption_software_in_5D002_stays_subject() -> None:
    item = transaction(
        {"item_kind": "software", "for_entries": ["5A002.c"], "purpose": "use"}, published=True
    )
    result = determine(item, classification=hand_classification("5D002")).to_json()
    assert result["subject_to_ear"] is True
    assert "15 CFR 734.7(b)" in result["basis"]
    assert result["licence_required"] is None  # 5D002 licence data is not in qgov's tables: unknown
    assert result["status"] == "needs_review"


def test_734_8_fundamental_research_intended_for_publication_is_not_subject_to_ear() -> None:
    result = decide(QUBIT_TECHNOLOGY, destination="CN", fundamental_research=True)
    assert (result["subject_to_ear"], result["licence_required"]) == (False, False)
    assert "15 CFR 734.8" in result["basis"]
    assert any("released to conduct fundamental research" in check for check in result["checks_required"])


def test_734_8_note_1_technology_released_to_conduct_research_stays_subject() -> None:
    result = decide(
        QUBIT_TECHNOLOGY, destination="CN", fundamental_research=True, released_to_conduct_research=True
    )
    assert result["subject_to_ear"] is True
    assert result["licence_required"] is True
    assert "15 CFR 734.8(a) Note 1" in result["basis"]


def test_734_8_note_2_results_kept_restricted_stay_subject() -> None:
    result = decide(QUBIT_TECHNOLOGY, destination="CN", fundamental_research=True, results_restricted=True)
    assert (result["subject_to_ear"], result["licence_required"]) == (True, True)
    assert "15 CFR 734.8(a) Note 2; 734.8(b) Notes 1-3" in result["basis"]


def test_734_8_fundamental_research_does_not_cover_hardware() -> None:
    result = decide(DILUTION_FRIDGE, fundamental_research=True)
    assert (result["subject_to_ear"], result["licence_required"]) == (True, True)


def test_734_7_734_8_unstated_publication_is_needs_review_not_assumed() -> None:
    result = decide(QUBIT_TECHNOLOGY, destination="CN", published=None, fundamental_research=None)
    assert result["status"] == "needs_review"
    assert result["subject_to_ear"] is None
    assert result["licence_required"] is None
    assert any("published" in reason for reason in result["review_reasons"])


def test_734_3_a_foreign_made_item_abroad_asks_for_de_minimis_and_direct_product() -> None:
    item = {**DILUTION_FRIDGE, "origin_country": "FI"}
    result = decide(item, transaction="reexport", from_country="FI", destination="CN")
    assert result["status"] == "needs_review"
    assert result["subject_to_ear"] is None and result["licence_required"] is None
    assert any("us_content_above_de_minimis" in reason for reason in result["review_reasons"])


def test_734_4_734_9_foreign_item_stated_outside_the_ear_needs_no_us_licence() -> None:
    item = {**DILUTION_FRIDGE, "origin_country": "FI"}
    result = decide(
        item,
        transaction="reexport",
        from_country="FI",
        destination="CN",
        us_content_above_de_minimis=False,
        foreign_direct_product=False,
    )
    assert (result["subject_to_ear"], result["licence_required"], result["status"]) == (
        False,
        False,
        "determined",
    )
    assert {"15 CFR 734.4", "15 CFR 734.9"} <= set(result["basis"])


def test_734_4_foreign_item_above_de_minimis_is_subject_to_the_ear() -> None:
    item = {**DILUTION_FRIDGE, "origin_country": "FI"}
    result = decide(
        item, transaction="reexport", from_country="FI", destination="JP", us_content_above_de_minimis=True
    )
    assert (result["subject_to_ear"], result["licence_required"]) == (True, True)


# --- step 5: the worldwide NS/RS requirement of the 900-series --------------------------------------


@pytest.mark.parametrize("destination", ["DE", "JP", "GB", "CA", "AU", "AE", "SG", "TW", "MX", "ZA"])
def test_742_4_a_5_i_worldwide_licence_even_to_A1_A5_A6(destination: str) -> None:
    result = decide(QUANTUM_COMPUTER, destination=destination)
    assert result["licence_required"] is True
    assert {"15 CFR 742.4(a)(5)(i)", "15 CFR 742.6(a)(10)(i)"} <= set(result["basis"])
    assert result["status"] == "determined"


def test_734_13_a_1_a_shipment_within_the_us_is_not_an_export() -> None:
    result = decide(QUANTUM_COMPUTER, destination="US")
    assert (result["licence_required"], result["status"]) == (False, "determined")


def test_742_4_a_5_i_worldwide_licence_holds_without_a_destination() -> None:
    result = decide(DILUTION_FRIDGE, destination=None)
    assert result["licence_required"] is True
    assert result["review_policy"] is None
    assert result["status"] == "needs_review"


@pytest.mark.parametrize("destination", ["DE", "AE", "SG", "ZA", "IN"])
def test_742_4_b_10_presumption_of_approval_for_A1_A5_A6(destination: str) -> None:
    result = decide(QUANTUM_COMPUTER, destination=destination)
    assert result["review_policy"] == "presumption_of_approval"
    assert {"15 CFR 742.4(b)(10)", "15 CFR 742.6(b)(11)"} <= set(result["basis"])


@pytest.mark.parametrize("destination", ["CN", "MO", "VN", "AF", "LB"])
def test_742_4_b_10_presumption_of_denial_for_D1_and_D5(destination: str) -> None:
    assert decide(QUANTUM_COMPUTER, destination=destination)["review_policy"] == "presumption_of_denial"


@pytest.mark.parametrize("destination", ["BR", "CL", "TH", "MY"])
def test_742_4_b_10_case_by_case_elsewhere(destination: str) -> None:
    assert decide(QUANTUM_COMPUTER, destination=destination)["review_policy"] == "case_by_case"


def test_742_4_b_7_b_9_china_cross_references_are_flagged_unverified() -> None:
    result = decide(QUANTUM_COMPUTER, destination="CN")
    assert any("742.4(b)(7)" in check and "unverified" in check for check in result["checks_required"])


def test_743_uae_is_in_A5_so_approval_applies() -> None:
    result = decide(QUANTUM_COMPUTER, destination="AE")
    assert any("AE (A:5)" in sentence for sentence in result["explanation"])


# --- step 7: licence exceptions -----------------------------------------------------------------------


@pytest.mark.parametrize("destination", ["DE", "JP", "CN", "BR", "IL", "AE"])
def test_740_24_iec_is_unknown_never_guessed(destination: str) -> None:
    iec = exception(decide(QUANTUM_COMPUTER, destination=destination), "IEC")
    assert iec["available"] is None
    assert "2024-09-17" in iec["note"] and "unknown" in iec["note"]


def test_740_2_a_22_only_iec_and_limited_tmp_rpl_gov_tsu_for_the_900_series() -> None:
    result = decide(DILUTION_FRIDGE, destination="JP")
    available = {a["code"]: a["available"] for a in result["licence_exceptions"]}
    assert available == {
        "IEC": None,
        "TMP": None,
        "RPL": None,
        "GOV": None,
        "TSU": None,
        "STA": False,
        "LVS": False,
        "GBS": False,
    }
    assert "740.9(a)(3), (a)(6)" in exception(result, "TMP")["citation"]
    assert "740.11(b)" in exception(result, "GOV")["citation"]
    assert "740.13(a), (c)" in exception(result, "TSU")["citation"]


def test_740_2_a_22_tsr_not_available_for_900_series_technology() -> None:
    result = decide(QUBIT_TECHNOLOGY, destination="JP")
    assert exception(result, "TSR")["available"] is False


def test_740_3_lvs_3000_for_3A002_g_is_conditional() -> None:
    result = decide(ATOMIC_CLOCK, destination="CN")
    assert result["licence_required"] is True
    lvs = exception(result, "LVS")
    assert lvs["available"] is None and "$3000" in lvs["note"]


def test_740_20_sta_not_for_3A002_g_1_to_A6() -> None:
    assert exception(decide(SPACE_CLOCK, destination="SG"), "STA")["available"] is False
    assert exception(decide(SPACE_CLOCK, destination="BR"), "STA")["available"] is None
    assert exception(decide(ATOMIC_CLOCK, destination="SG"), "STA")["available"] is None


def test_22_cfr_usml_xv_e_9_is_a_check_for_space_qualified_clocks() -> None:
    result = decide(SPACE_CLOCK, destination="BR")
    assert any("XV(e)(9)" in check for check in result["checks_required"])


@pytest.mark.parametrize(
    ("sensitivity", "available"),
    [("1.99 pT/rtHz", False), ("2 pT/rtHz", None), ("2.01 pT/rtHz", None), ("0.002 nT/rtHz", None)],
)
def test_740_3_lvs_1500_not_for_6A006_a_2_below_2_pT(sensitivity: str, available: bool | None) -> None:
    lvs = exception(decide(magnetometer(sensitivity), destination="CN"), "LVS")
    assert lvs["available"] is available
    if available is None:
        assert "$1500" in lvs["note"]


def test_740_3_lvs_not_for_6A006_a_1_squid() -> None:
    result = decide(magnetometer("10 fT/rtHz", kind="squid"), destination="CN")
    assert exception(result, "LVS")["available"] is False
    assert exception(result, "GBS")["available"] is False


def test_740_17_enc_is_unknown_for_qkd() -> None:
    result = decide(QKD, destination="DE")
    assert result["licence_required"] is True  # NS Column 1 is marked for DE
    enc = exception(result, "ENC")
    assert enc["available"] is None and "QKD" in enc["note"]


# --- step 5: the Country Chart for the older entries ------------------------------------------------


@pytest.mark.parametrize(
    ("destination", "required"), [("DE", False), ("LI", False), ("ZA", False), ("CN", True)]
)
def test_738_ns2_is_unmarked_for_A1_and_liechtenstein(destination: str, required: bool) -> None:
    result = decide(ATOMIC_CLOCK, destination=destination)
    assert result["licence_required"] is required
    assert "15 CFR 738 Supp. No. 1" in result["basis"]
    assert result["status"] == "determined"


def test_738_ns1_marked_except_au_ca_gb_with_recheck() -> None:
    germany = decide(QKD, destination="DE")
    assert germany["licence_required"] is True
    assert any("Re-check Country Chart column NS1" in check for check in germany["checks_required"])
    australia = decide(QKD, destination="AU")
    assert australia["licence_required"] is None  # NS1 unmarked, but the EI requirement (742.15) is unknown
    assert australia["status"] == "needs_review"
    assert "15 CFR 742.15" in australia["basis"]


@pytest.mark.parametrize(("destination", "required"), [("IN", True), ("AU", False), ("GB", False)])
def test_738_mt1_applies_to_6A007_b(destination: str, required: bool) -> None:
    result = decide(MOBILE_GRAVIMETER, destination=destination)
    assert result["licence_required"] is required
    if required:
        lvs = exception(result, "LVS")
        assert lvs["available"] is False and "MT" in lvs["note"]


def test_738_mt_for_6A007_c_gradiometers_is_a_check() -> None:
    result = decide(GRAVITY_GRADIOMETER, destination="IN")
    assert result["licence_required"] is None
    assert any("6A007.c" in reason and "MT" in reason for reason in result["review_reasons"])
    assert decide(GRAVITY_GRADIOMETER, destination="CN")["licence_required"] is True  # NS2 decides


def test_738_review_policy_of_older_entries_is_unknown_not_guessed() -> None:
    result = decide(ATOMIC_CLOCK, destination="CN")
    assert result["review_policy"] is None
    assert any(
        "review policy" in sentence and "not extracted" in sentence for sentence in result["explanation"]
    )


# --- step 4: prohibited parties and embargoes ---------------------------------------------------------


def test_744_prohibited_party_needs_a_licence_with_presumption_of_denial_and_no_exception() -> None:
    result = decide(ATOMIC_CLOCK, destination="DE", recipient=person("DE", prohibited=True))
    assert result["licence_required"] is True  # although NS2 is not marked for Germany
    assert result["review_policy"] == "presumption_of_denial"
    assert result["licence_exceptions"] == []
    assert "15 CFR 736 Supp. No. 1, General Order No. 6(f)(5)(i)" in result["basis"]
    assert any("Part 744" in check and "unverified" in check for check in result["checks_required"])


@pytest.mark.parametrize(
    ("facts", "citation", "words"),
    [
        ({"published": True}, "15 CFR 734.7", "otherwise be published"),
        (
            {"published": False, "fundamental_research": True},
            "15 CFR 734.8",
            "otherwise be fundamental research",
        ),
    ],
)
def test_contract_744_prohibited_party_needs_a_licence_even_for_734_7_published_or_734_8_research(
    facts: dict[str, bool], citation: str, words: str
) -> None:
    """Contract: "A prohibited party always needs a licence and no exclusion or general licence helps"."""
    for result in (
        decide(QUBIT_TECHNOLOGY, destination="DE", recipient=person("DE", prohibited=True), **facts),
        decide_deemed(QUBIT_TECHNOLOGY, person("CN", "2020-01-01", prohibited=True), **facts),
    ):
        assert result["subject_to_ear"] is False  # the § 734.7 / § 734.8 finding itself stands
        assert result["licence_required"] is True
        assert result["review_policy"] == "presumption_of_denial"
        assert result["reporting"] == [] and result["licence_exceptions"] == []
        assert citation in result["basis"]
        assert any(words in s and "conservative contract rule" in s for s in result["explanation"])
    unlisted = decide(QUBIT_TECHNOLOGY, destination="DE", **facts)
    assert (unlisted["subject_to_ear"], unlisted["licence_required"]) == (False, False)


def test_go6_f_5_i_known_prohibited_end_use_needs_a_licence() -> None:
    result = decide(ATOMIC_CLOCK, destination="DE", prohibited_end_use=True)
    assert (result["licence_required"], result["review_policy"]) == (True, "presumption_of_denial")


def test_744_unscreened_recipient_is_needs_review() -> None:
    result = decide(ATOMIC_CLOCK, destination="DE", recipient={"name": "Someone"})
    assert result["status"] == "needs_review"
    assert result["licence_required"] is False  # the CCL answer itself stands
    assert any("prohibited party" in reason for reason in result["review_reasons"])


@pytest.mark.parametrize("destination", ["CU", "IR", "KP", "SY", "RU", "BY"])
def test_746_embargoed_destinations_need_a_licence_with_embargo_policy(destination: str) -> None:
    result = decide(ATOMIC_CLOCK, destination=destination)
    assert (result["licence_required"], result["review_policy"]) == (True, "embargo")
    assert any(citation.startswith("15 CFR 746") or "Part 746" in citation for citation in result["basis"])
    assert any("Part 746" in check for check in result["checks_required"])
    assert result["text_status"] == "unverified_text"


def test_746_8_worldwide_900_series_to_russia_is_embargo_policy() -> None:
    result = decide(QUANTUM_COMPUTER, destination="RU")
    assert (result["licence_required"], result["review_policy"]) == (True, "embargo")
    assert "15 CFR 746.8" in result["basis"]


def test_746_occupied_regions_of_ukraine_are_a_check_not_a_country() -> None:
    result = decide(ATOMIC_CLOCK, destination="UA")
    assert result["review_policy"] != "embargo"
    assert any("occupied region" in check for check in result["checks_required"])


def test_746_item_on_no_encoded_entry_to_an_embargoed_destination_is_unknown() -> None:
    result = decide(ANNEALER, destination="CU")
    assert result["licence_required"] is None
    assert result["status"] == "needs_review"


def test_734_3_item_on_no_encoded_entry_needs_no_licence_elsewhere() -> None:
    result = decide(ANNEALER, destination="DE")
    assert (result["licence_required"], result["status"]) == (False, "determined")
    assert any("EAR99" in sentence for sentence in result["explanation"])


# --- step 1: versions by date -------------------------------------------------------------------------


def test_89_fr_72926_evaluation_before_2024_09_06_selects_no_900_series_rules() -> None:
    before = determine(transaction(QUANTUM_COMPUTER), on=dt.date(2024, 9, 5)).to_json()
    assert before["licence_required"] is None
    assert before["status"] == "needs_review"
    assert not any(citation.startswith("15 CFR 742.4(a)(5)") for citation in before["basis"])
    on_the_day = determine(transaction(QUANTUM_COMPUTER), on=dt.date(2024, 9, 6)).to_json()
    assert on_the_day["licence_required"] is True
    assert "15 CFR 742.4(a)(5)(i)" in on_the_day["basis"]


def test_89_fr_72926_delayed_compliance_until_2024_11_05_is_labelled_unverified_text() -> None:
    inside = determine(transaction(QUANTUM_COMPUTER), on=dt.date(2024, 11, 4)).to_json()
    assert any(
        "5 November 2024" in sentence and "unverified text" in sentence for sentence in inside["explanation"]
    )
    assert inside["text_status"] == "unverified_text"
    after = determine(transaction(QUANTUM_COMPUTER), on=dt.date(2024, 11, 5)).to_json()
    assert not any("5 November 2024" in sentence for sentence in after["explanation"])


def test_740_supp_1_groups_read_after_the_evaluation_date_are_flagged() -> None:
    result = determine(transaction(QUANTUM_COMPUTER), on=dt.date(2025, 6, 1)).to_json()
    assert any("Country-group membership on 2025-06-01" in check for check in result["checks_required"])
    assert not any("Country-group membership" in c for c in decide(QUANTUM_COMPUTER)["checks_required"])


def test_date_argument_overrides_the_transaction_date() -> None:
    result = determine(transaction(QUANTUM_COMPUTER, date="2030-01-01"), on=dt.date(2026, 11, 21)).to_json()
    assert result["date"] == "2026-11-21"
    assert "(given)" in result["explanation"][0]


# --- step 3: classification -----------------------------------------------------------------------------


def test_classification_needs_review_makes_the_determination_needs_review() -> None:
    result = decide({"category": "other", "name": "mystery box"})
    assert result["classification_status"] == "needs_review"
    assert result["status"] == "needs_review"
    assert result["licence_required"] is None


def test_undecided_us_entry_leaves_the_licence_open() -> None:
    result = decide(
        {
            "category": "magnetometer",
            "parameters": {"magnetometer_type": "fluxgate", "sensitivity": "5 pT/rtHz"},
        },
        destination="DE",
    )
    assert result["status"] == "needs_review"
    assert result["licence_required"] is None


# --- transaction kinds ----------------------------------------------------------------------------------


def test_742_4_a_5_i_in_country_transfer_is_evaluated_like_a_shipment_there() -> None:
    item = {**QUANTUM_COMPUTER, "origin_country": "US"}
    result = decide(item, transaction="transfer", from_country="CN", destination=None)
    assert result["destination"] == "CN"
    assert (result["licence_required"], result["review_policy"]) == (True, "presumption_of_denial")
    assert any("in-country transfer" in sentence for sentence in result["explanation"])


def test_734_export_from_outside_the_us_is_evaluated_as_a_reexport() -> None:
    item = {**QUANTUM_COMPUTER, "origin_country": "US"}
    result = decide(item, transaction="export", from_country="DE", destination="CN")
    assert result["licence_required"] is True
    assert any("reexport" in sentence for sentence in result["explanation"])


def test_734_3_a_technology_abroad_without_an_origin_asks_for_it() -> None:
    result = decide(QUBIT_TECHNOLOGY, transaction="reexport", from_country="DE", destination="CN")
    assert (result["subject_to_ear"], result["licence_required"]) == (None, None)
    assert any("origin_country" in reason for reason in result["review_reasons"])
    us_origin = decide(
        {**QUBIT_TECHNOLOGY, "origin_country": "US"},
        transaction="reexport",
        from_country="DE",
        destination="CN",
    )
    assert (us_origin["subject_to_ear"], us_origin["licence_required"]) == (True, True)
