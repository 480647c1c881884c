"""The ledger's signing key: a file outside the database (QGOV_LEDGER_KEY), created on first use.

Keeping the key out of the database is what stops a database administrator from rewriting history
and re-signing it. The key file carries its name (the log origin, QGOV_LEDGER_ORIGIN when the key
was created), which every checkpoint names; a key file whose name differs from the configured
origin is a configuration error, since checkpoints would silently change origin.
"""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from qgov.ledger.checkpoint import SigningKey, VerifierKey

_lock = threading.Lock()
_cache: dict[Path, SigningKey] = {}


def signing_key() -> SigningKey:
    path = Path(settings.QGOV_LEDGER_KEY)
    origin = settings.QGOV_LEDGER_ORIGIN
    with _lock:
        key = _cache.get(path)
        if key is None:
            if not path.exists():
                path.parent.mkdir(parents=True, exist_ok=True)
                with contextlib.suppress(FileExistsError):  # another process made it first: use theirs
                    SigningKey.generate(origin).save(path)
            key = SigningKey.load(path)
            if key.name != origin:
                raise ImproperlyConfigured(
                    f"the ledger key {path} belongs to the log '{key.name}' "
                    f"but QGOV_LEDGER_ORIGIN is '{origin}'"
                )
            _cache[path] = key
        return key


def verifier_key() -> VerifierKey:
    return signing_key().verifier
