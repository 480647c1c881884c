from __future__ import annotations

import django_filters

from qgov.ledger.models import LedgerEntry


class LedgerEntryFilterSet(django_filters.FilterSet):
    action = django_filters.CharFilter(lookup_expr="startswith", label="Action starts with")
    subject_type = django_filters.CharFilter(label="Subject type")
    subject_id = django_filters.CharFilter(label="Subject id")
    actor = django_filters.CharFilter(lookup_expr="icontains", label="Actor")
    recorded_from = django_filters.DateFilter(field_name="recorded_at", lookup_expr="date__gte", label="From")
    recorded_to = django_filters.DateFilter(field_name="recorded_at", lookup_expr="date__lte", label="To")

    class Meta:
        model = LedgerEntry
        fields = ["action", "subject_type", "subject_id", "actor", "recorded_from", "recorded_to"]
