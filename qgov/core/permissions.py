"""The one permission mechanism: every list, detail, form, API endpoint and service asks here.

``require`` raises ``PermissionDenied`` when a user may not do an action; ``restrict`` narrows a
queryset to what the user may see (``Model.scope_queryset(qs, user)`` refines it where a model keeps
some rows from some roles). Model actions are Django's ``view``/``add``/``change``/``delete`` plus
the custom permissions a model declares in ``Meta.permissions`` (``decide_alert`` ...).
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models

M = TypeVar("M", bound=models.Model)


def codename(model: type[models.Model], action: str) -> str:
    """``"parties.view_party"`` for (Party, "view"); custom actions are given whole ("decide_alert")."""
    opts = model._meta
    name = action if "_" in action else f"{action}_{opts.model_name}"
    return f"{opts.app_label}.{name}"


def allowed(user: Any, model: type[models.Model], action: str) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_perm(codename(model, action)))


def require(user: Any, permission: str) -> None:
    """Raise PermissionDenied unless the user holds ``"app_label.codename"``."""
    if not (getattr(user, "is_authenticated", False) and user.has_perm(permission)):
        raise PermissionDenied(f"You may not do this ({permission}).")


def require_model(user: Any, model: type[models.Model], action: str) -> None:
    require(user, codename(model, action))


def restrict(queryset: models.QuerySet[M], user: Any, action: str = "view") -> models.QuerySet[M]:
    """Only the rows ``user`` may ``action``: none at all without the model permission."""
    model = queryset.model
    if not allowed(user, model, action):
        return queryset.none()
    scope = getattr(model, "scope_queryset", None)
    return scope(queryset, user) if scope else queryset
