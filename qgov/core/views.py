"""Generic views every domain builds on: list (filters, search, sort, pages), detail, change log.

Each one checks the user's permission through qgov.core.permissions and reads through a restricted
queryset, so no page can show a row its user may not see. Views never change state themselves:
a form view hands the validated data to a domain service.
"""

from __future__ import annotations

from typing import Any

import django_filters
import django_tables2 as tables
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import DetailView, TemplateView

from qgov.core import permissions
from qgov.core.changelog import changes_for


class RoleRequiredMixin(LoginRequiredMixin):
    """Anonymous users go to the login page; users without ``permission_required`` get 403."""

    permission_required: str | None = None

    def get_permission_required(self) -> str:
        if self.permission_required is None:
            raise ImproperlyConfigured(f"{type(self).__name__} declares no permission_required")
        return self.permission_required

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        permissions.require(request.user, self.get_permission_required())
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class ModelPermissionMixin(RoleRequiredMixin):
    model: Any = None  # set by each view (or as_view(model=...))
    action = "view"

    def get_permission_required(self) -> str:
        return self.permission_required or permissions.codename(self.model, self.action)

    def restricted(self, action: str | None = None) -> models.QuerySet[Any]:
        return permissions.restrict(
            self.model._default_manager.all(), self.request.user, action or self.action
        )  # type: ignore[attr-defined]


class ObjectListView(ModelPermissionMixin, TemplateView):
    """A filterable, searchable, sortable, paginated table; HTMX requests get just the table back."""

    template_name = "core/object_list.html"
    table_class: type[tables.Table]
    filterset_class: type[django_filters.FilterSet] | None = None
    title = ""
    create_url: str | None = None
    extra_actions: list[tuple[str, str, str]] = []  # (label, url name, permission)
    per_page = 25

    def get_queryset(self) -> models.QuerySet[Any]:
        return self.restricted("view")

    def get_template_names(self) -> list[str]:
        if getattr(self.request, "htmx", False) and self.request.htmx.target == "object-table":  # type: ignore[attr-defined]
            return ["core/_table.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        queryset = self.get_queryset()
        filterset = None
        if self.filterset_class is not None:
            filterset = self.filterset_class(
                self.request.GET or None, queryset=queryset, request=self.request
            )
            queryset = filterset.qs if filterset.is_bound else queryset
        table = self.table_class(queryset)
        tables.RequestConfig(self.request, paginate={"per_page": self.per_page}).configure(table)
        user = self.request.user
        actions = []
        if self.create_url and permissions.allowed(user, self.model, "add"):
            actions.append(("Add", reverse(self.create_url)))
        for label, url_name, perm in self.extra_actions:
            if user.has_perm(perm):
                actions.append((label, reverse(url_name)))
        context.update(
            table=table,
            filterset=filterset,
            title=self.title or self.model._meta.verbose_name_plural.capitalize(),
            actions=actions,
        )
        return context


class ObjectDetailView(ModelPermissionMixin, DetailView):  # type: ignore[type-arg]
    def get_queryset(self) -> models.QuerySet[Any]:
        return self.restricted("view")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["can_change"] = permissions.allowed(user, self.model, "change")
        context["can_view_changes"] = user.has_perm("core.view_objectchange")
        return context


class ObjectChangeLogView(ModelPermissionMixin, TemplateView):
    """The change log of one object (who changed which field, before and after)."""

    template_name = "core/object_changelog.html"
    permission_required = "core.view_objectchange"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        instance = get_object_or_404(self.restricted("view"), pk=kwargs["pk"])
        context.update(object=instance, changes=changes_for(instance)[:200], title=f"Changes to {instance}")
        return context
