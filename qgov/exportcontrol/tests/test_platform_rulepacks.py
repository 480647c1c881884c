"""A new rule-pack version: which items' classification would change, one review task each."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qgov.core.roles import Role
from qgov.exportcontrol.models import ReviewTask, RulePackCheckRun
from qgov.exportcontrol.rules import RULEPACK_DIRECTORY
from qgov.exportcontrol.services.rulepacks import start_rulepack_check, update_task
from qgov.exportcontrol.tests.platform_support import make_fridge, make_know_how
from qgov.ledger.models import LedgerEntry

pytestmark = pytest.mark.django_db

SHIPPED_US = "us-ear/classification-2026-07-23.yaml"


def packs_with_a_new_us_version(tmp_path: Path) -> Path:
    """A copy of the shipped packs plus a US-EAR version of 2027 raising 3A904.a to 1500 uW."""
    directory = tmp_path / "rulepacks"
    shutil.copytree(RULEPACK_DIRECTORY, directory)
    text = (RULEPACK_DIRECTORY / SHIPPED_US).read_text(encoding="utf-8")
    old = '      - {parameter: cooling_power, op: ">=", threshold: 600 uW}'
    assert old in text
    text = text.replace(old, old.replace("600 uW", "1500 uW"))
    text = text.replace("version: 2026-07-23", "version: 2027-01-01").replace(
        "effective_from: 2024-09-06", "effective_from: 2027-01-01"
    )
    (directory / "us-ear" / "classification-2027-01-01.yaml").write_text(text, encoding="utf-8")
    return directory


def test_a_new_version_lists_the_items_that_would_change_and_raises_one_task_each(officer, tmp_path):
    fridge = make_fridge(officer)  # 1000 uW: 3A904.a today, not under a 1500 uW threshold
    know_how = make_know_how(officer)  # 3E901 either way
    run = start_rulepack_check(officer, directory=packs_with_a_new_us_version(tmp_path))
    run.refresh_from_db()
    assert (run.status, run.total, run.done, run.changed, run.tasks_created) == ("finished", 2, 2, 1, 1)
    assert run.versions["US-EAR"] == "2027-01-01" and run.evaluated_on.isoformat() >= "2027-01-01"
    task = ReviewTask.objects.get()
    assert task.item == fridge and task.status == "open"
    assert task.detail["removed"] == ["US-EAR 3A904.a"] and task.detail["added"] == []
    assert task.detail["versions_before"]["US-EAR"] == "2026-07-23"
    assert task.detail["versions_after"]["US-EAR"] == "2027-01-01"
    assert "-US-EAR 3A904.a" in task.title
    assert not ReviewTask.objects.filter(item=know_how).exists()
    fridge.refresh_from_db()
    assert fridge.proposals.count() == 1  # nothing about the item changes until someone re-classifies it


def test_running_again_raises_no_duplicate_task(officer, tmp_path):
    make_fridge(officer)
    directory = packs_with_a_new_us_version(tmp_path)
    start_rulepack_check(officer, directory=directory)
    second = start_rulepack_check(officer, directory=directory)
    second.refresh_from_db()
    assert (second.changed, second.tasks_created) == (1, 0)
    assert ReviewTask.objects.count() == 1 and RulePackCheckRun.objects.count() == 2


def test_the_shipped_packs_change_nothing(officer):
    make_fridge(officer)
    run = start_rulepack_check(officer)
    run.refresh_from_db()
    assert (run.status, run.changed) == ("finished", 0)


def test_a_broken_pack_is_refused_naming_the_file(officer, tmp_path):
    directory = packs_with_a_new_us_version(tmp_path)
    (directory / "us-ear" / "classification-2027-01-01.yaml").write_text("format: [", encoding="utf-8")
    with pytest.raises(ValidationError, match=r"classification-2027-01-01\.yaml"):
        start_rulepack_check(officer, directory=directory)


def test_closing_a_task_needs_a_resolution_and_is_a_ledger_entry(officer, make_user, tmp_path):
    make_fridge(officer)
    start_rulepack_check(officer, directory=packs_with_a_new_us_version(tmp_path))
    task = ReviewTask.objects.get()
    task = update_task(officer, task, status="in_progress", assignee=officer)
    assert task.assignee == officer and task.ledger_index is None
    with pytest.raises(ValidationError, match="resolved"):
        update_task(officer, task, status="done")
    task = update_task(officer, task, status="done", resolution="Re-classified when the 2027 list applies.")
    body = json.loads(LedgerEntry.objects.get(index=task.ledger_index).body)
    assert body["action"] == "exportcontrol.review"
    assert body["decision"]["removed"] == ["US-EAR 3A904.a"]
    with pytest.raises(PermissionDenied):
        start_rulepack_check(make_user(Role.PROCUREMENT_OFFICER))
