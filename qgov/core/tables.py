"""The base every table derives from: sorting and paging refresh just the table (HTMX), rows navigate."""

from __future__ import annotations

import django_tables2 as tables

# Only the header (sort links) is boosted; row links open their page normally.
BOOSTED = {"hx-boost": "true", "hx-target": "#object-table", "hx-swap": "outerHTML", "hx-push-url": "true"}


class QgovTable(tables.Table):
    class Meta:
        attrs = {"class": "table", "thead": BOOSTED}
