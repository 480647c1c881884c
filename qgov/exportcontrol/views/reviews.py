"""Rule-pack changes: start a re-check, follow its progress, work through the review tasks it raised."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from qgov.core.views import ModelPermissionMixin, ObjectDetailView, ObjectListView, RoleRequiredMixin
from qgov.exportcontrol.filtersets import ReviewTaskFilterSet
from qgov.exportcontrol.forms import ReviewTaskForm
from qgov.exportcontrol.models import ReviewTask, RulePackCheckRun
from qgov.exportcontrol.services.engine_io import newest_packs, packs_in_force
from qgov.exportcontrol.services.rulepacks import start_rulepack_check, update_task
from qgov.exportcontrol.web_tables import ReviewTaskTable


class RulePackView(RoleRequiredMixin, TemplateView):
    """The rule packs in force and the newest ones, the latest re-check runs and how to start one."""

    permission_required = "exportcontrol.view_reviewtask"
    template_name = "exportcontrol/rulepacks.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from django.utils import timezone

        context = super().get_context_data(**kwargs)
        in_force, newest = packs_in_force(timezone.localdate()), newest_packs()
        context.update(
            title="Rule packs and their changes",
            versions=[
                (name, pack.version_text, newest.packs[name].version_text if name in newest.packs else "—")
                for name, pack in in_force.packs.items()
            ],
            runs=RulePackCheckRun.objects.all()[:10],
            can_run=self.request.user.has_perm("exportcontrol.run_rulepack_check"),
            open_tasks=ReviewTask.objects.filter(status__in=["open", "in_progress"]).count(),
        )
        return context


class RulePackCheckStartView(RoleRequiredMixin, View):
    permission_required = "exportcontrol.run_rulepack_check"
    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        try:
            run = start_rulepack_check(request.user)
            messages.success(request, f"Re-check started for {run.total} items.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(reverse("exportcontrol:rulepacks"))


class RulePackRunView(RoleRequiredMixin, View):
    """One run's progress row; the page polls it with HTMX until the run ends."""

    permission_required = "exportcontrol.view_reviewtask"

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        run = get_object_or_404(RulePackCheckRun, pk=pk)
        return render(request, "exportcontrol/_run_row.html", {"run": run})


class ReviewTaskListView(ObjectListView):
    model = ReviewTask
    table_class = ReviewTaskTable
    filterset_class = ReviewTaskFilterSet
    title = "Review tasks"

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("assignee", "item")


class ReviewTaskDetailView(ObjectDetailView):
    model = ReviewTask
    template_name = "exportcontrol/task_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if context["can_change"]:
            task: ReviewTask = self.object
            context["form"] = ReviewTaskForm(
                initial={"status": task.status, "assignee": task.assignee, "resolution": task.resolution},
                users=_assignable(),
            )
            context["update_url"] = reverse("exportcontrol:task_update", args=[task.pk])
        return context


def _assignable() -> Any:
    return get_user_model().objects.filter(is_active=True).order_by("username")


class ReviewTaskUpdateView(ModelPermissionMixin, View):
    model = ReviewTask
    action = "change"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        task = get_object_or_404(self.restricted("change"), pk=pk)
        form = ReviewTaskForm(request.POST, users=_assignable())
        if form.is_valid():
            try:
                update_task(request.user, task, **form.cleaned_data)
                messages.success(request, "Review task saved.")
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
        else:
            messages.error(request, "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()))
        return HttpResponseRedirect(task.get_absolute_url())
