"""Re-screening the registry when a list version arrives, with its progress, and the index in force."""

from __future__ import annotations

import pytest
from django.urls import reverse

from qgov.core.roles import Role
from qgov.screening import current
from qgov.screening.choices import AlertStatus, RunStatus, RunTrigger
from qgov.screening.demo import DEMO_LIST
from qgov.screening.models import Alert, ScreeningRun
from qgov.screening.services import import_list, run_rescreen, start_rescreen
from qgov.screening.tests.platform_helpers import ALITE, organisation, person

pytestmark = pytest.mark.django_db


def test_parties_registered_before_any_list_are_screened_when_the_list_arrives(officer):
    supplier = organisation(officer, "Beijing Alite Technologies Co. Ltd.", "CN")
    organisation(officer, "Bluefors Oy", "FI")
    person(officer, "Jonas Weber", "1984", "DE")
    assert not Alert.objects.exists()

    outcome = import_list(officer, DEMO_LIST)
    run = ScreeningRun.objects.get()
    assert (
        run == outcome.run and run.trigger == RunTrigger.LIST_IMPORT and run.list_version == outcome.version
    )
    assert (run.status, run.total, run.done, run.raised) == (RunStatus.FINISHED, 3, 3, 1)
    assert run.started_at and run.finished_at and run.requested_by_name == "user:carla"
    alert = Alert.objects.get(party=supplier)
    assert alert.entity_id == ALITE and "new list version us-ofac-sdn v1" in alert.status_reason


def test_progress_is_reported_batch_by_batch(officer, monkeypatch):
    from qgov.screening import services

    monkeypatch.setattr(services, "RESCREEN_BATCH", 2)
    for number in range(5):
        organisation(officer, f"Supplier number {number} GmbH", "DE")
    outcome = import_list(officer, DEMO_LIST, rescreen="none")
    assert outcome.run is None and not ScreeningRun.objects.exists()

    run = start_rescreen(officer)  # immediate backend in tests: already done
    run.refresh_from_db()
    assert run.trigger == RunTrigger.MANUAL and run.status == RunStatus.FINISHED and run.done == 5

    seen = []
    queued = ScreeningRun.objects.create(trigger=RunTrigger.MANUAL, requested_by_name="test")
    run_rescreen(queued.pk, on_progress=lambda r: seen.append((r.done, r.total, r.status)))
    assert seen == [(2, 5, RunStatus.RUNNING), (4, 5, RunStatus.RUNNING), (5, 5, RunStatus.RUNNING)]
    assert run_rescreen(queued.pk).status == RunStatus.FINISHED  # a second worker finds nothing to do


def test_a_failing_run_is_marked_failed_with_the_reason(officer, monkeypatch):
    from qgov.screening import services

    organisation(officer, "Bluefors Oy", "FI")

    def broken(*args, **kwargs):
        raise RuntimeError("index unavailable")

    monkeypatch.setattr(services, "screen_parties", broken)
    queued = ScreeningRun.objects.create(trigger=RunTrigger.MANUAL, requested_by_name="test")
    with pytest.raises(RuntimeError):
        run_rescreen(queued.pk)
    queued.refresh_from_db()
    assert queued.status == RunStatus.FAILED and "index unavailable" in queued.error


def test_the_progress_page_polls_while_running_and_stops_when_finished(client, officer, make_user):
    organisation(officer, "Bluefors Oy", "FI")
    version = import_list(officer, DEMO_LIST, rescreen="none").version
    queued = ScreeningRun.objects.create(
        trigger=RunTrigger.LIST_IMPORT, list_version=version, requested_by_name="test", total=1
    )
    client.force_login(make_user(Role.AUDITOR))
    fragment = client.get(reverse("screening:run_progress", args=[queued.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in fragment and "Waiting for a worker" in fragment
    assert queued.get_progress_url() in client.get(version.get_absolute_url()).content.decode()
    run_rescreen(queued.pk)
    page = client.get(queued.get_absolute_url()).content.decode()
    assert "every 1s" not in page and "1 of 1 parties" in page and "Finished" in page
    assert client.post(reverse("screening:run_start")).status_code == 403  # auditors read only


def test_the_index_is_rebuilt_only_when_the_versions_in_force_change(officer, tmp_path):
    import_list(officer, DEMO_LIST, rescreen="none")
    first = current.current_lists()
    assert current.current_lists() is first
    assert len(first.entry_ids) == 31 and first.versions["us-ofac-sdn"].number == 1
    import_list(officer, DEMO_LIST, rescreen="none")
    second = current.current_lists()
    assert second is not first and second.versions["us-ofac-sdn"].number == 2


def test_screening_an_organisation_with_several_countries_keeps_the_best_reading(officer):
    import_list(officer, DEMO_LIST, rescreen="none")
    from qgov.parties.services import PartyData, create_party

    party = create_party(
        officer,
        PartyData(
            name="Beijing Alite Technologies Co. Ltd.",
            countries=[("DE", "operations"), ("CN", "incorporation")],
        ),
    )
    single = organisation(officer, "Beijing Alite Technologies Co. Ltd", "CN")
    both, one = Alert.objects.get(party=party), Alert.objects.get(party=single)
    assert both.score == pytest.approx(one.score, abs=0.02)  # the agreeing country counts
    assert both.status == one.status == AlertStatus.OPEN
