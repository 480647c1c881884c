"""Party registry pages: list, detail, create, edit, delete, relationships and import."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views import View

from qgov.core import permissions
from qgov.core.views import ModelPermissionMixin, ObjectDetailView, ObjectListView, RoleRequiredMixin
from qgov.parties import importer, services
from qgov.parties.filtersets import PartyFilterSet
from qgov.parties.forms import (
    AddressFormSet,
    CountryFormSet,
    IdentifierFormSet,
    ImportForm,
    PartyForm,
    RelationshipForm,
    party_data_from,
)
from qgov.parties.models import Party, PartyRelationship
from qgov.parties.tables import PartyTable


class PartyListView(ObjectListView):
    model = Party
    table_class = PartyTable
    filterset_class = PartyFilterSet
    create_url = "parties:party_create"
    extra_actions = [("Import", "parties:party_import", "parties.import_parties")]

    def get_queryset(self) -> Any:
        return super().get_queryset().prefetch_related("countries")


class PartyDetailView(ObjectDetailView):
    model = Party
    template_name = "parties/party_detail.html"

    def get_queryset(self) -> Any:
        return (
            super()
            .get_queryset()
            .prefetch_related("aliases", "countries", "identifiers", "addresses", "tags")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        party: Party = self.object
        visible = permissions.restrict(Party.objects.all(), self.request.user)
        context["relationships_out"] = party.relationships_out.filter(target__in=visible).select_related(
            "target"
        )
        context["relationships_in"] = party.relationships_in.filter(source__in=visible).select_related(
            "source"
        )
        if context["can_change"]:
            context["relationship_form"] = RelationshipForm(queryset=visible.exclude(pk=party.pk))
        context["can_delete"] = permissions.allowed(self.request.user, Party, "delete")
        from qgov.ledger.models import LedgerEntry

        if self.request.user.has_perm("ledger.view_ledgerentry"):
            context["ledger_entries"] = LedgerEntry.objects.filter(
                subject_type="parties.party", subject_id=str(party.pk)
            )[:20]
        context["extra_panels"] = party_detail_panels(self.request, party)
        return context


def party_detail_panels(request: HttpRequest, party: Party) -> list[str]:
    """Panels other domains add to a party page (e.g. screening status), rendered to HTML."""
    from django.apps import apps

    panels = []
    for config in apps.get_app_configs():
        hook = getattr(config, "party_panel", None)
        if hook is not None:
            html = hook(request, party)
            if html:
                panels.append(html)
    return panels


class PartyEditView(ModelPermissionMixin, View):
    """Create (no pk) or edit (pk) a party with its countries, identifiers and addresses."""

    model = Party
    template_name = "parties/party_form.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.action = "change" if "pk" in kwargs else "add"
        return super().dispatch(request, *args, **kwargs)

    def get(self, request: HttpRequest, pk: Any = None) -> HttpResponse:
        party = get_object_or_404(self.restricted("change"), pk=pk) if pk else None
        if party is None:
            forms = self._forms(None, initial_kind=request.GET.get("kind"))
        else:
            forms = self._forms(None, party=party)
        return self._render(request, party, forms)

    def post(self, request: HttpRequest, pk: Any = None) -> HttpResponse:
        party = get_object_or_404(self.restricted("change"), pk=pk) if pk else None
        forms = self._forms(request.POST)
        if all(f.is_valid() for f in forms.values()):
            data = party_data_from(
                forms["form"], forms["countries"], forms["identifiers"], forms["addresses"]
            )
            try:
                if party is None:
                    party = services.create_party(request.user, data)
                    messages.success(request, f"Created {party}.")
                else:
                    party = services.update_party(request.user, party, data)
                    messages.success(request, f"Saved {party}.")
                return HttpResponseRedirect(party.get_absolute_url())
            except ValidationError as error:
                for field, problems in error.message_dict.items():
                    for problem in problems:
                        forms["form"].add_error(field if field in forms["form"].fields else None, problem)
        return self._render(request, party, forms, status=400)

    def _forms(
        self, data: Any, party: Party | None = None, initial_kind: str | None = None
    ) -> dict[str, Any]:
        if party is not None and data is None:
            return {
                "form": PartyForm(initial=PartyForm.initial_for(party)),
                "countries": CountryFormSet(
                    prefix="countries",
                    initial=[{"country": c.country, "role": c.role} for c in party.countries.all()],
                ),
                "identifiers": IdentifierFormSet(
                    prefix="identifiers",
                    initial=[
                        {"scheme": i.scheme, "value": i.value, "issuer_country": i.issuer_country}
                        for i in party.identifiers.all()
                    ],
                ),
                "addresses": AddressFormSet(
                    prefix="addresses",
                    initial=[
                        {
                            "street": a.street,
                            "postal_code": a.postal_code,
                            "city": a.city,
                            "region": a.region,
                            "country": a.country,
                        }
                        for a in party.addresses.all()
                    ],
                ),
            }
        initial = {"kind": initial_kind} if initial_kind else None
        return {
            "form": PartyForm(data, initial=initial),
            "countries": CountryFormSet(data, prefix="countries"),
            "identifiers": IdentifierFormSet(data, prefix="identifiers"),
            "addresses": AddressFormSet(data, prefix="addresses"),
        }

    def _render(
        self, request: HttpRequest, party: Party | None, forms: dict[str, Any], status: int = 200
    ) -> HttpResponse:
        return render(
            request,
            self.template_name,
            {
                **forms,
                "object": party,
                "title": f"Edit {party}" if party else "New party",
                "cancel_url": party.get_absolute_url() if party else reverse("parties:party_list"),
            },
            status=status,
        )


class PartyDeleteView(ModelPermissionMixin, View):
    model = Party
    action = "delete"

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        party = get_object_or_404(self.restricted("delete"), pk=pk)
        return render(request, "core/confirm_delete.html", {"object": party, "title": f"Delete {party}"})

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        party = get_object_or_404(self.restricted("delete"), pk=pk)
        services.delete_party(request.user, party)
        messages.success(request, f"Deleted {party}.")
        return HttpResponseRedirect(reverse("parties:party_list"))


class RelationshipAddView(ModelPermissionMixin, View):
    model = Party
    action = "change"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        party = get_object_or_404(self.restricted("change"), pk=pk)
        visible = self.restricted("view").exclude(pk=party.pk)
        form = RelationshipForm(request.POST, queryset=visible)
        if form.is_valid():
            try:
                services.add_relationship(
                    request.user,
                    party,
                    form.cleaned_data["target"],
                    form.cleaned_data["type"],
                    ownership_percent=form.cleaned_data["ownership_percent"],
                    since=form.cleaned_data["since"],
                    notes=form.cleaned_data["notes"],
                )
                messages.success(request, "Relationship added.")
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
        else:
            messages.error(request, "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()))
        return HttpResponseRedirect(party.get_absolute_url() + "#relationships")


class RelationshipRemoveView(ModelPermissionMixin, View):
    model = Party
    action = "change"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: Any, relation_id: Any) -> HttpResponse:
        party = get_object_or_404(self.restricted("change"), pk=pk)
        relation = get_object_or_404(PartyRelationship, pk=relation_id, source=party)
        services.remove_relationship(request.user, relation)
        messages.success(request, "Relationship removed.")
        return HttpResponseRedirect(party.get_absolute_url() + "#relationships")


class PartyImportView(RoleRequiredMixin, View):
    permission_required = "parties.import_parties"
    template_name = "parties/party_import.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": ImportForm(), "columns": importer.COLUMNS})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ImportForm(request.POST, request.FILES)
        context: dict[str, Any] = {"form": form, "columns": importer.COLUMNS}
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = importer.import_parties(request.user, upload.name, upload.read())
            except importer.ImportRejected as rejected:
                context.update(rejected=rejected)
                return render(request, self.template_name, context, status=400)
            messages.success(request, f"Imported {len(result.created)} parties from {upload.name}.")
            return HttpResponseRedirect(reverse("parties:party_list"))
        return render(request, self.template_name, context, status=400)
