"""The ledger browser for auditors: entries with filters, each with its proof and receipt, checkpoints,
on-demand verification and the offline export."""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from qgov.core.views import ObjectDetailView, ObjectListView, RoleRequiredMixin
from qgov.ledger import keys, services
from qgov.ledger.filtersets import LedgerEntryFilterSet
from qgov.ledger.models import Checkpoint, LedgerEntry, VerificationRun
from qgov.ledger.tables import CheckpointTable, LedgerEntryTable


class LedgerEntryListView(ObjectListView):
    model = LedgerEntry
    table_class = LedgerEntryTable
    filterset_class = LedgerEntryFilterSet
    title = "Decision ledger"
    template_name = "ledger/entry_list.html"
    extra_actions = [
        ("Checkpoints", "ledger:checkpoint_list", "ledger.view_checkpoint"),
        ("Verification", "ledger:verify", "ledger.verify_ledger"),
        ("Export for offline verification", "ledger:export", "ledger.export_ledger"),
    ]


class LedgerEntryDetailView(ObjectDetailView):
    model = LedgerEntry
    template_name = "ledger/entry_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        entry: LedgerEntry = self.object
        context["pretty"] = json.dumps(entry.entry, indent=2, ensure_ascii=False, sort_keys=True)
        checkpoint = Checkpoint.objects.filter(size__gt=entry.index).order_by("-size").first()
        context["checkpoint"] = checkpoint
        if checkpoint is not None:
            receipt = services.receipt(entry.index)
            context["proof"] = receipt["inclusion_proof"]
            context["proof_size"] = receipt["tree_size"]
        return context


class ReceiptDownloadView(RoleRequiredMixin, View):
    permission_required = "ledger.view_ledgerentry"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        get_object_or_404(LedgerEntry, pk=pk)
        response = JsonResponse(services.receipt(pk), json_dumps_params={"indent": 2, "ensure_ascii": False})
        response["Content-Disposition"] = f'attachment; filename="ledger-receipt-{pk}.json"'
        return response


class CheckpointListView(ObjectListView):
    model = Checkpoint
    table_class = CheckpointTable
    title = "Signed checkpoints"
    template_name = "ledger/checkpoint_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["public_key"] = keys.verifier_key().format()
        context["can_sign"] = self.request.user.has_perm("ledger.sign_checkpoint")
        return context


class SignCheckpointView(RoleRequiredMixin, View):
    permission_required = "ledger.sign_checkpoint"

    def post(self, request: HttpRequest) -> HttpResponse:
        checkpoint = services.sign_checkpoint_now()
        if checkpoint is None:
            messages.info(request, "The ledger is empty: there is nothing to sign.")
        else:
            messages.success(request, f"Signed a checkpoint at tree size {checkpoint.size}.")
        return HttpResponseRedirect(reverse("ledger:checkpoint_list"))


class VerifyView(RoleRequiredMixin, View):
    """GET shows past verifications; POST recomputes the whole log now."""

    permission_required = "ledger.verify_ledger"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(
            request,
            "ledger/verify.html",
            {"runs": VerificationRun.objects.all()[:20], "title": "Ledger verification"},
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        report = services.verify_live(actor=request.user)
        if report.ok:
            messages.success(
                request, f"The ledger verifies: {report.size} entries, root {report.root.hex()}."
            )
        else:
            messages.error(request, f"The ledger does NOT verify: {report.headline}")
        target = request.POST.get("next") or reverse("ledger:verify")
        return HttpResponseRedirect(target if target.startswith("/") else reverse("ledger:verify"))


class ExportView(RoleRequiredMixin, View):
    """A zip of the offline-verifiable export (the same files as `qgov ledger export DIR`)."""

    permission_required = "ledger.export_ledger"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "ledger/export.html", {"title": "Export the ledger"})

    def post(self, request: HttpRequest) -> HttpResponse:
        buffer = io.BytesIO()
        with tempfile.TemporaryDirectory() as tmp:
            try:
                services.export(Path(tmp))
            except services.LedgerEmpty as empty:
                messages.info(request, str(empty).capitalize() + ".")
                return HttpResponseRedirect(reverse("ledger:export"))
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                for path in sorted(Path(tmp).rglob("*")):
                    if path.is_file():
                        archive.write(path, f"ledger-export/{path.relative_to(tmp)}")
        buffer.seek(0)
        stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
        return FileResponse(buffer, as_attachment=True, filename=f"qgov-ledger-{stamp}.zip")


class PublicKeyView(RoleRequiredMixin, View):
    permission_required = "ledger.view_checkpoint"

    def get(self, request: HttpRequest) -> HttpResponse:
        response = HttpResponse(keys.verifier_key().format() + "\n", content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="ledger.pub"'
        return response
