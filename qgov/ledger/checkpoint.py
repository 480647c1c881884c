"""Signed checkpoints and entry signatures: what an auditor trusts about the ledger, and nothing else.

Formats are C2SP's, so tools outside qgov can read them: a checkpoint is a `tlog-checkpoint` body
(origin, tree size, base64 root) wrapped in a `signed-note` with an Ed25519 signature line
(`— <key name> base64(key id || signature)`). The public key travels as the standard note verifier
string `<name>+<hex key id>+base64(0x01 || public key)` (the content of `ledger.pub`).

The private key file holds one line in the Go `golang.org/x/mod/sumdb/note` signer format,
`PRIVATE+KEY+<name>+<hex key id>+base64(0x01 || 32-byte Ed25519 seed)`, written with mode 0600, so
keys interoperate with that ecosystem. The key name is the log origin.

An entry signature (like Rekor v1's signed entry timestamp) signs
`qgov-entry/v1\\n<origin>\\n<index>\\n<base64 leaf hash>\\n`: it lets a verifier name the exact entry
that was changed even when entries and their stored hashes were rewritten together.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

ED25519_TYPE = b"\x01"
SIGNATURE_DASH = "\u2014 "
KEY_FILE_PREFIX = "PRIVATE+KEY+"
ENTRY_SIGNATURE_CONTEXT = "qgov-entry/v1"
MAX_NOTE_BYTES = 1 << 20
MAX_SIGNATURE_LINES = 100  # C2SP requires accepting at least 16
MAX_TREE_SIZE = (1 << 63) - 1


class CheckpointError(ValueError):
    """A checkpoint or key is malformed, or its signature does not verify; the message says which."""


def _b64decode(text: str, what: str) -> bytes:
    """Strict standard base64 (alphabet, padding, canonical trailing bits): encodings are not malleable."""
    try:
        data = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as error:
        raise CheckpointError(f"{what} is not valid base64") from error
    if base64.b64encode(data).decode("ascii") != text:
        raise CheckpointError(f"{what} is not canonical base64")
    return data


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _check_key_name(name: str) -> str:
    if not name or "+" in name or any(ch.isspace() or ord(ch) < 0x20 for ch in name):
        raise CheckpointError(
            f"key name {name!r} must be non-empty, without spaces, '+' or control characters"
        )
    return name


def key_id(name: str, public_key: bytes) -> bytes:
    """C2SP signed-note key ID of an Ed25519 key: SHA-256(name || 0x0A || 0x01 || public key)[:4]."""
    return hashlib.sha256(name.encode("utf-8") + b"\n" + ED25519_TYPE + public_key).digest()[:4]


@dataclass(frozen=True)
class VerifierKey:
    """An Ed25519 note verifier: key name (the log origin), 4-byte key ID and 32-byte public key."""

    name: str
    key_id: bytes
    public_key: bytes

    def __post_init__(self) -> None:
        _check_key_name(self.name)
        if len(self.public_key) != 32:
            raise CheckpointError(f"Ed25519 public key must be 32 bytes, got {len(self.public_key)}")
        if self.key_id != key_id(self.name, self.public_key):
            raise CheckpointError(f"key ID {self.key_id.hex()} does not match name {self.name!r} and its key")
        object.__setattr__(self, "_key", Ed25519PublicKey.from_public_bytes(self.public_key))

    def format(self) -> str:
        """The note verifier string `<name>+<hex key id>+<base64(0x01 || public key)>`."""
        return f"{self.name}+{self.key_id.hex()}+{_b64(ED25519_TYPE + self.public_key)}"

    @classmethod
    def parse(cls, text: str) -> VerifierKey:
        """Parse a note verifier string (the content of `ledger.pub`, surrounding whitespace ignored)."""
        parts = text.strip().split("+", 2)
        if len(parts) != 3:
            raise CheckpointError("verifier key must look like <name>+<hex key id>+<base64 key>")
        name, id_hex, key_b64 = parts
        if len(id_hex) != 8 or any(ch not in "0123456789abcdefABCDEF" for ch in id_hex):
            raise CheckpointError(f"verifier key ID {id_hex!r} must be 8 hexadecimal digits")
        typed_key = _b64decode(key_b64, "verifier public key")
        if typed_key[:1] != ED25519_TYPE or len(typed_key) != 33:
            raise CheckpointError("verifier key must be an Ed25519 key (type 0x01 followed by 32 bytes)")
        return cls(_check_key_name(name), bytes.fromhex(id_hex), typed_key[1:])

    def verify(self, signature: bytes, message: bytes) -> bool:
        """True when `signature` is this key's Ed25519 signature of `message`."""
        key: Ed25519PublicKey = self.__dict__["_key"]
        try:
            key.verify(signature, message)
        except InvalidSignature:
            return False
        return True


class SigningKey:
    """The ledger's Ed25519 signing key and its name (the log origin). Keep it outside the database."""

    def __init__(self, name: str, private_key: Ed25519PrivateKey) -> None:
        self.name = _check_key_name(name)
        self._private_key = private_key
        public = private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        self.verifier = VerifierKey(name, key_id(name, public), public)

    @classmethod
    def generate(cls, name: str) -> SigningKey:
        return cls(name, Ed25519PrivateKey.generate())

    def sign(self, message: bytes) -> bytes:
        return self._private_key.sign(message)

    def to_text(self) -> str:
        """`PRIVATE+KEY+<name>+<hex key id>+<base64(0x01 || seed)>`: secret, never log or print it."""
        seed = self._private_key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        return f"{KEY_FILE_PREFIX}{self.name}+{self.verifier.key_id.hex()}+{_b64(ED25519_TYPE + seed)}"

    @classmethod
    def from_text(cls, text: str) -> SigningKey:
        text = text.strip()
        if not text.startswith(KEY_FILE_PREFIX):
            raise CheckpointError(f"signing key must start with {KEY_FILE_PREFIX!r}")
        parts = text[len(KEY_FILE_PREFIX) :].split("+", 2)
        if len(parts) != 3:
            raise CheckpointError("signing key must look like PRIVATE+KEY+<name>+<hex key id>+<base64 seed>")
        name, id_hex, seed_b64 = parts
        typed_seed = _b64decode(seed_b64, "signing key seed")
        if typed_seed[:1] != ED25519_TYPE or len(typed_seed) != 33:
            raise CheckpointError("signing key must be an Ed25519 seed (type 0x01 followed by 32 bytes)")
        key = cls(name, Ed25519PrivateKey.from_private_bytes(typed_seed[1:]))
        if key.verifier.key_id.hex() != id_hex.lower():
            raise CheckpointError(f"signing key ID {id_hex} does not match its name and seed")
        return key

    def save(self, path: str | Path) -> None:
        """Write the key to a new file with mode 0600; refuses to overwrite an existing file."""
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(self.to_text() + "\n")

    @classmethod
    def load(cls, path: str | Path) -> SigningKey:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CheckpointError(f"cannot read signing key {path}: {error}") from error
        try:
            return cls.from_text(text)
        except CheckpointError as error:
            raise CheckpointError(f"{path}: {error}") from error


@dataclass(frozen=True)
class Checkpoint:
    """A tree head: the log origin, the number of entries and the Merkle root of those entries."""

    origin: str
    size: int
    root: bytes

    def body(self) -> str:
        """The tlog-checkpoint note text `<origin>\\n<size>\\n<base64 root>\\n` (what is signed)."""
        return f"{self.origin}\n{self.size}\n{_b64(self.root)}\n"

    @classmethod
    def from_body(cls, text: str) -> Checkpoint:
        """Parse a checkpoint body WITHOUT checking any signature: only for naming or routing notes."""
        lines = text.split("\n")
        if len(lines) < 4 or lines[-1] != "":
            raise CheckpointError(
                "checkpoint body needs origin, size and root lines, each ending in a newline"
            )
        origin, size_text, root_text = lines[0], lines[1], lines[2]
        if not origin:
            raise CheckpointError("checkpoint origin line is empty")
        if not size_text.isascii() or not size_text.isdigit() or (size_text != "0" and size_text[0] == "0"):
            raise CheckpointError(f"checkpoint tree size {size_text!r} is not a decimal number")
        size = int(size_text)
        if size > MAX_TREE_SIZE:
            raise CheckpointError(f"checkpoint tree size {size} is too large")
        root = _b64decode(root_text, "checkpoint root hash")
        if len(root) != 32:
            raise CheckpointError(f"checkpoint root hash must be 32 bytes, got {len(root)}")
        if any(not line for line in lines[3:-1]):
            raise CheckpointError("checkpoint extension lines must not be empty")
        return cls(origin, size, root)


def _signature_line(key: SigningKey, text: str) -> str:
    signature = key.sign(text.encode("utf-8"))
    return f"{SIGNATURE_DASH}{key.name} {_b64(key.verifier.key_id + signature)}\n"


def sign_checkpoint(checkpoint: Checkpoint, key: SigningKey) -> str:
    """The signed note: checkpoint body, a blank line, and the key's signature line."""
    if checkpoint.origin != key.name:
        raise CheckpointError(f"checkpoint origin {checkpoint.origin!r} differs from key name {key.name!r}")
    text = checkpoint.body()
    return f"{text}\n{_signature_line(key, text)}"


def split_note(note: str) -> tuple[str, list[tuple[str, bytes]]]:
    """Split a signed note into its text and (key name, key id || signature) pairs; check the syntax."""
    try:
        size = len(note.encode("utf-8"))
    except UnicodeEncodeError as error:
        raise CheckpointError(f"note is not valid UTF-8 (character {error.start})") from error
    if size > MAX_NOTE_BYTES:
        raise CheckpointError(f"note is larger than {MAX_NOTE_BYTES} bytes")
    bad = next((ch for ch in note if ord(ch) < 0x20 and ch != "\n"), None)
    if bad is not None:
        raise CheckpointError(f"note contains the control character U+{ord(bad):04X}")
    split = note.rfind("\n\n")
    if split < 0:
        raise CheckpointError("note has no blank line between its text and its signatures")
    text, signature_block = note[: split + 1], note[split + 2 :]
    if not signature_block.endswith("\n"):
        raise CheckpointError("note signatures must end with a newline")
    lines = signature_block[:-1].split("\n")
    if len(lines) > MAX_SIGNATURE_LINES:
        raise CheckpointError(f"note has {len(lines)} signature lines, more than {MAX_SIGNATURE_LINES}")
    signatures = []
    for number, line in enumerate(lines, start=1):
        fields = line[len(SIGNATURE_DASH) :].split(" ") if line.startswith(SIGNATURE_DASH) else []
        if len(fields) != 2 or not fields[0] or "+" in fields[0]:
            raise CheckpointError(f"signature line {number} is not '— <key name> <base64 signature>'")
        blob = _b64decode(fields[1], f"signature line {number}")
        if len(blob) < 5:
            raise CheckpointError(f"signature line {number} is too short to hold a key ID and a signature")
        signatures.append((fields[0], blob))
    return text, signatures


def open_note(note: str, verifier: VerifierKey) -> str:
    """Return the note text if `verifier` signed it, following the C2SP signed-note verifier rules.

    Signatures by other (name, key id) pairs are ignored; a failing signature by the known key rejects
    the note; a note the known key did not sign is rejected, naming the keys that did sign it.
    """
    text, signatures = split_note(note)
    others = []
    verified = False
    for name, blob in signatures:
        if name != verifier.name or blob[:4] != verifier.key_id:
            others.append(f"{name} (key ID {blob[:4].hex()})")
            continue
        if not verifier.verify(blob[4:], text.encode("utf-8")):
            raise CheckpointError(
                f"the signature by {verifier.name} does not verify: the note was altered after signing"
            )
        verified = True
    if not verified:
        signed_by = ", ".join(others) if others else "nobody"
        raise CheckpointError(
            f"not signed by the ledger key {verifier.name} (key ID {verifier.key_id.hex()}); "
            f"signed by {signed_by}"
        )
    return text


def open_checkpoint(note_text: str, verifier: VerifierKey) -> Checkpoint:
    """Verify a signed checkpoint note with `verifier` and return its checkpoint; raise CheckpointError.

    The signature is checked before the body is parsed, and the origin must be the verifier's name.
    """
    checkpoint = Checkpoint.from_body(open_note(note_text, verifier))
    if checkpoint.origin != verifier.name:
        raise CheckpointError(f"checkpoint is for log {checkpoint.origin!r}, expected {verifier.name!r}")
    return checkpoint


def _entry_message(origin: str, index: int, leaf_hash: bytes) -> bytes:
    return f"{ENTRY_SIGNATURE_CONTEXT}\n{origin}\n{index}\n{_b64(leaf_hash)}\n".encode()


def sign_entry(key: SigningKey, index: int, leaf_hash: bytes) -> bytes:
    """The 64-byte Ed25519 signature that binds entry `index` of this log to its leaf hash."""
    if len(leaf_hash) != 32 or index < 0:
        raise ValueError("an entry signature needs a non-negative index and a 32-byte leaf hash")
    return key.sign(_entry_message(key.name, index, leaf_hash))


def verify_entry_signature(verifier: VerifierKey, index: int, leaf_hash: bytes, signature: bytes) -> bool:
    """True when `signature` is the ledger key's entry signature of (index, leaf hash)."""
    if len(signature) != 64 or len(leaf_hash) != 32 or index < 0:
        return False
    return verifier.verify(signature, _entry_message(verifier.name, index, leaf_hash))
