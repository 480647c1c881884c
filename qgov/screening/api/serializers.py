"""Screening API representations; writes go through qgov.screening.services like the web pages."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from qgov.screening.choices import AlertStatus, DispositionDecision
from qgov.screening.current import MATCH_LIMIT
from qgov.screening.entities import EntityKind
from qgov.screening.models import Alert, Disposition, DispositionEvidence, ListVersion, ScreeningRun


@extend_schema_field({"type": "string", "description": f"One of: {', '.join(AlertStatus.values)}."})
class AlertStatusField(serializers.ChoiceField):
    """An alert status, described in words: as an enum it would collide with other apps' ``status``."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=AlertStatus.choices, **kwargs)


class ListVersionSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    source = serializers.CharField(source="source_id")
    in_force = serializers.BooleanField(source="is_current")

    class Meta:
        model = ListVersion
        fields = [
            "id",
            "source",
            "number",
            "in_force",
            "format",
            "fingerprint",
            "files",
            "published",
            "imported_at",
            "imported_by_name",
            "entry_count",
            "added_count",
            "changed_count",
            "removed_count",
            "warnings",
            "ledger_index",
        ]


class EvidenceSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    name = serializers.CharField(source="__str__")

    class Meta:
        model = DispositionEvidence
        fields = ["id", "name", "sha256", "description", "effective_date", "uploaded_at"]


MATCH_FIELDS = [
    "score",
    "name_score",
    "matched_name",
    "query_name",
    "reasons",
    "matcher_version",
    "threshold",
    "party_data_hash",
]


class DispositionSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    list_version = serializers.StringRelatedField()
    previous_status = AlertStatusField(read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = Disposition
        fields = [
            "id",
            "decision",
            "reason",
            "previous_status",
            "decided_by_name",
            "decided_at",
            "list_version",
            "entry_content_hash",
            *MATCH_FIELDS,
            "evidence",
            "ledger_index",
        ]


class AlertSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    list = serializers.CharField(source="source_id")
    list_version = serializers.StringRelatedField()
    status = AlertStatusField(read_only=True)
    party = serializers.SerializerMethodField()
    entry = serializers.SerializerMethodField()

    class Meta:
        model = Alert
        fields = [
            "id",
            "status",
            "status_reason",
            "party",
            "list",
            "entity_id",
            "list_version",
            "entry",
            *MATCH_FIELDS,
            "entry_listed",
            "raised_at",
            "status_changed_at",
            "last_matched_at",
        ]

    def get_party(self, alert: Alert) -> dict[str, Any]:
        return {"id": str(alert.party_id), "name": alert.party.name, "kind": alert.party.kind}

    def get_entry(self, alert: Alert) -> dict[str, Any]:
        return {"content_hash": alert.entry.content_hash, "data": alert.entry.data}


class AlertDetailSerializer(AlertSerializer):
    dispositions = DispositionSerializer(many=True, read_only=True)

    class Meta(AlertSerializer.Meta):
        fields = [*AlertSerializer.Meta.fields, "dispositions"]


class DispositionRequestSerializer(serializers.Serializer):  # type: ignore[type-arg]
    decision = serializers.ChoiceField(choices=DispositionDecision.choices)
    reason = serializers.CharField(max_length=4000)
    evidence = serializers.ListField(child=serializers.FileField(), required=False, default=list)
    evidence_date = serializers.DateField(required=False, allow_null=True, default=None)
    evidence_description = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class ScreenRequestSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """Either ``party`` (a registry party's id) or ``name`` with optional details."""

    party = serializers.UUIDField(required=False)
    name = serializers.CharField(required=False, max_length=500)
    kind = serializers.ChoiceField(
        choices=[k.value for k in EntityKind if k is not EntityKind.UNKNOWN], required=False
    )
    country = serializers.CharField(required=False, max_length=100)
    birth_date = serializers.RegexField(r"^\d{4}(-\d{2}(-\d{2})?)?$", required=False)
    identifiers = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False, default=list
    )
    aliases = serializers.ListField(child=serializers.CharField(max_length=500), required=False, default=list)
    threshold = serializers.FloatField(required=False, min_value=0.0, max_value=1.0)
    limit = serializers.IntegerField(required=False, min_value=1, max_value=50, default=MATCH_LIMIT)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if bool(attrs.get("party")) == bool(attrs.get("name")):
            raise serializers.ValidationError(
                "Give either 'party' (an id from the registry) or 'name', not both."
            )
        return attrs


class ScreeningRunSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    list_version = serializers.StringRelatedField()

    class Meta:
        model = ScreeningRun
        fields = [
            "id",
            "trigger",
            "list_version",
            "status",
            "total",
            "done",
            "raised",
            "reopened",
            "withdrawn",
            "created_at",
            "started_at",
            "finished_at",
            "error",
        ]
