"""Screening pages: the alerts inbox and alert page, list versions and their import, runs, bulk screening.

Every page checks its permission through qgov.core (viewing alerts, deciding them, importing lists,
screening); every change goes through qgov.screening.services.
"""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from qgov.core import permissions
from qgov.core.views import ModelPermissionMixin, ObjectDetailView, ObjectListView, RoleRequiredMixin
from qgov.screening import services
from qgov.screening.bulk import results_csv, results_jsonl
from qgov.screening.choices import ChangeKind
from qgov.screening.filtersets import AlertFilterSet, ListChangeFilterSet, filter_status
from qgov.screening.forms import BulkScreeningForm, DispositionForm, ListImportForm
from qgov.screening.models import (
    Alert,
    BulkScreeningJob,
    DispositionEvidence,
    ListEntry,
    ListEntrySpan,
    ListSource,
    ListVersion,
    ScreeningRun,
)
from qgov.screening.tables import (
    AlertTable,
    BulkScreeningJobTable,
    ListChangeTable,
    ListEntryTable,
    ScreeningRunTable,
)

# --- alerts ----------------------------------------------------------------------------------------


class AlertListView(ObjectListView):
    model = Alert
    table_class = AlertTable
    filterset_class = AlertFilterSet
    title = "Screening alerts"
    template_name = "screening/alert_list.html"

    def get_queryset(self) -> QuerySet[Alert]:
        queryset = super().get_queryset().select_related("party", "entry")
        if not self.request.GET.get("status"):
            queryset = filter_status(queryset, None)
        return queryset


def _link_ledger(user: Any, items: list[Any]) -> None:
    """Give each item with a ledger entry a ``ledger_url`` when the user may open the ledger."""
    readable = user.has_perm("ledger.view_ledgerentry")
    for item in items:
        index = item.ledger_index
        item.ledger_url = (
            reverse("ledger:entry_detail", args=[index]) if readable and index is not None else ""
        )


def alert_page_context(
    request: HttpRequest, alert: Alert, form: DispositionForm | None = None
) -> dict[str, Any]:
    """What the alert page shows: both sides, the match, its history and (for deciders) the form."""
    user = request.user
    events = list(alert.events.all())
    dispositions = list(
        alert.dispositions.select_related("entry", "list_version").prefetch_related("evidence")
    )
    can_decide = user.has_perm("screening.decide_alert")
    _link_ledger(user, [*events, *dispositions])
    return {
        "object": alert,
        "title": f"Alert: {alert.party.name}",
        "entity": alert.entry.entity(),
        "events": events,
        "dispositions": dispositions,
        "can_decide": can_decide,
        "form": (form or DispositionForm()) if can_decide else None,
    }


class AlertDetailView(ObjectDetailView):
    model = Alert
    template_name = "screening/alert_detail.html"

    def get_queryset(self) -> QuerySet[Alert]:
        return (
            super()
            .get_queryset()
            .select_related("party", "entry", "list_version", "source")
            .prefetch_related("party__aliases", "party__countries", "party__identifiers", "party__addresses")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(alert_page_context(self.request, self.object))
        return context


class AlertDecideView(ModelPermissionMixin, View):
    """POST a disposition; errors re-render the alert page with the form's messages."""

    model = Alert
    permission_required = "screening.decide_alert"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        alert = get_object_or_404(
            self.restricted("view").select_related("party", "entry", "list_version"), pk=pk
        )
        form = DispositionForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                disposition = services.record_disposition(
                    request.user,
                    alert,
                    form.cleaned_data["decision"],
                    form.cleaned_data["reason"],
                    evidence=form.cleaned_data["evidence"],
                    evidence_date=form.cleaned_data["evidence_date"],
                    evidence_description=form.cleaned_data["evidence_description"],
                )
                messages.success(
                    request,
                    f"Recorded: {disposition.get_decision_display().lower()} "
                    f"(ledger entry #{disposition.ledger_index}).",
                )
                return HttpResponseRedirect(alert.get_absolute_url())
            except ValidationError as error:
                for field, problems in error.message_dict.items():
                    for problem in problems:
                        form.add_error(field if field in form.fields else None, problem)
        context = alert_page_context(request, alert, form)
        return render(request, AlertDetailView.template_name, context, status=400)


class EvidenceDownloadView(RoleRequiredMixin, View):
    permission_required = "screening.view_alert"

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        visible = permissions.restrict(Alert.objects.all(), request.user)
        evidence = get_object_or_404(DispositionEvidence, pk=pk, disposition__alert__in=visible)
        return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=str(evidence))


# --- list versions -----------------------------------------------------------------------------------


class VersionListView(RoleRequiredMixin, TemplateView):
    permission_required = "screening.view_listversion"
    template_name = "screening/version_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        sources = ListSource.objects.prefetch_related("versions").order_by("name")
        context.update(
            title="List versions",
            sources=[(source, list(source.versions.all())) for source in sources],
            can_import=self.request.user.has_perm("screening.import_list"),
        )
        return context


class ListImportView(RoleRequiredMixin, View):
    permission_required = "screening.import_list"
    template_name = "screening/list_import.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": ListImportForm(), "title": "Import a list"})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ListImportForm(request.POST, request.FILES)
        context: dict[str, Any] = {"form": form, "title": "Import a list"}
        if form.is_valid():
            try:
                outcome = services.import_uploaded_list(
                    request.user, form.cleaned_data["files"], form.cleaned_data["source"] or None
                )
            except services.ListRejected as rejected:
                context["rejected"] = str(rejected)
                return render(request, self.template_name, context, status=400)
            version = outcome.version
            messages.success(
                request,
                f"Imported {version}: {version.entry_count} entries, {version.added_count} added, "
                f"{version.changed_count} changed, {version.removed_count} removed.",
            )
            return HttpResponseRedirect(version.get_absolute_url())
        return render(request, self.template_name, context, status=400)


class VersionDetailView(ModelPermissionMixin, TemplateView):
    """A version's facts and, as a table, what it changed (or every entry it holds)."""

    model = ListVersion
    template_name = "screening/version_detail.html"

    def get_template_names(self) -> list[str]:
        if getattr(self.request, "htmx", False) and self.request.htmx.target == "object-table":  # type: ignore[attr-defined]
            return ["core/_table.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        version = get_object_or_404(self.restricted("view").select_related("source"), pk=kwargs["pk"])
        _link_ledger(self.request.user, [version])
        show_all = self.request.GET.get("kind") == "all"
        filterset = None
        table: tables.Table
        if show_all:
            spans = ListEntrySpan.objects.filter(
                source=version.source, first_number__lte=version.number
            ).filter(Q(last_number__isnull=True) | Q(last_number__gte=version.number))
            entries = ListEntry.objects.filter(pk__in=spans.values("entry_id"))
            query = self.request.GET.get("q", "").strip()
            if query:
                entries = entries.filter(Q(primary_name__icontains=query) | Q(entity_id=query))
            table = ListEntryTable(entries)
        else:
            filterset = ListChangeFilterSet(
                self.request.GET or None, queryset=version.changes.all(), request=self.request
            )
            table = ListChangeTable(filterset.qs if filterset.is_bound else version.changes.all())
        tables.RequestConfig(self.request, paginate={"per_page": 50}).configure(table)
        context.update(
            object=version,
            title=f"{version.source_id} version {version.number}",
            table=table,
            filterset=filterset,
            show_all=show_all,
            change_kinds=ChangeKind.choices,
            runs=version.runs.all(),
            previous=version.source.versions.filter(number=version.number - 1).first(),
        )
        return context


class EntryDetailView(ObjectDetailView):
    """One list entry record exactly as published, the versions that hold it and its alerts."""

    model = ListEntry
    template_name = "screening/entry_detail.html"
    permission_required = "screening.view_listversion"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        entry: ListEntry = self.object
        context.update(
            title=entry.primary_name,
            entity=entry.entity(),
            spans=entry.spans.order_by("first_number"),
            other_records=ListEntry.objects.filter(source=entry.source, entity_id=entry.entity_id).exclude(
                pk=entry.pk
            ),
            alerts=permissions.restrict(Alert.objects.filter(entry=entry), self.request.user).select_related(
                "party"
            ),
        )
        return context


# --- re-screening runs ---------------------------------------------------------------------------------


class RunListView(ObjectListView):
    model = ScreeningRun
    table_class = ScreeningRunTable
    title = "Re-screening runs"
    template_name = "screening/run_list.html"

    def get_queryset(self) -> QuerySet[ScreeningRun]:
        return super().get_queryset().select_related("list_version")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_start"] = permissions.allowed(self.request.user, ScreeningRun, "add")
        return context


class RunDetailView(ObjectDetailView):
    model = ScreeningRun
    template_name = "screening/run_detail.html"

    def get_template_names(self) -> list[str]:
        if self.kwargs.get("fragment"):
            return ["screening/_progress.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title=str(self.object),
            job=self.object,
            is_run=True,
            progress_url=self.object.get_progress_url(),
        )
        return context


class RunStartView(ModelPermissionMixin, View):
    model = ScreeningRun
    action = "add"
    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        run = services.start_rescreen(request.user)
        messages.success(request, f"Re-screening of {run.total} parties queued.")
        return HttpResponseRedirect(run.get_absolute_url())


# --- bulk screening -----------------------------------------------------------------------------------


class BulkListView(ObjectListView):
    model = BulkScreeningJob
    table_class = BulkScreeningJobTable
    title = "Bulk screening"
    extra_actions = [("Screen a file", "screening:bulk_create", "screening.screen_parties")]


class BulkCreateView(RoleRequiredMixin, View):
    permission_required = "screening.screen_parties"
    template_name = "screening/bulk_create.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": BulkScreeningForm(), "title": "Screen a file"})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = BulkScreeningForm(request.POST, request.FILES)
        context: dict[str, Any] = {"form": form, "title": "Screen a file"}
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                job = services.start_bulk_screening(
                    request.user,
                    upload.name,
                    upload.read(),
                    threshold=form.cleaned_data["threshold"],
                    limit=form.cleaned_data["limit"] or 10,
                )
            except services.QueryFileError as error:
                context["rejected"] = str(error)
                return render(request, self.template_name, context, status=400)
            messages.success(request, f"Screening {job.total} rows of {job.filename}.")
            return HttpResponseRedirect(job.get_absolute_url())
        return render(request, self.template_name, context, status=400)


class BulkDetailView(ObjectDetailView):
    model = BulkScreeningJob
    template_name = "screening/bulk_detail.html"

    def get_template_names(self) -> list[str]:
        if self.kwargs.get("fragment"):
            return ["screening/_progress.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        job: BulkScreeningJob = self.object
        context.update(
            title=f"Bulk screening: {job.filename}",
            job=job,
            progress_url=reverse("screening:bulk_progress", args=[job.pk]),
            matched_rows=job.rows.exclude(best_score=None).order_by("-best_score")[:100],
        )
        return context


class BulkResultsView(ModelPermissionMixin, View):
    """The results as JSON Lines (the contract's shape) or CSV, streamed."""

    model = BulkScreeningJob

    def get(self, request: HttpRequest, pk: Any, fmt: str) -> StreamingHttpResponse:
        if fmt not in ("csv", "jsonl"):
            raise Http404("Results come as .csv or .jsonl.")
        job = get_object_or_404(self.restricted("view"), pk=pk)
        results = (row.as_result() for row in job.rows.order_by("position").iterator(chunk_size=1000))
        stem = job.filename.rsplit(".", 1)[0] or "screening"
        if fmt == "jsonl":
            response = StreamingHttpResponse(
                results_jsonl(results), content_type="application/x-ndjson; charset=utf-8"
            )
        else:
            response = StreamingHttpResponse(results_csv(results), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{stem}-results.{fmt}"'
        return response
