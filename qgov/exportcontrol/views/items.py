"""Item pages: the register list, an item with its classification and history, the item form."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views import View

from qgov.core import permissions
from qgov.core.views import ModelPermissionMixin, ObjectDetailView, ObjectListView, RoleRequiredMixin
from qgov.exportcontrol.filtersets import ItemFilterSet
from qgov.exportcontrol.forms import (
    ConfirmForm,
    EvidenceForm,
    ItemForm,
    ItemPartyForm,
    OverrideForm,
    ParameterForm,
    item_data_from,
)
from qgov.exportcontrol.models import Item, ItemEvidence, ItemParty, TransactionCheck
from qgov.exportcontrol.services import classification, items
from qgov.exportcontrol.services.engine_io import entry_key
from qgov.exportcontrol.views.common import show_errors
from qgov.exportcontrol.web_tables import ItemTable
from qgov.parties.models import Party


class ItemListView(ObjectListView):
    model = Item
    table_class = ItemTable
    filterset_class = ItemFilterSet
    create_url = "exportcontrol:item_create"
    title = "Items"

    def get_queryset(self) -> Any:
        return super().get_queryset().prefetch_related("proposals", "decisions")


def classification_history(item: Item) -> list[dict[str, Any]]:
    """Proposals and decisions, newest first: who, when, what the engine said and what was decided."""
    events: list[dict[str, Any]] = [
        {"when": p.created, "who": "engine", "kind": "proposal", "proposal": p} for p in item.proposals.all()
    ]
    events += [
        {"when": d.decided_at, "who": d.decided_by_name, "kind": "decision", "decision": d}
        for d in item.decisions.select_related("proposal")
    ]
    return sorted(events, key=lambda event: event["when"], reverse=True)


class ItemDetailView(ObjectDetailView):
    model = Item
    template_name = "exportcontrol/item_detail.html"

    def get_queryset(self) -> Any:
        return super().get_queryset().prefetch_related("parameters", "evidence", "parties__party")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        item: Item = self.object
        user = self.request.user
        proposal, decision = item.latest_proposal, item.latest_decision
        can_confirm = user.has_perm(classification.CONFIRM)
        context.update(
            proposal=proposal,
            result=proposal.result if proposal else None,
            decision=decision,
            history=classification_history(item),
            can_confirm=can_confirm and proposal is not None,
            review_tasks=item.review_tasks.filter(status__in=["open", "in_progress"]),
            checks=permissions.restrict(TransactionCheck.objects.filter(item=item), user)[:10],
        )
        if can_confirm and proposal is not None:
            context["confirm_form"] = ConfirmForm(initial={"proposal": proposal.pk})
        if context["can_change"]:
            context["evidence_form"] = EvidenceForm()
            context["party_form"] = ItemPartyForm(queryset=permissions.restrict(Party.objects.all(), user))
        if user.has_perm("ledger.view_ledgerentry"):
            from qgov.ledger.models import LedgerEntry

            context["ledger_entries"] = LedgerEntry.objects.filter(
                subject_type="exportcontrol.item", subject_id=str(item.pk)
            )[:20]
        return context


class ItemEditView(ModelPermissionMixin, View):
    """Create (no pk) or edit (pk) an item; the parameter rows follow the chosen kind and category."""

    model = Item
    template_name = "exportcontrol/item_form.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.action = "change" if "pk" in kwargs else "add"
        return super().dispatch(request, *args, **kwargs)

    def _item(self, pk: Any) -> Item | None:
        return get_object_or_404(self.restricted("change"), pk=pk) if pk else None

    def get(self, request: HttpRequest, pk: Any = None) -> HttpResponse:
        item = self._item(pk)
        url = reverse("exportcontrol:item_parameter_fields")
        if item is None:
            form = ItemForm(fields_url=url, initial={"item_kind": "commodity"})
            parameters = ParameterForm(item_kind="commodity", category="")
        else:
            form = ItemForm(fields_url=url, initial=ItemForm.initial_for(item))
            parameters = ParameterForm(
                item_kind=item.item_kind, category=item.category, initial=ParameterForm.initial_for(item)
            )
        return self._render(request, item, form, parameters)

    def post(self, request: HttpRequest, pk: Any = None) -> HttpResponse:
        item = self._item(pk)
        form = ItemForm(request.POST, fields_url=reverse("exportcontrol:item_parameter_fields"))
        kind, category = request.POST.get("item_kind", "commodity"), request.POST.get("category", "")
        parameters = ParameterForm(request.POST, item_kind=kind, category=category)
        if request.POST.get("parameters_for", "") != f"{kind}:{category}":
            # Without JavaScript the fieldset could not follow the category: show the right one first.
            messages.info(
                request, "The parameters now match the chosen kind and category: fill them in and save."
            )
            return self._render(request, item, form, ParameterForm(item_kind=kind, category=category))
        if form.is_valid() and parameters.is_valid():
            data = item_data_from(form, parameters)
            try:
                if item is None:
                    item = items.create_item(request.user, data)
                    messages.success(request, f"Created {item}.")
                else:
                    item = items.update_item(request.user, item, data)
                    messages.success(request, f"Saved {item}.")
                return HttpResponseRedirect(item.get_absolute_url())
            except ValidationError as error:
                self._show(error, form, parameters)
        return self._render(request, item, form, parameters, status=400)

    @staticmethod
    def _show(error: ValidationError, form: ItemForm, parameters: ParameterForm) -> None:
        remaining: dict[str, list[str]] = {}
        for field, problems in error.message_dict.items():
            name = field.removeprefix("parameters.")
            for problem in problems:
                if field.startswith("parameters.") and parameters.add_engine_error(name, problem):
                    continue
                remaining.setdefault(field, []).append(problem)
        if remaining:
            show_errors(ValidationError(remaining), form)

    def _render(
        self,
        request: HttpRequest,
        item: Item | None,
        form: ItemForm,
        parameters: ParameterForm,
        status: int = 200,
    ) -> HttpResponse:
        return render(
            request,
            self.template_name,
            {
                "form": form,
                "parameters": parameters,
                "object": item,
                "title": f"Edit {item}" if item else "New item",
                "cancel_url": item.get_absolute_url() if item else reverse("exportcontrol:item_list"),
            },
            status=status,
        )


class ParameterFieldsView(RoleRequiredMixin, View):
    """The parameter fieldset for a kind and category (swapped in by HTMX when either changes)."""

    permission_required = "exportcontrol.add_item"

    def get(self, request: HttpRequest) -> HttpResponse:
        kind, category = request.GET.get("item_kind", "commodity"), request.GET.get("category", "")
        return render(
            request,
            "exportcontrol/_parameter_fieldset.html",
            {"parameters": ParameterForm(item_kind=kind, category=category)},
        )


class ItemActionView(ModelPermissionMixin, View):
    """A POST about one item, answered by a redirect to the item page with a message."""

    model = Item
    action = "change"
    http_method_names = ["post"]

    def item(self, pk: Any) -> Item:
        return get_object_or_404(self.restricted("view"), pk=pk)

    def done(self, item: Item, anchor: str = "") -> HttpResponse:
        return HttpResponseRedirect(item.get_absolute_url() + anchor)


class ConfirmView(ItemActionView):
    permission_required = classification.CONFIRM

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        item = self.item(pk)
        form = ConfirmForm(request.POST)
        if not form.is_valid():
            messages.error(request, "The confirmation form was incomplete; reload the page and try again.")
            return self.done(item)
        try:
            classification.confirm_classification(
                request.user, item, note=form.cleaned_data["note"], proposal_id=form.cleaned_data["proposal"]
            )
            messages.success(request, f"Classification of {item} confirmed and recorded in the ledger.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return self.done(item, "#classification")


class OverrideView(ModelPermissionMixin, View):
    model = Item
    permission_required = classification.CONFIRM
    template_name = "exportcontrol/item_override.html"

    def _form(self, item: Item, data: Any = None) -> OverrideForm:
        choices = [
            (entry_key(e), f"{entry_key(e)}: {e.get('title', '')}"[:160])
            for e in classification.override_choices(item)
        ]
        proposal = item.latest_proposal
        initial = {
            "proposal": proposal.pk if proposal else None,
            "entries": proposal.entry_keys if proposal else [],
        }
        return OverrideForm(data, choices=choices, initial=initial)

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        item = get_object_or_404(self.restricted("view"), pk=pk)
        return self._render(request, item, self._form(item))

    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        item = get_object_or_404(self.restricted("view"), pk=pk)
        form = self._form(item, request.POST)
        if form.is_valid():
            try:
                classification.override_classification(
                    request.user,
                    item,
                    entries=form.cleaned_data["entries"],
                    justification=form.cleaned_data["justification"],
                    proposal_id=form.cleaned_data["proposal"],
                )
                messages.success(request, f"Classification of {item} overridden and recorded in the ledger.")
                return HttpResponseRedirect(item.get_absolute_url() + "#classification")
            except ValidationError as error:
                show_errors(error, form)
        return self._render(request, item, form, status=400)

    def _render(
        self, request: HttpRequest, item: Item, form: OverrideForm, status: int = 200
    ) -> HttpResponse:
        return render(
            request,
            self.template_name,
            {
                "object": item,
                "form": form,
                "proposal": item.latest_proposal,
                "title": f"Override the classification of {item}",
            },
            status=status,
        )


class ReclassifyView(ItemActionView):
    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        item = self.item(pk)
        proposal = classification.reclassify(request.user, item)
        messages.success(
            request, f"Re-classified: proposal {proposal.number} ({proposal.status.replace('_', ' ')})."
        )
        return self.done(item, "#classification")


class EvidenceAddView(ItemActionView):
    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        item = self.item(pk)
        form = EvidenceForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                items.add_evidence(
                    request.user,
                    item,
                    upload=form.cleaned_data["file"],
                    effective_date=form.cleaned_data["effective_date"],
                    kind=form.cleaned_data["kind"],
                    description=form.cleaned_data["description"],
                    expires_on=form.cleaned_data["expires_on"],
                )
                messages.success(request, "Evidence attached.")
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
        else:
            messages.error(request, "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()))
        return self.done(item, "#evidence")


class EvidenceDownloadView(ModelPermissionMixin, View):
    model = Item

    def get(self, request: HttpRequest, pk: Any, evidence_id: int) -> HttpResponse:
        item = get_object_or_404(self.restricted("view"), pk=pk)
        evidence = get_object_or_404(ItemEvidence, pk=evidence_id, item=item)
        name = evidence.file.name.rsplit("/", 1)[-1]
        return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=name)


class ItemPartyAddView(ItemActionView):
    def post(self, request: HttpRequest, pk: Any) -> HttpResponse:
        item = self.item(pk)
        form = ItemPartyForm(request.POST, queryset=permissions.restrict(Party.objects.all(), request.user))
        if form.is_valid():
            try:
                items.add_item_party(
                    request.user, item, form.cleaned_data["party"], form.cleaned_data["role"]
                )
                messages.success(request, "Party added.")
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
        else:
            messages.error(request, "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()))
        return self.done(item, "#parties")


class ItemPartyRemoveView(ItemActionView):
    def post(self, request: HttpRequest, pk: Any, link_id: Any) -> HttpResponse:
        item = self.item(pk)
        link = get_object_or_404(ItemParty, pk=link_id, item=item)
        items.remove_item_party(request.user, link)
        messages.success(request, "Party removed.")
        return self.done(item, "#parties")
