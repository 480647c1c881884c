from django.urls import path

from qgov.ledger import views

app_name = "ledger"

urlpatterns = [
    path("", views.LedgerEntryListView.as_view(), name="entry_list"),
    path("entries/<int:pk>/", views.LedgerEntryDetailView.as_view(), name="entry_detail"),
    path("entries/<int:pk>/receipt.json", views.ReceiptDownloadView.as_view(), name="entry_receipt"),
    path("checkpoints/", views.CheckpointListView.as_view(), name="checkpoint_list"),
    path("checkpoints/sign/", views.SignCheckpointView.as_view(), name="checkpoint_sign"),
    path("verify/", views.VerifyView.as_view(), name="verify"),
    path("export/", views.ExportView.as_view(), name="export"),
    path("ledger.pub", views.PublicKeyView.as_view(), name="public_key"),
]
