"""Writing change-log rows: called by services (never by views), inside the service's transaction."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from qgov.core.context import current_request_id
from qgov.core.models import ChangeAction, ObjectChange


def record_change(
    instance: models.Model,
    action: ChangeAction,
    *,
    user: Any,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    message: str = "",
) -> ObjectChange | None:
    """Record one change; an update that changed nothing writes nothing and returns None."""
    if action == ChangeAction.UPDATE and before == after:
        return None
    is_user = getattr(user, "is_authenticated", False)
    return ObjectChange.objects.create(
        user=user if is_user else None,
        user_name=user.get_username() if is_user else str(user or "system"),
        request_id=current_request_id(),
        action=action,
        content_type=ContentType.objects.get_for_model(instance),
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        prechange=before,
        postchange=after,
        message=message[:200],
    )


def changes_for(instance: models.Model) -> models.QuerySet[ObjectChange]:
    return ObjectChange.objects.filter(
        content_type=ContentType.objects.get_for_model(instance), object_id=str(instance.pk)
    ).select_related("user")
