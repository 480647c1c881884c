"""The six built-in roles and what each may do: the one permission policy of qgov.

A role is a Django group whose permissions are derived from :data:`POLICY` after every migrate, so
the policy lives in one readable place and every check (web views, API endpoints, CLI services) goes
through Django's ordinary ``user.has_perm``. Patterns are ``fnmatch`` globs over
``"<app_label>.<codename>"``; a later domain adds its models and their permissions simply appear for
the roles whose patterns cover them.

The auditor reads everything and changes nothing: only ``view_*`` permissions plus exporting and
verifying the ledger, which change no state an auditor could use to alter a decision.
"""

from __future__ import annotations

import fnmatch
from typing import Any

from django.db import models


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", "Administrator"
    COMPLIANCE_OFFICER = "compliance_officer", "Compliance officer"
    PROCUREMENT_OFFICER = "procurement_officer", "Procurement officer"
    DATA_STEWARD = "data_steward", "Data steward"
    RESEARCHER = "researcher", "Researcher"
    AUDITOR = "auditor", "Auditor"


LEDGER_READ = ["ledger.view_*", "ledger.export_ledger", "ledger.verify_ledger"]

POLICY: dict[Role, list[str]] = {
    Role.ADMINISTRATOR: ["*"],
    Role.AUDITOR: ["*.view_*", *LEDGER_READ],
    Role.COMPLIANCE_OFFICER: [
        "parties.*",
        "screening.*",
        "exportcontrol.*",
        "core.view_*",
        *LEDGER_READ,
        "ledger.sign_checkpoint",
    ],
    Role.PROCUREMENT_OFFICER: [
        "parties.view_*",
        "parties.add_*",
        "parties.change_*",
        "parties.import_parties",
        "screening.view_*",
        "screening.screen_parties",
        "exportcontrol.view_*",
        "exportcontrol.add_item",
        "exportcontrol.change_item",
        "exportcontrol.add_transactioncheck",
    ],
    Role.DATA_STEWARD: ["parties.view_*", "exportcontrol.view_item"],
    Role.RESEARCHER: [
        "parties.view_party",
        "exportcontrol.view_item",
        "exportcontrol.view_transactioncheck",
        "exportcontrol.add_transactioncheck",
    ],
}


def parse_role(value: str) -> Role:
    """A role from its value or label, forgiving case, spaces and dashes; ValueError names the roles."""
    normalised = value.strip().lower().replace("-", "_").replace(" ", "_")
    for role in Role:
        if normalised in {role.value, role.label.lower().replace(" ", "_")}:
            return role
    raise ValueError(f"unknown role '{value}'; the roles are {', '.join(r.value for r in Role)}")


def grants(role: Role, permission: str) -> bool:
    """Whether ``role`` holds ``"<app_label>.<codename>"`` under :data:`POLICY`."""
    return any(fnmatch.fnmatchcase(permission, pattern) for pattern in POLICY[role])


def role_of(user: Any) -> Role | None:
    """The user's built-in role, or None (anonymous, or a user given no role)."""
    if not getattr(user, "is_authenticated", False):
        return None
    cache = getattr(user, "_qgov_role", "unset")
    if cache != "unset":
        return cache  # type: ignore[no-any-return]
    names = set(user.groups.values_list("name", flat=True))
    role = next((r for r in Role if r.label in names), None)
    user._qgov_role = role
    return role


def sync_role_groups(**_: Any) -> None:
    """Create one group per role and give it exactly the permissions the policy grants."""
    from django.contrib.auth.models import Group, Permission

    permissions = list(Permission.objects.select_related("content_type"))
    for role in Role:
        group, _created = Group.objects.get_or_create(name=role.label)
        wanted = [p for p in permissions if grants(role, f"{p.content_type.app_label}.{p.codename}")]
        group.permissions.set(wanted)
