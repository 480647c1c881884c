"""Shared building blocks every domain uses: the change log, tags and evidence files.

The change log answers "who changed which field, from what to what" for ordinary edits; it is
separate from the decision ledger (qgov.ledger), which is the tamper-evident record of decisions.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models


class ChangeAction(models.TextChoices):
    CREATE = "create", "Created"
    UPDATE = "update", "Updated"
    DELETE = "delete", "Deleted"


class ObjectChange(models.Model):
    """One change to one object: before and after snapshots, who, when, and in which request."""

    time = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    user_name = models.CharField(max_length=150, editable=False)
    request_id = models.UUIDField(db_index=True, editable=False)
    action = models.CharField(max_length=10, choices=ChangeAction.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64, db_index=True)
    object_repr = models.CharField(max_length=200)
    prechange = models.JSONField(null=True, blank=True)
    postchange = models.JSONField(null=True, blank=True)
    message = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-time", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr}"

    @property
    def changed_fields(self) -> list[tuple[str, Any, Any]]:
        """(field, before, after) for every field whose value differs."""
        before = self.prechange or {}
        after = self.postchange or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


class ChangeLoggedModel(models.Model):
    """A model whose edits are change-logged by its services; ``snapshot`` is what gets recorded."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    last_updated = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def snapshot(self) -> dict[str, Any]:
        """A JSON-serialisable picture of the object for the change log (override to add children)."""
        data: dict[str, Any] = {}
        for field in self._meta.concrete_fields:
            if field.name in {"created", "last_updated"}:
                continue
            value = field.value_from_object(self)
            data[field.name] = value if isinstance(value, (str, int, float, bool, type(None))) else str(value)
        return data


class Tag(models.Model):
    name = models.CharField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def evidence_path(instance: EvidenceFile, filename: str) -> str:
    return f"evidence/{instance._meta.app_label}/{uuid.uuid4().hex}/{filename}"


class EvidenceFile(models.Model):
    """A supporting document (datasheet, audit report, licence ...) with the dates that matter in an audit.

    ``effective_date`` is when the document's content applies, separate from when it was uploaded,
    so evidence falls in the right audit period; ``expires_on`` drives revalidation.
    """

    file = models.FileField(upload_to=evidence_path)
    sha256 = models.CharField(max_length=64, editable=False)
    description = models.CharField(max_length=200, blank=True)
    effective_date = models.DateField()
    expires_on = models.DateField(null=True, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True

    def compute_sha256(self) -> str:
        digest = hashlib.sha256()
        self.file.seek(0)
        for chunk in self.file.chunks():
            digest.update(chunk)
        self.file.seek(0)
        return digest.hexdigest()
