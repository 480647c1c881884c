"""Signed checkpoints, keys and entry signatures, in the C2SP formats other tools read."""

from __future__ import annotations

import base64
import hashlib
import stat
from pathlib import Path

import pytest

from qgov.ledger.checkpoint import (
    Checkpoint,
    CheckpointError,
    SigningKey,
    VerifierKey,
    open_checkpoint,
    open_note,
    sign_checkpoint,
    sign_entry,
    verify_entry_signature,
)
from qgov.ledger.merkle import leaf_hash

# golang.org/x/mod/sumdb/note's published example: the signer key, its verifier key and the signed note.
GO_SIGNER = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"
GO_VERIFIER = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
GO_TEXT = (
    "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
)
GO_SIGNATURE = "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM="
GO_NOTE = f"{GO_TEXT}\n— PeterNeumann {GO_SIGNATURE}\n"
ORIGIN = "qgov.example/ledger"
ROOT = hashlib.sha256(b"some root").digest()


@pytest.fixture(scope="module")
def key() -> SigningKey:
    return SigningKey.generate(ORIGIN)


def _signature_line(key: SigningKey, text: str) -> str:
    signature = key.sign(text.encode())
    return f"— {key.name} {base64.b64encode(key.verifier.key_id + signature).decode()}\n"


def test_the_go_signed_note_example_interoperates() -> None:
    signer = SigningKey.from_text(GO_SIGNER)
    assert signer.to_text() == GO_SIGNER
    assert signer.verifier.format() == GO_VERIFIER
    assert VerifierKey.parse(GO_VERIFIER) == signer.verifier
    assert GO_TEXT + "\n" + _signature_line(signer, GO_TEXT) == GO_NOTE  # Ed25519 is deterministic
    assert open_note(GO_NOTE, VerifierKey.parse(GO_VERIFIER)) == GO_TEXT
    with pytest.raises(CheckpointError, match="altered"):
        open_note(GO_NOTE.replace("cryptography", "cryptographY"), VerifierKey.parse(GO_VERIFIER))


def test_key_id_follows_the_c2sp_formula(key: SigningKey) -> None:
    public = key.verifier.public_key
    expected = hashlib.sha256(ORIGIN.encode() + b"\n" + b"\x01" + public).digest()[:4]
    assert key.verifier.key_id == expected
    typed_key = base64.b64encode(b"\x01" + public).decode()
    assert key.verifier.format() == f"{ORIGIN}+{expected.hex()}+{typed_key}"


def test_checkpoint_round_trip(key: SigningKey) -> None:
    checkpoint = Checkpoint(ORIGIN, 1234, ROOT)
    note = sign_checkpoint(checkpoint, key)
    body, signature = note.split("\n\n")
    assert body + "\n" == f"{ORIGIN}\n1234\n{base64.b64encode(ROOT).decode()}\n"
    assert signature.startswith(f"— {ORIGIN} ")
    assert open_checkpoint(note, key.verifier) == checkpoint


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("\n1234\n", "\n1235\n"),
        (ORIGIN + "\n", ORIGIN + "x\n"),
        (base64.b64encode(ROOT).decode(), "A" * 43 + "="),
    ],
    ids=["size", "origin", "root"],
)
def test_an_edited_body_is_rejected(key: SigningKey, old: str, new: str) -> None:
    note = sign_checkpoint(Checkpoint(ORIGIN, 1234, ROOT), key)
    with pytest.raises(CheckpointError, match="does not verify"):
        open_checkpoint(note.replace(old, new, 1), key.verifier)


def test_a_checkpoint_signed_by_another_key_is_rejected_naming_both(key: SigningKey) -> None:
    impostor = SigningKey.generate(ORIGIN)
    note = sign_checkpoint(Checkpoint(ORIGIN, 5, ROOT), impostor)
    with pytest.raises(CheckpointError) as raised:
        open_checkpoint(note, key.verifier)
    message = str(raised.value)
    assert f"key ID {key.verifier.key_id.hex()}" in message
    assert f"key ID {impostor.verifier.key_id.hex()}" in message


def test_signatures_of_unknown_keys_are_ignored(key: SigningKey) -> None:
    checkpoint = Checkpoint(ORIGIN, 9, ROOT)
    note = sign_checkpoint(checkpoint, key)
    witnesses = [SigningKey.generate(f"witness{i}.example") for i in range(20)]
    cosigned = note + "".join(_signature_line(w, checkpoint.body()) for w in witnesses)
    assert open_checkpoint(cosigned, key.verifier) == checkpoint
    reordered = checkpoint.body() + "\n" + "".join(_signature_line(w, "other text") for w in witnesses[:3])
    reordered += note.split("\n\n")[1]
    assert open_checkpoint(reordered, key.verifier) == checkpoint


def test_a_failing_signature_by_the_known_key_rejects_the_note(key: SigningKey) -> None:
    checkpoint = Checkpoint(ORIGIN, 9, ROOT)
    good = sign_checkpoint(checkpoint, key)
    bad = _signature_line(key, "a different text\n")
    with pytest.raises(CheckpointError, match="does not verify"):
        open_checkpoint(good + bad, key.verifier)


@pytest.mark.parametrize("character", ["\t", "\r", "\x00", "\x1b"])
def test_control_characters_are_rejected(key: SigningKey, character: str) -> None:
    checkpoint = Checkpoint(ORIGIN + character, 9, ROOT)
    note = checkpoint.body() + "\n" + _signature_line(key, checkpoint.body())
    with pytest.raises(CheckpointError, match="control character"):
        open_checkpoint(note, key.verifier)


@pytest.mark.parametrize(
    ("note", "message"),
    [
        ("origin\n1\nAAAA\n", "no blank line"),
        ("origin\n1\n\n— name AAAA!\n", "not valid base64"),
        ("origin\n1\n\n— name AAAAAA==\n", "too short"),
        ("origin\n1\n\n— name\n", "is not '— <key name> <base64 signature>'"),
        ("origin\n1\n\n— name AAAAAAAA", "must end with a newline"),
        ("origin\n1\n\n- name AAAAAAAA\n", "is not '— <key name>"),
    ],
)
def test_malformed_notes_are_rejected(key: SigningKey, note: str, message: str) -> None:
    with pytest.raises(CheckpointError, match=message):
        open_checkpoint(note, key.verifier)


def test_a_known_key_signature_of_the_wrong_size_is_rejected(key: SigningKey) -> None:
    checkpoint = Checkpoint(ORIGIN, 9, ROOT)
    short = base64.b64encode(key.verifier.key_id + b"\x00" * 10).decode()
    with pytest.raises(CheckpointError, match="does not verify"):
        open_checkpoint(f"{checkpoint.body()}\n— {ORIGIN} {short}\n", key.verifier)


def test_a_checkpoint_of_another_log_is_rejected() -> None:
    other = SigningKey.generate("qgov.example/other-log")
    with pytest.raises(CheckpointError, match="differs from key name"):
        sign_checkpoint(Checkpoint(ORIGIN, 1, ROOT), other)
    body = Checkpoint(ORIGIN, 1, ROOT).body()
    with pytest.raises(CheckpointError, match=r"expected 'qgov\.example/other-log'"):
        open_checkpoint(body + "\n" + _signature_line(other, body), other.verifier)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (f"{ORIGIN}\n01\n{base64.b64encode(ROOT).decode()}\n", "not a decimal number"),
        (f"{ORIGIN}\n-1\n{base64.b64encode(ROOT).decode()}\n", "not a decimal number"),
        (f"{ORIGIN}\n1\n{base64.b64encode(ROOT[:31]).decode()}\n", "must be 32 bytes"),
        (f"{ORIGIN}\n1\n", "needs origin, size and root lines"),
        (f"\n1\n{base64.b64encode(ROOT).decode()}\n", "origin line is empty"),
    ],
)
def test_malformed_checkpoint_bodies_are_rejected(key: SigningKey, body: str, message: str) -> None:
    with pytest.raises(CheckpointError, match=message):
        open_checkpoint(body + "\n" + _signature_line(key, body), key.verifier)


@pytest.mark.parametrize(
    "text",
    [
        "PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",  # key ID off by one
        "PeterNeumann+c74f20a3+Apc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",  # key material damaged
        "PeterNeumann+c74f20a3",
        "Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
    ],
)
def test_damaged_verifier_keys_are_rejected(text: str) -> None:
    with pytest.raises(CheckpointError):
        VerifierKey.parse(text)


def test_key_file_is_private_and_round_trips(tmp_path: Path, key: SigningKey) -> None:
    path = tmp_path / "ledger.key"
    key.save(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text().startswith(f"PRIVATE+KEY+{ORIGIN}+")
    loaded = SigningKey.load(path)
    assert loaded.verifier == key.verifier
    with pytest.raises(FileExistsError):
        key.save(path)


def test_a_damaged_key_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "ledger.key"
    path.write_text(GO_SIGNER.replace("c74f20a3", "c74f20a4"))
    with pytest.raises(CheckpointError, match=r"ledger\.key: signing key ID c74f20a4 does not match"):
        SigningKey.load(path)
    with pytest.raises(CheckpointError, match="cannot read signing key"):
        SigningKey.load(tmp_path / "missing.key")


def test_entry_signatures_bind_index_and_leaf(key: SigningKey) -> None:
    leaf = leaf_hash(b'{"index":3}')
    signature = sign_entry(key, 3, leaf)
    assert verify_entry_signature(key.verifier, 3, leaf, signature)
    assert not verify_entry_signature(key.verifier, 4, leaf, signature)
    assert not verify_entry_signature(key.verifier, 3, leaf_hash(b'{"index":4}'), signature)
    assert not verify_entry_signature(SigningKey.generate(ORIGIN).verifier, 3, leaf, signature)
    assert not verify_entry_signature(key.verifier, 3, leaf, signature[:-1])


def test_an_entry_signature_is_not_a_checkpoint_signature(key: SigningKey) -> None:
    leaf = leaf_hash(b"{}")
    checkpoint = Checkpoint(ORIGIN, 3, leaf)
    forged = (
        checkpoint.body()
        + "\n"
        + f"— {ORIGIN} "
        + base64.b64encode(key.verifier.key_id + sign_entry(key, 3, leaf)).decode()
        + "\n"
    )
    with pytest.raises(CheckpointError, match="does not verify"):
        open_checkpoint(forged, key.verifier)
