"""Party API representations. Writes are validated by the same services the web forms use."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from qgov.parties.choices import AliasType, CountryRole
from qgov.parties.models import Address, Identifier, Party, PartyAlias, PartyCountry, PartyRelationship
from qgov.parties.services import AddressData, PartyData


class AliasSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    alias_type = serializers.CharField(default=AliasType.AKA)

    class Meta:
        model = PartyAlias
        fields = ["name", "alias_type"]


# Country fields accept an ISO code or an English name; the service resolves and validates them.
COUNTRY_TEXT = {"max_length": 100}


class CountrySerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    country = serializers.CharField(**COUNTRY_TEXT)
    role = serializers.CharField(default=CountryRole.OPERATIONS)

    class Meta:
        model = PartyCountry
        fields = ["country", "role"]


class IdentifierSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    issuer_country = serializers.CharField(default="", allow_blank=True, **COUNTRY_TEXT)

    class Meta:
        model = Identifier
        fields = ["scheme", "value", "issuer_country"]


class AddressSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    country = serializers.CharField(**COUNTRY_TEXT)

    class Meta:
        model = Address
        fields = ["street", "postal_code", "city", "region", "country"]
        extra_kwargs = {
            f: {"required": False, "default": ""} for f in ["street", "postal_code", "city", "region"]
        }


class RelationshipSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = PartyRelationship
        fields = ["id", "type", "target", "ownership_percent", "since", "until", "notes"]


class PartySerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    url = serializers.HyperlinkedIdentityField(view_name="api:party-detail")
    aliases = AliasSerializer(many=True, required=False)
    countries = CountrySerializer(many=True, required=False)
    identifiers = IdentifierSerializer(many=True, required=False)
    addresses = AddressSerializer(many=True, required=False)
    tags = serializers.SlugRelatedField(many=True, slug_field="name", read_only=True)
    tag_names = serializers.ListField(child=serializers.CharField(), write_only=True, required=False)
    relationships = RelationshipSerializer(many=True, read_only=True, source="relationships_out")

    class Meta:
        model = Party
        fields = [
            "id",
            "url",
            "kind",
            "name",
            "reference",
            "birth_date",
            "website",
            "notes",
            "aliases",
            "countries",
            "identifiers",
            "addresses",
            "tags",
            "tag_names",
            "relationships",
            "created",
            "last_updated",
        ]
        read_only_fields = ["id", "created", "last_updated"]
        extra_kwargs = {"reference": {"validators": []}}

    def to_party_data(self) -> PartyData:
        data: dict[str, Any] = self.validated_data  # type: ignore[assignment]
        instance: Party | None = self.instance  # type: ignore[assignment]

        def current(field: str, default: Any) -> Any:
            return data.get(field, default)

        base = PartyData(
            name=current("name", instance.name if instance else ""),
            kind=current("kind", instance.kind if instance else "organization"),
            reference=current("reference", instance.reference if instance else "") or "",
            birth_date=current("birth_date", instance.birth_date if instance else ""),
            website=current("website", instance.website if instance else ""),
            notes=current("notes", instance.notes if instance else ""),
        )
        if "aliases" in data:
            base.aliases = [(a["name"], a["alias_type"]) for a in data["aliases"]]
        elif instance:
            base.aliases = [(a.name, a.alias_type) for a in instance.aliases.all()]
        if "countries" in data:
            base.countries = [(c["country"], c["role"]) for c in data["countries"]]
        elif instance:
            base.countries = [(c.country, c.role) for c in instance.countries.all()]
        if "identifiers" in data:
            base.identifiers = [(i["scheme"], i["value"], i["issuer_country"]) for i in data["identifiers"]]
        elif instance:
            base.identifiers = [(i.scheme, i.value, i.issuer_country) for i in instance.identifiers.all()]
        if "addresses" in data:
            base.addresses = [AddressData(**a) for a in data["addresses"]]
        elif instance:
            base.addresses = [
                AddressData(
                    country=a.country,
                    street=a.street,
                    city=a.city,
                    region=a.region,
                    postal_code=a.postal_code,
                )
                for a in instance.addresses.all()
            ]
        if "tag_names" in data:
            base.tags = list(data["tag_names"])
        elif instance:
            base.tags = [t.name for t in instance.tags.all()]
        return base
