"""`qgov licence`: JSON Lines in input order, a table for people, one-sentence errors with exit 2."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from typer.testing import CliRunner

from qgov.cli import licence
from qgov.exportcontrol.tests.licensing_support import (
    ATOMIC_CLOCK,
    QUANTUM_COMPUTER,
    QUBIT_TECHNOLOGY,
    person,
)

CONTRACT_KEYS = {
    "id",
    "subject_to_ear",
    "licence_required",
    "review_policy",
    "licence_exceptions",
    "reporting",
    "basis",
    "status",
    "explanation",
}


def app() -> typer.Typer:
    application = typer.Typer()
    licence.register(application)

    @application.callback()
    def _root() -> None:
        """Test root so that the command keeps its name."""

    return application


def run(*args: str, stdin: str | None = None) -> Any:
    return CliRunner().invoke(app(), ["licence", *args], input=stdin)


def transactions() -> list[dict[str, Any]]:
    base = {
        "from_country": "US",
        "recipient": person("DE"),
        "published": False,
        "fundamental_research": False,
        "date": "2026-11-21",
    }
    return [
        {**base, "id": "qc-to-de", "item": QUANTUM_COMPUTER, "transaction": "export", "destination": "DE"},
        {**base, "id": "clock-to-de", "item": ATOMIC_CLOCK, "transaction": "export", "destination": "DE"},
        {
            **base,
            "id": "tech-to-cn-person",
            "item": QUBIT_TECHNOLOGY,
            "transaction": "deemed_export",
            "recipient": person("CN", "2025-01-02"),
        },
    ]


def test_json_lines_one_per_transaction_in_input_order(tmp_path: Path) -> None:
    path = tmp_path / "transactions.json"
    path.write_text(json.dumps(transactions()))
    result = run("--input", str(path))
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["qc-to-de", "clock-to-de", "tech-to-cn-person"]
    assert all(set(line) >= CONTRACT_KEYS for line in lines)
    assert [line["licence_required"] for line in lines] == [True, False, False]
    assert lines[2]["reporting"][0] == "15 CFR 743.8 annual report"


def test_yaml_and_json_lines_input(tmp_path: Path) -> None:
    import yaml

    yaml_path = tmp_path / "transactions.yaml"
    yaml_path.write_text(yaml.safe_dump(transactions()))
    lines_path = tmp_path / "transactions.jsonl"
    lines_path.write_text("\n".join(json.dumps(t) for t in transactions()))
    for path in (yaml_path, lines_path):
        result = run("-i", str(path))
        assert result.exit_code == 0, result.output
        assert len(result.stdout.splitlines()) == 3


def test_standard_input_and_date_override() -> None:
    result = run("--input", "-", "--date", "2024-09-05", stdin=json.dumps(transactions()[0]))
    assert result.exit_code == 0, result.output
    line = json.loads(result.stdout)
    assert (line["date"], line["licence_required"], line["status"]) == ("2024-09-05", None, "needs_review")


def test_table_format_for_people(tmp_path: Path) -> None:
    path = tmp_path / "transactions.json"
    path.write_text(json.dumps(transactions()))
    result = run("--input", str(path), "--format", "table")
    assert result.exit_code == 0, result.output
    assert "qc-to-de" in result.stdout and "tech-to-cn-person" in result.stdout
    assert "IEC" in result.stdout


def test_bad_input_is_one_sentence_and_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**transactions()[0], "destination": "UK"}))
    result = run("--input", str(bad))
    assert result.exit_code == 2
    assert result.stdout == ""
    message = result.stderr.strip()
    assert (
        message
        == "error: transaction 'qc-to-de', field 'destination': 'UK' is not an ISO 3166-1 alpha-2 country "
        "code (use GB)."
    )
    assert "Traceback" not in result.output


def test_missing_file_and_bad_date_exit_2(tmp_path: Path) -> None:
    missing = run("--input", str(tmp_path / "nope.json"))
    assert missing.exit_code == 2 and "does not exist" in missing.stderr
    bad_date = run("--input", "-", "--date", "tomorrow", stdin="{}")
    assert bad_date.exit_code == 2 and "YYYY-MM-DD" in bad_date.stderr


def test_broken_rule_tables_exit_2_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / "us-ear").mkdir()
    path = tmp_path / "t.json"
    path.write_text(json.dumps(transactions()[0]))
    result = run("--input", str(path), "--rulepacks", str(tmp_path))
    assert result.exit_code == 2
    assert "licensing-<date>.yaml" in result.stderr
