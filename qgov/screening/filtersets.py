"""Filters of the alerts inbox and of a version's changes, shared by the pages and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet

from qgov.parties.choices import PartyKind
from qgov.screening.choices import UNRESOLVED, AlertStatus, ChangeKind
from qgov.screening.models import Alert, ListChange, ListSource

UNRESOLVED_CHOICE = "unresolved"
ANY_CHOICE = "any"
STATUS_CHOICES = [
    (UNRESOLVED_CHOICE, "Needs a decision (open or escalated)"),
    *AlertStatus.choices,
    (ANY_CHOICE, "Any status"),
]


class AlertFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    status = django_filters.ChoiceFilter(
        choices=STATUS_CHOICES, method="by_status", empty_label="Needs a decision", label="Status"
    )
    source = django_filters.ModelChoiceFilter(queryset=ListSource.objects.all(), label="List")
    score_min = django_filters.NumberFilter(field_name="score", lookup_expr="gte", label="Score from")
    score_max = django_filters.NumberFilter(field_name="score", lookup_expr="lte", label="Score to")
    kind = django_filters.ChoiceFilter(
        field_name="party__kind", choices=PartyKind.choices, label="Party kind"
    )
    raised_from = django_filters.DateFilter(
        field_name="raised_at", lookup_expr="date__gte", label="Raised from"
    )
    raised_to = django_filters.DateFilter(field_name="raised_at", lookup_expr="date__lte", label="Raised to")
    party = django_filters.UUIDFilter(field_name="party__id", label="Party id")

    class Meta:
        model = Alert
        fields = [
            "q",
            "status",
            "source",
            "score_min",
            "score_max",
            "kind",
            "raised_from",
            "raised_to",
            "party",
        ]

    def search(self, queryset: QuerySet[Alert], name: str, value: str) -> QuerySet[Alert]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(party__name__icontains=value)
            | Q(entry__primary_name__icontains=value)
            | Q(matched_name__icontains=value)
            | Q(entity_id=value)
        )

    def by_status(self, queryset: QuerySet[Alert], name: str, value: str) -> QuerySet[Alert]:
        return filter_status(queryset, value)


def filter_status(queryset: QuerySet[Alert], value: str | None) -> QuerySet[Alert]:
    """The inbox's status filter: empty or "unresolved" means open or escalated."""
    if value == ANY_CHOICE:
        return queryset
    if not value or value == UNRESOLVED_CHOICE:
        return queryset.filter(status__in=UNRESOLVED)
    return queryset.filter(status=value)


class ListChangeFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=ChangeKind.choices, empty_label="Every change", label="Change")
    q = django_filters.CharFilter(method="search", label="Search")

    class Meta:
        model = ListChange
        fields = ["kind", "q"]

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(primary_name__icontains=value) | Q(entity_id=value))
