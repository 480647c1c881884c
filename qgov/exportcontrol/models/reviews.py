"""Review tasks and rule-pack re-checks: what a change of the control lists means for the register.

A re-check run classifies every item again under the newest rule packs and raises one review task per
item whose outcome would change; the run's row carries its progress so the page can follow it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse

from qgov.exportcontrol.choices import RunStatus, TaskStatus


class RulePackCheckRun(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_by_name = models.CharField(max_length=150)
    directory = models.CharField(max_length=500, blank=True, help_text="Rule-pack directory (blank: shipped)")
    status = models.CharField(max_length=20, choices=RunStatus.choices, default=RunStatus.QUEUED)
    versions = models.JSONField(default=dict, help_text="The newest rule-pack versions, per jurisdiction")
    evaluated_on = models.DateField(null=True, blank=True)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    tasks_created = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = "rule-pack check run"

    def __str__(self) -> str:
        return f"Rule-pack check of {self.created:%Y-%m-%d %H:%M} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        return 100 if not self.total else round(100 * self.done / self.total)


class ReviewTask(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    item = models.ForeignKey("exportcontrol.Item", on_delete=models.CASCADE, related_name="review_tasks")
    run = models.ForeignKey(
        RulePackCheckRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    title = models.CharField(max_length=300)
    detail = models.JSONField(default=dict)
    fingerprint = models.CharField(max_length=64, help_text="The item and the outcome that raised the task")
    status = models.CharField(max_length=20, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolution = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by_name = models.CharField(max_length=150, blank=True)
    ledger_index = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["status", "-created"]
        permissions = [("run_rulepack_check", "Re-classify every item under the newest rule packs")]
        constraints = [models.UniqueConstraint(fields=["item", "fingerprint"], name="one_task_per_change")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("exportcontrol:task_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in (TaskStatus.OPEN, TaskStatus.IN_PROGRESS)
