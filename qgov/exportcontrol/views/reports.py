"""The 15 CFR 743.8 report page and its CSV download."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.generic import TemplateView

from qgov.core.views import RoleRequiredMixin
from qgov.exportcontrol.reports import ReportError, report_743_8, report_csv

REPORT_PERMISSION = "exportcontrol.view_release"


def _year(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return timezone.localdate().year


class Report7438View(RoleRequiredMixin, TemplateView):
    permission_required = REPORT_PERMISSION
    template_name = "exportcontrol/report_743_8.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = _year(self.request.GET.get("year"))
        try:
            report = report_743_8(year, today=timezone.localdate())
        except ReportError as error:
            context.update(error=str(error), year=year, title="15 CFR 743.8 reports")
            return context
        context.update(report=report, year=year, title=f"15 CFR 743.8 reports for {year}")
        return context


class Report7438CsvView(RoleRequiredMixin, TemplateView):
    permission_required = REPORT_PERMISSION

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        year = kwargs["year"]
        try:
            report = report_743_8(year, today=timezone.localdate())
        except ReportError as error:
            raise Http404(str(error)) from error
        response = HttpResponse(report_csv(report), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="qgov-743-8-{year}.csv"'
        return response
