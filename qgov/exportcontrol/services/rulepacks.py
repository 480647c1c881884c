"""When the control lists change: which items' classification would change, and a review task for each.

A run re-classifies every item under the newest rule-pack version of every jurisdiction (from the day
the last of them applies, so a version published ahead of its effective date is seen in advance) and
compares the answer with the item's latest proposal: entries added or removed, status changed. Each
item that would change gets one review task (running again raises no duplicate); nothing about the
item itself changes until someone re-classifies it.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from qgov.core.permissions import require
from qgov.exportcontrol.choices import RunStatus, TaskStatus
from qgov.exportcontrol.items import ItemError
from qgov.exportcontrol.models import Item, ReviewTask, RulePackCheckRun
from qgov.exportcontrol.rules import RulePackError, RulePackSet
from qgov.exportcontrol.services.classification import actor_label
from qgov.exportcontrol.services.engine_io import describe_saved_item, entry_key, newest_packs, run_classifier
from qgov.ledger.services import record_decision

PROGRESS_EVERY = 10


def start_rulepack_check(
    actor: Any, directory: Path | None = None, *, check_permission: bool = True, background: bool = True
) -> RulePackCheckRun:
    """Start a re-check and return its run: queued for the worker (tests run it at once), or run here."""
    if check_permission:
        require(actor, "exportcontrol.run_rulepack_check")
    try:
        packs = newest_packs(directory)
    except RulePackError as error:
        raise ValidationError(f"The rule packs cannot be read: {error}") from error
    with transaction.atomic():
        run = RulePackCheckRun.objects.create(
            started_by=actor if getattr(actor, "is_authenticated", False) else None,
            started_by_name=actor_label(actor),
            directory=str(directory or ""),
            versions=packs.versions(),
            evaluated_on=packs.on,
            total=Item.objects.count(),
        )
    if not background:
        return run_rulepack_check(str(run.pk))
    from qgov.exportcontrol.tasks import recheck_classifications

    recheck_classifications.enqueue(str(run.pk))
    return run


def open_tasks_for(run: RulePackCheckRun) -> list[ReviewTask]:
    """The open review tasks for the changes this run found (raised by it or by an earlier identical run)."""
    open_tasks = ReviewTask.objects.filter(
        status__in=[TaskStatus.OPEN, TaskStatus.IN_PROGRESS]
    ).select_related("item")
    return [task for task in open_tasks if task.detail.get("versions_after") == run.versions]


def run_rulepack_check(run_id: str) -> RulePackCheckRun:
    """Classify every item under the newest packs; one review task per item whose outcome would change."""
    run = RulePackCheckRun.objects.get(pk=run_id)
    run.status = RunStatus.RUNNING
    run.save(update_fields=["status"])
    try:
        packs = newest_packs(Path(run.directory) if run.directory else None)
        for item in Item.objects.prefetch_related("parameters").order_by("name").iterator(chunk_size=200):
            if _check_item(run, item, packs):
                run.changed += 1
            run.done += 1
            if run.done % PROGRESS_EVERY == 0:
                run.save(update_fields=["done", "changed", "tasks_created"])
    except (RulePackError, ItemError) as error:
        run.status, run.error = RunStatus.FAILED, str(error)
    else:
        run.status = RunStatus.FINISHED
    run.finished_at = timezone.now()
    run.save()
    return run


def compare(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any] | None:
    """What differs between two classifier answers (entries added and removed, status); None if nothing."""
    before = {entry_key(e) for e in old.get("entries", [])}
    after = {entry_key(e) for e in new.get("entries", [])}
    if before == after and old.get("status") == new.get("status"):
        return None
    return {
        "added": sorted(after - before),
        "removed": sorted(before - after),
        "status_before": old.get("status"),
        "status_after": new.get("status"),
    }


def _check_item(run: RulePackCheckRun, item: Item, packs: RulePackSet) -> bool:
    proposal = item.latest_proposal
    if proposal is None:
        return False
    result = run_classifier(describe_saved_item(item), packs.on, packs).to_json()
    change = compare(proposal.result, result)
    if change is None:
        return False
    detail = {
        **change,
        "versions_before": dict(proposal.rule_packs),
        "versions_after": dict(result["rule_packs"]),
        "evaluated_on": packs.on.isoformat(),
        "proposal_number": proposal.number,
        "result": result,
    }
    fingerprint = hashlib.sha256(
        json.dumps([str(item.pk), detail["versions_after"], change], sort_keys=True).encode()
    ).hexdigest()
    _, created = ReviewTask.objects.get_or_create(
        item=item,
        fingerprint=fingerprint,
        defaults={"run": run, "title": _title(item, change, detail["versions_after"]), "detail": detail},
    )
    run.tasks_created += int(created)
    return True


def _title(item: Item, change: dict[str, Any], versions: dict[str, str]) -> str:
    parts = [f"+{e}" for e in change["added"]] + [f"-{e}" for e in change["removed"]]
    if change["status_before"] != change["status_after"]:
        parts.append(f"{change['status_before']} -> {change['status_after']}")
    newest = max(versions.values(), default="")
    return f"{item.name}: classification would change under the rule packs of {newest} ({', '.join(parts)})"[
        :300
    ]


def update_task(
    actor: Any, task: ReviewTask, *, status: str, assignee: Any = None, resolution: str = ""
) -> ReviewTask:
    """Assign or progress a review task; closing it (done, dismissed) is a decision, kept in the ledger."""
    require(actor, "exportcontrol.change_reviewtask")
    if status not in TaskStatus.values:
        raise ValidationError({"status": f"Status must be one of {', '.join(TaskStatus.values)}."})
    closing = status in (TaskStatus.DONE, TaskStatus.DISMISSED)
    if closing and not resolution.strip():
        raise ValidationError({"resolution": "Say how the task was resolved before closing it."})
    with transaction.atomic():
        task = ReviewTask.objects.select_for_update().get(pk=task.pk)
        task.status, task.assignee, task.resolution = status, assignee, resolution.strip()
        if closing and task.closed_at is None:
            task.closed_at, task.closed_by_name = timezone.now(), actor_label(actor)
            entry = record_decision(
                actor=actor,
                action="exportcontrol.review",
                subject=task.item,
                decision={
                    "task": task.title,
                    "status": status,
                    "resolution": task.resolution,
                    "added": task.detail.get("added", []),
                    "removed": task.detail.get("removed", []),
                    "versions_after": task.detail.get("versions_after", {}),
                },
            )
            task.ledger_index = entry.index
        elif not closing:
            task.closed_at, task.closed_by_name = None, ""
        task.save()
    return task
