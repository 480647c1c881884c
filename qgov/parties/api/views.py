"""Party API: the registry over REST, with the same permission checks and services as the web pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import parsers, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from qgov.core.api import RestrictedModelViewSet
from qgov.parties import importer, services
from qgov.parties.api.serializers import PartySerializer
from qgov.parties.filtersets import PartyFilterSet
from qgov.parties.models import Party


def _as_drf_error(error: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError(error.message_dict if hasattr(error, "error_dict") else error.messages)


class ImportResultSerializer(serializers.Serializer):  # type: ignore[type-arg]
    file = serializers.FileField()


class PartyViewSet(RestrictedModelViewSet):
    queryset = Party.objects.prefetch_related(
        "aliases", "countries", "identifiers", "addresses", "tags", "relationships_out"
    )
    serializer_class = PartySerializer
    filterset_class = PartyFilterSet
    ordering_fields = ["name", "last_updated", "created"]

    def perform_create(self, serializer: PartySerializer) -> None:  # type: ignore[override]
        try:
            serializer.instance = services.create_party(self.request.user, serializer.to_party_data())
        except DjangoValidationError as error:
            raise _as_drf_error(error) from error

    def perform_update(self, serializer: PartySerializer) -> None:  # type: ignore[override]
        try:
            serializer.instance = services.update_party(
                self.request.user, serializer.instance, serializer.to_party_data()
            )
        except DjangoValidationError as error:
            raise _as_drf_error(error) from error

    def perform_destroy(self, instance: Party) -> None:
        services.delete_party(self.request.user, instance)

    @extend_schema(request={"multipart/form-data": ImportResultSerializer}, responses={201: None, 400: None})
    @action(
        detail=False,
        methods=["post"],
        parser_classes=[parsers.MultiPartParser],
        url_path="import",
        required_permission="parties.import_parties",
    )
    def import_file(self, request: Request, format: str | None = None) -> Response:
        upload: Any = request.FILES.get("file")
        if upload is None:
            return Response(
                {"file": ["Send the CSV or XLSX file in the 'file' field."]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        try:
            result = importer.import_parties(request.user, upload.name, upload.read())
        except importer.ImportRejected as rejected:
            return Response(
                {
                    "detail": str(rejected),
                    "problems": [{"row": row, "message": message} for row, message in rejected.problems],
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(
            {
                "created": len(result.created),
                "sha256": result.sha256,
                "ids": [str(p.pk) for p in result.created],
            },
            status=status.HTTP_201_CREATED,
        )
