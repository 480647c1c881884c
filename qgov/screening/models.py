"""Persistent screening: list versions, the entries they hold, alerts, dispositions and runs.

Storage of lists: every import is a ``ListVersion`` of its ``ListSource``. An entry as the publisher
wrote it at some time is one ``ListEntry`` row, unique by (source, publisher id, content hash);
``ListEntrySpan`` rows say which consecutive versions of the source contain it. A re-import of an
unchanged list therefore writes one version row and nothing else, while any version can still be
listed entry by entry, and an alert or a disposition can point at the exact entry record it was
raised or judged on. ``ListChange`` rows are what a version added, changed and removed.

Alerts follow OFAC's false-hit guidance (reference/screening.md §6): one alert per party and listed
entry; a disposition stores the exact match it was given on (entry content hash, list version,
score, reasons, matcher version, threshold, a keyed hash of the party's screened data), and a false
positive re-opens when that entry changes.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from qgov.core.models import EvidenceFile
from qgov.parties.models import Party
from qgov.screening.choices import (
    AlertEventKind,
    AlertStatus,
    ChangeKind,
    DispositionDecision,
    RunStatus,
    RunTrigger,
)
from qgov.screening.entities import ListEntity
from qgov.screening.records import entity_from_data

SOURCE_NAME = RegexValidator(
    r"^[a-z0-9][a-z0-9._/-]{0,59}$",
    "A list name is lower-case letters, digits, '.', '_', '/' or '-' (e.g. us-ofac-sdn), at most 60.",
)


class ListSource(models.Model):
    """One restricted-party list (us-ofac-sdn, un-sc ...) and which of its versions is in force."""

    name = models.CharField(primary_key=True, max_length=60, validators=[SOURCE_NAME])
    current_version = models.ForeignKey(
        "ListVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return self.name


class ListVersion(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    source = models.ForeignKey(ListSource, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(help_text="1 for the first import of the source, then 2, 3 ...")
    format = models.CharField(max_length=40)
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 over the hashes of the files read")
    files = models.JSONField(default=list, help_text="[{name, sha256}] of every file read")
    published = models.CharField(max_length=40, blank=True, help_text="Publication date the file states")
    imported_at = models.DateTimeField(default=timezone.now, db_index=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_by_name = models.CharField(max_length=150)
    entry_count = models.PositiveIntegerField(default=0)
    added_count = models.PositiveIntegerField(default=0)
    changed_count = models.PositiveIntegerField(default=0)
    removed_count = models.PositiveIntegerField(default=0)
    warnings = models.JSONField(default=list, blank=True)
    ledger_index = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["source", "-number"]
        constraints = [models.UniqueConstraint(fields=["source", "number"], name="unique_version_number")]
        permissions = [("import_list", "Import a version of a restricted-party list")]

    def __str__(self) -> str:
        return f"{self.source_id} v{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("screening:version_detail", args=[self.pk])

    @property
    def is_current(self) -> bool:
        return bool(self.source.current_version_id == self.pk)

    @property
    def unchanged(self) -> bool:
        return self.number > 1 and not (self.added_count or self.changed_count or self.removed_count)


class ListEntry(models.Model):
    """One list entry exactly as a publisher wrote it at some time (all its fields in ``data``)."""

    source = models.ForeignKey(ListSource, on_delete=models.PROTECT, related_name="entries")
    entity_id = models.CharField(max_length=200, help_text="The publisher's id (OFAC ent_num, UN DATAID ...)")
    content_hash = models.CharField(max_length=64)
    kind = models.CharField(max_length=20)
    primary_name = models.TextField()
    data = models.JSONField()
    first_seen = models.ForeignKey(ListVersion, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["primary_name"]
        default_permissions = ("view",)
        verbose_name_plural = "list entries"
        constraints = [
            models.UniqueConstraint(
                fields=["source", "entity_id", "content_hash"], name="unique_entry_record"
            )
        ]
        indexes = [models.Index(fields=["source", "entity_id"])]

    def __str__(self) -> str:
        return f"{self.primary_name} ({self.source_id} {self.entity_id})"

    def get_absolute_url(self) -> str:
        return reverse("screening:entry_detail", args=[self.pk])

    def entity(self) -> ListEntity:
        return entity_from_data(self.data)


class ListEntrySpan(models.Model):
    """Versions ``first_number`` to ``last_number`` (None: up to the current one) contain ``entry``."""

    entry = models.ForeignKey(ListEntry, on_delete=models.CASCADE, related_name="spans")
    source = models.ForeignKey(ListSource, on_delete=models.PROTECT, related_name="+")
    first_number = models.PositiveIntegerField()
    last_number = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        default_permissions = ("view",)
        indexes = [
            models.Index(fields=["source", "last_number"]),
            models.Index(fields=["source", "first_number"]),
        ]

    def __str__(self) -> str:
        last = f"v{self.last_number}" if self.last_number is not None else "now"
        return f"{self.entry} in v{self.first_number} to {last}"


class ListChange(models.Model):
    """One entry a version added, changed or removed compared with the version before it."""

    version = models.ForeignKey(ListVersion, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=10, choices=ChangeKind.choices)
    entry = models.ForeignKey(
        ListEntry, on_delete=models.PROTECT, related_name="+", help_text="The record now (removed: as it was)"
    )
    previous_entry = models.ForeignKey(
        ListEntry, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    entity_id = models.CharField(max_length=200)
    primary_name = models.TextField()
    changed_fields = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["kind", "primary_name"]
        default_permissions = ("view",)
        indexes = [models.Index(fields=["version", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.primary_name} ({self.entity_id})"


class PartyScreening(models.Model):
    """When a party was last screened, against which list versions, with which of its data."""

    party = models.OneToOneField(Party, on_delete=models.CASCADE, primary_key=True, related_name="screening")
    screened_at = models.DateTimeField()
    data_hash = models.CharField(max_length=64, help_text="Keyed hash of the party's screened data")
    lists = models.JSONField(default=list, help_text="[{source, version}] screened against")
    matcher_version = models.CharField(max_length=40)
    threshold = models.FloatField()
    match_count = models.PositiveIntegerField(default=0)

    class Meta:
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.party} screened {self.screened_at:%Y-%m-%d %H:%M}"


class MatchFields(models.Model):
    """The match a screening found, as stored on an alert and frozen on each disposition."""

    entry = models.ForeignKey(ListEntry, on_delete=models.PROTECT, related_name="+")
    list_version = models.ForeignKey(ListVersion, on_delete=models.PROTECT, related_name="+")
    score = models.FloatField(db_index=True)
    name_score = models.FloatField()
    matched_name = models.TextField(help_text="The listed name or alias that matched")
    query_name = models.TextField(help_text="The party's name or alias that matched")
    reasons = models.JSONField(default=list)
    matcher_version = models.CharField(max_length=40)
    threshold = models.FloatField()
    party_data_hash = models.CharField(max_length=64)

    class Meta:
        abstract = True


class Alert(MatchFields):
    """A party matching a listed entry: at most one per (party, list, publisher's entity id)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="screening_alerts")
    source = models.ForeignKey(ListSource, on_delete=models.PROTECT, related_name="alerts")
    entity_id = models.CharField(max_length=200, help_text="The publisher's id of the listed entry")
    raised_entry = models.ForeignKey(
        ListEntry,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The entry record the alert was first raised on (``entry`` is the latest match's)",
    )
    status = models.CharField(
        max_length=20, choices=AlertStatus.choices, default=AlertStatus.OPEN, db_index=True
    )
    status_reason = models.TextField(blank=True, help_text="Why the alert is in its status")
    entry_listed = models.BooleanField(default=True, help_text="The entry is on the list in force")
    raised_at = models.DateTimeField(default=timezone.now, db_index=True)
    status_changed_at = models.DateTimeField(default=timezone.now)
    last_matched_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-raised_at"]
        constraints = [
            models.UniqueConstraint(fields=["party", "source", "entity_id"], name="one_alert_per_party_entry")
        ]
        permissions = [
            ("decide_alert", "Record a disposition on a screening alert"),
            ("screen_parties", "Screen parties against the lists in force (ad hoc or in bulk)"),
        ]

    def __str__(self) -> str:
        return f"{self.party} ~ {self.entry.primary_name} ({self.source_id} {self.entity_id})"

    def get_absolute_url(self) -> str:
        return reverse("screening:alert_detail", args=[self.pk])

    @property
    def needs_decision(self) -> bool:
        return self.status in (AlertStatus.OPEN, AlertStatus.ESCALATED)


class Disposition(MatchFields):
    """A decision on an alert, with the exact match it was given on (never changed afterwards)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="dispositions")
    decision = models.CharField(max_length=20, choices=DispositionDecision.choices)
    reason = models.TextField()
    previous_status = models.CharField(max_length=20, choices=AlertStatus.choices)
    entry_content_hash = models.CharField(max_length=64)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by_name = models.CharField(max_length=150)
    decided_at = models.DateTimeField(default=timezone.now)
    ledger_index = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-decided_at"]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} by {self.decided_by_name}"


class DispositionEvidence(EvidenceFile):
    disposition = models.ForeignKey(Disposition, on_delete=models.CASCADE, related_name="evidence")

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name_plural = "disposition evidence"

    def __str__(self) -> str:
        return self.file.name.rsplit("/", 1)[-1]

    def get_absolute_url(self) -> str:
        return reverse("screening:evidence_download", args=[self.pk])


class AlertEvent(models.Model):
    """What happened to an alert and why: raised, re-opened, withdrawn, entry changed, decided."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=20, choices=AlertEventKind.choices)
    text = models.TextField()
    actor = models.CharField(max_length=150)
    ledger_index = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["at", "id"]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text}"


class ProgressFields(models.Model):
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        abstract = True

    @property
    def percent(self) -> int:
        if self.status == RunStatus.FINISHED:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def active(self) -> bool:
        return self.status in (RunStatus.QUEUED, RunStatus.RUNNING)

    @property
    def seconds(self) -> float | None:
        if self.started_at is None or self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()


class ScreeningRun(ProgressFields):
    """Re-screening every party of the registry (after a list import, or started by hand)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    trigger = models.CharField(max_length=20, choices=RunTrigger.choices)
    list_version = models.ForeignKey(
        ListVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="runs"
    )
    requested_by_name = models.CharField(max_length=150)
    raised = models.PositiveIntegerField(default=0)
    reopened = models.PositiveIntegerField(default=0)
    withdrawn = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Re-screening {self.created_at:%Y-%m-%d %H:%M} ({self.get_status_display().lower()})"

    def get_absolute_url(self) -> str:
        return reverse("screening:run_detail", args=[self.pk])

    def get_progress_url(self) -> str:
        return reverse("screening:run_progress", args=[self.pk])


class BulkScreeningJob(ProgressFields):
    """An uploaded CSV of names screened once, statelessly: no party and no alert is created."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    filename = models.CharField(max_length=255)
    input_sha256 = models.CharField(max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by_name = models.CharField(max_length=150)
    threshold = models.FloatField()
    match_limit = models.PositiveSmallIntegerField(default=10)
    matched = models.PositiveIntegerField(default=0, help_text="Rows with at least one match")
    lists = models.JSONField(default=list, blank=True, help_text="[{source, version}] screened against")
    matcher_version = models.CharField(max_length=40, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "bulk screening"

    def __str__(self) -> str:
        return f"{self.filename} ({self.created_at:%Y-%m-%d %H:%M})"

    def get_absolute_url(self) -> str:
        return reverse("screening:bulk_detail", args=[self.pk])


class BulkScreeningRow(models.Model):
    job = models.ForeignKey(BulkScreeningJob, on_delete=models.CASCADE, related_name="rows")
    position = models.PositiveIntegerField(help_text="1-based data row of the uploaded file")
    external_id = models.CharField(max_length=200)
    query = models.JSONField(help_text="name, kind, country, birth_date as read")
    matches = models.JSONField(null=True, blank=True, help_text="Contract shape; null until screened")
    best_score = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["position"]
        default_permissions = ("view",)
        constraints = [models.UniqueConstraint(fields=["job", "position"], name="unique_bulk_row")]

    def __str__(self) -> str:
        return f"row {self.position}: {self.query.get('name', '')}"

    def as_result(self) -> dict[str, Any]:
        """The row in the JSON shape of `qgov screen --format json`."""
        return {"id": self.external_id, "name": self.query["name"], "matches": self.matches or []}
