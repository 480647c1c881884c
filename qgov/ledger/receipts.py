"""Per-decision receipts: an entry, its inclusion proof and the signed checkpoint, checkable alone, offline.

A receipt is JSON (`qgov-receipt/v1`) for people and scripts, and carries the same proof as C2SP
`tlog-proof@v1` text (header, `index N`, one base64 proof hash per line, blank line, the checkpoint
verbatim) so tools outside qgov can check it. Verification trusts only the pinned ledger key: the
leaf is recomputed from the canonical entry, and the tree size and root come from the verified
checkpoint, never from fields of the receipt (the root-of-another-size pitfall in the reference).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping, Sequence
from typing import Any

from .canonical import CanonicalError, canonical_bytes, parse_canonical
from .checkpoint import Checkpoint, CheckpointError, VerifierKey, open_checkpoint, split_note
from .merkle import ProofError, inclusion_proof, leaf_hash, root_hash, verify_inclusion

RECEIPT_FORMAT = "qgov-receipt/v1"
TLOG_PROOF_HEADER = "c2sp.org/tlog-proof@v1"


class ReceiptError(ValueError):
    """A receipt is malformed or does not prove that its entry is in the signed log."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _b64decode(text: object, what: str) -> bytes:
    if not isinstance(text, str):
        raise ReceiptError(f"{what} must be a base64 string")
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as error:
        raise ReceiptError(f"{what} is not valid base64") from error


def format_tlog_proof(index: int, proof: Sequence[bytes], checkpoint_note: str) -> str:
    """C2SP tlog-proof text for entry `index` with its inclusion proof and the signed checkpoint."""
    lines = [TLOG_PROOF_HEADER, f"index {index}", *(_b64(node) for node in proof)]
    return "\n".join(lines) + "\n\n" + checkpoint_note


def parse_tlog_proof(text: str) -> tuple[int, list[bytes], str]:
    """(index, proof hashes, checkpoint note) of C2SP tlog-proof text; an `extra` line is skipped."""
    head, separator, checkpoint_note = text.partition("\n\n")
    lines = head.split("\n")
    if not separator or lines[0] != TLOG_PROOF_HEADER:
        raise ReceiptError(f"tlog proof must start with {TLOG_PROOF_HEADER!r} and end with a checkpoint")
    position = 2 if len(lines) > 1 and lines[1].startswith("extra ") else 1
    index_line = lines[position] if position < len(lines) else ""
    number = index_line.removeprefix("index ")
    if not index_line.startswith("index ") or not number.isdigit() or (number != "0" and number[0] == "0"):
        raise ReceiptError("tlog proof has no valid 'index <N>' line")
    proof = [_b64decode(line, f"tlog proof hash {i}") for i, line in enumerate(lines[position + 1 :])]
    return int(number), proof, checkpoint_note


def build_receipt(
    entry: bytes, index: int, leaf_hashes: Sequence[bytes], checkpoint_note: str
) -> dict[str, Any]:
    """A receipt proving that entry `index` is in the tree of `leaf_hashes`, which `checkpoint_note` signs.

    `leaf_hashes` are all the leaf hashes of the tree the checkpoint covers (as many as its size).
    Raises ValueError when the entry, the hashes and the checkpoint do not belong together, so a
    receipt that cannot verify is never issued.
    """
    claimed = Checkpoint.from_body(split_note(checkpoint_note)[0])
    if claimed.size != len(leaf_hashes):
        raise ValueError(
            f"checkpoint covers {claimed.size} entries but {len(leaf_hashes)} leaf hashes were given"
        )
    if not 0 <= index < claimed.size:
        raise ValueError(f"entry {index} is not covered by the checkpoint of size {claimed.size}")
    leaf = leaf_hash(entry)
    if leaf_hashes[index] != leaf:
        raise ValueError(f"the entry bytes do not match leaf hash {index}")
    if root_hash(leaf_hashes) != claimed.root:
        raise ValueError("the leaf hashes do not produce the checkpoint's root")
    parsed = parse_canonical(entry)
    if parsed.get("index") != index:
        raise ValueError(f"the entry has index {parsed.get('index')!r}, not {index}")
    proof = inclusion_proof(index, leaf_hashes)
    return {
        "format": RECEIPT_FORMAT,
        "index": index,
        "entry": parsed,
        "leaf_hash": _b64(leaf),
        "tree_size": claimed.size,
        "inclusion_proof": [_b64(node) for node in proof],
        "checkpoint": checkpoint_note,
        "tlog_proof": format_tlog_proof(index, proof, checkpoint_note),
    }


def verify_receipt(receipt: Mapping[str, Any], verifier: VerifierKey) -> dict[str, Any]:
    """Check a receipt against the pinned ledger key; return its entry, or raise ReceiptError saying why."""
    if not isinstance(receipt, Mapping) or receipt.get("format") != RECEIPT_FORMAT:
        raise ReceiptError(f"not a receipt: 'format' must be {RECEIPT_FORMAT!r}")
    index, entry = receipt.get("index"), receipt.get("entry")
    if not isinstance(index, int) or isinstance(index, bool) or index < 0:
        raise ReceiptError("receipt 'index' must be a non-negative integer")
    if not isinstance(entry, dict):
        raise ReceiptError("receipt 'entry' must be a JSON object")
    if entry.get("index") != index:
        raise ReceiptError(f"receipt is for entry {index} but its entry has index {entry.get('index')!r}")
    try:
        leaf = leaf_hash(canonical_bytes(entry))
    except CanonicalError as error:
        raise ReceiptError(f"receipt entry: {error}") from error
    if "leaf_hash" in receipt and _b64decode(receipt["leaf_hash"], "receipt 'leaf_hash'") != leaf:
        raise ReceiptError("receipt 'leaf_hash' does not match its entry: the entry was changed")
    nodes = receipt.get("inclusion_proof")
    if not isinstance(nodes, list):
        raise ReceiptError("receipt 'inclusion_proof' must be a list of base64 hashes")
    proof = [_b64decode(node, f"inclusion proof hash {i}") for i, node in enumerate(nodes)]
    note = receipt.get("checkpoint")
    if not isinstance(note, str):
        raise ReceiptError("receipt 'checkpoint' must be the signed checkpoint text")
    try:
        checkpoint = open_checkpoint(note, verifier)
    except CheckpointError as error:
        raise ReceiptError(f"receipt checkpoint is not trusted: {error}") from error
    if receipt.get("tree_size") != checkpoint.size:
        raise ReceiptError(
            f"receipt 'tree_size' {receipt.get('tree_size')!r} differs from its checkpoint's size "
            f"{checkpoint.size}"
        )
    try:
        verify_inclusion(leaf, index, checkpoint.size, proof, checkpoint.root)
    except ProofError as error:
        raise ReceiptError(f"the entry is not proven to be in the signed log: {error}") from error
    if "tlog_proof" in receipt and parse_tlog_proof(str(receipt["tlog_proof"])) != (index, proof, note):
        raise ReceiptError("receipt 'tlog_proof' disagrees with its index, inclusion proof or checkpoint")
    return entry
