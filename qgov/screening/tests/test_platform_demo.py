"""The demo shows screening from data in the repository, and loading it twice adds nothing twice."""

from __future__ import annotations

import pytest

from qgov.screening.choices import AlertStatus
from qgov.screening.demo import DEMO_LIST
from qgov.screening.models import Alert, ListVersion
from qgov.screening.panels import seam_status
from qgov.screening.services import import_list, start_rescreen
from qgov.screening.tests.platform_helpers import organisation
from qgov.site.demo import load_demo

pytestmark = pytest.mark.django_db


def test_the_demo_imports_its_excerpt_and_two_parties_alert_once():
    first = load_demo()
    assert first["screening_list_imported"] and first["screening_parties_created"] == 2
    alerts = Alert.objects.select_related("party").order_by("party__name")
    assert [(a.party.reference, a.entity_id, a.status) for a in alerts] == [
        ("SUP-021", "9750", AlertStatus.OPEN),
        ("VIS-004", "16318", AlertStatus.OPEN),
    ]
    assert seam_status(alerts[0].party)["status"] == "alerts_open"

    again = load_demo()
    assert not again["screening_list_imported"] and again["screening_parties_created"] == 0
    assert ListVersion.objects.count() == 1 and Alert.objects.count() == 2


def test_the_export_control_seam_hears_clear_only_after_screening_against_the_lists_in_force(officer):
    party = organisation(officer, "Bluefors Oy", "FI")
    assert seam_status(party)["status"] == "unknown"
    import_list(officer, DEMO_LIST, rescreen="none")
    assert "pending" in seam_status(party)["detail"]
    start_rescreen(officer)
    answer = seam_status(party)
    assert answer["status"] == "clear" and "us-ofac-sdn v1" in answer["detail"]
