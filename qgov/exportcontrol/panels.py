"""What export control adds to other pages: dashboard cards and the panel on a party's page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from qgov.core.permissions import restrict
from qgov.exportcontrol.choices import CheckOutcome, ClassificationState, TaskStatus
from qgov.exportcontrol.models import Item, Licence, Release, ReviewTask, TransactionCheck
from qgov.exportcontrol.reports import period_for

EXPIRY_WARNING_DAYS = 60


def dashboard_cards(request: Any) -> list[dict[str, Any]]:
    user = request.user
    cards: list[dict[str, Any]] = []
    if user.has_perm("exportcontrol.view_item"):
        cards.append(_classification_card())
    if user.has_perm("exportcontrol.view_transactioncheck"):
        pending = restrict(TransactionCheck.objects.filter(outcome=CheckOutcome.NEEDS_REVIEW), user).count()
        cards.append(
            {
                "title": "Transaction checks to decide",
                "value": pending,
                "text": "Checks that need a compliance officer's decision."
                if pending
                else "Nothing waiting.",
                "state": "warn" if pending else "ok",
                "url": reverse("exportcontrol:check_list") + "?outcome=needs_review",
                "link": "Open the checks",
            }
        )
    if user.has_perm("exportcontrol.view_licence"):
        cards.append(_licence_card())
    if user.has_perm("exportcontrol.view_reviewtask"):
        open_tasks = ReviewTask.objects.filter(status__in=[TaskStatus.OPEN, TaskStatus.IN_PROGRESS]).count()
        cards.append(
            {
                "title": "Rule-pack reviews",
                "value": open_tasks,
                "text": "Items whose classification would change under newer rule packs."
                if open_tasks
                else "No open review task.",
                "state": "warn" if open_tasks else "ok",
                "url": reverse("exportcontrol:task_list") + "?status=open",
                "link": "Open the review tasks",
            }
        )
    if user.has_perm("exportcontrol.view_release"):
        cards.append(_report_card())
    return cards


def _classification_card() -> dict[str, Any]:
    unconfirmed = Item.objects.filter(classification_state=ClassificationState.UNCONFIRMED).count()
    stale = Item.objects.filter(classification_state=ClassificationState.STALE).count()
    return {
        "title": "Item classifications",
        "value": unconfirmed + stale,
        "text": f"{unconfirmed} awaiting confirmation, {stale} to re-confirm after a change.",
        "state": "bad" if stale else ("warn" if unconfirmed else "ok"),
        "url": reverse("exportcontrol:item_list")
        + f"?classification_state={ClassificationState.STALE if stale else ClassificationState.UNCONFIRMED}",
        "link": "Open the items",
    }


def _licence_card() -> dict[str, Any]:
    today = timezone.localdate()
    soon = Licence.objects.filter(
        expires_on__gte=today, expires_on__lte=today + dt.timedelta(days=EXPIRY_WARNING_DAYS)
    ).order_by("expires_on")
    first = soon.first()
    return {
        "title": "Licences expiring soon",
        "value": soon.count(),
        "text": f"Next: {first.reference} on {first.expires_on:%Y-%m-%d}."
        if first
        else f"None expires in the next {EXPIRY_WARNING_DAYS} days.",
        "state": "warn" if first else "ok",
        "url": reverse("exportcontrol:licence_list") + f"?expiring_within={EXPIRY_WARNING_DAYS}",
        "link": "Open the licences",
    }


def _report_card() -> dict[str, Any]:
    today = timezone.localdate()
    pending = list(Release.objects.filter(last_day__isnull=False, termination_reported_on__isnull=True))
    overdue = [r for r in pending if r.termination_due and r.termination_due < today]
    year = today.year - 1 if today.month == 1 else today.year
    period = period_for(year)
    return {
        "title": "15 CFR 743.8 reports",
        "value": len(pending),
        "text": f"{len(pending)} termination report(s) to send ({len(overdue)} overdue); the annual report "
        f"for {year} is due {period.due:%Y-%m-%d}.",
        "state": "bad" if overdue else ("warn" if pending else "ok"),
        "url": reverse("exportcontrol:report_743_8") + f"?year={year}",
        "link": "Open the reports",
    }


def party_panel(request: Any, party: Any) -> str | None:
    """The items a party makes or supplies, and the transaction checks it is a party to."""
    user = request.user
    items = (
        restrict(Item.objects.filter(parties__party=party), user).distinct()
        if user.has_perm("exportcontrol.view_item")
        else Item.objects.none()
    )
    checks = restrict(
        TransactionCheck.objects.filter(
            Q(consignee=party) | Q(end_user=party) | Q(recipient=party) | Q(releasing_entity=party)
        ),
        user,
    ).select_related("item")[:10]
    if not items.exists() and not checks:
        return None
    return render_to_string(
        "exportcontrol/_party_panel.html",
        {"items": items[:10], "checks": checks, "party": party},
        request=request,
    )
