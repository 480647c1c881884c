from django.urls import path

from qgov.core.views import ObjectChangeLogView
from qgov.exportcontrol.models import Item, Licence
from qgov.exportcontrol.views import checks, items, licences, reports, reviews

app_name = "exportcontrol"

urlpatterns = [
    path("items/", items.ItemListView.as_view(), name="item_list"),
    path("items/new/", items.ItemEditView.as_view(), name="item_create"),
    path("items/parameter-fields/", items.ParameterFieldsView.as_view(), name="item_parameter_fields"),
    path("items/<uuid:pk>/", items.ItemDetailView.as_view(), name="item_detail"),
    path("items/<uuid:pk>/edit/", items.ItemEditView.as_view(), name="item_edit"),
    path("items/<uuid:pk>/changes/", ObjectChangeLogView.as_view(model=Item), name="item_changes"),
    path("items/<uuid:pk>/confirm/", items.ConfirmView.as_view(), name="item_confirm"),
    path("items/<uuid:pk>/override/", items.OverrideView.as_view(), name="item_override"),
    path("items/<uuid:pk>/reclassify/", items.ReclassifyView.as_view(), name="item_reclassify"),
    path("items/<uuid:pk>/evidence/", items.EvidenceAddView.as_view(), name="item_evidence_add"),
    path(
        "items/<uuid:pk>/evidence/<int:evidence_id>/",
        items.EvidenceDownloadView.as_view(),
        name="item_evidence_download",
    ),
    path("items/<uuid:pk>/parties/", items.ItemPartyAddView.as_view(), name="item_party_add"),
    path(
        "items/<uuid:pk>/parties/<uuid:link_id>/remove/",
        items.ItemPartyRemoveView.as_view(),
        name="item_party_remove",
    ),
    path("licences/", licences.LicenceListView.as_view(), name="licence_list"),
    path("licences/new/", licences.LicenceEditView.as_view(), name="licence_create"),
    path("licences/<uuid:pk>/", licences.LicenceDetailView.as_view(), name="licence_detail"),
    path("licences/<uuid:pk>/edit/", licences.LicenceEditView.as_view(), name="licence_edit"),
    path("licences/<uuid:pk>/changes/", ObjectChangeLogView.as_view(model=Licence), name="licence_changes"),
    path("checks/", checks.CheckListView.as_view(), name="check_list"),
    path("checks/new/", checks.CheckCreateView.as_view(), name="check_create"),
    path("checks/<uuid:pk>/", checks.CheckDetailView.as_view(), name="check_detail"),
    path("checks/<uuid:pk>/decide/", checks.CheckDecideView.as_view(), name="check_decide"),
    path("releases/<uuid:pk>/end/", checks.ReleaseEndView.as_view(), name="release_end"),
    path(
        "releases/<uuid:pk>/termination-report/",
        checks.ReleaseReportedView.as_view(),
        name="release_reported",
    ),
    path("reports/743-8/", reports.Report7438View.as_view(), name="report_743_8"),
    path("reports/743-8/<int:year>.csv", reports.Report7438CsvView.as_view(), name="report_743_8_csv"),
    path("rule-packs/", reviews.RulePackView.as_view(), name="rulepacks"),
    path("rule-packs/check/", reviews.RulePackCheckStartView.as_view(), name="rulepack_check_start"),
    path("rule-packs/runs/<uuid:pk>/", reviews.RulePackRunView.as_view(), name="rulepack_run"),
    path("reviews/", reviews.ReviewTaskListView.as_view(), name="task_list"),
    path("reviews/<uuid:pk>/", reviews.ReviewTaskDetailView.as_view(), name="task_detail"),
    path("reviews/<uuid:pk>/update/", reviews.ReviewTaskUpdateView.as_view(), name="task_update"),
]
