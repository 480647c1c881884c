"""Fixtures shared by the whole test suite (settings put tests in a temporary data folder)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from qgov.core.roles import Role

PASSWORD = "correct-horse-battery-42"


@pytest.fixture
def make_user(db: Any) -> Any:
    """make_user(role) -> a user holding that role (password PASSWORD)."""
    from qgov.core.accounts import create_user

    counter = {"n": 0}

    def factory(role: Role | None = Role.COMPLIANCE_OFFICER, username: str | None = None) -> Any:
        from django.contrib.auth import get_user_model

        counter["n"] += 1
        name = username or f"{(role.value if role else 'norole')}{counter['n']}"
        if role is None:
            user = get_user_model().objects.create_user(name, password=PASSWORD)
            return user
        return create_user(name, role, PASSWORD)

    return factory


@pytest.fixture
def officer(make_user: Any) -> Any:
    return make_user(Role.COMPLIANCE_OFFICER, "carla")


@pytest.fixture
def unguarded_ledger(db: Any) -> Iterator[None]:
    """Remove the append-only triggers for the test (the test's transaction rolls the removal back)."""
    from django.db import connection

    from qgov.ledger import guards

    guards.remove(connection)
    yield


@pytest.fixture(autouse=True)
def _ledger_guards_removed_before_database_wipe(request: pytest.FixtureRequest) -> Iterator[None]:
    """Transactional tests end with pytest-django wiping the database, which the ledger's append-only
    triggers refuse; take them off first (tests that need them install them in their own transaction).

    Requesting transactional_db here orders this teardown before the wipe.
    """
    marker = request.node.get_closest_marker("django_db")
    asks = {"transactional_db", "live_server"} & set(request.fixturenames)
    transactional = bool(asks) or bool(marker and marker.kwargs.get("transaction"))
    if asks:
        request.getfixturevalue("transactional_db")
    yield
    if transactional:
        from django.db import connection

        from qgov.ledger import guards

        guards.remove(connection)
