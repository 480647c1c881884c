"""The screening seam: is this party a prohibited party, or does it have screening alerts to resolve?

Export control must not import the screening platform (another app, built separately), yet a
transaction check has to know what screening found. Anything may answer through this seam, asked in
order until one answers:

1. functions registered with :func:`register_screening_provider` (tests, integrations);
2. an installed app's config defining ``party_screening_status(party) -> dict | None``, returning
   ``{"status": "clear" | "alerts_open" | "prohibited" | "unknown", "detail": "..."}``. The screening
   app plugs in here (qgov/screening/apps.py): a true-match alert makes the party prohibited, an open
   or escalated alert means alerts to resolve, a party screened against every list in force with no
   open alert is clear.

No answer at all is ``unknown``: the check then asks whether the party is prohibited instead of
assuming it is not.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

CLEAR, ALERTS_OPEN, PROHIBITED, UNKNOWN = "clear", "alerts_open", "prohibited", "unknown"
STATUSES = (CLEAR, ALERTS_OPEN, PROHIBITED, UNKNOWN)


@dataclass(frozen=True)
class ScreeningAnswer:
    status: str
    detail: str
    source: str

    def to_json(self) -> dict[str, str]:
        return {"status": self.status, "detail": self.detail, "source": self.source}


Provider = Callable[[Any], "ScreeningAnswer | dict[str, Any] | None"]
_providers: list[Provider] = []


def register_screening_provider(provider: Provider) -> Callable[[], None]:
    """Add a provider asked before the app hooks; returns a function that removes it again."""
    _providers.append(provider)
    return lambda: _providers.remove(provider)


def screening_status(party: Any) -> ScreeningAnswer:
    """What screening says about `party` now; ``unknown`` while nothing answers."""
    for name, provider in _all_providers():
        answer = _normalise(provider(party), name)
        if answer is not None:
            return answer
    return ScreeningAnswer(UNKNOWN, "No screening result is available for this party.", "none")


def _all_providers() -> list[tuple[str, Provider]]:
    from django.apps import apps

    found: list[tuple[str, Provider]] = [(getattr(p, "__name__", "provider"), p) for p in _providers]
    for config in apps.get_app_configs():
        hook = getattr(config, "party_screening_status", None)
        if callable(hook):
            found.append((config.label, hook))
    return found


def _normalise(answer: Any, source: str) -> ScreeningAnswer | None:
    if answer is None or isinstance(answer, ScreeningAnswer):
        return answer
    status = answer.get("status")
    if status not in STATUSES:
        raise ValueError(
            f"screening provider {source} answered status {status!r}, not one of {', '.join(STATUSES)}"
        )
    return ScreeningAnswer(status, str(answer.get("detail", "")), str(answer.get("source", source)))


def combined_prohibited(answers: list[ScreeningAnswer], stated: bool | None) -> bool | None:
    """Prohibited if screening or the requester says so; not prohibited if all are clear or it was stated."""
    if stated is True or any(a.status == PROHIBITED for a in answers):
        return True
    if answers and all(a.status == CLEAR for a in answers):
        return False
    if stated is False and not any(a.status == ALERTS_OPEN for a in answers):
        return False
    return None
