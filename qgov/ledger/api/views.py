"""Ledger API: read entries and checkpoints, fetch receipts and the public key, run a verification."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import views
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from qgov.core.api import RestrictedReadOnlyViewSet
from qgov.ledger import keys, services
from qgov.ledger.api.serializers import CheckpointSerializer, LedgerEntrySerializer, VerificationRunSerializer
from qgov.ledger.filtersets import LedgerEntryFilterSet
from qgov.ledger.models import Checkpoint, LedgerEntry, VerificationRun


class LedgerEntryViewSet(RestrictedReadOnlyViewSet):
    queryset = LedgerEntry.objects.all()
    serializer_class = LedgerEntrySerializer
    filterset_class = LedgerEntryFilterSet
    ordering_fields = ["index", "recorded_at"]

    @extend_schema(responses={200: dict})
    @action(detail=True, methods=["get"])
    def receipt(self, request: Request, pk: str | None = None, format: str | None = None) -> Response:
        entry = self.get_object()
        return Response(services.receipt(entry.index))


class CheckpointViewSet(RestrictedReadOnlyViewSet):
    queryset = Checkpoint.objects.all()
    serializer_class = CheckpointSerializer


class VerificationView(views.APIView):
    """GET: the latest verification; POST: verify the whole ledger now."""

    required_permission = "ledger.verify_ledger"

    @extend_schema(responses={200: VerificationRunSerializer})
    def get(self, request: Request) -> Response:
        run = VerificationRun.objects.first()
        return Response(VerificationRunSerializer(run).data if run else None)

    @extend_schema(request=None, responses={200: VerificationRunSerializer})
    def post(self, request: Request) -> Response:
        services.verify_live(actor=request.user)
        return Response(VerificationRunSerializer(VerificationRun.objects.first()).data)


class PublicKeyView(views.APIView):
    required_permission = "ledger.view_checkpoint"

    @extend_schema(responses={200: dict})
    def get(self, request: Request) -> Response:
        return Response({"verifier_key": keys.verifier_key().format()})
