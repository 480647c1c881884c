"""Site-wide pages: the dashboard, the health check and the user's own account (API token)."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views import View

from qgov.core import accounts
from qgov.core.roles import role_of


def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # the health check reports any database failure rather than raising
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


class DashboardView(LoginRequiredMixin, View):
    """What needs attention and how healthy the records are; each domain contributes its cards."""

    def get(self, request: HttpRequest) -> HttpResponse:
        cards: list[dict[str, Any]] = []
        for config in apps.get_app_configs():
            hook = getattr(config, "dashboard_cards", None)
            if hook is not None:
                cards.extend(hook(request))
        return render(request, "dashboard.html", {"cards": cards, "title": "Dashboard"})


class AccountView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        role = role_of(request.user)
        return render(
            request,
            "account.html",
            {
                "title": "Your account",
                "role": role.label if role else "no role",
                "token": accounts.current_token(request.user),
            },
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        if request.POST.get("action") == "revoke":
            accounts.revoke_token(request.user)
            messages.success(request, "Your API token was revoked.")
        else:
            accounts.issue_token(request.user)
            messages.success(request, "A new API token was issued; the old one no longer works.")
        return HttpResponseRedirect(reverse("account"))
