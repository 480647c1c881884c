"""Licence register pages: list, detail with drawdowns, create and edit."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views import View

from qgov.core import permissions
from qgov.core.views import ModelPermissionMixin, ObjectDetailView, ObjectListView
from qgov.exportcontrol.filtersets import LicenceFilterSet
from qgov.exportcontrol.forms import LicenceForm, split_list
from qgov.exportcontrol.models import Licence
from qgov.exportcontrol.services.licences import LicenceData, create_licence, update_licence
from qgov.exportcontrol.views.common import show_errors
from qgov.exportcontrol.web_tables import LicenceTable
from qgov.parties.models import Party


class LicenceListView(ObjectListView):
    model = Licence
    table_class = LicenceTable
    filterset_class = LicenceFilterSet
    create_url = "exportcontrol:licence_create"
    title = "Licences, exceptions and general licences"


class LicenceDetailView(ObjectDetailView):
    model = Licence
    template_name = "exportcontrol/licence_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["drawdowns"] = self.object.drawdowns.select_related("transaction_check__item")
        return context


class LicenceEditView(ModelPermissionMixin, View):
    model = Licence
    template_name = "core/object_form.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.action = "change" if "pk" in kwargs else "add"
        return super().dispatch(request, *args, **kwargs)

    def _parties(self) -> Any:
        return permissions.restrict(Party.objects.all(), self.request.user)

    def get(self, request: HttpRequest, pk: Any = None) -> HttpResponse:
        licence = get_object_or_404(self.restricted("change"), pk=pk) if pk else None
        initial = LicenceForm.initial_for(licence) if licence else None
        return self._render(request, licence, LicenceForm(initial=initial, parties=self._parties()))

    def post(self, request: HttpRequest, pk: Any = None) -> HttpResponse:
        licence = get_object_or_404(self.restricted("change"), pk=pk) if pk else None
        form = LicenceForm(request.POST, parties=self._parties())
        if form.is_valid():
            values = dict(form.cleaned_data)
            for key in ("entries", "destinations"):
                values[key] = split_list(values[key])
            data = LicenceData(**values)
            try:
                if licence is None:
                    licence = create_licence(request.user, data)
                    messages.success(request, f"Recorded {licence}.")
                else:
                    licence = update_licence(request.user, licence, data)
                    messages.success(request, f"Saved {licence}.")
                return HttpResponseRedirect(licence.get_absolute_url())
            except ValidationError as error:
                show_errors(error, form)
        return self._render(request, licence, form, status=400)

    def _render(
        self, request: HttpRequest, licence: Licence | None, form: LicenceForm, status: int = 200
    ) -> HttpResponse:
        return render(
            request,
            self.template_name,
            {
                "form": form,
                "object": licence,
                "title": f"Edit {licence}" if licence else "New licence",
                "cancel_url": licence.get_absolute_url()
                if licence
                else reverse("exportcontrol:licence_list"),
            },
            status=status,
        )
