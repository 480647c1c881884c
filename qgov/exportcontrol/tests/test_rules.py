"""Rule packs: validated completely at load (errors name file and rule), versions chosen by date."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from qgov.exportcontrol.classifier import classify
from qgov.exportcontrol.items import parse_item
from qgov.exportcontrol.rules import (
    RULEPACK_DIRECTORY,
    Comparison,
    RulePackError,
    leaves,
    load_all_rule_packs,
    load_rule_pack,
    load_rule_packs,
)

CITATION = {"document": "Test Control List", "paragraph": "XX001.a", "date": "2025-01-01"}


def pack_document(version: str = "2025-01-01", threshold: str = "600 uW", **overrides: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "format": "qgov-classification-rules/1",
        "jurisdiction": "XX",
        "version": version,
        "effective_from": version,
        "text_status": "verified",
        "source": {"document": "Test Control List", "date_read": version},
        "exclusions": {
            "demo": {
                "name": "demonstration units",
                "categories": ["cryogenic_cooling_system"],
                "when": {"parameter": "sustained_duration", "op": "<", "threshold": "1 h"},
                "citation": CITATION,
                "text_status": "verified",
            }
        },
        "rules": [
            {
                "id": "XX-001.a",
                "entry": "XX001.a",
                "list_entry": "XX001",
                "title": "Cooling systems",
                "categories": ["cryogenic_cooling_system"],
                "citation": CITATION,
                "exclusions": ["demo"],
                "all": [
                    {"parameter": "cooling_power", "op": ">=", "threshold": threshold},
                    {"parameter": "cooling_power_temperature", "op": "<=", "threshold": "100 mK"},
                ],
            }
        ],
    }
    document.update(overrides)
    return document


def write_pack(directory: Path, document: dict[str, Any], folder: str = "xx") -> Path:
    path = directory / folder / f"classification-{document['version']}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def rule_change(**changes: Any) -> dict[str, Any]:
    document = pack_document()
    document["rules"][0].update(changes)
    return document


def condition_change(index: int, **changes: Any) -> dict[str, Any]:
    document = pack_document()
    document["rules"][0]["all"][index].update(changes)
    return document


def without_citation() -> dict[str, Any]:
    document = pack_document()
    del document["rules"][0]["citation"]
    return document


def test_a_valid_pack_loads_with_thresholds_in_the_units_of_the_text(tmp_path: Path) -> None:
    pack = load_rule_pack(write_pack(tmp_path, pack_document()))
    (rule,) = pack.rules
    first, second = leaves(rule.condition)
    assert isinstance(first, Comparison) and first.threshold_text == "600 uW"
    assert isinstance(second, Comparison) and second.threshold_text == "100 mK"
    assert rule.citation.date == dt.date(2025, 1, 1)
    assert rule.text_status == "verified"


@pytest.mark.parametrize(
    ("document", "words"),
    [
        (
            condition_change(0, parameter="cooling_powr"),
            "rule XX-001.a: unknown parameter 'cooling_powr' for category",
        ),
        (
            condition_change(0, threshold="600 uV"),
            "rule XX-001.a: threshold '600 uV' of cooling_power is not in a unit",
        ),
        (
            condition_change(0, threshold="600 zorks"),
            "rule XX-001.a: threshold of cooling_power: unknown unit",
        ),
        (condition_change(0, op="=>"), "rule XX-001.a: unknown operator '=>'"),
        (
            rule_change(all=[{"parameter": "cooling_power", "op": "is", "value": True}]),
            "'is' needs a true/false",
        ),
        (
            rule_change(all=[{"parameter": "paradigm", "op": "in", "values": ["x"]}]),
            "unknown parameter 'paradigm'",
        ),
        (condition_change(0, colour="blue"), "rule XX-001.a: unknown key(s) colour"),
        (without_citation(), "rule XX-001.a: citation missing"),
        (
            rule_change(citation={**CITATION, "date": "2025-02-30"}),
            "rule XX-001.a: date '2025-02-30' is not a date",
        ),
        (rule_change(citation={"document": "Test"}), "rule XX-001.a: paragraph missing"),
        (rule_change(text_status="probably"), "rule XX-001.a: text_status 'probably'"),
        (rule_change(categories=["toaster"]), "rule XX-001.a: unknown category 'toaster'"),
        (rule_change(exclusions=["nope"]), "rule XX-001.a: exclusion 'nope' is not defined"),
        (
            rule_change(categories=["cryocooler"], all=[]),
            "rule XX-001.a: exclusion 'demo' is not written for category",
        ),
        (rule_change(any=[]), "rule XX-001.a: give exactly one of 'all' or 'any'"),
        (rule_change(item_kind="software", all=[]), "rule XX-001.a: 'all' must list at least one condition"),
        (rule_change(valid_from="soon"), "rule XX-001.a: valid_from 'soon' is not a date"),
        (pack_document(effective_from="2025-13-01"), "effective_from '2025-13-01' is not a date"),
        (pack_document(format="v0"), "format must be"),
        (pack_document(jurisdiction="YY"), "does not match its folder"),
        (pack_document(rules=[]), "rules must be a non-empty list"),
    ],
)
def test_invalid_packs_are_refused_naming_file_and_rule(
    tmp_path: Path, document: dict[str, Any], words: str
) -> None:
    path = write_pack(tmp_path, document)
    with pytest.raises(RulePackError) as raised:
        load_rule_pack(path)
    assert str(raised.value).startswith(f"{path}: ")
    assert words in str(raised.value)


def test_a_duplicate_rule_id_is_refused(tmp_path: Path) -> None:
    document = pack_document()
    document["rules"].append(copy.deepcopy(document["rules"][0]))
    with pytest.raises(RulePackError, match=r"rule id 'XX-001\.a' is used twice"):
        load_rule_pack(write_pack(tmp_path, document))


def test_a_version_that_does_not_match_its_file_name_is_refused(tmp_path: Path) -> None:
    path = write_pack(tmp_path, pack_document())
    renamed = path.with_name("classification-2025-06-01.yaml")
    path.rename(renamed)
    with pytest.raises(RulePackError, match="does not match the file name"):
        load_rule_pack(renamed)


def test_broken_yaml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "xx" / "classification-2025-01-01.yaml"
    path.parent.mkdir()
    path.write_text("format: qgov-classification-rules/1\nrules: [\n  - id: a: b\n", encoding="utf-8")
    with pytest.raises(RulePackError, match=r"not valid YAML at line"):
        load_rule_pack(path)


def test_an_empty_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(RulePackError, match="holds no classification"):
        load_all_rule_packs(tmp_path)


def _fridge(power: str) -> Any:
    return parse_item(
        {
            "id": "fridge",
            "category": "cryogenic_cooling_system",
            "parameters": {
                "cooling_power": power,
                "cooling_power_temperature": "10 mK",
                "sustained_duration": "72 h",
            },
        }
    )


def test_the_version_in_force_on_the_date_is_used(tmp_path: Path) -> None:
    write_pack(tmp_path, pack_document("2025-01-01", threshold="600 uW"))
    write_pack(tmp_path, pack_document("2026-01-01", threshold="500 uW"))
    item = _fridge("550 uW")

    before = load_rule_packs(dt.date(2024, 12, 31), directory=tmp_path)
    first = load_rule_packs(dt.date(2025, 6, 1), directory=tmp_path)
    second = load_rule_packs(dt.date(2026, 1, 1), directory=tmp_path)

    assert before.packs == {} and before.not_in_force == ("XX",)
    assert first.versions() == {"XX": "2025-01-01"}
    assert second.versions() == {"XX": "2026-01-01"}
    assert classify(item, packs=first).status == "not_controlled"
    answer = classify(item, packs=second)
    assert answer.status == "controlled"
    assert answer.rule_packs == {"XX": "2026-01-01"}
    assert answer.entries[0].conditions[0].threshold == "500 uW"
    no_pack = classify(item, packs=before)
    assert no_pack.status == "needs_review"
    assert no_pack.review_reasons == ["XX: no rule pack is in force on 2024-12-31, so XX was not checked"]


def test_a_rule_valid_from_a_later_date_is_not_used_before_it(tmp_path: Path) -> None:
    document = pack_document()
    document["rules"][0]["valid_from"] = "2025-07-01"
    write_pack(tmp_path, document)
    item = _fridge("1 mW")
    assert (
        classify(item, packs=load_rule_packs(dt.date(2025, 6, 30), directory=tmp_path)).status
        == "not_controlled"
    )
    assert (
        classify(item, packs=load_rule_packs(dt.date(2025, 7, 1), directory=tmp_path)).status == "controlled"
    )


def test_two_files_with_the_same_version_are_refused(tmp_path: Path) -> None:
    write_pack(tmp_path, pack_document(), folder="xx")
    write_pack(tmp_path, pack_document(), folder="XX")
    with pytest.raises(RulePackError, match="version 2025-01-01 of XX also in"):
        load_all_rule_packs(tmp_path)


def test_of_two_versions_with_one_effective_date_the_later_wins(tmp_path: Path) -> None:
    write_pack(tmp_path, pack_document("2025-01-01"))
    write_pack(tmp_path, pack_document("2025-02-01", effective_from="2025-01-01"))
    assert load_rule_packs(dt.date(2025, 3, 1), directory=tmp_path).versions() == {"XX": "2025-02-01"}


def test_an_edited_pack_is_read_again(tmp_path: Path) -> None:
    path = write_pack(tmp_path, pack_document(threshold="600 uW"))
    assert leaves(load_all_rule_packs(tmp_path)[0].rules[0].condition)[0].threshold_text == "600 uW"  # type: ignore[union-attr]
    path.write_text(path.read_text(encoding="utf-8").replace("600 uW", "0.5 mW") + "\n", encoding="utf-8")
    assert leaves(load_all_rule_packs(tmp_path)[0].rules[0].condition)[0].threshold_text == "0.5 mW"  # type: ignore[union-attr]


def test_every_shipped_pack_loads_and_cites_every_rule() -> None:
    packs = load_all_rule_packs(RULEPACK_DIRECTORY)
    jurisdictions = {pack.jurisdiction for pack in packs}
    assert jurisdictions == {"US-EAR", "WASSENAAR", "EU", "JP", "UK", "FR", "ES", "NL", "DE", "CA"}
    for pack in packs:
        for rule in pack.rules:
            assert rule.citation.document and rule.citation.paragraph, rule.id
            assert rule.text_status in ("verified", "unverified_text", "unknown"), rule.id


def test_national_packs_are_never_labelled_verified() -> None:
    for pack in load_all_rule_packs(RULEPACK_DIRECTORY):
        if pack.jurisdiction in {"UK", "FR", "ES", "NL", "DE", "CA", "EU"}:
            assert pack.text_status == "unverified_text"
            assert all(rule.text_status != "verified" for rule in pack.rules), pack.jurisdiction
