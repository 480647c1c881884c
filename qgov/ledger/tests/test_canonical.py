"""Canonical entry bytes: one byte form per entry, and edited bytes are caught and described."""

from __future__ import annotations

import pytest

from qgov.ledger.canonical import (
    MAX_ENTRY_BYTES,
    CanonicalError,
    EntryTooLargeError,
    canonical_bytes,
    parse_canonical,
)

ENTRY = {
    "index": 7,
    "recorded_at": "2026-05-01T09:00:00.000000Z",
    "actor": "user:carla",
    "action": "screening.disposition",
    "subject": {"type": "parties.person", "id": "42"},
    "decision": {"disposition": "false_positive", "note": "Müller ≠ Mueller"},
}


def test_keys_are_sorted_and_there_is_no_whitespace() -> None:
    data = canonical_bytes({"b": [1, True, None], "a": {"d": "x\ny", "c": 1.5}})
    assert data == b'{"a":{"c":1.5,"d":"x\\ny"},"b":[1,true,null]}'


def test_non_ascii_text_is_kept_as_utf8() -> None:
    assert "Müller ≠ Mueller".encode() in canonical_bytes(ENTRY)


def test_round_trip() -> None:
    assert parse_canonical(canonical_bytes(ENTRY)) == ENTRY


def test_an_entry_over_the_tlog_tiles_limit_is_refused() -> None:
    with pytest.raises(EntryTooLargeError, match="65,535-byte limit"):
        canonical_bytes({"blob": "x" * MAX_ENTRY_BYTES})
    assert len(canonical_bytes({"blob": "x" * (MAX_ENTRY_BYTES - 11)})) == MAX_ENTRY_BYTES


@pytest.mark.parametrize("value", [{"when": b"bytes"}, {"score": float("nan")}, {1: "non-string key"}])
def test_values_json_cannot_carry_are_refused(value: object) -> None:
    with pytest.raises(CanonicalError, match="canonical JSON"):
        canonical_bytes(value)


@pytest.mark.parametrize(
    ("edit", "hint"),
    [
        (lambda data: data.replace(b'","', b'", "', 1), "whitespace between tokens"),
        (lambda data: data + b" ", "leading or trailing whitespace"),
        (lambda data: b'{"index":7,' + data[1:].replace(b',"index":7', b""), "keys out of order"),
        (lambda data: data.replace(b'"index":7', b'"index":7.0'), "extra or missing bytes"),
        (lambda data: data[:-1] + b',"index":7}', "extra or missing bytes"),
    ],
    ids=["space", "trailing-space", "key-order", "float-for-int", "duplicate-key"],
)
def test_edited_bytes_are_named_as_not_canonical(edit: object, hint: str) -> None:
    data = edit(canonical_bytes(ENTRY))  # type: ignore[operator]
    with pytest.raises(CanonicalError, match="not in canonical form") as raised:
        parse_canonical(data)
    assert hint in str(raised.value)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"a":1', "not JSON"),
        (b"[1,2]", "must be a JSON object"),
        (b'{"a":"\xff"}', "not UTF-8"),
        (b"", "not JSON"),
    ],
)
def test_bytes_that_are_not_an_entry_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(CanonicalError, match=message):
        parse_canonical(data)
