"""Who is acting and in which request: carried to services without threading it through every call.

Services take the acting user explicitly; the request id (one UUID per web request, API call or
CLI invocation) ties together every change log row a single action wrote, as NetBox does.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from contextvars import ContextVar

_request_id: ContextVar[uuid.UUID | None] = ContextVar("qgov_request_id", default=None)


def current_request_id() -> uuid.UUID:
    value = _request_id.get()
    if value is None:
        value = uuid.uuid4()
        _request_id.set(value)
    return value


@contextlib.contextmanager
def request_scope(request_id: uuid.UUID | None = None) -> Iterator[uuid.UUID]:
    token = _request_id.set(request_id or uuid.uuid4())
    try:
        yield _request_id.get()  # type: ignore[misc]
    finally:
        _request_id.reset(token)
