"""Transaction-check pages: the list, a new check, a check with its determination, deciding a review."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from qgov.core import permissions
from qgov.core.views import ModelPermissionMixin, ObjectDetailView, ObjectListView
from qgov.exportcontrol.choices import CheckOutcome
from qgov.exportcontrol.filtersets import CheckFilterSet
from qgov.exportcontrol.forms import CheckForm, DecideCheckForm, EndReleaseForm, TerminationReportForm
from qgov.exportcontrol.models import Item, Licence, Release, TransactionCheck
from qgov.exportcontrol.services import releases
from qgov.exportcontrol.services.checks import CheckData, decide_check, request_check
from qgov.exportcontrol.views.common import show_errors
from qgov.exportcontrol.web_tables import CheckTable
from qgov.parties.models import Party


class CheckListView(ObjectListView):
    model = TransactionCheck
    table_class = CheckTable
    filterset_class = CheckFilterSet
    create_url = "exportcontrol:check_create"
    title = "Transaction checks"

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("item")


class CheckDetailView(ObjectDetailView):
    model = TransactionCheck
    template_name = "exportcontrol/check_detail.html"

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("item", "licence", "consignee", "end_user", "recipient")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        check: TransactionCheck = self.object
        user = self.request.user
        context["release"] = Release.objects.filter(transaction_check=check).first()
        context["screening"] = [(role.replace("_", " "), answer) for role, answer in check.screening.items()]
        if check.outcome == CheckOutcome.NEEDS_REVIEW and user.has_perm("exportcontrol.decide_transaction"):
            context["decide_url"] = reverse("exportcontrol:check_decide", args=[check.pk])
        if context["release"] is not None and user.has_perm("exportcontrol.change_release"):
            context["end_form"] = EndReleaseForm(initial={"last_day": timezone.localdate()})
            context["report_form"] = TerminationReportForm(initial={"submitted_on": timezone.localdate()})
        if user.has_perm("ledger.view_ledgerentry"):
            from qgov.ledger.models import LedgerEntry

            context["ledger_entries"] = LedgerEntry.objects.filter(
                subject_type="exportcontrol.transactioncheck", subject_id=str(check.pk)
            )
        return context


class CheckCreateView(ModelPermissionMixin, View):
    model = TransactionCheck
    action = "add"
    template_name = "exportcontrol/check_form.html"

    def _form(self, data: Any = None, initial: Any = None) -> CheckForm:
        user = self.request.user
        return CheckForm(
            data,
            initial=initial,
            items=permissions.restrict(Item.objects.all(), user),
            parties=permissions.restrict(Party.objects.all(), user),
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        initial = {"date": timezone.localdate(), "currency": "USD", "item": request.GET.get("item")}
        return self._render(request, self._form(initial=initial))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = self._form(request.POST)
        if form.is_valid():
            try:
                check = request_check(request.user, CheckData(**form.check_fields()))
                messages.success(
                    request, f"Checked: {check.get_outcome_display().lower()}. The decision is in the ledger."
                )
                return HttpResponseRedirect(check.get_absolute_url())
            except ValidationError as error:
                show_errors(error, form)
        return self._render(request, form, status=400)

    def _render(self, request: HttpRequest, form: CheckForm, status: int = 200) -> HttpResponse:
        return render(
            request,
            self.template_name,
            {
                "form": form,
                "title": "New transaction check",
                "cancel_url": reverse("exportcontrol:check_list"),
            },
            status=status,
        )


class CheckDecideView(ModelPermissionMixin, View):
    model = TransactionCheck
    permission_required = "exportcontrol.decide_transaction"
    template_name = "exportcontrol/check_decide.html"

    def _form(self, check: TransactionCheck, data: Any = None) -> DecideCheckForm:
        licences = Licence.objects.filter(jurisdiction="US-EAR").order_by("reference")
        return DecideCheckForm(data, licences=licences)

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        check = get_object_or_404(self.restricted("view"), pk=pk)
        return self._render(request, check, self._form(check))

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        check = get_object_or_404(self.restricted("view"), pk=pk)
        form = self._form(check, request.POST)
        if form.is_valid():
            try:
                decide_check(
                    request.user,
                    check,
                    outcome=form.cleaned_data["outcome"],
                    justification=form.cleaned_data["justification"],
                    licence=form.cleaned_data["licence"],
                )
                messages.success(request, "Decision recorded in the ledger.")
                return HttpResponseRedirect(check.get_absolute_url())
            except ValidationError as error:
                show_errors(error, form)
        return self._render(request, check, form, status=400)

    def _render(
        self, request: HttpRequest, check: TransactionCheck, form: DecideCheckForm, status: int = 200
    ) -> HttpResponse:
        return render(
            request,
            self.template_name,
            {
                "object": check,
                "form": form,
                "title": f"Decide: {check}",
                "cancel_url": check.get_absolute_url(),
            },
            status=status,
        )


class ReleaseActionView(ModelPermissionMixin, View):
    model = Release
    action = "change"
    http_method_names = ["post"]

    def release(self, pk: Any) -> Release:
        release = get_object_or_404(Release.objects.select_related("transaction_check"), pk=pk)
        get_object_or_404(
            permissions.restrict(TransactionCheck.objects.all(), self.request.user),
            pk=release.transaction_check_id,
        )
        return release


class ReleaseEndView(ReleaseActionView):
    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        release = self.release(pk)
        form = EndReleaseForm(request.POST)
        if form.is_valid():
            try:
                releases.end_release(
                    request.user,
                    release,
                    last_day=form.cleaned_data["last_day"],
                    leaving_for=form.cleaned_data["leaving_for"],
                )
                messages.success(request, "Last day recorded: the termination report is due within 30 days.")
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
        else:
            messages.error(request, "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()))
        return HttpResponseRedirect(release.transaction_check.get_absolute_url() + "#release")


class ReleaseReportedView(ReleaseActionView):
    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        release = self.release(pk)
        form = TerminationReportForm(request.POST)
        if form.is_valid():
            try:
                releases.record_termination_report(
                    request.user, release, submitted_on=form.cleaned_data["submitted_on"]
                )
                messages.success(request, "Termination report recorded.")
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
        else:
            messages.error(request, "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()))
        return HttpResponseRedirect(release.transaction_check.get_absolute_url() + "#release")
