"""Starting Django for the commands that use the database, with one-sentence errors when it can't."""

from __future__ import annotations

import os
from typing import Any

from qgov.cli.common import fail

_ready = False


def setup_django() -> None:
    """Configure Django once per process; a configuration problem is a user error, not a traceback."""
    global _ready
    if _ready:
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qgov.site.settings")
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as error:
        fail(f"qgov is not configured correctly: {error}")
    _ready = True


def call(command: str, *args: Any, **options: Any) -> None:
    """Run a Django management command, reporting a database that cannot be reached in one sentence."""
    setup_django()
    from django.core.management import call_command
    from django.db.utils import OperationalError

    try:
        call_command(command, *args, **options)
    except OperationalError as error:
        fail(f"the database could not be used ({str(error).splitlines()[0]}); check QGOV_DATABASE_URL.")


def migrate(verbosity: int = 0) -> None:
    from django.conf import settings

    setup_django()
    settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
    call("migrate", interactive=False, verbosity=verbosity)
