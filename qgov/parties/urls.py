from django.urls import path

from qgov.core.views import ObjectChangeLogView
from qgov.parties import views
from qgov.parties.models import Party

app_name = "parties"

urlpatterns = [
    path("", views.PartyListView.as_view(), name="party_list"),
    path("new/", views.PartyEditView.as_view(), name="party_create"),
    path("import/", views.PartyImportView.as_view(), name="party_import"),
    path("<uuid:pk>/", views.PartyDetailView.as_view(), name="party_detail"),
    path("<uuid:pk>/edit/", views.PartyEditView.as_view(), name="party_edit"),
    path("<uuid:pk>/delete/", views.PartyDeleteView.as_view(), name="party_delete"),
    path("<uuid:pk>/changes/", ObjectChangeLogView.as_view(model=Party), name="party_changes"),
    path("<uuid:pk>/relationships/", views.RelationshipAddView.as_view(), name="relationship_add"),
    path(
        "<uuid:pk>/relationships/<uuid:relation_id>/remove/",
        views.RelationshipRemoveView.as_view(),
        name="relationship_remove",
    ),
]
