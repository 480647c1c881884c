from __future__ import annotations

import django_tables2 as tables

from qgov.core.tables import QgovTable
from qgov.parties.models import Party


class PartyTable(QgovTable):
    name = tables.Column(linkify=True)
    kind = tables.Column()
    countries = tables.Column(empty_values=(), orderable=False, verbose_name="Countries")
    reference = tables.Column()
    last_updated = tables.DateTimeColumn(format="Y-m-d H:i", verbose_name="Updated")

    class Meta(QgovTable.Meta):
        model = Party
        fields = ("name", "kind", "countries", "reference", "last_updated")

    def render_countries(self, record: Party) -> str:
        return ", ".join(sorted({c.country for c in record.countries.all()})) or "—"
