from django.urls import path

from qgov.screening import views

app_name = "screening"

urlpatterns = [
    path("", views.AlertListView.as_view(), name="alert_list"),
    path("alerts/<uuid:pk>/", views.AlertDetailView.as_view(), name="alert_detail"),
    path("alerts/<uuid:pk>/decide/", views.AlertDecideView.as_view(), name="alert_decide"),
    path("evidence/<int:pk>/", views.EvidenceDownloadView.as_view(), name="evidence_download"),
    path("lists/", views.VersionListView.as_view(), name="version_list"),
    path("lists/import/", views.ListImportView.as_view(), name="list_import"),
    path("lists/<uuid:pk>/", views.VersionDetailView.as_view(), name="version_detail"),
    path("lists/entries/<int:pk>/", views.EntryDetailView.as_view(), name="entry_detail"),
    path("runs/", views.RunListView.as_view(), name="run_list"),
    path("runs/start/", views.RunStartView.as_view(), name="run_start"),
    path("runs/<uuid:pk>/", views.RunDetailView.as_view(), name="run_detail"),
    path("runs/<uuid:pk>/progress/", views.RunDetailView.as_view(), {"fragment": True}, name="run_progress"),
    path("bulk/", views.BulkListView.as_view(), name="bulk_list"),
    path("bulk/new/", views.BulkCreateView.as_view(), name="bulk_create"),
    path("bulk/<uuid:pk>/", views.BulkDetailView.as_view(), name="bulk_detail"),
    path(
        "bulk/<uuid:pk>/progress/", views.BulkDetailView.as_view(), {"fragment": True}, name="bulk_progress"
    ),
    path("bulk/<uuid:pk>/results.<str:fmt>", views.BulkResultsView.as_view(), name="bulk_results"),
]
