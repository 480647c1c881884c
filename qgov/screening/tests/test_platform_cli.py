"""`qgov lists import` and `qgov lists versions` as an operator runs them."""

from __future__ import annotations

import pytest
import typer
from typer.testing import CliRunner

from qgov.cli import lists
from qgov.screening.demo import DEMO_LIST
from qgov.screening.models import Alert, ListSource, ListVersion
from qgov.screening.tests.platform_helpers import ZHANG_LEI, list_copy, organisation, set_remarks

pytestmark = pytest.mark.django_db


@pytest.fixture
def qgov():
    app = typer.Typer()
    lists.register(app)
    runner = CliRunner()
    return lambda *args: runner.invoke(app, [str(arg) for arg in args], env={"COLUMNS": "200"})


def test_import_prints_what_changed_and_records_who(qgov, tmp_path, officer):
    first = qgov("lists", "import", DEMO_LIST)
    assert first.exit_code == 0, first.output
    assert "us-ofac-sdn version 1: 31 entries, 31 added, 0 changed, 0 removed" in first.stdout
    assert "sdn_comments.csv is missing" in first.stderr  # the excerpt's one warning

    organisation(officer, "Beijing Alite Technologies Co. Ltd.", "CN")
    folder = list_copy(tmp_path)
    set_remarks(folder, ZHANG_LEI, "DOB 03 Jan 1976; amended.")
    second = qgov("lists", "import", folder, "--wait")
    assert second.exit_code == 0, second.output
    assert "version 2: 31 entries, 0 added, 1 changed, 0 removed" in second.stdout
    assert "re-screened 1 parties: 0 alerts raised" in second.stdout
    version = ListVersion.objects.get(number=2)
    assert version.imported_by is None and version.imported_by_name.startswith("cli:")
    assert Alert.objects.count() == 1

    listing = qgov("lists", "versions")
    assert listing.exit_code == 0 and "us-ofac-sdn" in listing.stdout and "yes" in listing.stdout


def test_a_malformed_list_is_one_sentence_and_exit_2(qgov, tmp_path):
    folder = list_copy(tmp_path)
    (folder / "sdn.csv").write_text('9750,"BEIJING ALITE\r\n', encoding="latin-1")
    result = qgov("lists", "import", folder)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and "sdn.csv, line 1" in result.stderr
    assert "version in force is unchanged" in result.stderr and "Traceback" not in result.output
    assert not ListSource.objects.exists()


def test_a_missing_path_and_a_bad_list_name_exit_2(qgov, tmp_path):
    missing = qgov("lists", "import", tmp_path / "nope")
    assert missing.exit_code == 2 and "no such file or folder" in missing.stderr
    named = qgov("lists", "import", DEMO_LIST, "--source", "OFAC SDN!")
    assert named.exit_code == 2 and "--source 'OFAC SDN!'" in named.stderr
    assert not ListVersion.objects.exists()


def test_a_chosen_list_name_is_used(qgov):
    result = qgov("lists", "import", DEMO_LIST, "--source", "us-ofac-sdn-demo")
    assert result.exit_code == 0 and "us-ofac-sdn-demo version 1" in result.stdout
    assert ListVersion.objects.get().source_id == "us-ofac-sdn-demo"
