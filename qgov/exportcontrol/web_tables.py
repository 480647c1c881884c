"""Tables of the export-control list pages (tables.py is the engine's licensing tables)."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.html import format_html

from qgov.core.tables import QgovTable
from qgov.exportcontrol.models import Item, Licence, ReviewTask, TransactionCheck

STATE_BADGE = {"confirmed": "ok", "stale": "bad", "unconfirmed": "warn"}
OUTCOME_BADGE = {
    "allowed_licence": "ok",
    "allowed_no_licence": "ok",
    "blocked": "bad",
    "needs_review": "warn",
}


def badge(text: str, state: str) -> str:
    return format_html('<span class="badge {}">{}</span>', state, text)


class ItemTable(QgovTable):
    name = tables.Column(linkify=True)
    item_kind = tables.Column(verbose_name="Kind")
    category = tables.Column()
    classification = tables.Column(empty_values=(), orderable=False, verbose_name="Entries")
    classification_state = tables.Column(verbose_name="Classification")
    last_updated = tables.DateTimeColumn(format="Y-m-d H:i", verbose_name="Updated")

    class Meta(QgovTable.Meta):
        model = Item
        fields = ("name", "item_kind", "category", "classification", "classification_state", "last_updated")

    def render_classification(self, record: Item) -> str:
        decision = record.latest_decision
        source = decision if decision is not None and not decision.stale else record.latest_proposal
        return ", ".join(source.entry_keys) if source and source.entry_keys else "—"

    def render_classification_state(self, record: Item) -> str:
        return badge(record.get_classification_state_display(), STATE_BADGE[record.classification_state])


class LicenceTable(QgovTable):
    reference = tables.Column(linkify=True)
    kind = tables.Column()
    jurisdiction = tables.Column()
    entries = tables.Column(orderable=False)
    destinations = tables.Column(orderable=False)
    expires_on = tables.DateColumn(format="Y-m-d")
    remaining = tables.Column(empty_values=(), orderable=False, verbose_name="Remaining")

    class Meta(QgovTable.Meta):
        model = Licence
        fields = ("reference", "kind", "jurisdiction", "entries", "destinations", "expires_on", "remaining")

    def render_entries(self, value: list[str]) -> str:
        return ", ".join(value) or "any"

    def render_destinations(self, value: list[str]) -> str:
        return ", ".join(value) or "any"

    def render_remaining(self, record: Licence) -> str:
        parts = []
        if record.quantity_remaining is not None:
            parts.append(f"{record.quantity_remaining.normalize():f} units")
        if record.value_remaining is not None:
            parts.append(f"{record.value_remaining:,.2f} {record.currency}")
        return "; ".join(parts) or "no limit"


class CheckTable(QgovTable):
    created = tables.DateTimeColumn(format="Y-m-d H:i", verbose_name="Checked", linkify=True)
    kind = tables.Column(verbose_name="Transaction")
    item = tables.Column()
    destination = tables.Column()
    outcome = tables.Column()
    requested_by_name = tables.Column(verbose_name="Requested by")

    class Meta(QgovTable.Meta):
        model = TransactionCheck
        fields = ("created", "kind", "item", "destination", "outcome", "requested_by_name")

    def render_outcome(self, record: TransactionCheck) -> str:
        return badge(record.get_outcome_display(), OUTCOME_BADGE[record.outcome])


class ReviewTaskTable(QgovTable):
    title = tables.Column(linkify=True)
    status = tables.Column()
    assignee = tables.Column()
    created = tables.DateTimeColumn(format="Y-m-d H:i")

    class Meta(QgovTable.Meta):
        model = ReviewTask
        fields = ("title", "status", "assignee", "created")

    def render_status(self, record: ReviewTask) -> Any:
        return badge(record.get_status_display(), "warn" if record.is_open else "ok")
