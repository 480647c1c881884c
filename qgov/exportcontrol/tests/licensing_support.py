"""Shared builders for the licensing tests: items, people, transactions and hand-made classifications."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

from qgov.exportcontrol.classifier import Classification, EntryMatch
from qgov.exportcontrol.licensing import Determination, determine
from qgov.exportcontrol.tables import RULEPACK_DIRECTORY, LicensingTables
from qgov.exportcontrol.transactions import Transaction, parse_transaction

DAY = "2026-11-21"

QUANTUM_COMPUTER = {  # 4A906.a.2
    "category": "quantum_computer",
    "parameters": {"paradigm": "gate_based", "physical_qubits": 120, "cnot_error": 0.0009},
}
ANNEALER = {"category": "quantum_computer", "parameters": {"paradigm": "annealing", "physical_qubits": 5000}}
DILUTION_FRIDGE = {  # 3A904.a
    "category": "cryogenic_cooling_system",
    "parameters": {
        "cooling_power": "1000 uW",
        "cooling_power_temperature": "100 mK",
        "sustained_duration": "72 h",
    },
}
QUBIT_TECHNOLOGY = {
    "item_kind": "technology",
    "for_entries": ["4A906.b"],
    "purpose": "development",
}  # 4E906.a
QUBIT_SOFTWARE = {"item_kind": "software", "for_entries": ["4A906.b"], "purpose": "development"}  # 4D906
FRIDGE_TECHNOLOGY = {"item_kind": "technology", "for_entries": ["3A904"], "purpose": "development"}  # 3E901
SEM_TECHNOLOGY = {"item_kind": "technology", "for_entries": ["3B903"], "purpose": "production"}  # 3E901 (SEM)
SEM_SOFTWARE = {"item_kind": "software", "for_entries": ["3B903"], "purpose": "development"}  # 3D901 (SEM)
ATOMIC_CLOCK = {  # 3A002.g.2
    "category": "atomic_frequency_standard",
    "parameters": {"space_qualified": False, "rubidium": False, "long_term_stability": "5e-12 /month"},
}
SPACE_CLOCK = {  # 3A002.g.1
    "category": "atomic_frequency_standard",
    "parameters": {"space_qualified": True, "rubidium": False, "long_term_stability": "5e-12 /month"},
}
QKD = {"category": "qkd_system"}  # 5A002.c
MOBILE_GRAVIMETER = {  # 6A007.b
    "category": "gravimeter",
    "parameters": {
        "platform": "mobile",
        "static_accuracy": "0.5 mGal",
        "in_service_accuracy": "0.5 mGal",
        "time_to_steady_state": "60 s",
    },
}
GRAVITY_GRADIOMETER = {"category": "gravity_gradiometer"}  # 6A007.c


def magnetometer(sensitivity: str, kind: str = "optically_pumped") -> dict[str, Any]:
    """6A006.a.2 (optically pumped) or 6A006.a.1.a (squid) with the exclusions answered."""
    parameters: dict[str, Any] = {
        "magnetometer_type": kind,
        "sensitivity": sensitivity,
        "medical_biomagnetic": False,
        "fishery": False,
    }
    if kind == "squid":
        parameters["in_motion_noise_reduction"] = False
    return {"category": "magnetometer", "parameters": parameters}


def person(
    nationality: str | list[str] | None,
    employed_since: str | None = None,
    prohibited: bool | None = False,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "name": "A. Person",
        "nationality": nationality,
        "employed_since": employed_since,
        "prohibited_party": prohibited,
        **extra,
    }


def transaction(item: dict[str, Any], **fields: Any) -> Transaction:
    """An export from the US to Germany on DAY to a screened recipient, with `fields` changed."""
    document: dict[str, Any] = {
        "id": "t1",
        "item": {"id": "item-1", "name": "test item", **item},
        "transaction": "export",
        "from_country": "US",
        "destination": "DE",
        "recipient": {"name": "Recipient GmbH", "prohibited_party": False},
        "published": False,
        "fundamental_research": False,
        "date": DAY,
    }
    document.update(fields)
    return parse_transaction(document)


def deemed(item: dict[str, Any], recipient: dict[str, Any], **fields: Any) -> Transaction:
    """A deemed export in the US to `recipient` (destination left to the person's country)."""
    fields = {"transaction": "deemed_export", "destination": None, "recipient": recipient, **fields}
    if item.get("item_kind") == "software":
        fields.setdefault("software_code", "source")
    return transaction(item, **fields)


def decide(item: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return determine(transaction(item, **fields)).to_json()


def decide_deemed(item: dict[str, Any], recipient: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return determine(deemed(item, recipient, **fields)).to_json()


def exception(result: dict[str, Any], code: str) -> dict[str, Any]:
    matches: list[dict[str, Any]] = [a for a in result["licence_exceptions"] if a["code"] == code]
    assert len(matches) == 1, f"{code} listed {len(matches)} times in {result['licence_exceptions']}"
    return matches[0]


def hand_classification(*entries: str, item_id: str = "item-1", status: str = "controlled") -> Classification:
    """A US classification naming `entries` (e.g. '4A906.a.2'), built without the classifier."""
    matches = [
        EntryMatch(
            jurisdiction="US-EAR",
            entry=entry,
            list_entry=entry.split(".")[0],
            title=f"test entry {entry}",
            reasons_for_control=["NS", "RS", "AT"],
            citation=f"15 CFR 774 Supp. No. 1, ECCN {entry}",
            conditions=[],
            text_status="verified",
        )
        for entry in entries
    ]
    return Classification(item_id, status, matches, [], [], {"US-EAR": "2026-07-23"})


def copy_rulepacks(tmp_path: Path) -> Path:
    """A writable copy of the shipped rule packs, for tests that change or add a table version."""
    target = tmp_path / "rulepacks"
    shutil.copytree(RULEPACK_DIRECTORY, target)
    return target


def determine_with(
    tables: LicensingTables, item: dict[str, Any], on: dt.date | None = None, **fields: Any
) -> Determination:
    return determine(transaction(item, **fields), on=on, tables=tables)
