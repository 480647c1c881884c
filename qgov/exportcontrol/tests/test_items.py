"""Item descriptions: every input shape of the contract; refusals name the item, parameter and reason."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from qgov.exportcontrol.items import ItemError, ItemFileError, load_items, parse_item, read_objects

FRIDGE: dict[str, Any] = {
    "id": "fridge-1",
    "name": "Dilution refrigerator XLD-class",
    "item_kind": "commodity",
    "category": "cryogenic_cooling_system",
    "origin_country": "FI",
    "parameters": {
        "cooling_power": "1000 uW",
        "cooling_power_temperature": "100 mK",
        "sustained_duration": "72 h",
    },
}


def test_the_contract_example_reads_to_canonical_values() -> None:
    item = parse_item(FRIDGE)
    assert (item.id, item.item_kind, item.category, item.origin_country) == (
        "fridge-1",
        "commodity",
        "cryogenic_cooling_system",
        "FI",
    )
    assert item.parameters["cooling_power"].value == pytest.approx(1e-3)
    assert item.parameters["cooling_power_temperature"].value == pytest.approx(0.1)
    assert item.parameters["sustained_duration"].value == pytest.approx(72)
    assert item.parameters["cooling_power"].given_text == "1000 uW"


def test_kinds_default_to_commodity_and_choices_booleans_counts_are_read() -> None:
    item = parse_item(
        {
            "id": 7,
            "category": "quantum_computer",
            "parameters": {"paradigm": "Gate_Based", "physical_qubits": "156", "cnot_error": "0.3 %"},
        }
    )
    assert item.id == "7"
    assert item.item_kind == "commodity"
    assert item.parameters["paradigm"].value == "gate_based"
    assert item.parameters["physical_qubits"].value == 156
    assert item.parameters["cnot_error"].value == pytest.approx(3e-3)
    sem = parse_item(
        {
            "id": "s",
            "category": "scanning_electron_microscope",
            "parameters": {"laser_interferometer_stage": "yes", "image_pixels": 2.5e8},
        }
    )
    assert sem.parameters["laser_interferometer_stage"].value is True
    assert sem.parameters["image_pixels"].value == 250_000_000


def test_a_parameter_record_keeps_its_source_fields() -> None:
    record = {"value": "0.15 %", "source": "datasheet rev C", "date": "2026-03-01", "method": "RB"}
    item = parse_item({"id": "qc", "category": "quantum_computer", "parameters": {"cnot_error": record}})
    assert item.parameters["cnot_error"].value == pytest.approx(1.5e-3)
    assert item.parameters["cnot_error"].details == {
        "source": "datasheet rev C",
        "date": "2026-03-01",
        "method": "RB",
    }


def test_software_and_technology_carry_entries_and_purpose() -> None:
    item = parse_item(
        {"id": "t", "item_kind": "technology", "for_entries": "4A906.b", "purpose": "development"}
    )
    assert (item.category, item.for_entries, item.purpose) == ("other", ("4A906.b",), "development")


@pytest.mark.parametrize(
    ("change", "parameter", "words"),
    [
        ({"parameters": {"cooling_power": "600 uV"}}, "cooling_power", "voltage"),
        ({"parameters": {"cooling_power": "600 zorks"}}, "cooling_power", "unknown unit"),
        ({"parameters": {"cooling_power": "plenty"}}, "cooling_power", "not a number"),
        ({"parameters": {"cooling_power": None}}, "cooling_power", "no value"),
        ({"parameters": {"cooling_power": {"source": "x"}}}, "cooling_power", "'value'"),
        ({"parameters": {"coolingpower": "600 uW"}}, "coolingpower", "not a parameter of category"),
        ({"parameters": ["600 uW"]}, "parameters", "object"),
        ({"category": "toaster"}, "category", "not a known category"),
        ({"category": None}, "category", "needs a category"),
        ({"item_kind": "service"}, "item_kind", "not one of"),
        ({"origin_country": "XX"}, "origin_country", "ISO 3166-1"),
        ({"purpose": "fun"}, "purpose", "not one of"),
        ({"for_entries": [4]}, "for_entries", "list of entries"),
        ({"name": 12}, "name", "must be text"),
    ],
)
def test_bad_values_are_refused_naming_item_parameter_and_reason(
    change: dict[str, Any], parameter: str, words: str
) -> None:
    with pytest.raises(ItemError) as raised:
        parse_item({**FRIDGE, **change})
    assert raised.value.item_id == "fridge-1"
    assert raised.value.parameter == parameter
    assert words in raised.value.reason
    assert str(raised.value).startswith(f"item 'fridge-1', parameter '{parameter}': ")


@pytest.mark.parametrize(
    ("category", "parameters", "parameter", "words"),
    [
        ("quantum_computer", {"physical_qubits": -3}, "physical_qubits", "negative"),
        ("quantum_computer", {"physical_qubits": 34.5}, "physical_qubits", "whole number"),
        ("quantum_computer", {"physical_qubits": True}, "physical_qubits", "whole number"),
        ("quantum_computer", {"paradigm": "quantum_annealer"}, "paradigm", "not one of"),
        ("quantum_computer", {"cnot_error": "1 dB"}, "cnot_error", "plain fraction"),
        ("magnetometer", {"medical_biomagnetic": "perhaps"}, "medical_biomagnetic", "true or false"),
        ("magnetometer", {"sensitivity": "50 fT"}, "sensitivity", "magnetic noise density"),
        ("amplifier", {"noise_figure": "0.01"}, None, None),
        ("amplifier", {"noise_figure": "1.003 K"}, "noise_figure", "dB"),
        (
            "amplifier",
            {"frequency_min": "8 GHz", "frequency_max": "4 GHz"},
            "frequency_min",
            "above frequency_max",
        ),
        ("gravimeter", {"static_accuracy": "10 m/s"}, "static_accuracy", "acceleration"),
    ],
)
def test_each_parameter_kind_is_checked(
    category: str, parameters: dict[str, Any], parameter: str | None, words: str | None
) -> None:
    obj = {"id": "x", "category": category, "parameters": parameters}
    if parameter is None:
        parse_item(obj)  # a bare number is in the canonical unit (dB here): accepted
        return
    with pytest.raises(ItemError) as raised:
        parse_item(obj)
    assert (raised.value.item_id, raised.value.parameter) == ("x", parameter)
    assert words is not None and words in raised.value.reason


def test_an_item_without_id_is_refused() -> None:
    with pytest.raises(ItemError, match="non-empty id"):
        parse_item({"category": "qkd_system"})


def test_category_other_accepts_any_parameter_as_given() -> None:
    item = parse_item({"id": "o", "category": "other", "parameters": {"wavelength": "1550 nm", "n": [1, 2]}})
    assert item.parameters["wavelength"].value == "1550 nm"
    assert item.parameters["n"].value == "[1, 2]"


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("one.json", json.dumps(FRIDGE)),
        ("array.json", json.dumps([FRIDGE, {"id": "qkd", "category": "qkd_system"}])),
        (
            "lines.jsonl",
            json.dumps(FRIDGE) + "\n\n" + json.dumps({"id": "qkd", "category": "qkd_system"}) + "\n",
        ),
        (
            "items.yaml",
            "- id: fridge-1\n  category: cryogenic_cooling_system\n- id: qkd\n  category: qkd_system\n",
        ),
        (
            "docs.yml",
            "id: fridge-1\ncategory: cryogenic_cooling_system\n---\nid: qkd\ncategory: qkd_system\n",
        ),
    ],
)
def test_every_file_shape_reads_in_order(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    expected = ["fridge-1"] if name == "one.json" else ["fridge-1", "qkd"]
    assert [item.id for item in load_items(path)] == expected


@pytest.mark.parametrize(
    ("name", "text", "words"),
    [
        ("bad.json", '{"id": "a"', "not valid JSON"),
        ("bad.jsonl", '{"id": "a"}\n{"id": \n', "line 2 is not valid JSON"),
        ("bad.yaml", "id: [unclosed\n", "not valid YAML"),
        ("empty.json", "[]", "holds no items"),
    ],
)
def test_unreadable_files_name_the_file_and_line(tmp_path: Path, name: str, text: str, words: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ItemFileError) as raised:
        load_items(path)
    assert str(path) in str(raised.value)
    assert words in str(raised.value)


def test_duplicate_ids_and_missing_ids_name_their_position(tmp_path: Path) -> None:
    path = tmp_path / "dupes.json"
    path.write_text(json.dumps([FRIDGE, {"id": "q", "category": "qkd_system"}, FRIDGE]), encoding="utf-8")
    with pytest.raises(ItemError, match=r"appears twice .* \(items 1 and 3\)"):
        load_items(path)
    path.write_text(json.dumps([FRIDGE, {"category": "qkd_system"}]), encoding="utf-8")
    with pytest.raises(ItemError, match=r"item 2 in .*dupes.json"):
        load_items(path)


def test_one_bad_item_refuses_the_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "items.json"
    bad = {**FRIDGE, "id": "fridge-2", "parameters": {"cooling_power": "1 kV"}}
    path.write_text(json.dumps([FRIDGE, bad]), encoding="utf-8")
    with pytest.raises(ItemError, match="item 'fridge-2', parameter 'cooling_power'"):
        load_items(path)


def test_read_objects_is_the_one_reader_of_every_file_shape_and_validates_nothing() -> None:
    """items and transactions share it: documents come back as parsed, in order, unchecked."""
    lines = '{"id": "a", "anything": 1}\n\n{"id": "b"}\n'
    assert read_objects(lines, "upload.jsonl") == [{"id": "a", "anything": 1}, {"id": "b"}]
    assert read_objects('[{"id": "a"}, 7]', "upload.json") == [{"id": "a"}, 7]
    assert read_objects("- id: a\n---\nid: b\n", "upload.yaml", yaml_syntax=True) == [
        {"id": "a"},
        {"id": "b"},
    ]
    with pytest.raises(ItemFileError, match=r"upload.jsonl: line 2 is not valid JSON"):
        read_objects('{"id": "a"}\n{"id": \n', "upload.jsonl")
