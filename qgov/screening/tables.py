"""Tables of screening pages: the alerts inbox, a version's changes and entries, runs and bulk jobs."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from qgov.core.tables import QgovTable
from qgov.screening.choices import AlertStatus, ChangeKind, RunStatus
from qgov.screening.models import Alert, BulkScreeningJob, ListChange, ListEntry, ScreeningRun

STATUS_BADGE = {
    AlertStatus.OPEN: "warn",
    AlertStatus.ESCALATED: "warn",
    AlertStatus.TRUE_MATCH: "bad",
    AlertStatus.FALSE_POSITIVE: "ok",
    AlertStatus.WITHDRAWN: "",
}
RUN_BADGE = {
    RunStatus.QUEUED: "",
    RunStatus.RUNNING: "warn",
    RunStatus.FINISHED: "ok",
    RunStatus.FAILED: "bad",
}
CHANGE_BADGE = {ChangeKind.ADDED: "warn", ChangeKind.CHANGED: "warn", ChangeKind.REMOVED: ""}


def badge(text: str, state: str) -> str:
    return format_html('<span class="badge {}">{}</span>', state, text)


class AlertTable(QgovTable):
    score = tables.Column(attrs={"td": {"class": "num"}})
    party = tables.Column(linkify=False, order_by=("party__name",))
    listed = tables.Column(empty_values=(), accessor="entry__primary_name", verbose_name="Listed entry")
    source = tables.Column(verbose_name="List")
    matched_name = tables.Column(verbose_name="Matched name")
    status = tables.Column()
    raised_at = tables.DateTimeColumn(format="Y-m-d H:i", verbose_name="Raised")

    class Meta(QgovTable.Meta):
        model = Alert
        fields = ("score", "party", "listed", "source", "matched_name", "status", "raised_at")
        order_by = ("-score",)

    def render_score(self, record: Alert) -> str:
        return format_html('<a href="{}">{}</a>', record.get_absolute_url(), f"{record.score:.2f}")

    def render_party(self, record: Alert) -> str:
        return format_html(
            '<a href="{}">{}</a> <span class="muted">({})</span>',
            record.get_absolute_url(),
            record.party.name,
            record.party.get_kind_display().lower(),
        )

    def render_listed(self, record: Alert) -> str:
        return format_html('{} <span class="muted">{}</span>', record.entry.primary_name, record.entity_id)

    def render_status(self, record: Alert) -> str:
        return badge(record.get_status_display(), STATUS_BADGE[AlertStatus(record.status)])


class ListChangeTable(QgovTable):
    kind = tables.Column(verbose_name="Change")
    entity_id = tables.Column(verbose_name="Entity id")
    primary_name = tables.Column(verbose_name="Name")
    changed_fields = tables.Column(verbose_name="Fields changed", orderable=False)

    class Meta(QgovTable.Meta):
        model = ListChange
        fields = ("kind", "entity_id", "primary_name", "changed_fields")

    def render_kind(self, record: ListChange) -> str:
        return badge(record.get_kind_display(), CHANGE_BADGE[ChangeKind(record.kind)])

    def render_primary_name(self, record: ListChange) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            reverse("screening:entry_detail", args=[record.entry_id]),
            record.primary_name,
        )

    def render_changed_fields(self, value: Any) -> str:
        return ", ".join(value) if value else "—"


class ListEntryTable(QgovTable):
    entity_id = tables.Column(verbose_name="Entity id")
    primary_name = tables.Column(linkify=True, verbose_name="Name")
    kind = tables.Column()

    class Meta(QgovTable.Meta):
        model = ListEntry
        fields = ("entity_id", "primary_name", "kind")


class ScreeningRunTable(QgovTable):
    created_at = tables.DateTimeColumn(format="Y-m-d H:i:s", verbose_name="Queued", linkify=True)
    trigger = tables.Column()
    list_version = tables.Column(verbose_name="List version")
    status = tables.Column()
    progress = tables.Column(empty_values=(), orderable=False)
    raised = tables.Column(verbose_name="Raised")
    reopened = tables.Column(verbose_name="Re-opened")
    withdrawn = tables.Column(verbose_name="Withdrawn")

    class Meta(QgovTable.Meta):
        model = ScreeningRun
        fields = (
            "created_at",
            "trigger",
            "list_version",
            "status",
            "progress",
            "raised",
            "reopened",
            "withdrawn",
        )

    def render_status(self, record: ScreeningRun) -> str:
        return badge(record.get_status_display(), RUN_BADGE[RunStatus(record.status)])

    def render_progress(self, record: ScreeningRun) -> str:
        return f"{record.done} / {record.total}"


class BulkScreeningJobTable(QgovTable):
    created_at = tables.DateTimeColumn(format="Y-m-d H:i:s", verbose_name="Uploaded", linkify=True)
    filename = tables.Column(verbose_name="File")
    created_by_name = tables.Column(verbose_name="By")
    status = tables.Column()
    progress = tables.Column(empty_values=(), orderable=False)
    matched = tables.Column(verbose_name="Rows matched")

    class Meta(QgovTable.Meta):
        model = BulkScreeningJob
        fields = ("created_at", "filename", "created_by_name", "status", "progress", "matched")

    def render_status(self, record: BulkScreeningJob) -> str:
        return badge(record.get_status_display(), RUN_BADGE[RunStatus(record.status)])

    def render_progress(self, record: BulkScreeningJob) -> str:
        return f"{record.done} / {record.total}"
