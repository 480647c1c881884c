"""Screening a party whenever the registry creates or changes it, inside the same transaction."""

from __future__ import annotations

from typing import Any

from qgov.screening.party_screening import screen_party


def screen_saved_party(sender: Any, party: Any, created: bool, actor: Any, **_: Any) -> None:
    """Receiver of ``party_saved``: the alerts commit or roll back with the party's change."""
    screen_party(party, actor=actor, cause="party created" if created else "party changed")
