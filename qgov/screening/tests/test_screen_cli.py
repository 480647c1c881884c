"""`qgov screen` against the real shared lists, in every output format, and its refusals."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import typer
from typer.testing import CliRunner, Result

from qgov.cli.screen import register
from qgov.screening.tests.shared_lists import OFAC_SAMPLE, OFAC_SDN_2021, UN_2026, copy_folder, require

app = typer.Typer()


@app.callback()
def _root() -> None:
    """A root so that `screen` is a sub-command, as in `qgov screen`."""


register(app)


def run(*arguments: str | Path) -> Result:
    return CliRunner().invoke(app, ["screen", *map(str, arguments)])


def write_csv(folder: Path, text: str) -> Path:
    path = folder / "parties.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_known_listed_parties_are_found_and_a_clean_supplier_is_not(tmp_path: Path) -> None:
    parties = write_csv(
        tmp_path,
        "id,name,kind,country\n"
        "a1,Rosoboronexport,organization,\n"
        ",Saddam Husayn al-Tikriti,person,Iraq\n"
        "s1,Bluefors Oy,organization,FI\n"
        "p4,Евгений Пригожин,,\n",
    )
    result = run("--list", require(OFAC_SDN_2021), "--list", require(UN_2026), "--input", parties)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["a1", "2", "s1", "p4"]  # input order; missing id -> row
    rosoboronexport, saddam, supplier, prigozhin = lines
    assert rosoboronexport["matches"][0]["entity_id"] == "18782"
    assert rosoboronexport["matches"][0]["list"] == "us-ofac-sdn"
    found = {(match["list"], match["entity_id"]) for match in saddam["matches"]}
    assert {("un-sc", "6908048"), ("us-ofac-sdn", "7843")} <= found  # UN and OFAC both list him
    assert supplier["matches"] == []
    assert prigozhin["matches"][0]["entity_id"] == "21171"  # Cyrillic against the BGN spelling
    for match in rosoboronexport["matches"] + saddam["matches"]:
        assert {"score", "list", "entity_id", "entity_name", "matched_name", "kind", "reasons"} <= set(match)
        assert 0.75 <= match["score"] <= 1.0 and match["reasons"]


def test_one_name_as_csv_and_as_a_table() -> None:
    as_csv = run("--list", require(OFAC_SAMPLE), "--name", "Artem Lifshits", "--format", "csv")
    assert as_csv.exit_code == 0, as_csv.output
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert rows[0]["entity_id"] == "29702" and rows[0]["id"] == "1"
    as_table = run("--list", require(OFAC_SAMPLE), "--name", "Artem Lifshits", "--format", "table")
    assert as_table.exit_code == 0 and "LIFSHITS" in as_table.stdout


def test_threshold_and_limit_shape_the_matches() -> None:
    loose = run(
        "--list", require(OFAC_SDN_2021), "--name", "Mohammed Ali", "--threshold", "0.5", "--limit", "3"
    )
    assert loose.exit_code == 0
    matches = json.loads(loose.stdout)["matches"]
    assert len(matches) == 3 and all(match["score"] >= 0.5 for match in matches)


def test_progress_goes_to_stderr_and_results_to_stdout(tmp_path: Path) -> None:
    parties = write_csv(tmp_path, "name\n" + "Daniel Moreno\n" * 250)
    result = run("--list", require(OFAC_SAMPLE), "--input", parties)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 250 and all(json.loads(line)["matches"] for line in lines)


def test_a_malformed_party_file_names_its_line(tmp_path: Path) -> None:
    parties = write_csv(tmp_path, "name,kind\nIvan Petrov,person\nAcme,company\n")
    result = run("--list", require(OFAC_SAMPLE), "--input", parties)
    assert result.exit_code == 2
    assert "parties.csv, line 3" in result.stderr and "kind 'company'" in result.stderr
    assert "Traceback" not in result.output and result.stdout == ""


def test_a_party_file_without_a_name_column_is_refused(tmp_path: Path) -> None:
    result = run("--list", require(OFAC_SAMPLE), "--input", write_csv(tmp_path, "id,company\n1,Acme\n"))
    assert result.exit_code == 2 and "no 'name' column" in result.stderr


def test_a_malformed_list_is_refused_with_its_file_and_line(tmp_path: Path) -> None:
    folder = copy_folder(OFAC_SAMPLE, tmp_path)
    sdn = folder / "sdn.csv"
    sdn.write_text(sdn.read_text(encoding="latin-1") + '"not a number","X"\n', encoding="latin-1")
    result = run("--list", folder, "--name", "Daniel Moreno")
    assert result.exit_code == 2
    assert "sdn.csv" in result.stderr and "line" in result.stderr
    assert "Traceback" not in result.output and result.stdout == ""


def test_bad_usage_is_refused(tmp_path: Path) -> None:
    parties = write_csv(tmp_path, "name\nX\n")
    both = run("--list", require(OFAC_SAMPLE), "--name", "X", "--input", parties)
    assert both.exit_code == 2 and "exactly one of --name" in both.stderr
    neither = run("--list", require(OFAC_SAMPLE))
    assert neither.exit_code == 2
    threshold = run("--list", require(OFAC_SAMPLE), "--name", "X", "--threshold", "1.5")
    assert threshold.exit_code == 2 and "--threshold" in threshold.stderr
    missing = run("--list", tmp_path / "nowhere", "--name", "X")
    assert missing.exit_code == 2 and "nowhere" in missing.stderr
