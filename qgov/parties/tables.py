from __future__ import annotations

from typing import Any

import django_tables2 as tables

from qgov.parties.models import Party


class PartyTable(tables.Table):
    name = tables.Column(linkify=True)
    kind = tables.Column()
    countries = tables.Column(empty_values=(), orderable=False, verbose_name="Countries")
    reference = tables.Column()
    last_updated = tables.DateTimeColumn(format="Y-m-d H:i", verbose_name="Updated")

    class Meta:
        model = Party
        fields = ("name", "kind", "countries", "reference", "last_updated")
        attrs = {"class": "table"}

    def render_countries(self, record: Party) -> str:
        return ", ".join(sorted({c.country for c in record.countries.all()})) or "—"

    def before_render(self, request: Any) -> None:
        self.data.data = (
            self.data.data.prefetch_related("countries")
            if hasattr(self.data.data, "prefetch_related")
            else self.data.data
        )
