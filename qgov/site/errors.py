"""Error pages that keep the layout and say plainly what happened."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(
        request, "errors/403.html", {"title": "Not allowed", "reason": str(exception or "")}, status=403
    )


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", {"title": "Not found"}, status=404)
