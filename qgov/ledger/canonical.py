"""The one byte form of a ledger entry: RFC 8785 JSON Canonicalization Scheme (JCS), at most 65,535 bytes.

A leaf hash commits to bytes, so every writer and verifier must agree on them exactly. The `rfc8785`
library does the canonicalisation; this module adds the ledger's rules: an entry is a JSON object, it
fits the tlog-tiles entry limit (a uint16 length prefix), and bytes read back from an export or a
receipt must already be canonical, so an edited line (extra spaces, reordered keys, a duplicated key,
`1.0` for `1`) is reported with the place where it stops matching rather than silently re-serialised.
"""

from __future__ import annotations

import json
from typing import Any

import rfc8785

MAX_ENTRY_BYTES = 65_535


class CanonicalError(ValueError):
    """An object cannot be canonicalised as a ledger entry, or bytes are not a canonical entry."""


class EntryTooLargeError(CanonicalError):
    """The canonical entry is over the 65,535-byte limit of tlog-tiles entry bundles."""


def canonical_bytes(entry: Any) -> bytes:
    """The JCS bytes of `entry` (a JSON-compatible object); raises CanonicalError or EntryTooLargeError."""
    try:
        data = rfc8785.dumps(entry)
    except rfc8785.CanonicalizationError as error:
        raise CanonicalError(f"entry cannot be written as canonical JSON: {error}") from error
    if len(data) > MAX_ENTRY_BYTES:
        raise EntryTooLargeError(
            f"canonical entry is {len(data):,} bytes, over the {MAX_ENTRY_BYTES:,}-byte limit; "
            "store large content elsewhere and record its digest in the entry"
        )
    return data


def parse_canonical(data: bytes) -> dict[str, Any]:
    """Parse one canonical entry; raise CanonicalError unless `data` is exactly JCS of a JSON object."""
    if len(data) > MAX_ENTRY_BYTES:
        raise EntryTooLargeError(f"entry is {len(data):,} bytes, over the {MAX_ENTRY_BYTES:,}-byte limit")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CanonicalError(f"entry is not UTF-8 (byte {error.start} is invalid)") from error
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise CanonicalError(f"entry is not JSON: {error.msg} at character {error.pos}") from error
    if not isinstance(value, dict):
        raise CanonicalError(f"entry must be a JSON object, got a JSON {type(value).__name__}")
    try:
        expected = rfc8785.dumps(value)
    except rfc8785.CanonicalizationError as error:
        raise CanonicalError(f"entry holds a value JCS cannot represent: {error}") from error
    if expected != data:
        raise CanonicalError(_describe_difference(data, expected))
    return value


def _describe_difference(found: bytes, expected: bytes) -> str:
    offset = next((i for i, (a, b) in enumerate(zip(found, expected, strict=False)) if a != b), None)
    if offset is None:
        offset = min(len(found), len(expected))
    hint = (
        "extra or missing bytes" if len(found) != len(expected) else "keys out of order or values re-encoded"
    )
    if found.strip() != found:
        hint = "leading or trailing whitespace"
    elif b" " in found and found.replace(b" ", b"") == expected.replace(b" ", b""):
        hint = "whitespace between tokens"
    found_excerpt = found[max(0, offset - 15) : offset + 15].decode("utf-8", "replace")
    expected_excerpt = expected[max(0, offset - 15) : offset + 15].decode("utf-8", "replace")
    return (
        f"entry is not in canonical form ({hint}): it differs from RFC 8785 JCS at byte {offset}, "
        f"found {found_excerpt!r} where {expected_excerpt!r} was expected"
    )
