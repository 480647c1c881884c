"""API building blocks: viewsets whose rows are only those the user may see (see api_permissions)."""

from __future__ import annotations

from typing import Any

from rest_framework import viewsets

from qgov.core import permissions
from qgov.core.api_permissions import RolePermission

__all__ = ["RestrictedModelViewSet", "RestrictedReadOnlyViewSet", "RolePermission"]


class RestrictedModelViewSet(viewsets.ModelViewSet):  # type: ignore[type-arg]
    """A model viewset whose rows are only those the user may view."""

    required_permission: str | None = None  # set per @action for actions that are not plain CRUD

    def get_queryset(self) -> Any:
        return permissions.restrict(super().get_queryset(), self.request.user, "view")


class RestrictedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    required_permission: str | None = None

    def get_queryset(self) -> Any:
        return permissions.restrict(super().get_queryset(), self.request.user, "view")
