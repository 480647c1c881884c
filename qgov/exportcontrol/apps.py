from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class ExportControlConfig(AppConfig):
    name = "qgov.exportcontrol"
    label = "exportcontrol"
    verbose_name = "Export control"

    def dashboard_cards(self, request: Any) -> list[dict[str, Any]]:
        from qgov.exportcontrol.panels import dashboard_cards

        return dashboard_cards(request)

    def party_panel(self, request: Any, party: Any) -> str | None:
        from qgov.exportcontrol.panels import party_panel

        return party_panel(request, party)

    def load_demo(self, admin_user: Any) -> dict[str, Any]:
        from qgov.exportcontrol.demo import load_demo

        return load_demo(admin_user)
