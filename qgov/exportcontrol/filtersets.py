"""Filters shared by the export-control list pages and the API."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django.db.models import Q, QuerySet

from qgov.exportcontrol.choices import (
    CATEGORY_CHOICES,
    ITEM_KIND_CHOICES,
    TRANSACTION_KIND_CHOICES,
    CheckOutcome,
    ClassificationState,
    LicenceKind,
    TaskStatus,
)
from qgov.exportcontrol.models import Item, Licence, ReviewTask, TransactionCheck


class ItemFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    item_kind = django_filters.ChoiceFilter(choices=ITEM_KIND_CHOICES, label="Kind")
    category = django_filters.ChoiceFilter(choices=CATEGORY_CHOICES)
    classification_state = django_filters.ChoiceFilter(
        choices=ClassificationState.choices, label="Classification"
    )

    class Meta:
        model = Item
        fields = ["q", "item_kind", "category", "classification_state"]

    def search(self, queryset: QuerySet[Item], name: str, value: str) -> QuerySet[Item]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value)
            | Q(reference__icontains=value)
            | Q(parties__party__name__icontains=value)
        ).distinct()


class LicenceFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    kind = django_filters.ChoiceFilter(choices=LicenceKind.choices)
    jurisdiction = django_filters.CharFilter()
    expiring_within = django_filters.NumberFilter(method="expiring", label="Expiring within (days)")

    class Meta:
        model = Licence
        fields = ["q", "kind", "jurisdiction", "expiring_within"]

    def search(self, queryset: QuerySet[Licence], name: str, value: str) -> QuerySet[Licence]:
        value = value.strip()
        return (
            queryset.filter(Q(reference__icontains=value) | Q(provision__icontains=value))
            if value
            else queryset
        )

    def expiring(self, queryset: QuerySet[Licence], name: str, value: Any) -> QuerySet[Licence]:
        if value in (None, ""):
            return queryset
        today = dt.date.today()
        return queryset.filter(expires_on__gte=today, expires_on__lte=today + dt.timedelta(days=int(value)))


class CheckFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    kind = django_filters.ChoiceFilter(choices=TRANSACTION_KIND_CHOICES, label="Transaction")
    outcome = django_filters.ChoiceFilter(choices=CheckOutcome.choices)

    class Meta:
        model = TransactionCheck
        fields = ["q", "kind", "outcome"]

    def search(
        self, queryset: QuerySet[TransactionCheck], name: str, value: str
    ) -> QuerySet[TransactionCheck]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(item__name__icontains=value)
            | Q(destination__iexact=value)
            | Q(consignee__name__icontains=value)
            | Q(end_user__name__icontains=value)
            | Q(recipient__name__icontains=value)
        )


class ReviewTaskFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=TaskStatus.choices)

    class Meta:
        model = ReviewTask
        fields = ["status"]
