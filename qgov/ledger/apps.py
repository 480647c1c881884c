from __future__ import annotations

from typing import Any

from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "qgov.ledger"
    label = "ledger"
    verbose_name = "Decision ledger"

    def dashboard_cards(self, request: Any) -> list[dict[str, Any]]:
        from django.urls import reverse

        from qgov.ledger.models import LedgerHead, VerificationRun

        user = request.user
        if not user.has_perm("ledger.view_ledgerentry"):
            return []
        head = LedgerHead.objects.filter(pk=1).first()
        run = VerificationRun.objects.first()
        if run is None:
            state, text = "warn", "Not verified yet."
        elif run.ok:
            state, text = (
                "ok",
                f"Intact at {run.size} entries, verified {run.finished_at:%Y-%m-%d %H:%M} UTC.",
            )
        else:
            state, text = "bad", f"DOES NOT VERIFY: {run.headline}"
        card: dict[str, Any] = {
            "title": "Decision ledger",
            "value": head.size if head else 0,
            "text": text,
            "state": state,
            "url": reverse("ledger:verify" if user.has_perm("ledger.verify_ledger") else "ledger:entry_list"),
            "link": "Verify now" if user.has_perm("ledger.verify_ledger") else "Browse decisions",
        }
        return [card]
