"""Filters shared by the party list page and the party API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet

from qgov.core.countries import country_choices
from qgov.core.models import Tag
from qgov.parties.choices import PartyKind
from qgov.parties.models import Party


class PartyFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    kind = django_filters.ChoiceFilter(choices=PartyKind.choices)
    country = django_filters.ChoiceFilter(choices=country_choices, method="by_country", label="Country")
    tag = django_filters.ModelChoiceFilter(queryset=Tag.objects.all(), field_name="tags", label="Tag")

    class Meta:
        model = Party
        fields = ["q", "kind", "country", "tag"]

    def search(self, queryset: QuerySet[Party], name: str, value: str) -> QuerySet[Party]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value)
            | Q(aliases__name__icontains=value)
            | Q(reference__icontains=value)
            | Q(identifiers__value__iexact=value)
        ).distinct()

    def by_country(self, queryset: QuerySet[Party], name: str, value: Any) -> QuerySet[Party]:
        return queryset.filter(countries__country=value).distinct() if value else queryset
