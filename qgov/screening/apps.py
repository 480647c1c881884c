from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "qgov.screening"
    label = "screening"
    verbose_name = "Restricted-party screening"

    def ready(self) -> None:
        from qgov.parties.signals import party_saved
        from qgov.screening.receivers import screen_saved_party

        party_saved.connect(screen_saved_party, dispatch_uid="qgov.screening.screen_saved_party")

    def dashboard_cards(self, request: Any) -> list[dict[str, Any]]:
        from qgov.screening.panels import dashboard_cards

        return dashboard_cards(request)

    def party_panel(self, request: Any, party: Any) -> str | None:
        from qgov.screening.panels import party_panel

        return party_panel(request, party)

    def party_screening_status(self, party: Any) -> dict[str, str] | None:
        """The export-control seam (exportcontrol/services/screening.py): what screening says now."""
        from qgov.screening.panels import seam_status

        return seam_status(party)

    def load_demo(self, admin_user: Any) -> dict[str, Any]:
        from qgov.screening.demo import load_demo

        return load_demo(admin_user)
