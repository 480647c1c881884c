"""Expected outcomes typed straight from the legal texts in shared/reference/export-controls.md.

Independent of the YAML: every number below was copied from the reference (§2, §3, §9), so a
transcription error in a rule pack (a wrong threshold, `<` for `<=`, a missing condition) fails here even
though the generated boundary tests, which read the packs, would pass.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from qgov.exportcontrol.classifier import Classification, classify
from qgov.exportcontrol.items import parse_item

ON = dt.date(2026, 11, 21)


def run(jurisdiction: str, category: str, item_kind: str = "commodity", **fields: Any) -> Classification:
    obj: dict[str, Any] = {"id": "item", "item_kind": item_kind, **fields}
    if item_kind == "commodity":
        obj["category"] = category
    return classify(parse_item(obj), on=ON, jurisdictions=[jurisdiction])


def matched(result: Classification) -> list[str]:
    return [entry.entry for entry in result.entries]


def qc(n: int, error: float | str | None = None, paradigm: str = "gate_based", **more: Any) -> dict[str, Any]:
    parameters: dict[str, Any] = {"paradigm": paradigm, "physical_qubits": n, **more}
    if error is not None:
        parameters["cnot_error"] = error
    return parameters


AMP_OK = {"amplifier_type": "parametric", "ambient_temperature": "20 mK", "frequency_min": "4 GHz",
          "frequency_max": "8 GHz", "noise_figure": "0.01 dB"}  # fmt: skip
FRIDGE_OK = {"cooling_power": "1000 uW", "cooling_power_temperature": "100 mK", "sustained_duration": "72 h"}
PULSE_TUBE_OK = {
    "cryocooler_type": "pulse_tube",
    "stages": 2,
    "base_temperature": "2.8 K",
    "cooling_power_at_4_2K": "1.5 W",
}
SEM_OK = {"stage_placement_accuracy": "20 nm", "laser_interferometer_stage": True,
          "laser_interferometer_calibration": True, "image_pixels": 3e8, "fov_overlap": "2 %",
          "stitching_overlap": "30 nm", "accelerating_voltage": "30 kV",
          "accepts_foup_200mm_or_larger": False}  # fmt: skip
DESIGNED = {"specially_designed_for_controlled_quantum_computer": True}
SENSOR = {"medical_biomagnetic": False, "fishery": False}
Row = tuple[str, dict[str, Any], list[str]]


def mag(kind: str, sensitivity: str, **more: Any) -> tuple[str, dict[str, Any]]:
    return "magnetometer", {**SENSOR, "magnetometer_type": kind, "sensitivity": sensitivity, **more}


def squid(sensitivity: str, moving: bool = False) -> tuple[str, dict[str, Any]]:
    return mag("squid", sensitivity, in_motion_noise_reduction=moving)


def coil(frequency: str, sensitivity: str) -> tuple[str, dict[str, Any]]:
    return mag("induction_coil", sensitivity, frequency=frequency)


def gradiometer(kind: str, sensitivity: str | None = None, **more: Any) -> tuple[str, dict[str, Any]]:
    parameters = {**SENSOR, "gradiometer_type": kind, **more}
    if sensitivity is not None:
        parameters["gradient_sensitivity"] = sensitivity
    return "magnetic_gradiometer", parameters


def clock(
    space: bool, rubidium: bool, stability: Any = None, power: str | None = None
) -> tuple[str, dict[str, Any]]:
    parameters: dict[str, Any] = {"space_qualified": space, "rubidium": rubidium}
    if stability is not None:
        parameters["long_term_stability"] = stability
    if power is not None:
        parameters["power_consumption"] = power
    return "atomic_frequency_standard", parameters


def ground(accuracy: str) -> tuple[str, dict[str, Any]]:
    return "gravimeter", {"platform": "ground", "worden_quartz": False, "static_accuracy": accuracy}


def mobile(static: str, in_service: str, settle: str) -> tuple[str, dict[str, Any]]:
    parameters = {
        "static_accuracy": static,
        "in_service_accuracy": in_service,
        "time_to_steady_state": settle,
    }
    return "gravimeter", {"platform": "mobile", **parameters}


def isotope(element: str, form: str, impurity: str) -> tuple[str, dict[str, Any]]:
    return "isotopic_material", {"element": element, "form": form, "isotopic_impurity": impurity}


def field_sensor(sensitivity: str) -> tuple[str, dict[str, Any]]:
    return "electric_field_sensor", {**SENSOR, "underwater": True, "sensitivity": sensitivity}


# (jurisdiction, category, parameters, entries expected to match)
US_TABLE: list[Row] = [
    # 4A906.a: N >= low AND N < high AND C-NOT error <= limit (15 CFR 774 Supp. 1, 4A906.a.1-a.8)
    ("quantum_computer", qc(34, 1e-4), ["4A906.a.1"]),
    ("quantum_computer", qc(33, 1e-4), []),
    ("quantum_computer", qc(34, 1.0001e-4), []),
    ("quantum_computer", qc(99, "0.01 %"), ["4A906.a.1"]),
    ("quantum_computer", qc(100, 1e-4), ["4A906.a.2"]),
    ("quantum_computer", qc(100, 1e-3), ["4A906.a.2"]),
    ("quantum_computer", qc(150, 1.01e-3), []),
    ("quantum_computer", qc(200, 2e-3), ["4A906.a.3"]),
    ("quantum_computer", qc(349, 2.01e-3), []),
    ("quantum_computer", qc(350, 3e-3), ["4A906.a.4"]),
    ("quantum_computer", qc(500, 4e-3), ["4A906.a.5"]),
    ("quantum_computer", qc(699, 4.1e-3), []),
    ("quantum_computer", qc(700, 5e-3), ["4A906.a.6"]),
    ("quantum_computer", qc(1100, 6e-3), ["4A906.a.7"]),
    ("quantum_computer", qc(1999, 6.01e-3), []),
    ("quantum_computer", qc(2000), ["4A906.a.8"]),
    ("quantum_computer", qc(5000, 0.5), ["4A906.a.8"]),
    ("quantum_computer", qc(60, 5e-5, paradigm="measurement_based"), ["4A906.a.1"]),
    ("qubit_device", {"specially_designed_for_controlled_quantum_computer": True}, ["4A906.b"]),
    ("qubit_device", {"specially_designed_for_controlled_quantum_computer": False}, []),
    ("quantum_control_component", {"specially_designed_for_controlled_quantum_computer": True}, ["4A906.c"]),
    # 3A901.a: CMOS designed to operate at an ambient temperature <= 4.5 K
    ("integrated_circuit", {"technology": "cmos", "design_ambient_temperature": "4.5 K"}, ["3A901.a"]),
    ("integrated_circuit", {"technology": "cmos", "design_ambient_temperature": "-268.65 degC"}, ["3A901.a"]),
    ("integrated_circuit", {"technology": "cmos", "design_ambient_temperature": "4.51 K"}, []),
    ("integrated_circuit", {"technology": "other", "design_ambient_temperature": "4 K"}, []),
    # 3A901.b: T < 1 K AND band overlaps [2, 15] GHz inclusive AND NF < 0.015 dB
    ("amplifier", AMP_OK, ["3A901.b"]),
    ("amplifier", {**AMP_OK, "noise_figure": "0.015 dB"}, []),
    ("amplifier", {**AMP_OK, "noise_figure": "0.0149 dB"}, ["3A901.b"]),
    ("amplifier", {**AMP_OK, "ambient_temperature": "1 K"}, []),
    ("amplifier", {**AMP_OK, "ambient_temperature": "999 mK"}, ["3A901.b"]),
    ("amplifier", {**AMP_OK, "frequency_min": "15 GHz", "frequency_max": "20 GHz"}, ["3A901.b"]),
    ("amplifier", {**AMP_OK, "frequency_min": "15.01 GHz", "frequency_max": "20 GHz"}, []),
    ("amplifier", {**AMP_OK, "frequency_min": "1 GHz", "frequency_max": "2000 MHz"}, ["3A901.b"]),
    ("amplifier", {**AMP_OK, "frequency_min": "0.5 GHz", "frequency_max": "1.99 GHz"}, []),
    # 3A904.a: >= 600 uW at <= 0.1 K for greater than 48 hours
    ("cryogenic_cooling_system", FRIDGE_OK, ["3A904.a"]),
    ("cryogenic_cooling_system", {**FRIDGE_OK, "cooling_power": "600 uW", "sustained_duration": "48 h"}, []),
    ("cryogenic_cooling_system", {**FRIDGE_OK, "cooling_power": "600 uW", "sustained_duration": "48.1 h"},
     ["3A904.a"]),
    ("cryogenic_cooling_system", {**FRIDGE_OK, "cooling_power": "0.6 mW"}, ["3A904.a"]),
    ("cryogenic_cooling_system", {**FRIDGE_OK, "cooling_power": "599 uW"}, []),
    ("cryogenic_cooling_system", {**FRIDGE_OK, "cooling_power_temperature": "101 mK"}, []),
    # 3A904.b: two-stage pulse tube, < 4 K, >= 1.5 W at <= 4.2 K
    ("cryocooler", PULSE_TUBE_OK, ["3A904.b"]),
    ("cryocooler", {**PULSE_TUBE_OK, "base_temperature": "4 K"}, []),
    ("cryocooler", {**PULSE_TUBE_OK, "cooling_power_at_4_2K": "1.49 W"}, []),
    ("cryocooler", {**PULSE_TUBE_OK, "cryocooler_type": "gifford_mcmahon"}, []),
    ("cryocooler", {**PULSE_TUBE_OK, "stages": 1}, []),
    # 3B903: all of a-g
    ("scanning_electron_microscope", SEM_OK, ["3B903"]),
    ("scanning_electron_microscope", {**SEM_OK, "stage_placement_accuracy": "30 nm"}, []),
    ("scanning_electron_microscope", {**SEM_OK, "image_pixels": 2e8}, []),
    ("scanning_electron_microscope", {**SEM_OK, "image_pixels": 200_000_001}, ["3B903"]),
    ("scanning_electron_microscope", {**SEM_OK, "fov_overlap": "5 %"}, []),
    ("scanning_electron_microscope", {**SEM_OK, "stitching_overlap": "50 nm"}, []),
    ("scanning_electron_microscope", {**SEM_OK, "accelerating_voltage": "21 kV"}, []),
    ("scanning_electron_microscope", {**SEM_OK, "accelerating_voltage": "21.1 kV"}, ["3B903"]),
    ("scanning_electron_microscope", {**SEM_OK, "laser_interferometer_calibration": False}, []),
    # 3B904: <= 4.5 K and >= 100 mm
    ("wafer_prober", {"test_temperature": "4.5 K", "wafer_diameter": "100 mm"}, ["3B904"]),
    ("wafer_prober", {"test_temperature": "4.5 K", "wafer_diameter": "99 mm"}, []),
    ("wafer_prober", {"test_temperature": "4.6 K", "wafer_diameter": "300 mm"}, []),
    # 3C907-3C909: isotopic impurity < 0.08 %
    (*isotope("Si", "epitaxial_substrate", "0.079 %"), ["3C907.a"]),
    (*isotope("Si", "epitaxial_substrate", "0.08 %"), []),
    (*isotope("Si", "epitaxial_substrate", "800 ppm"), []),
    (*isotope("Ge", "epitaxial_substrate", "0.01 %"), ["3C907.b"]),
    (*isotope("Si", "compound", "0.05 %"), ["3C908.a"]),
    (*isotope("Ge", "compound", "0.05 %"), ["3C908.b"]),
    (*isotope("Si", "bulk", "0.05 %"), ["3C909.a"]),
    (*isotope("Ge", "bulk", "0.05 %"), ["3C909.b"]),
    # 3A002.g
    (*clock(True, True), ["3A002.g.1"]),
    (*clock(False, False, "9.9e-12 per month"), ["3A002.g.2"]),
    (*clock(False, False, 1e-11), []),
    (*clock(False, True, 5e-12, "0.9 W"), ["3A002.g.3"]),
    (*clock(False, True, 5e-12, "1 W"), []),
    ("qkd_system", {}, ["5A002.c"]),
    # 6A006 (technical text as in the Wassenaar list)
    (*squid("50 fT/√Hz"), ["6A006.a.1.a"]),
    (*squid("50.1 fT/rtHz"), []),
    (*squid("20 pT/√Hz", moving=True), []),
    (*squid("19.9 pT/√Hz", moving=True), ["6A006.a.1.b"]),
    (*mag("optically_pumped", "20 pT/√Hz"), []),
    (*mag("optically_pumped", "19.99 pT/√Hz"), ["6A006.a.2"]),
    (*mag("nuclear_precession", "15 pT/√Hz"), ["6A006.a.2"]),
    (*mag("fluxgate", "10 pT/√Hz"), ["6A006.a.3"]),
    (*mag("fluxgate", "10.1 pT/√Hz"), []),
    (*coil("0.5 Hz", "0.04 nT/√Hz"), ["6A006.a.4.a"]),
    (*coil("1 Hz", "0.04 nT/√Hz"), []),
    (*coil("1 Hz", "0.9 pT/√Hz"), ["6A006.a.4.b"]),
    (*coil("10 Hz", "0.9 pT/√Hz"), ["6A006.a.4.b"]),
    (*coil("10.5 Hz", "0.9 pT/√Hz"), []),
    (*coil("11 Hz", "0.09 pT/√Hz"), ["6A006.a.4.c"]),
    (*mag("fibre_optic", "1 nT/√Hz"), []),
    (*mag("fibre_optic", "0.9 nT/√Hz"), ["6A006.a.5"]),
    (*field_sensor("8 nV/m/√Hz"), []),
    (*field_sensor("7.9 nV/m/√Hz"), ["6A006.b"]),
    (*gradiometer("multiple_magnetometers", uses_controlled_magnetometers=True), ["6A006.c.1"]),
    (*gradiometer("fibre_optic_intrinsic", "0.3 nT/m/√Hz"), []),
    (*gradiometer("fibre_optic_intrinsic", "0.29 nT/m/√Hz"), ["6A006.c.2"]),
    (*gradiometer("intrinsic", "0.015 nT/m/√Hz"), []),
    (*gradiometer("intrinsic", "14 pT/m/√Hz"), ["6A006.c.3"]),
    # 6A007
    (*ground("10 µGal"), []),
    (*ground("9.9 uGal"), ["6A007.a"]),
    (*mobile("0.69 mGal", "690 uGal", "119 s"), ["6A007.b"]),
    (*mobile("0.69 mGal", "690 uGal", "2 min"), []),
    (*mobile("0.7 mGal", "0.5 mGal", "60 s"), []),
    ("gravity_gradiometer", {}, ["6A007.c"]),
]  # fmt: skip


@pytest.mark.parametrize(("category", "parameters", "entries"), US_TABLE)
def test_us_ear_outcomes_from_the_legal_text(
    category: str, parameters: dict[str, Any], entries: list[str]
) -> None:
    result = run("US-EAR", category, parameters=parameters)
    assert matched(result) == entries
    assert result.status == ("controlled" if entries else "not_controlled"), result.review_reasons


@pytest.mark.parametrize(
    ("category", "parameters", "entries"),
    [row for row in US_TABLE if row[0] in {"atomic_frequency_standard", "qkd_system", "magnetometer",
                                           "electric_field_sensor", "magnetic_gradiometer", "gravimeter",
                                           "gravity_gradiometer"}],
)  # fmt: skip
@pytest.mark.parametrize("jurisdiction", ["WASSENAAR", "EU"])
def test_wassenaar_and_eu_sensing_timing_and_qkd_match_the_same_text(
    jurisdiction: str, category: str, parameters: dict[str, Any], entries: list[str]
) -> None:
    assert matched(run(jurisdiction, category, parameters=parameters)) == entries


def test_eu_answers_carry_the_unverified_text_label() -> None:
    result = run("EU", "qkd_system")
    assert [(e.entry, e.label) for e in result.entries] == [("5A002.c", "unverified text")]


def test_wassenaar_has_no_quantum_computer_entry_and_says_so() -> None:
    result = run("WASSENAAR", "quantum_computer", parameters=qc(5000, 1e-4))
    assert result.status == "not_controlled"
    assert any("no entry for quantum computers" in note for note in result.notes)


JP_TABLE: list[Row] = [
    # 貨物等省令第7条第6号: 三四個以上一〇〇個未満 ... Ｃ―ＮＯＴエラーが〇・〇〇〇一以下, and the other bands
    ("quantum_computer", qc(34, 1e-4), ["貨物等省令第7条第6号"]),
    ("quantum_computer", qc(33, 1e-4), []),
    ("quantum_computer", qc(34, 1.0001e-4), []),
    ("quantum_computer", qc(1100, 6e-3), ["貨物等省令第7条第6号"]),
    ("quantum_computer", qc(2000), ["貨物等省令第7条第6号"]),
    # no annealing exclusion in the Japanese text
    ("quantum_computer", qc(5000, paradigm="annealing"), ["貨物等省令第7条第6号"]),
    ("qubit_device", DESIGNED, ["貨物等省令第7条第6号ロ"]),
    ("quantum_control_component", DESIGNED, ["貨物等省令第7条第6号ハ"]),
    # 第6条第2号ヨ: < -272.15 °C, 2-15 GHz, NF < 0.015 dB
    ("amplifier", AMP_OK, ["貨物等省令第6条第2号ヨ"]),
    ("amplifier", {**AMP_OK, "ambient_temperature": "1 K"}, []),
    ("amplifier", {**AMP_OK, "noise_figure": "0.015 dB"}, []),
    # 第6条第16号の3: >= 600 µW at <= -273.05 °C for > 48 h; two-stage pulse tube < -269.15 °C, >= 1.5 W
    ("cryogenic_cooling_system", FRIDGE_OK, ["貨物等省令第6条第16号の3"]),
    ("cryogenic_cooling_system", {**FRIDGE_OK, "sustained_duration": "48 h"}, []),
    ("cryogenic_cooling_system", {**FRIDGE_OK, "cooling_power_temperature": "100.1 mK"}, []),
    ("cryocooler", PULSE_TUBE_OK, ["貨物等省令第6条第16号の3"]),
    ("cryocooler", {**PULSE_TUBE_OK, "base_temperature": "-269.15 degC"}, []),
    # 第6条第17号の2 wafer probers: <= -268.65 °C and >= 100 mm
    ("wafer_prober", {"test_temperature": "4.5 K", "wafer_diameter": "100 mm"}, ["貨物等省令第6条第17号の2"]),
    ("wafer_prober", {"test_temperature": "4.5 K", "wafer_diameter": "99.9 mm"}, []),
    # 第8条第9号ハ quantum cryptography; 第9条第11号, 第12号 sensors
    ("qkd_system", {}, ["貨物等省令第8条第9号ハ"]),
    (*squid("50 fT/√Hz"), ["貨物等省令第9条第11号"]),
    (*mag("optically_pumped", "20 pT/√Hz"), []),
    (*mag("fluxgate", "10 pT/√Hz"), ["貨物等省令第9条第11号"]),
    (*gradiometer("intrinsic", "0.0149 nT/m/√Hz"), ["貨物等省令第9条第11号"]),
    (*ground("9 µGal"), ["貨物等省令第9条第12号"]),
    (*mobile("0.6 mGal", "0.6 mGal", "2 min"), []),
]  # fmt: skip


@pytest.mark.parametrize(("category", "parameters", "entries"), JP_TABLE)
def test_japan_outcomes_from_the_verified_text(
    category: str, parameters: dict[str, Any], entries: list[str]
) -> None:
    assert matched(run("JP", category, parameters=parameters)) == entries


@pytest.mark.parametrize(
    ("kind", "for_entries", "purpose", "entry"),
    [
        ("technology", ["4A906.b"], "development", "4E906.a"),
        ("technology", ["4A906.c"], "production", "4E906.a"),
        ("technology", ["4D906"], "development", "4E906.a"),
        ("technology", ["4D906"], "use", "4E906.b"),
        ("software", ["4A906.c"], "production", "4D906"),
        ("software", ["4A906.b.1"], "development", "4D906"),
        ("software", ["3A901.b"], "development", "3D901"),
        ("software", ["3B903"], "production", "3D901"),
        ("software", ["3B904"], "development", "3D901"),
        ("technology", ["3A904.a"], "development", "3E901"),
        ("technology", ["3C907"], "production", "3E901"),
        ("technology", ["3A901.a"], "production", "3E901"),
    ],
)
def test_software_and_technology_map_to_their_entries(
    kind: str, for_entries: list[str], purpose: str, entry: str
) -> None:
    result = run("US-EAR", "", item_kind=kind, for_entries=for_entries, purpose=purpose)
    assert matched(result) == [entry]
    assert result.status == "controlled"


@pytest.mark.parametrize(
    ("kind", "for_entries", "purpose"),
    [
        ("software", ["3A901.a"], "development"),  # 3D901 covers 3A901.b only
        ("software", ["4A906.b"], "use"),  # 4D906 covers development and production
        ("technology", ["6A006"], "development"),  # no E entry given in the reference
    ],
)
def test_software_and_technology_outside_the_given_entries_are_unknown_not_free(
    kind: str, for_entries: list[str], purpose: str
) -> None:
    result = run("US-EAR", "", item_kind=kind, for_entries=for_entries, purpose=purpose)
    assert result.status == "needs_review"
    assert matched(result) == []
    assert any("classify it by hand" in reason for reason in result.review_reasons)


def test_canada_cryo_cmos_matches_with_the_unverified_label() -> None:
    result = run(
        "CA", "integrated_circuit", parameters={"technology": "cmos", "design_ambient_temperature": "4.5 K"}
    )
    assert [(e.entry, e.label) for e in result.entries] == [("5506(2)", "unverified text")]
    warm = run(
        "CA", "integrated_circuit", parameters={"technology": "cmos", "design_ambient_temperature": "4.6 K"}
    )
    assert warm.status == "not_controlled"


@pytest.mark.parametrize("jurisdiction", ["UK", "FR", "ES", "NL", "DE", "CA"])
def test_national_quantum_computer_controls_are_never_guessed(jurisdiction: str) -> None:
    big = run(jurisdiction, "quantum_computer", parameters=qc(34, 1e-5))
    assert big.status == "needs_review"
    assert big.entries == []
    assert all("unverified text" in reason for reason in big.review_reasons)
    small = run(jurisdiction, "quantum_computer", parameters=qc(33, 1e-5))
    assert small.status == "not_controlled"
