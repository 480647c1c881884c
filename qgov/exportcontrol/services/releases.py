"""The end of a release, and the termination report 15 CFR 743.8(e) then asks for within 30 days."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from qgov.core.changelog import record_change
from qgov.core.models import ChangeAction
from qgov.core.permissions import require
from qgov.exportcontrol.choices import LeavingFor
from qgov.exportcontrol.models import Release
from qgov.ledger.services import record_decision
from qgov.parties.services import ledger_view


def _snapshot(release: Release) -> dict[str, Any]:
    return {
        "last_day": release.last_day.isoformat() if release.last_day else None,
        "leaving_for": release.leaving_for,
        "termination_reported_on": (
            release.termination_reported_on.isoformat() if release.termination_reported_on else None
        ),
    }


def end_release(
    actor: Any, release: Release, *, last_day: dt.date, leaving_for: str = LeavingFor.UNKNOWN
) -> Release:
    """Record the person's last day (end of the visit or employment); the termination report is then due."""
    require(actor, "exportcontrol.change_release")
    if leaving_for not in LeavingFor.values:
        raise ValidationError({"leaving_for": f"Choose one of {', '.join(LeavingFor.values)}."})
    if last_day < release.started_on:
        raise ValidationError({"last_day": "The last day cannot be before the release started."})
    with transaction.atomic():
        release = Release.objects.select_for_update().get(pk=release.pk)
        before = _snapshot(release)
        release.last_day, release.leaving_for = last_day, leaving_for
        release.save(update_fields=["last_day", "leaving_for"])
        record_change(
            release.transaction_check,
            ChangeAction.UPDATE,
            user=actor,
            before=before,
            after=_snapshot(release),
            message=f"Release ended on {last_day.isoformat()}",
        )
        record_decision(
            actor=actor,
            action="exportcontrol.release_ended",
            subject=release.transaction_check,
            decision={
                "person": ledger_view(release.person),
                "last_day": last_day.isoformat(),
                "leaving_for": leaving_for,
                "termination_report_due": release.termination_due.isoformat()
                if release.termination_due
                else None,
            },
        )
    return release


def record_termination_report(actor: Any, release: Release, *, submitted_on: dt.date) -> Release:
    """Record that the termination report was sent to BIS."""
    require(actor, "exportcontrol.change_release")
    if release.last_day is None:
        raise ValidationError({"submitted_on": "Record the person's last day first."})
    if submitted_on < release.last_day:
        raise ValidationError({"submitted_on": "A termination report follows the person's last day."})
    with transaction.atomic():
        release = Release.objects.select_for_update().get(pk=release.pk)
        before = _snapshot(release)
        release.termination_reported_on = submitted_on
        release.save(update_fields=["termination_reported_on"])
        record_change(
            release.transaction_check,
            ChangeAction.UPDATE,
            user=actor,
            before=before,
            after=_snapshot(release),
            message="Termination report submitted",
        )
        record_decision(
            actor=actor,
            action="exportcontrol.termination_report",
            subject=release.transaction_check,
            decision={
                "person": ledger_view(release.person),
                "submitted_on": submitted_on.isoformat(),
                "due": release.termination_due.isoformat() if release.termination_due else None,
                "late": bool(release.termination_due and submitted_on > release.termination_due),
            },
        )
    return release
