"""Reading transactions: every shape the contract allows, and refusals naming the transaction and field."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from qgov.exportcontrol.items import ItemFileError
from qgov.exportcontrol.transactions import TransactionError, load_transactions, parse_transaction

CONTRACT_EXAMPLE: dict[str, Any] = {
    "id": "t1",
    "item": {
        "id": "fridge-1",
        "category": "cryogenic_cooling_system",
        "origin_country": "FI",
        "parameters": {"cooling_power": "1000 uW", "cooling_power_temperature": "100 mK"},
    },
    "transaction": "export",
    "from_country": "US",
    "destination": "DE",
    "recipient": {
        "name": "...",
        "nationality": "CN",
        "permanent_residence": None,
        "employed_since": "2023-05-02",
        "prohibited_party": False,
    },
    "published": False,
    "fundamental_research": False,
    "date": "2026-11-21",
}


def test_the_contract_example_reads_into_checked_values() -> None:
    t = parse_transaction(CONTRACT_EXAMPLE)
    assert (t.id, t.kind, t.from_country, t.destination, t.date) == (
        "t1",
        "export",
        "US",
        "DE",
        dt.date(2026, 11, 21),
    )
    assert t.item.id == "fridge-1" and t.item.category == "cryogenic_cooling_system"
    assert t.recipient is not None
    assert t.recipient.nationalities == ("CN",) and t.recipient.permanent_residences == ()
    assert t.recipient.employed_since == dt.date(2023, 5, 2) and t.recipient.prohibited_party is False
    assert (t.published, t.fundamental_research, t.software_code) == (False, False, None)


def test_left_out_facts_stay_unknown() -> None:
    t = parse_transaction({"id": 7, "transaction": "deemed_export", "item": {"item_kind": "technology"}})
    assert t.id == "7"
    assert (t.published, t.fundamental_research, t.recipient, t.date) == (None, None, None, None)


def test_several_citizenships_and_lower_case_codes() -> None:
    recipient = {"nationality": ["cn", "DE"], "permanent_residence": "ca", "most_recent_country": "de"}
    t = parse_transaction({**CONTRACT_EXAMPLE, "recipient": recipient})
    assert t.recipient is not None
    assert t.recipient.countries == ("CN", "DE", "CA") and t.recipient.most_recent_country == "DE"


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"destination": "UK"}, "destination", "not an ISO 3166-1 alpha-2 country code (use GB)"),
        ({"destination": "Germany"}, "destination", "not an ISO 3166-1 alpha-2"),
        ({"transaction": "shipment"}, "transaction", "'shipment' is not one of export, reexport"),
        ({"transaction": None}, "transaction", "is required"),
        ({"date": "21/11/2026"}, "date", "is not a date written YYYY-MM-DD"),
        ({"published": "no"}, "published", "must be true or false"),
        ({"destinaton": "DE"}, "destinaton", "is not a field of a transaction"),
        ({"software_code": "binary"}, "software_code", "'binary' is not one of source, object"),
        ({"item": None}, "item", "is required"),
        (
            {
                "item": {
                    "id": "x",
                    "category": "cryogenic_cooling_system",
                    "parameters": {"cooling_power": "1 kg"},
                }
            },
            "item.cooling_power",
            "dimension of",
        ),
        ({"recipient": {"nationality": "XX"}}, "recipient.nationality", "not an ISO 3166-1 alpha-2"),
        ({"recipient": {"employed_since": "last year"}}, "recipient.employed_since", "YYYY-MM-DD"),
        ({"recipient": {"prohibited_party": "maybe"}}, "recipient.prohibited_party", "true or false"),
        ({"recipient": {"passport": "CN"}}, "recipient.passport", "is not a field of a recipient"),
        ({"recipient": "Bob"}, "recipient", "must be an object"),
    ],
)
def test_a_bad_transaction_is_refused_naming_id_and_field(
    change: dict[str, Any], field: str, reason: str
) -> None:
    with pytest.raises(TransactionError) as caught:
        parse_transaction({**CONTRACT_EXAMPLE, **change})
    assert (caught.value.transaction_id, caught.value.field) == ("t1", field)
    assert reason in str(caught.value)
    assert str(caught.value).startswith("transaction 't1', field ")


def test_a_transaction_without_id_is_refused() -> None:
    with pytest.raises(TransactionError, match="needs a non-empty id"):
        parse_transaction({k: v for k, v in CONTRACT_EXAMPLE.items() if k != "id"})


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_files_hold_one_object_an_array_json_lines_or_yaml(tmp_path: Path) -> None:
    second = {**CONTRACT_EXAMPLE, "id": "t2"}
    single = _write(tmp_path / "one.json", json.dumps(CONTRACT_EXAMPLE))
    array = _write(tmp_path / "many.json", json.dumps([CONTRACT_EXAMPLE, second]))
    lines = _write(tmp_path / "many.jsonl", json.dumps(CONTRACT_EXAMPLE) + "\n\n" + json.dumps(second) + "\n")
    yaml_file = _write(
        tmp_path / "many.yaml",
        "- id: t1\n  transaction: export\n  item: {category: qkd_system}\n"
        "- id: t2\n  transaction: export\n  item: {category: qkd_system}\n"
        "  date: 2026-11-21\n",
    )
    assert [t.id for t in load_transactions(single)] == ["t1"]
    assert [t.id for t in load_transactions(array)] == ["t1", "t2"]
    assert [t.id for t in load_transactions(lines)] == ["t1", "t2"]
    assert [(t.id, t.date) for t in load_transactions(yaml_file)] == [
        ("t1", None),
        ("t2", dt.date(2026, 11, 21)),
    ]


def test_file_errors_name_the_file_and_the_position(tmp_path: Path) -> None:
    with pytest.raises(TransactionError, match=r"appears twice in .*dup.json \(transactions 1 and 2\)"):
        load_transactions(_write(tmp_path / "dup.json", json.dumps([CONTRACT_EXAMPLE, CONTRACT_EXAMPLE])))
    with pytest.raises(ItemFileError, match="line 2 is not valid JSON"):
        load_transactions(_write(tmp_path / "bad.jsonl", json.dumps(CONTRACT_EXAMPLE) + "\n{oops\n"))
    with pytest.raises(TransactionError, match=r"transaction 2 in .*noid.json"):
        load_transactions(
            _write(tmp_path / "noid.json", json.dumps([CONTRACT_EXAMPLE, {"transaction": "export"}]))
        )
    with pytest.raises(ItemFileError, match="holds no transactions"):
        load_transactions(_write(tmp_path / "empty.json", "[]"))
