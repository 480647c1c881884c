"""`qgov exportcontrol report-743-8` and `qgov exportcontrol rulepack-check` on the register."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from typer.testing import CliRunner

from qgov.cli.main import app
from qgov.exportcontrol.models import ReviewTask
from qgov.exportcontrol.tests.platform_support import (
    DAY,
    deemed_export,
    make_fridge,
    make_know_how,
    organisation,
    person,
)
from qgov.exportcontrol.tests.test_platform_rulepacks import packs_with_a_new_us_version

pytestmark = pytest.mark.django_db
runner = CliRunner()


@pytest.fixture
def released(officer):
    host = organisation(officer, "Helix Quantum Sensing Inc.", "US")
    engineer = person(officer, "Chen Hao", "CN", employer=host, since=dt.date(2025, 2, 3))
    return deemed_export(officer, make_know_how(officer), engineer, releasing_entity=host).release


def test_report_743_8_as_table_csv_and_json(released):
    table = runner.invoke(
        app, ["exportcontrol", "report-743-8", "--year", str(DAY.year)], env={"COLUMNS": "250"}
    )
    assert table.exit_code == 0, table.output
    assert "due 2027-02-01" in table.output and "Chen Hao" in table.output
    rows = list(
        csv.DictReader(
            io.StringIO(
                runner.invoke(
                    app, ["exportcontrol", "report-743-8", "--year", str(DAY.year), "--format", "csv"]
                ).stdout
            )
        )
    )
    assert rows[0]["report"] == "annual" and rows[0]["company"] == "Helix Quantum Sensing Inc."
    body = json.loads(
        runner.invoke(
            app, ["exportcontrol", "report-743-8", "--year", str(DAY.year), "--format", "json"]
        ).stdout
    )
    assert body["annual"][0]["eccns"] == "3E901"


def test_report_for_a_year_before_the_rule_is_a_one_sentence_error():
    result = runner.invoke(app, ["exportcontrol", "report-743-8", "--year", "2023"])
    assert result.exit_code == 2
    assert "no 15 CFR 743.8 reports before 2024" in result.output and "Traceback" not in result.output


def test_rulepack_check_lists_what_would_change_and_exits_1(officer, tmp_path):
    make_fridge(officer)
    result = runner.invoke(
        app, ["exportcontrol", "rulepack-check", "--directory", str(packs_with_a_new_us_version(tmp_path))]
    )
    assert result.exit_code == 1, result.output
    assert "1 would change, 1 new review task(s)" in result.output
    assert "XLD400 dilution refrigerator: classification would change" in result.output
    assert ReviewTask.objects.count() == 1
    unchanged = runner.invoke(app, ["exportcontrol", "rulepack-check"])
    assert unchanged.exit_code == 0 and "0 would change" in unchanged.output
    missing = runner.invoke(
        app, ["exportcontrol", "rulepack-check", "--directory", str(tmp_path / "nowhere")]
    )
    assert missing.exit_code == 2 and "is not a directory" in missing.output
