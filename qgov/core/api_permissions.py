"""The permission class every API endpoint uses (DEFAULT_PERMISSION_CLASSES).

Reads need the model's ``view`` permission (DRF's own DjangoModelPermissions lets any user read);
writes need ``add``/``change``/``delete``; an endpoint or action that is not about one model states
``required_permission``. Anything that states nothing is refused: the policy fails closed.
Kept apart from the viewsets so DRF can import it while it is still loading its own views.
"""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from qgov.core import permissions

METHOD_ACTIONS = {
    "GET": "view",
    "HEAD": "view",
    "OPTIONS": "view",
    "POST": "add",
    "PUT": "change",
    "PATCH": "change",
    "DELETE": "delete",
}


class RolePermission(BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        explicit = getattr(view, "required_permission", None)
        if explicit:
            return bool(user.has_perm(explicit))
        queryset = getattr(view, "queryset", None)
        if queryset is None:
            return False
        action = METHOD_ACTIONS.get(request.method or "")
        return bool(action and permissions.allowed(user, queryset.model, action))
