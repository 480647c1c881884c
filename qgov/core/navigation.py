"""The main menu, built from what exists and what the user may open: no dead links, nothing forbidden.

Each domain app may define ``MENU`` in its own ``navigation.py`` as a list of
``MenuItem(section, label, url_name, permission)``; this module gathers them in app order.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.apps import apps
from django.http import HttpRequest
from django.urls import reverse


@dataclass(frozen=True)
class MenuItem:
    section: str
    label: str
    url_name: str
    permission: str


@cache
def all_menu_items() -> tuple[MenuItem, ...]:
    items: list[MenuItem] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("qgov."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.navigation")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.navigation":
                raise
            continue
        items.extend(getattr(module, "MENU", []))
    return tuple(items)


# The order of a working day: who we deal with, whether they are listed, what we ship, the record.
SECTION_ORDER = ("Registry", "Screening", "Export control", "Ledger")


def menu_for(user: Any) -> list[tuple[str, list[tuple[str, str]]]]:
    sections: dict[str, list[tuple[str, str]]] = {}
    for item in all_menu_items():
        if user.is_authenticated and user.has_perm(item.permission):
            sections.setdefault(item.section, []).append((item.label, reverse(item.url_name)))

    def position(section: str) -> int:
        return SECTION_ORDER.index(section) if section in SECTION_ORDER else len(SECTION_ORDER)

    return sorted(sections.items(), key=lambda pair: position(pair[0]))


def navigation_context(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from qgov.core.roles import role_of

    role = role_of(user)
    return {"menu": menu_for(user), "user_role": role.label if role else "no role"}
