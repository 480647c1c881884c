"""`qgov classify` from a shell: JSON Lines in input order, a table for people, one-sentence errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from qgov.cli.classify import register

ITEMS = [
    {
        "id": "fridge-1",
        "name": "Dilution refrigerator XLD-class",
        "category": "cryogenic_cooling_system",
        "origin_country": "FI",
        "parameters": {
            "cooling_power": "1000 uW",
            "cooling_power_temperature": "100 mK",
            "sustained_duration": "72 h",
        },
    },
    {
        "id": "qc-1",
        "category": "quantum_computer",
        "parameters": {"paradigm": "gate_based", "physical_qubits": 60},
    },
    {"id": "laser-1", "category": "other", "parameters": {"wavelength": "780 nm"}},
    {
        "id": "amp-1",
        "category": "amplifier",
        "parameters": {"amplifier_type": "parametric", "ambient_temperature": "2 K"},
    },
]


@pytest.fixture
def app() -> typer.Typer:
    application = typer.Typer()
    register(application)

    @application.command("version")  # a second command keeps typer from flattening 'classify' away
    def _version() -> None:
        """Unused."""

    return application


def invoke(app: typer.Typer, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["classify", *args], input=stdin)
    return result.exit_code, result.stdout, result.stderr


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_json_lines_one_per_item_in_input_order(app: typer.Typer, tmp_path: Path) -> None:
    path = write(tmp_path, "items.json", json.dumps(ITEMS))
    code, out, _ = invoke(app, "--input", str(path), "--jurisdiction", "US-EAR", "--date", "2026-11-21")
    assert code == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert [(line["id"], line["status"]) for line in lines] == [
        ("fridge-1", "controlled"),
        ("qc-1", "needs_review"),
        ("laser-1", "needs_review"),
        ("amp-1", "not_controlled"),
    ]
    assert lines[0]["rule_packs"] == {"US-EAR": "2026-07-23"}
    assert lines[0]["entries"][0]["entry"] == "3A904.a"
    assert lines[1]["review_reasons"] == ["US-EAR 4A906.a.1: cnot_error is not given"]


def test_yaml_json_lines_and_stdin_inputs(app: typer.Typer, tmp_path: Path) -> None:
    yaml_path = write(
        tmp_path, "items.yaml", "id: q\ncategory: qkd_system\n---\nid: g\ncategory: gravity_gradiometer\n"
    )
    code, out, _ = invoke(app, "--input", str(yaml_path), "-j", "WASSENAAR")
    assert code == 0 and [json.loads(x)["id"] for x in out.splitlines()] == ["q", "g"]
    lines_path = write(tmp_path, "items.jsonl", "\n".join(json.dumps(item) for item in ITEMS[:2]))
    code, out, _ = invoke(app, "--input", str(lines_path), "-j", "US-EAR")
    assert code == 0 and len(out.splitlines()) == 2
    code, out, _ = invoke(
        app, "--input", "-", "-j", "JP", stdin=json.dumps({"id": "q", "category": "qkd_system"})
    )
    assert code == 0 and json.loads(out)["entries"][0]["entry"] == "貨物等省令第8条第9号ハ"


def test_table_for_people(app: typer.Typer, tmp_path: Path) -> None:
    path = write(tmp_path, "items.json", json.dumps(ITEMS[:2]))
    code, out, _ = invoke(app, "--input", str(path), "-j", "US-EAR", "--format", "table")
    assert code == 0
    assert "fridge-1" in out and "3A904.a" in out and "qc-1" in out and "review" in out


def test_the_date_picks_the_rule_pack_versions(app: typer.Typer, tmp_path: Path) -> None:
    path = write(tmp_path, "items.json", json.dumps(ITEMS[0]))
    code, out, _ = invoke(app, "--input", str(path), "-j", "US-EAR", "--date", "2024-01-01")
    assert code == 0
    answer = json.loads(out)
    assert answer["status"] == "needs_review" and answer["rule_packs"] == {}


@pytest.mark.parametrize(
    ("files", "args", "message"),
    [
        (
            {"bad.json": json.dumps({**ITEMS[0], "parameters": {"cooling_power": "1 kV"}})},
            [],
            "error: item 'fridge-1', parameter 'cooling_power': '1 kV' has the dimension of voltage",
        ),
        ({"bad.json": '{"id": "x", '}, [], "error: "),
        (
            {"items.json": json.dumps(ITEMS)},
            ["-j", "Narnia"],
            "error: --jurisdiction: unknown jurisdiction 'Narnia'",
        ),
        (
            {"items.json": json.dumps(ITEMS)},
            ["--date", "21/11/2026"],
            "error: --date '21/11/2026' is not a date",
        ),
    ],
)
def test_bad_input_is_one_sentence_and_exit_2(
    app: typer.Typer, tmp_path: Path, files: dict[str, str], args: list[str], message: str
) -> None:
    ((name, text),) = files.items()
    path = write(tmp_path, name, text)
    code, out, err = invoke(app, "--input", str(path), *args)
    assert code == 2
    assert out == ""
    assert err.startswith(message)
    assert err.count("\n") == 1 and "Traceback" not in err


def test_a_missing_input_file_is_named(app: typer.Typer, tmp_path: Path) -> None:
    code, _, err = invoke(app, "--input", str(tmp_path / "nope.json"))
    assert code == 2 and "nope.json does not exist" in err


def test_a_broken_rule_pack_directory_is_named(app: typer.Typer, tmp_path: Path) -> None:
    path = write(tmp_path, "items.json", json.dumps(ITEMS[0]))
    code, _, err = invoke(app, "--input", str(path), "--rulepacks", str(tmp_path / "packs"))
    assert code == 2 and "rule-pack directory not found" in err
