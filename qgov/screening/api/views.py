"""Screening API: screen a party or a name, list and read alerts, record dispositions, list versions."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import parsers, serializers, status, views
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from qgov.core import permissions
from qgov.core.api import RestrictedReadOnlyViewSet
from qgov.countries import resolve_country
from qgov.parties.models import Party
from qgov.screening import services
from qgov.screening.api.serializers import (
    AlertDetailSerializer,
    AlertSerializer,
    DispositionRequestSerializer,
    DispositionSerializer,
    ListVersionSerializer,
    ScreeningRunSerializer,
    ScreenRequestSerializer,
)
from qgov.screening.entities import EntityKind
from qgov.screening.filtersets import AlertFilterSet
from qgov.screening.matcher import PartyQuery
from qgov.screening.models import Alert, ListVersion, ScreeningRun


class ListVersionViewSet(RestrictedReadOnlyViewSet):
    queryset = ListVersion.objects.select_related("source")
    serializer_class = ListVersionSerializer
    filterset_fields = ["source", "number"]
    ordering_fields = ["imported_at", "number"]


class ScreeningRunViewSet(RestrictedReadOnlyViewSet):
    queryset = ScreeningRun.objects.select_related("list_version")
    serializer_class = ScreeningRunSerializer


class AlertViewSet(RestrictedReadOnlyViewSet):
    """Alerts of registry parties; ``?status=`` open, escalated, false_positive, true_match, withdrawn,
    unresolved (open or escalated) or any (the default)."""

    queryset = Alert.objects.select_related("party", "entry", "list_version")
    filterset_class = AlertFilterSet
    ordering_fields = ["score", "raised_at", "status_changed_at"]

    def get_serializer_class(self) -> Any:
        return AlertDetailSerializer if self.action == "retrieve" else AlertSerializer

    def get_queryset(self) -> Any:
        queryset = super().get_queryset()
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("dispositions__evidence", "dispositions__list_version")
        return queryset

    @extend_schema(request=DispositionRequestSerializer, responses={201: DispositionSerializer})
    @action(
        detail=True,
        methods=["post"],
        parser_classes=[parsers.JSONParser, parsers.MultiPartParser, parsers.FormParser],
        required_permission="screening.decide_alert",
    )
    def disposition(self, request: Request, pk: str | None = None, format: str | None = None) -> Response:
        alert = self.get_object()
        payload = DispositionRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        try:
            disposition = services.record_disposition(
                request.user,
                alert,
                data["decision"],
                data["reason"],
                evidence=data["evidence"],
                evidence_date=data["evidence_date"],
                evidence_description=data["evidence_description"],
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from error
        return Response(DispositionSerializer(disposition).data, status=status.HTTP_201_CREATED)


class ScreenView(views.APIView):
    """Screen a registry party (``party``) or an ad-hoc name against the lists in force; writes nothing."""

    required_permission = "screening.screen_parties"

    @extend_schema(request=ScreenRequestSerializer, responses={200: dict})
    def post(self, request: Request) -> Response:
        payload = ScreenRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        target: PartyQuery | Party
        if data.get("party"):
            visible = permissions.restrict(Party.objects.all(), request.user)
            target = get_object_or_404(visible, pk=data["party"])
        else:
            country = None
            if data.get("country"):
                country = resolve_country(data["country"])
                if country is None:
                    raise serializers.ValidationError(
                        {"country": [f"'{data['country']}' is not a country qgov knows."]}
                    )
            target = PartyQuery(
                name=data["name"],
                kind=EntityKind(data["kind"]) if data.get("kind") else None,
                country=country,
                birth_date=data.get("birth_date"),
                identifiers=tuple(data["identifiers"]),
                aliases=tuple(data["aliases"]),
            )
        result = services.screen_adhoc(
            request.user, target, threshold=data.get("threshold"), limit=data["limit"]
        )
        return Response(result)
