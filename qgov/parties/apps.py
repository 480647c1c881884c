from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class PartiesConfig(AppConfig):
    name = "qgov.parties"
    label = "parties"
    verbose_name = "Parties"

    def dashboard_cards(self, request: Any) -> list[dict[str, Any]]:
        from django.urls import reverse

        from qgov.core.permissions import restrict
        from qgov.parties.models import Party

        parties = restrict(Party.objects.all(), request.user)
        if not request.user.has_perm("parties.view_party"):
            return []
        organisations = parties.filter(kind="organization").count()
        people = parties.filter(kind="person").count()
        return [
            {
                "title": "Party registry",
                "value": organisations + people,
                "text": f"{organisations} organisations, {people} people.",
                "url": reverse("parties:party_list"),
                "link": "Open the registry",
            }
        ]
