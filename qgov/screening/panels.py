"""What screening adds to other pages: a card on the party page and cards on the dashboard."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse

from qgov.screening.choices import ACTIVE_RUN, UNRESOLVED, AlertStatus


def party_panel(request: Any, party: Any) -> str | None:
    """Screening status, unresolved alerts and when the party was last screened."""
    if not request.user.has_perm("screening.view_alert"):
        return None
    from qgov.screening.models import Alert
    from qgov.screening.services import party_status

    status = party_status(party)
    alerts = (
        Alert.objects.filter(party=party)
        .exclude(status=AlertStatus.WITHDRAWN)
        .select_related("entry")
        .order_by("-score")[:10]
    )
    return render_to_string(
        "screening/_party_panel.html",
        {"status": status, "alerts": alerts, "party": party},
        request=request,
    )


def dashboard_cards(request: Any) -> list[dict[str, Any]]:
    user = request.user
    if not user.has_perm("screening.view_alert"):
        return []
    from qgov.screening.models import Alert, ListSource, ScreeningRun

    counts = Alert.objects.aggregate(
        unresolved=Count("pk", filter=Q(status__in=UNRESOLVED)),
        true_matches=Count("pk", filter=Q(status=AlertStatus.TRUE_MATCH)),
    )
    if counts["true_matches"]:
        state = "bad"
    elif counts["unresolved"]:
        state = "warn"
    else:
        state = "ok"
    blocked = counts["true_matches"]
    cards: list[dict[str, Any]] = [
        {
            "title": "Screening alerts",
            "value": counts["unresolved"],
            "text": f"to review; {blocked} true match{'es' if blocked != 1 else ''} blocking part"
            f"{'ies' if blocked != 1 else 'y'}.",
            "state": state,
            "url": reverse("screening:alert_list") + "?status=open",
            "link": "Open the alerts inbox",
        }
    ]
    if user.has_perm("screening.view_listversion"):
        sources = ListSource.objects.exclude(current_version=None).select_related("current_version")
        in_force = [
            f"{s.name} v{s.current_version.number} ({s.current_version.imported_at:%Y-%m-%d})"
            for s in sources
            if s.current_version is not None
        ]
        cards.append(
            {
                "title": "Lists in force",
                "value": len(in_force),
                "text": "; ".join(in_force) if in_force else "No list imported yet: nothing is screened.",
                "state": "ok" if in_force else "warn",
                "url": reverse("screening:version_list"),
                "link": "List versions",
            }
        )
    if user.has_perm("screening.view_screeningrun"):
        active = ScreeningRun.objects.filter(status__in=ACTIVE_RUN).first()
        if active is not None:
            cards.append(
                {
                    "title": "Re-screening",
                    "value": f"{active.percent} %",
                    "text": f"{active.done} of {active.total} parties screened "
                    f"({active.get_status_display().lower()}).",
                    "state": "warn",
                    "url": active.get_absolute_url(),
                    "link": "Follow the progress",
                }
            )
    return cards


def seam_status(party: Any) -> dict[str, str] | None:
    """prohibited (a true match), alerts_open, clear (screened against every list in force), or unknown."""
    from qgov.screening.current import versions_key
    from qgov.screening.models import ListVersion
    from qgov.screening.services import party_status

    status = party_status(party)
    if status.blocked:
        return {
            "status": "prohibited",
            "detail": f"{status.true_matches} alert(s) confirmed as a true match.",
        }
    if status.unresolved:
        return {
            "status": "alerts_open",
            "detail": f"{status.unresolved} screening alert(s) open or escalated.",
        }
    in_force = ListVersion.objects.filter(pk__in=[version for _, version in versions_key()])
    wanted = sorted((version.source_id, version.number) for version in in_force)
    if status.screened_at is None or not wanted:
        return {"status": "unknown", "detail": "The party has not been screened against any list."}
    if sorted((item["source"], item["version"]) for item in status.lists) != wanted:
        return {"status": "unknown", "detail": "Re-screening against the lists now in force is pending."}
    lists = ", ".join(f"{item['source']} v{item['version']}" for item in status.lists)
    return {
        "status": "clear",
        "detail": f"Screened {status.screened_at:%Y-%m-%d %H:%M} UTC against {lists}; no open alert.",
    }
