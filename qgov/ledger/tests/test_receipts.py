"""A receipt proves one decision is in the signed ledger, offline, and any edit to it is caught."""

from __future__ import annotations

import base64
import copy
import json
from typing import Any

import pytest

from qgov.ledger.checkpoint import SigningKey
from qgov.ledger.offline import ReceiptError, build_receipt, verify_receipt
from qgov.ledger.receipts import TLOG_PROOF_HEADER, parse_tlog_proof
from qgov.ledger.tests.synthetic_log import SyntheticLog, build_log

SIZE = 13


@pytest.fixture(scope="module")
def log() -> SyntheticLog:
    return build_log(SIZE, SIZE)


def _receipt(log: SyntheticLog, index: int) -> dict[str, Any]:
    return build_receipt(log.entries[index], index, log.leaves, log.notes[SIZE])


@pytest.mark.parametrize("index", range(SIZE))
def test_every_entry_gets_a_receipt_that_verifies(log: SyntheticLog, index: int) -> None:
    receipt = json.loads(json.dumps(_receipt(log, index)))  # as written to and read from a file
    entry = verify_receipt(receipt, log.key.verifier)
    assert entry == json.loads(log.entries[index])
    assert receipt["tree_size"] == SIZE and receipt["checkpoint"] == log.notes[SIZE]


def test_the_tlog_proof_is_c2sp_text(log: SyntheticLog) -> None:
    receipt = _receipt(log, 5)
    lines = receipt["tlog_proof"].split("\n")
    assert lines[:2] == [TLOG_PROOF_HEADER, "index 5"]
    assert lines[2 : 2 + len(receipt["inclusion_proof"])] == receipt["inclusion_proof"]
    assert receipt["tlog_proof"].endswith("\n\n" + log.notes[SIZE])
    index, proof, note = parse_tlog_proof(receipt["tlog_proof"])
    assert (index, note) == (5, log.notes[SIZE])
    assert [base64.b64encode(node).decode() for node in proof] == receipt["inclusion_proof"]


def _flip_proof(receipt: dict[str, Any]) -> None:
    node = bytearray(base64.b64decode(receipt["inclusion_proof"][0]))
    node[0] ^= 1
    receipt["inclusion_proof"][0] = base64.b64encode(bytes(node)).decode()
    del receipt["tlog_proof"]


def _move_to_another_index(receipt: dict[str, Any]) -> None:
    receipt["index"] = receipt["entry"]["index"] = 4
    del receipt["leaf_hash"]


def _change_entry_and_hash(receipt: dict[str, Any]) -> None:
    receipt["entry"]["decision"]["outcome"] = "overturned"
    del receipt["leaf_hash"]


EDITS = {
    "entry": (lambda r: r["entry"]["decision"].update(outcome="overturned"), "does not match its entry"),
    "entry-and-leaf-hash": (_change_entry_and_hash, "not proven to be in the signed log"),
    "proof-hash": (_flip_proof, "not proven to be in the signed log"),
    "proof-dropped": (lambda r: r["inclusion_proof"].pop(), "not proven to be in the signed log"),
    "index": (lambda r: r.update(index=4) or r["entry"].update(index=4), "does not match its entry"),
    "index-rewritten": (_move_to_another_index, "not proven to be in the signed log"),
    "index-only": (lambda r: r.update(index=4), "but its entry has index 5"),
    "tree-size": (lambda r: r.update(tree_size=SIZE + 1), "differs from its checkpoint's size"),
    "checkpoint": (
        lambda r: r.update(checkpoint=r["checkpoint"].replace(f"\n{SIZE}\n", "\n14\n")),
        "not trusted",
    ),
    "tlog-proof": (lambda r: r.update(tlog_proof=r["tlog_proof"].replace("index 5", "index 6")), "disagrees"),
    "format": (lambda r: r.update(format="qgov-receipt/v0"), "not a receipt"),
    "proof-not-base64": (lambda r: r["inclusion_proof"].__setitem__(0, "%%%"), "not valid base64"),
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_an_edited_receipt_fails_saying_why(log: SyntheticLog, edit: str) -> None:
    change, message = EDITS[edit]
    receipt = copy.deepcopy(_receipt(log, 5))
    change(receipt)
    with pytest.raises(ReceiptError, match=message):
        verify_receipt(receipt, log.key.verifier)


def test_a_receipt_is_only_trusted_with_the_ledger_key(log: SyntheticLog) -> None:
    with pytest.raises(ReceiptError, match="not signed by the ledger key"):
        verify_receipt(_receipt(log, 1), SigningKey.generate(log.key.name).verifier)


def test_a_receipt_that_could_not_verify_is_never_built(log: SyntheticLog) -> None:
    with pytest.raises(ValueError, match="covers 13 entries but 12"):
        build_receipt(log.entries[1], 1, log.leaves[:12], log.notes[SIZE])
    with pytest.raises(ValueError, match="do not match leaf hash 2"):
        build_receipt(log.entries[1], 2, log.leaves, log.notes[SIZE])
    with pytest.raises(ValueError, match="not covered"):
        build_receipt(log.entries[1], SIZE, log.leaves, log.notes[SIZE])
    swapped = [log.leaves[1], log.leaves[0], *log.leaves[2:]]
    with pytest.raises(ValueError, match="do not produce the checkpoint's root"):
        build_receipt(log.entries[1], 0, swapped, log.notes[SIZE])
