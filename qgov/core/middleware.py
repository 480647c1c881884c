"""Gives every web request its own request id for the change log (see qgov.core.context)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from qgov.core.context import request_scope


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with request_scope() as request_id:
            response = self.get_response(request)
            response["X-Request-ID"] = str(request_id)
            return response
