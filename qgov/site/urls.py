"""URL configuration: web pages, the REST API with its OpenAPI schema, and the health check."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.permissions import IsAuthenticated
from rest_framework.routers import APIRootView, DefaultRouter

from qgov.exportcontrol.api import views as exportcontrol_api
from qgov.ledger.api import views as ledger_api
from qgov.parties.api import views as parties_api
from qgov.screening.api import views as screening_api
from qgov.site import views


class QgovAPIRootView(APIRootView):
    permission_classes = [IsAuthenticated]


class QgovRouter(DefaultRouter):
    APIRootView = QgovAPIRootView


router = QgovRouter()
router.register("parties", parties_api.PartyViewSet, basename="party")
router.register("ledger/entries", ledger_api.LedgerEntryViewSet, basename="ledgerentry")
router.register("ledger/checkpoints", ledger_api.CheckpointViewSet, basename="checkpoint")
for _prefix, _viewset, _name in [
    ("items", exportcontrol_api.ItemViewSet, "item"),
    ("classification-proposals", exportcontrol_api.ProposalViewSet, "proposal"),
    ("classification-decisions", exportcontrol_api.DecisionViewSet, "decision"),
    ("licences", exportcontrol_api.LicenceViewSet, "licence"),
    ("checks", exportcontrol_api.TransactionCheckViewSet, "check"),
    ("review-tasks", exportcontrol_api.ReviewTaskViewSet, "task"),
]:
    router.register(f"exportcontrol/{_prefix}", _viewset, basename=f"exportcontrol-{_name}")
router.register("screening/alerts", screening_api.AlertViewSet, basename="screening-alert")
router.register("screening/versions", screening_api.ListVersionViewSet, basename="screening-version")
router.register("screening/runs", screening_api.ScreeningRunViewSet, basename="screening-run")

api_patterns = [
    path("ledger/verification/", ledger_api.VerificationView.as_view(), name="ledger-verification"),
    path("ledger/public-key/", ledger_api.PublicKeyView.as_view(), name="ledger-public-key"),
    path(
        "exportcontrol/reports/743-8/",
        exportcontrol_api.Report7438View.as_view(),
        name="exportcontrol-report-743-8",
    ),
    path("screening/screen/", screening_api.ScreenView.as_view(), name="screening-screen"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("", include(router.urls)),
]

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            template_name="registration/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/me/", views.AccountView.as_view(), name="account"),
    path("parties/", include("qgov.parties.urls")),
    path("ledger/", include("qgov.ledger.urls")),
    path("export-control/", include("qgov.exportcontrol.urls")),
    path("screening/", include("qgov.screening.urls")),
    path("api/", include((api_patterns, "api"))),
]

handler403 = "qgov.site.errors.permission_denied"
handler404 = "qgov.site.errors.not_found"
