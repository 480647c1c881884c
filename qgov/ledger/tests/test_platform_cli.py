"""`qgov ledger ...` as an auditor uses it: export, verify offline, receipts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import transaction
from typer.testing import CliRunner

from qgov.cli.main import app
from qgov.ledger.services import record_decision

pytestmark = pytest.mark.django_db
runner = CliRunner()

# Runs a qgov command in a fresh interpreter and fails if it imported Django: offline commands must not.
OFFLINE = """
import sys
from qgov.cli.main import app
try:
    app(sys.argv[1:], prog_name="qgov")
except SystemExit as done:
    code = done.code
leaked = sorted(m for m in sys.modules if m == "django" or m.startswith("django."))
if leaked:
    print("django was imported:", leaked[:3], file=sys.stderr)
    sys.exit(99)
sys.exit(code)
"""


def offline(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", OFFLINE, *args], capture_output=True, text=True, timeout=120)


@pytest.fixture
def ledger(settings):
    settings.QGOV_LEDGER_CHECKPOINT_EVERY = 4
    with transaction.atomic():
        for i in range(11):
            record_decision(
                actor="user:carla",
                action="exportcontrol.classification",
                subject=("item", i),
                decision={"entry": "3A904.a", "n": i},
            )


def test_verify_live_database(ledger):
    result = runner.invoke(app, ["ledger", "verify"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("ok: 11 entries, root ")


def test_export_then_verify_offline_and_tamper(ledger, tmp_path: Path):
    export_dir = tmp_path / "export"
    result = runner.invoke(app, ["ledger", "export", str(export_dir)])
    assert result.exit_code == 0, result.output
    assert {p.name for p in export_dir.iterdir()} >= {
        "entries.jsonl",
        "checkpoint",
        "checkpoints",
        "ledger.pub",
    }
    lines = (export_dir / "entries.jsonl").read_bytes().splitlines()
    assert len(lines) == 11

    good = offline("ledger", "verify", str(export_dir))
    assert good.returncode == 0, good.stderr
    assert "ok: 11 entries" in good.stdout

    entries = export_dir / "entries.jsonl"
    changed = lines.copy()
    changed[5] = changed[5].replace(b'"n":5', b'"n":6')
    entries.write_bytes(b"\n".join(changed) + b"\n")
    bad = offline("ledger", "verify", str(export_dir))
    assert bad.returncode == 1 and "entry 5" in bad.stderr

    removed = lines[:3] + lines[4:]
    entries.write_bytes(b"\n".join(removed) + b"\n")
    bad = offline("ledger", "verify", str(export_dir))
    assert bad.returncode == 1 and "entry 3" in bad.stderr

    swapped = lines.copy()
    swapped[8], swapped[9] = swapped[9], swapped[8]
    entries.write_bytes(b"\n".join(swapped) + b"\n")
    bad = offline("ledger", "verify", str(export_dir))
    assert bad.returncode == 1 and "entry 8" in bad.stderr


def test_verify_of_a_missing_export_is_a_usage_error(tmp_path: Path):
    result = offline("ledger", "verify", str(tmp_path / "nowhere"))
    assert result.returncode == 2 and "nowhere" in result.stderr and "Traceback" not in result.stderr


def test_export_refuses_a_non_empty_directory(ledger, tmp_path: Path):
    (tmp_path / "something").write_text("x")
    result = runner.invoke(app, ["ledger", "export", str(tmp_path)])
    assert result.exit_code == 2


def test_receipt_verifies_offline_and_fails_when_tampered(ledger, tmp_path: Path):
    result = runner.invoke(app, ["ledger", "receipt", "6"])
    assert result.exit_code == 0, result.output
    receipt = json.loads(result.output)
    assert receipt["index"] == 6 and receipt["entry"]["decision"]["n"] == 6 and receipt["tree_size"] >= 7
    receipt_file = tmp_path / "receipt.json"
    receipt_file.write_text(result.output)
    export_dir = tmp_path / "export"
    runner.invoke(app, ["ledger", "export", str(export_dir)])
    key = export_dir / "ledger.pub"

    good = offline("ledger", "verify-receipt", str(receipt_file), "--key", str(key))
    assert good.returncode == 0, good.stderr
    assert "entry 6" in good.stdout

    receipt["entry"]["decision"]["entry"] = "EAR99"
    receipt_file.write_text(json.dumps(receipt))
    bad = offline("ledger", "verify-receipt", str(receipt_file), "--key", str(key))
    assert bad.returncode == 1

    from qgov.ledger.checkpoint import SigningKey

    other = tmp_path / "other.pub"
    other.write_text(SigningKey.generate("qgov.local/ledger").verifier.format())
    receipt_file.write_text(result.output)
    bad = offline("ledger", "verify-receipt", str(receipt_file), "--key", str(other))
    assert bad.returncode == 1


def test_receipt_for_an_unknown_entry(ledger):
    result = runner.invoke(app, ["ledger", "receipt", "999"])
    assert result.exit_code == 2
