"""Export-control API representations. Writes go through the same services as the web forms."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from qgov.exportcontrol.choices import ITEM_KINDS, TRANSACTION_KINDS
from qgov.exportcontrol.models import (
    ClassificationDecision,
    ClassificationProposal,
    Item,
    ItemParameter,
    Licence,
    Release,
    ReviewTask,
    TransactionCheck,
)
from qgov.exportcontrol.services.checks import CheckData
from qgov.exportcontrol.services.items import ItemData, ParameterData
from qgov.exportcontrol.services.licences import LicenceData
from qgov.parties.models import Party


@extend_schema_field({"oneOf": [{"type": "string"}, {"type": "number"}, {"type": "boolean"}]})
class ScalarText(serializers.Field):  # type: ignore[type-arg]
    """A parameter value: JSON text, number or boolean in; the text as given out."""

    def to_internal_value(self, data: Any) -> str:
        if isinstance(data, bool):
            return "true" if data else "false"
        if isinstance(data, int | float | str):
            return str(data)
        raise serializers.ValidationError("A value is text, a number or true/false.")

    def to_representation(self, value: Any) -> str:
        return str(value)


class ParameterSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    value = ScalarText()

    class Meta:
        model = ItemParameter
        fields = ["name", "value", "source", "source_reference", "statistic", "figure_date"]
        extra_kwargs = {
            "source": {"default": ""},
            "source_reference": {"default": ""},
            "statistic": {"default": ""},
        }


class ProposalSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = ClassificationProposal
        fields = [
            "id",
            "item",
            "number",
            "created",
            "trigger",
            "evaluated_on",
            "status",
            "rule_packs",
            "result",
            "item_input",
        ]


class DecisionSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    proposal_number = serializers.IntegerField(source="proposal.number", read_only=True)

    class Meta:
        model = ClassificationDecision
        fields = [
            "id",
            "item",
            "number",
            "proposal",
            "proposal_number",
            "kind",
            "status",
            "entries",
            "justification",
            "open_review_reasons",
            "decided_by_name",
            "decided_at",
            "stale",
            "stale_reason",
            "ledger_index",
        ]


class ItemSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    url = serializers.HyperlinkedIdentityField(view_name="api:exportcontrol-item-detail")
    item_kind = serializers.ChoiceField(choices=ITEM_KINDS, default="commodity")
    for_entries = serializers.ListField(child=serializers.CharField(), required=False)
    parameters = ParameterSerializer(many=True, required=False)
    parties = serializers.SerializerMethodField()
    latest_proposal = serializers.SerializerMethodField()
    latest_decision = serializers.SerializerMethodField()

    class Meta:
        model = Item
        fields = [
            "id",
            "url",
            "reference",
            "name",
            "item_kind",
            "category",
            "origin_country",
            "description",
            "for_entries",
            "purpose",
            "parameters",
            "parties",
            "classification_state",
            "stale_reason",
            "latest_proposal",
            "latest_decision",
            "created",
            "last_updated",
        ]
        read_only_fields = ["id", "classification_state", "stale_reason", "created", "last_updated"]
        extra_kwargs = {"reference": {"validators": []}}

    def get_parties(self, item: Item) -> list[dict[str, Any]]:
        return [
            {"party": str(link.party_id), "name": link.party.name, "role": link.role}
            for link in item.parties.all()
        ]

    def get_latest_proposal(self, item: Item) -> dict[str, Any] | None:
        proposal = item.latest_proposal
        return None if proposal is None else ProposalSerializer(proposal).data

    def get_latest_decision(self, item: Item) -> dict[str, Any] | None:
        decision = item.latest_decision
        return None if decision is None else DecisionSerializer(decision).data

    def to_item_data(self) -> ItemData:
        data: dict[str, Any] = self.validated_data  # type: ignore[assignment]
        item: Item | None = self.instance  # type: ignore[assignment]

        def current(key: str, default: Any) -> Any:
            return data.get(key, getattr(item, key) if item is not None else default)

        if "parameters" in data:
            parameters = [ParameterData(**p) for p in data["parameters"]]
        elif item is not None:
            parameters = [
                ParameterData(p.name, p.value, p.source, p.source_reference, p.statistic, p.figure_date)
                for p in item.parameters.all()
            ]
        else:
            parameters = []
        return ItemData(
            name=current("name", ""),
            item_kind=current("item_kind", "commodity"),
            category=current("category", ""),
            origin_country=current("origin_country", ""),
            description=current("description", ""),
            reference=current("reference", "") or "",
            for_entries=list(current("for_entries", [])),
            purpose=current("purpose", ""),
            parameters=parameters,
        )


class ConfirmSerializer(serializers.Serializer):  # type: ignore[type-arg]
    proposal = serializers.UUIDField(
        required=False, help_text="The proposal you reviewed (refused if outdated)"
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class OverrideSerializer(serializers.Serializer):  # type: ignore[type-arg]
    proposal = serializers.UUIDField(required=False)
    entries = serializers.ListField(
        child=serializers.CharField(), help_text='e.g. ["US-EAR 3A904.a"]; [] = not controlled'
    )
    justification = serializers.CharField()


class LicenceSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    url = serializers.HyperlinkedIdentityField(view_name="api:exportcontrol-licence-detail")
    entries = serializers.ListField(child=serializers.CharField(), required=False)
    destinations = serializers.ListField(child=serializers.CharField(), required=False)
    transaction_kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=TRANSACTION_KINDS), required=False
    )
    quantity_remaining = serializers.DecimalField(max_digits=14, decimal_places=3, read_only=True)
    value_remaining = serializers.DecimalField(max_digits=16, decimal_places=2, read_only=True)

    class Meta:
        model = Licence
        fields = [
            "id",
            "url",
            "reference",
            "kind",
            "jurisdiction",
            "authority",
            "provision",
            "entries",
            "destinations",
            "transaction_kinds",
            "holder",
            "consignee",
            "end_user",
            "conditions",
            "valid_from",
            "expires_on",
            "quantity_limit",
            "value_limit",
            "currency",
            "notes",
            "quantity_remaining",
            "value_remaining",
            "created",
            "last_updated",
        ]
        read_only_fields = ["id", "created", "last_updated"]
        validators: list[Any] = []

    def to_licence_data(self) -> LicenceData:
        data: dict[str, Any] = dict(self.validated_data)  # type: ignore[arg-type]
        licence: Licence | None = self.instance  # type: ignore[assignment]
        if licence is not None:
            for key in LicenceData.__dataclass_fields__:
                data.setdefault(key, getattr(licence, key))
        return LicenceData(**data)


class ReleaseSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = Release
        fields = [
            "id",
            "person",
            "country",
            "eccns",
            "authorisation",
            "duty",
            "started_on",
            "last_day",
            "leaving_for",
            "termination_reported_on",
        ]


class CheckSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    url = serializers.HyperlinkedIdentityField(view_name="api:exportcontrol-check-detail")
    release = ReleaseSerializer(read_only=True)

    class Meta:
        model = TransactionCheck
        fields = [
            "id",
            "url",
            "created",
            "item",
            "kind",
            "date",
            "from_country",
            "destination",
            "consignee",
            "end_user",
            "recipient",
            "releasing_entity",
            "most_recent_country",
            "employed_since",
            "prohibited_stated",
            "prohibited_end_use",
            "published",
            "fundamental_research",
            "software_code",
            "us_content_above_de_minimis",
            "foreign_direct_product",
            "quantity",
            "value",
            "currency",
            "end_use",
            "notes",
            "classification_basis",
            "classification",
            "screening",
            "determination",
            "outcome",
            "reason",
            "licence",
            "requested_by_name",
            "decided_at",
            "justification",
            "ledger_index",
            "release",
        ]
        read_only_fields = [
            "id",
            "created",
            "classification_basis",
            "classification",
            "screening",
            "determination",
            "outcome",
            "reason",
            "licence",
            "requested_by_name",
            "decided_at",
            "justification",
            "ledger_index",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("consignee", "end_user", "recipient", "releasing_entity"):
            self.fields[name].queryset = Party.objects.all()  # type: ignore[attr-defined]

    def to_check_data(self) -> CheckData:
        data: dict[str, Any] = dict(self.validated_data)  # type: ignore[arg-type]
        return CheckData(**{key: data[key] for key in data if key in CheckData.__dataclass_fields__})


class DecideSerializer(serializers.Serializer):  # type: ignore[type-arg]
    outcome = serializers.ChoiceField(choices=["allowed_licence", "allowed_no_licence", "blocked"])
    licence = serializers.PrimaryKeyRelatedField(
        queryset=Licence.objects.all(), required=False, allow_null=True
    )
    justification = serializers.CharField()


class ReviewTaskSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    status = serializers.CharField(read_only=True, help_text="open, in_progress, done or dismissed")

    class Meta:
        model = ReviewTask
        fields = [
            "id",
            "created",
            "item",
            "run",
            "title",
            "detail",
            "status",
            "assignee",
            "resolution",
            "closed_at",
            "closed_by_name",
            "ledger_index",
        ]
