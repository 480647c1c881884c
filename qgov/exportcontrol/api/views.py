"""Export-control API: items and their classification, licences, transaction checks, the 743.8 report.

The same permission checks and services as the web pages; a service's ValidationError becomes a 400
naming the field.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from qgov.core.api import RestrictedModelViewSet, RestrictedReadOnlyViewSet
from qgov.exportcontrol.api.serializers import (
    CheckSerializer,
    ConfirmSerializer,
    DecideSerializer,
    DecisionSerializer,
    ItemSerializer,
    LicenceSerializer,
    OverrideSerializer,
    ProposalSerializer,
    ReviewTaskSerializer,
)
from qgov.exportcontrol.filtersets import CheckFilterSet, ItemFilterSet, LicenceFilterSet, ReviewTaskFilterSet
from qgov.exportcontrol.models import (
    ClassificationDecision,
    ClassificationProposal,
    Item,
    Licence,
    ReviewTask,
    TransactionCheck,
)
from qgov.exportcontrol.reports import ReportError, report_743_8
from qgov.exportcontrol.services import classification, items, licences
from qgov.exportcontrol.services.checks import decide_check, request_check


def as_drf_error(error: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError(error.message_dict if hasattr(error, "error_dict") else error.messages)


class ItemViewSet(RestrictedModelViewSet):
    queryset = Item.objects.prefetch_related("parameters", "parties__party")
    serializer_class = ItemSerializer
    filterset_class = ItemFilterSet
    ordering_fields = ["name", "last_updated", "created"]

    def perform_create(self, serializer: ItemSerializer) -> None:  # type: ignore[override]
        try:
            serializer.instance = items.create_item(self.request.user, serializer.to_item_data())
        except DjangoValidationError as error:
            raise as_drf_error(error) from error

    def perform_update(self, serializer: ItemSerializer) -> None:  # type: ignore[override]
        try:
            serializer.instance = items.update_item(
                self.request.user, serializer.instance, serializer.to_item_data()
            )
        except DjangoValidationError as error:
            raise as_drf_error(error) from error

    def perform_destroy(self, instance: Item) -> None:
        try:
            items.delete_item(self.request.user, instance)
        except DjangoValidationError as error:
            raise as_drf_error(error) from error

    def _item(self, pk: Any) -> Item:
        return get_object_or_404(self.get_queryset(), pk=pk)

    @extend_schema(request=ConfirmSerializer, responses={201: DecisionSerializer})
    @action(detail=True, methods=["post"], required_permission=classification.CONFIRM)
    def confirm(self, request: Request, pk: Any = None, format: str | None = None) -> Response:
        body = ConfirmSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            decision = classification.confirm_classification(
                request.user,
                self._item(pk),
                note=body.validated_data["note"],
                proposal_id=body.validated_data.get("proposal"),
            )
        except DjangoValidationError as error:
            raise as_drf_error(error) from error
        return Response(DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=OverrideSerializer, responses={201: DecisionSerializer})
    @action(detail=True, methods=["post"], required_permission=classification.CONFIRM)
    def override(self, request: Request, pk: Any = None, format: str | None = None) -> Response:
        body = OverrideSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            decision = classification.override_classification(
                request.user,
                self._item(pk),
                entries=body.validated_data["entries"],
                justification=body.validated_data["justification"],
                proposal_id=body.validated_data.get("proposal"),
            )
        except DjangoValidationError as error:
            raise as_drf_error(error) from error
        return Response(DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={201: ProposalSerializer})
    @action(detail=True, methods=["post"], required_permission="exportcontrol.change_item")
    def reclassify(self, request: Request, pk: Any = None, format: str | None = None) -> Response:
        proposal = classification.reclassify(request.user, self._item(pk))
        return Response(ProposalSerializer(proposal).data, status=status.HTTP_201_CREATED)


class ProposalViewSet(RestrictedReadOnlyViewSet):
    queryset = ClassificationProposal.objects.all()
    serializer_class = ProposalSerializer
    filterset_fields = ["item", "status"]


class DecisionViewSet(RestrictedReadOnlyViewSet):
    queryset = ClassificationDecision.objects.select_related("proposal")
    serializer_class = DecisionSerializer
    filterset_fields = ["item", "kind", "stale"]


class LicenceViewSet(RestrictedModelViewSet):
    queryset = Licence.objects.all()
    serializer_class = LicenceSerializer
    filterset_class = LicenceFilterSet
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def perform_create(self, serializer: LicenceSerializer) -> None:  # type: ignore[override]
        try:
            serializer.instance = licences.create_licence(self.request.user, serializer.to_licence_data())
        except DjangoValidationError as error:
            raise as_drf_error(error) from error

    def perform_update(self, serializer: LicenceSerializer) -> None:  # type: ignore[override]
        try:
            serializer.instance = licences.update_licence(
                self.request.user, serializer.instance, serializer.to_licence_data()
            )
        except DjangoValidationError as error:
            raise as_drf_error(error) from error


class TransactionCheckViewSet(mixins.CreateModelMixin, RestrictedReadOnlyViewSet):
    queryset = TransactionCheck.objects.select_related("item", "licence")
    serializer_class = CheckSerializer
    filterset_class = CheckFilterSet

    def perform_create(self, serializer: CheckSerializer) -> None:  # type: ignore[override]
        try:
            serializer.instance = request_check(self.request.user, serializer.to_check_data())
        except DjangoValidationError as error:
            raise as_drf_error(error) from error

    @extend_schema(request=DecideSerializer, responses={200: CheckSerializer})
    @action(detail=True, methods=["post"], required_permission="exportcontrol.decide_transaction")
    def decide(self, request: Request, pk: Any = None, format: str | None = None) -> Response:
        body = DecideSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        check = get_object_or_404(self.get_queryset(), pk=pk)
        try:
            check = decide_check(request.user, check, **body.validated_data)
        except DjangoValidationError as error:
            raise as_drf_error(error) from error
        return Response(CheckSerializer(check, context={"request": request}).data)


class ReviewTaskViewSet(RestrictedReadOnlyViewSet):
    queryset = ReviewTask.objects.all()
    serializer_class = ReviewTaskSerializer
    filterset_class = ReviewTaskFilterSet


class Report7438View(APIView):
    """The 15 CFR 743.8 annual report for a year (period ending 31 December) and its termination reports."""

    required_permission = "exportcontrol.view_release"

    @extend_schema(
        parameters=[OpenApiParameter("year", int, description="Default: this year")], responses={200: dict}
    )
    def get(self, request: Request) -> Response:
        year_text = request.query_params.get("year") or str(timezone.localdate().year)
        if not year_text.isdigit():
            return Response({"year": ["Give the year as four digits."]}, status=status.HTTP_400_BAD_REQUEST)
        try:
            report = report_743_8(int(year_text), today=timezone.localdate())
        except ReportError as error:
            return Response({"year": [str(error)]}, status=status.HTTP_400_BAD_REQUEST)
        return Response(report.to_json())
