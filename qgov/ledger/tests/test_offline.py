"""Offline verification names the first bad entry however the log was damaged, in every way it is run."""

from __future__ import annotations

import base64
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from qgov.ledger import offline
from qgov.ledger.canonical import canonical_bytes
from qgov.ledger.checkpoint import Checkpoint, SigningKey, VerifierKey, sign_checkpoint
from qgov.ledger.merkle import root_hash
from qgov.ledger.offline import ExportError, VerificationReport, verify_export, verify_log, write_export
from qgov.ledger.tests.synthetic_log import SyntheticLog, build_log, make_entry, sign_size

# 50 entries, checkpoints at 8, 16, 24, 32, 40 and 47; entries 47..49 only have entry signatures.
COUNT, EVERY, TAIL = 50, 8, 3


@pytest.fixture(scope="module")
def log() -> SyntheticLog:
    return build_log(COUNT, EVERY, unsigned_tail=TAIL)


def _lines(directory: Path) -> list[bytes]:
    return (directory / "entries.jsonl").read_bytes().split(b"\n")[:-1]


def _write_lines(directory: Path, lines: list[bytes]) -> None:
    (directory / "entries.jsonl").write_bytes(b"\n".join(lines) + b"\n")


def _edit_lines(edit: Callable[[list[bytes]], None]) -> Callable[[Path, SyntheticLog], None]:
    def mutate(directory: Path, log: SyntheticLog) -> None:
        lines = _lines(directory)
        edit(lines)
        _write_lines(directory, lines)

    return mutate


def _verify_log_from_files(directory: Path) -> VerificationReport:
    """The live-database path: the same files handed to verify_log as plain values."""
    notes = {"checkpoint": (directory / "checkpoint").read_text()}
    for path in sorted((directory / "checkpoints").iterdir()):
        notes[f"checkpoints/{path.name}"] = path.read_text()
    signatures_path = directory / "entry-signatures.txt"
    signatures = None
    if signatures_path.exists():
        pairs = (line.split(" ") for line in signatures_path.read_text().splitlines())
        signatures = {int(index): base64.b64decode(signature) for index, signature in pairs}
    verifier = VerifierKey.parse((directory / "ledger.pub").read_text())
    return verify_log(iter(_lines(directory)), notes, verifier, signatures)


RUNNERS: dict[str, Callable[[Path], VerificationReport]] = {
    "export": lambda directory: verify_export(directory, workers=1),
    "export-parallel": lambda directory: verify_export(directory, workers=3),
    "log": _verify_log_from_files,
}


@pytest.fixture(params=sorted(RUNNERS))
def run(request: pytest.FixtureRequest) -> Callable[[Path], VerificationReport]:
    return RUNNERS[request.param]


def _change_value(lines: list[bytes]) -> None:
    lines[20] = lines[20].replace(b"approved", b"rejected").replace(b"officer0", b"officer9")


def _swap(lines: list[bytes]) -> None:
    lines[10], lines[30] = lines[30], lines[10]


def _forged_checkpoints(directory: Path, log: SyntheticLog) -> None:
    """Entry 20 rewritten, and every checkpoint from 24 on recomputed and signed with the attacker's key."""
    impostor = SigningKey.generate(log.key.name)
    entries = list(log.entries)
    entries[20] = canonical_bytes(make_entry(20, actor="user:mallory"))
    _write_lines(directory, entries)
    for path in [directory / "checkpoint", *(directory / "checkpoints").iterdir()]:
        size = int(path.read_text().split("\n")[1])
        if size >= 24:
            path.write_text(sign_size(impostor, entries, size))


def _foreign_latest(directory: Path, log: SyntheticLog) -> None:
    (directory / "checkpoint").write_text(sign_size(SigningKey.generate(log.key.name), log.entries, 47))


def _edited_checkpoint_size(directory: Path, log: SyntheticLog) -> None:
    path = directory / "checkpoints" / "16"
    path.write_text(path.read_text().replace("\n16\n", "\n17\n", 1))


TAMPERING: dict[str, tuple[Callable[[Path, SyntheticLog], None], int | None, str]] = {
    "value-changed": (_edit_lines(_change_value), 20, "entry 20 was changed"),
    "first-byte": (
        _edit_lines(lambda lines: lines.__setitem__(5, b"[" + lines[5][1:])),
        5,
        "not a canonical",
    ),
    "last-byte": (
        _edit_lines(lambda lines: lines.__setitem__(5, lines[5][:-1] + b" ")),
        5,
        "not a canonical",
    ),
    "spaces": (
        _edit_lines(lambda lines: lines.__setitem__(9, lines[9].replace(b",", b", "))),
        9,
        "whitespace",
    ),
    "crlf": (_edit_lines(lambda lines: lines.__setitem__(0, lines[0] + b"\r")), 0, "trailing whitespace"),
    "removed": (_edit_lines(lambda lines: lines.pop(13)), 13, "holds the entry with index 14"),
    "swapped": (_edit_lines(_swap), 10, "holds the entry with index 30"),
    "inserted": (
        _edit_lines(lambda lines: lines.insert(25, canonical_bytes(make_entry(25, actor="user:mallory")))),
        25,
        "entry 25 was changed",
    ),
    "truncated-at-checkpoint": (_edit_lines(lambda lines: lines.__delitem__(slice(40, None))), 40, "missing"),
    "truncated-inside-range": (_edit_lines(lambda lines: lines.__delitem__(slice(43, None))), 43, "missing"),
    "tail-changed": (
        _edit_lines(lambda lines: lines.__setitem__(48, lines[48].replace(b"officer", b"offic3r"))),
        48,
        "past the last valid checkpoint",
    ),
    "appended": (
        _edit_lines(lambda lines: lines.append(canonical_bytes(make_entry(50)))),
        50,
        "entry 50 has no entry signature",
    ),
    "checkpoints-forged": (_forged_checkpoints, 20, "not signed by the ledger key"),
}


@pytest.mark.parametrize("case", sorted(TAMPERING))
def test_tampering_names_the_first_bad_entry(
    case: str, log: SyntheticLog, tmp_path: Path, run: Callable[[Path], VerificationReport]
) -> None:
    mutate, first_bad, words = TAMPERING[case]
    directory = log.export(tmp_path / "export")
    mutate(directory, log)
    report = run(directory)
    assert not report.ok
    assert report.first_bad_index == first_bad
    assert words in report.reason
    assert report.root is None


def test_intact_log_verifies(
    log: SyntheticLog, tmp_path: Path, run: Callable[[Path], VerificationReport]
) -> None:
    report = run(log.export(tmp_path / "export"))
    assert report.ok, report.reason
    assert (report.size, report.root) == (COUNT, root_hash(log.leaves))
    assert (report.checkpoints_checked, report.latest_checkpoint_size) == (6, COUNT - TAIL)
    assert report.first_bad_index is None and report.bad_range is None
    assert "the 3 entries after it carry valid entry signatures" in report.reason


@pytest.mark.parametrize(
    ("mutate", "label"),
    [(_edited_checkpoint_size, "checkpoints/16"), (_foreign_latest, "'checkpoint'")],
    ids=["edited", "foreign-key"],
)
def test_a_bad_checkpoint_is_named_while_the_entries_still_verify(
    mutate: Callable[[Path, SyntheticLog], None],
    label: str,
    log: SyntheticLog,
    tmp_path: Path,
    run: Callable[[Path], VerificationReport],
) -> None:
    directory = log.export(tmp_path / "export")
    mutate(directory, log)
    report = run(directory)
    assert not report.ok
    assert report.first_bad_index is None
    assert len(report.invalid_checkpoints) == 1 and label in report.invalid_checkpoints[0]
    assert label in report.reason and f"all {COUNT} entries verify" in report.reason
    assert report.root == root_hash(log.leaves)


def test_without_entry_signatures_the_failing_range_is_named(
    log: SyntheticLog, tmp_path: Path, run: Callable[[Path], VerificationReport]
) -> None:
    directory = log.export(tmp_path / "export", signatures=False)
    _edit_lines(_change_value)(directory, log)
    report = run(directory)
    assert not report.ok
    assert report.first_bad_index is None
    assert report.bad_range == (16, 24)
    assert "checkpoints/24" in report.reason and "cannot be localised" in report.reason


def test_without_entry_signatures_entries_past_the_last_checkpoint_do_not_verify(
    log: SyntheticLog, tmp_path: Path, run: Callable[[Path], VerificationReport]
) -> None:
    report = run(log.export(tmp_path / "export", signatures=False))
    assert not report.ok
    assert report.first_bad_index == COUNT - TAIL
    assert "no entry signature" in report.reason


def test_without_entry_signatures_a_whole_checkpointed_log_verifies(tmp_path: Path) -> None:
    log = build_log(20, 5)
    directory = log.export(tmp_path / "export", signatures=False)
    assert verify_export(directory, workers=1).ok
    assert verify_export(directory, workers=2).ok


def test_a_fork_signed_by_the_ledger_key_is_reported(
    log: SyntheticLog, tmp_path: Path, run: Callable[[Path], VerificationReport]
) -> None:
    fork = sign_checkpoint(Checkpoint(log.key.name, 8, root_hash(log.leaves[1:9])), log.key)
    directory = tmp_path / "export"
    write_export(directory, log.entries, [*log.notes.values(), fork], log.latest_note, log.key.verifier)
    assert sorted(path.name for path in (directory / "checkpoints").iterdir())[:2] == ["16", "24"]
    assert (directory / "checkpoints" / "8.2").exists()
    report = run(directory)
    assert not report.ok
    assert "fork" in report.reason and "size 8" in report.reason


def test_the_pinned_key_wins_over_the_exported_one(log: SyntheticLog, tmp_path: Path) -> None:
    directory = log.export(tmp_path / "export")
    report = verify_export(directory, SigningKey.generate(log.key.name).verifier, workers=1)
    assert not report.ok
    assert len(report.invalid_checkpoints) == 6
    assert report.first_bad_index == 0  # nothing the pinned key signed vouches for any entry


def test_blocks_smaller_than_a_line_are_read_correctly(
    log: SyntheticLog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(offline, "READ_BLOCK_BYTES", 37)
    monkeypatch.setattr(offline, "UNIT_BYTES", 500)  # many work units, some inside a line
    monkeypatch.setattr(offline, "CHUNK_ENTRIES", 3)
    directory = log.export(tmp_path / "export")
    assert verify_export(directory, workers=1).ok
    assert verify_export(directory, workers=4).ok
    assert _verify_log_from_files(directory).ok
    _edit_lines(_change_value)(directory, log)
    assert verify_export(directory, workers=1).first_bad_index == 20
    assert verify_export(directory, workers=4).first_bad_index == 20
    assert _verify_log_from_files(directory).first_bad_index == 20


def test_a_last_line_without_newline_is_still_an_entry(log: SyntheticLog, tmp_path: Path) -> None:
    directory = log.export(tmp_path / "export")
    path = directory / "entries.jsonl"
    path.write_bytes(path.read_bytes()[:-1])
    assert verify_export(directory, workers=1).ok
    assert verify_export(directory, workers=2).ok


def test_an_empty_log_with_a_size_zero_checkpoint_verifies(tmp_path: Path) -> None:
    key = SigningKey.generate("qgov.example/empty")
    note = sign_checkpoint(Checkpoint(key.name, 0, root_hash([])), key)
    write_export(tmp_path / "export", [], [], note, key.verifier, {})
    report = verify_export(tmp_path / "export", workers=1)
    assert report.ok and report.size == 0 and report.checkpoints_checked == 1


@pytest.mark.parametrize(
    ("remove", "message"),
    [("entries.jsonl", r"entries\.jsonl: is missing"), ("checkpoint", "checkpoint: is missing")],
)
def test_a_missing_file_is_named(log: SyntheticLog, tmp_path: Path, remove: str, message: str) -> None:
    directory = log.export(tmp_path / "export")
    (directory / remove).unlink()
    with pytest.raises(ExportError, match=message):
        verify_export(directory)


def test_a_malformed_key_file_is_named(log: SyntheticLog, tmp_path: Path) -> None:
    directory = log.export(tmp_path / "export")
    (directory / "ledger.pub").write_text("not a key\n")
    with pytest.raises(ExportError, match=r"ledger\.pub: line 1: verifier key must look like"):
        verify_export(directory)


def test_a_malformed_signature_line_is_named(log: SyntheticLog, tmp_path: Path) -> None:
    directory = log.export(tmp_path / "export")
    path = directory / "entry-signatures.txt"
    lines = path.read_text().splitlines()
    lines[2] = "2 not-base64!"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(
        ExportError, match=r"entry-signatures\.txt: line 3: the signature is not valid base64"
    ):
        verify_export(directory, workers=1)


def test_export_refuses_a_directory_in_use_and_entries_with_newlines(
    log: SyntheticLog, tmp_path: Path
) -> None:
    directory = log.export(tmp_path / "export")
    with pytest.raises(ExportError, match="not an empty directory"):
        log.export(directory)
    with pytest.raises(ValueError, match="entry 1 contains a newline"):
        write_export(tmp_path / "other", [b"{}", b"{\n}"], [], log.latest_note, log.key.verifier)


def test_export_writes_the_contract_layout(log: SyntheticLog, tmp_path: Path) -> None:
    directory = log.export(tmp_path / "export")
    assert (directory / "entries.jsonl").read_bytes() == b"".join(entry + b"\n" for entry in log.entries)
    assert (directory / "checkpoint").read_text() == log.notes[47]
    assert sorted(int(path.name) for path in (directory / "checkpoints").iterdir()) == [8, 16, 24, 32, 40]
    assert VerifierKey.parse((directory / "ledger.pub").read_text()) == log.key.verifier
    first = (directory / "entry-signatures.txt").read_text().splitlines()[0]
    assert first == f"0 {base64.b64encode(log.signatures[0]).decode()}"


def test_report_as_json_names_everything(log: SyntheticLog, tmp_path: Path) -> None:
    directory = log.export(tmp_path / "export")
    _edit_lines(_swap)(directory, log)
    data = verify_export(directory, workers=1).to_dict()
    assert data["ok"] is False and data["first_bad_index"] == 10 and data["bad_range"] == [10, 11]
    assert (
        verify_export(log.export(tmp_path / "clean"), workers=1).to_dict()["root"]
        == base64.b64encode(root_hash(log.leaves)).decode()
    )


def test_the_pure_modules_import_no_django() -> None:
    code = (
        "import sys, qgov.ledger.offline, qgov.ledger.receipts, qgov.ledger.merkle, qgov.ledger.canonical;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('django', 'rest_framework')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
