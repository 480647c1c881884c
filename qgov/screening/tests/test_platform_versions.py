"""List versions: every import kept, with what it added, changed and removed; failures change nothing."""

from __future__ import annotations

import dataclasses
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from qgov.core.roles import Role
from qgov.ledger.models import LedgerEntry
from qgov.screening.choices import ChangeKind
from qgov.screening.demo import DEMO_LIST
from qgov.screening.entities import ListFormatError, LoadedList
from qgov.screening.models import ListChange, ListEntry, ListEntrySpan, ListSource, ListVersion
from qgov.screening.records import entity_from_data, entity_to_data
from qgov.screening.services import ListRejected, import_list
from qgov.screening.tests import shared_lists
from qgov.screening.tests.platform_helpers import (
    COSAILING,
    ZHANG_LEI,
    add_entry,
    list_copy,
    remove_entry,
    set_remarks,
)
from qgov.screening.versions import unique_entities


def entries_of(version: ListVersion) -> set[tuple[str, str]]:
    """(entity id, content hash) of every entry the version holds, from the stored spans."""
    spans = ListEntrySpan.objects.filter(source=version.source, first_number__lte=version.number).exclude(
        last_number__lt=version.number
    )
    return set(spans.values_list("entry__entity_id", "entry__content_hash"))


@pytest.mark.parametrize("path", [shared_lists.OFAC_SDN_2021, shared_lists.UN_2026])
def test_stored_entities_come_back_with_the_same_content_hash(path):
    for entity in shared_lists.loaded(path).entities:
        assert entity_from_data(entity_to_data(entity)).content_hash() == entity.content_hash()


@pytest.mark.django_db
def test_first_import_stores_every_entry_and_its_ledger_entry(officer):
    outcome = import_list(officer, DEMO_LIST)
    version = outcome.version
    assert (version.source_id, version.number, version.format) == ("us-ofac-sdn", 1, "ofac-legacy-csv")
    assert (version.entry_count, version.added_count, version.changed_count, version.removed_count) == (
        31,
        31,
        0,
        0,
    )
    assert ListSource.objects.get(name="us-ofac-sdn").current_version == version
    assert ListEntry.objects.count() == 31 and len(entries_of(version)) == 31
    assert sorted(f["name"] for f in version.files) == ["add.csv", "alt.csv", "sdn.csv"]
    assert version.warnings == [
        "ofac-sdn-excerpt: sdn_comments.csv is missing: remarks longer than 1,000 characters are cut"
    ]
    entry = LedgerEntry.objects.get(index=version.ledger_index)
    assert entry.action == "screening.list_import" and entry.actor == "user:carla"
    assert entry.decision["fingerprint"] == version.fingerprint
    assert (entry.decision["entries"], entry.decision["added"], entry.decision["removed"]) == (31, 31, 0)


@pytest.mark.django_db
def test_unchanged_reimport_is_a_new_version_that_stores_no_entry_again(officer):
    first = import_list(officer, DEMO_LIST).version
    rows = (ListEntry.objects.count(), ListEntrySpan.objects.count(), ListChange.objects.count())
    second = import_list(officer, DEMO_LIST).version
    assert second.number == 2 and second.unchanged and second.fingerprint == first.fingerprint
    assert (ListEntry.objects.count(), ListEntrySpan.objects.count(), ListChange.objects.count()) == rows
    assert entries_of(second) == entries_of(first)
    assert ListSource.objects.get(name="us-ofac-sdn").current_version == second


@pytest.mark.django_db
def test_changed_removed_and_added_entries_are_told_apart_and_old_versions_stay_whole(officer, tmp_path):
    first = import_list(officer, DEMO_LIST).version
    folder = list_copy(tmp_path)
    set_remarks(folder, ZHANG_LEI, "DOB 03 Jan 1976; POB Shanghai, China; citizen China.")
    remove_entry(folder, COSAILING)
    add_entry(folder, "99001", "SHENZHEN BRIGHT OPTICS TRADING CO., LTD.")
    second = import_list(officer, folder).version

    assert (second.entry_count, second.added_count, second.changed_count, second.removed_count) == (
        31,
        1,
        1,
        1,
    )
    changes = {change.kind: change for change in second.changes.all()}
    assert changes[ChangeKind.ADDED].entity_id == "99001"
    assert changes[ChangeKind.REMOVED].entity_id == COSAILING
    changed = changes[ChangeKind.CHANGED]
    assert changed.entity_id == ZHANG_LEI and "remarks" in changed.changed_fields
    assert "identifiers" in changed.changed_fields  # the passport numbers went with the remarks
    assert changed.previous_entry.content_hash != changed.entry.content_hash
    # Two new records (the changed and the added entry); everything else is shared with version 1.
    assert ListEntry.objects.count() == 33
    old, new = entries_of(first), entries_of(second)
    assert len(old) == 31 and len(new) == 31
    assert {e for e, _ in old} - {e for e, _ in new} == {COSAILING}
    assert {e for e, _ in new} - {e for e, _ in old} == {"99001"}
    assert changed.previous_entry.entity().remarks != changed.entry.entity().remarks

    # A later import that puts the old reading back reuses its record.
    third = import_list(officer, DEMO_LIST).version
    assert (third.added_count, third.changed_count, third.removed_count) == (1, 1, 1)
    assert entries_of(third) == old and ListEntry.objects.count() == 33


@pytest.mark.django_db
def test_a_malformed_file_leaves_the_version_in_force_and_names_the_line(officer, tmp_path):
    version = import_list(officer, DEMO_LIST).version
    ledger_size = LedgerEntry.objects.count()
    folder = list_copy(tmp_path)
    with (folder / "sdn.csv").open("a", encoding="latin-1", newline="") as handle:
        handle.write('not-a-number,"BROKEN ROW"\r\n')
    with pytest.raises(ListFormatError) as raised:
        import_list(officer, folder)
    assert raised.value.path.endswith("sdn.csv") and raised.value.line == 32
    assert ListVersion.objects.count() == 1
    assert ListSource.objects.get(name="us-ofac-sdn").current_version == version
    assert LedgerEntry.objects.count() == ledger_size


def test_an_entity_id_given_twice_with_different_content_is_refused():
    """The readers refuse duplicates already; a version must never depend on which copy came last."""
    listed = shared_lists.loaded(DEMO_LIST).entities[0]
    twin = dataclasses.replace(listed, remarks="something else")
    doubled = LoadedList("us-ofac-sdn", "ofac-legacy-csv", (listed, twin), (("sdn.csv", "0" * 64),))
    with pytest.raises(ListRejected, match=f"entity id {listed.source_id} twice"):
        unique_entities(doubled, "us-ofac-sdn", "sdn.csv")
    same = LoadedList("us-ofac-sdn", "ofac-legacy-csv", (listed, listed), (("sdn.csv", "0" * 64),))
    assert list(unique_entities(same, "us-ofac-sdn", "sdn.csv")) == [listed.source_id]


@pytest.mark.django_db
def test_a_list_name_that_is_not_a_plain_name_is_refused(officer):
    with pytest.raises(ListRejected, match="--source 'US OFAC'"):
        import_list(officer, DEMO_LIST, source="US OFAC")


@pytest.mark.django_db
def test_importing_needs_the_import_permission(make_user):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        import_list(make_user(Role.PROCUREMENT_OFFICER), DEMO_LIST)


@pytest.mark.django_db
def test_real_sdn_and_un_lists_with_a_mutated_copy(officer, tmp_path):
    sdn = import_list(officer, shared_lists.require(shared_lists.OFAC_SDN_2021)).version
    un = import_list(officer, shared_lists.require(shared_lists.UN_2026)).version
    assert (sdn.entry_count, un.entry_count) == (8976, 1003)
    assert un.source_id == "un-sc" and un.published.startswith("2026-02-27")

    folder = shared_lists.copy_folder(shared_lists.OFAC_SDN_2021, tmp_path)
    set_remarks(folder, "36", "Havana, Cuba; amended.")
    remove_entry(folder, "9750")
    add_entry(folder, "99002", "QUANTUM LATTICE TRADING LLC")
    mutated = import_list(officer, folder).version
    assert (mutated.number, mutated.added_count, mutated.changed_count, mutated.removed_count) == (2, 1, 1, 1)
    assert ListEntry.objects.filter(source="us-ofac-sdn").count() == 8976 + 2


# --- the web page -----------------------------------------------------------------------------------


def upload(path):
    return SimpleUploadedFile(path.name, path.read_bytes())


@pytest.mark.django_db
def test_upload_an_ofac_set_as_several_files_then_see_versions_and_changes(client, officer, tmp_path):
    client.force_login(officer)
    files = [upload(p) for p in sorted(DEMO_LIST.iterdir())]
    response = client.post(reverse("screening:list_import"), {"files": files, "source": ""})
    version = ListVersion.objects.get()
    assert response.status_code == 302 and response["Location"] == version.get_absolute_url()

    folder = list_copy(tmp_path)
    set_remarks(folder, ZHANG_LEI, "DOB 03 Jan 1976; amended.")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as bundle:
        for path in sorted(folder.iterdir()):
            bundle.write(path, f"sdn-update/{path.name}")
    zipped = SimpleUploadedFile("sdn-update.zip", archive.getvalue())
    response = client.post(reverse("screening:list_import"), {"files": [zipped]})
    second = ListVersion.objects.get(number=2)
    assert response.status_code == 302

    listing = client.get(reverse("screening:version_list")).content.decode()
    assert "us-ofac-sdn" in listing and "in force" in listing
    detail = client.get(second.get_absolute_url(), {"kind": "changed"}).content.decode()
    assert "ZHANG, Lei" in detail and "remarks" in detail
    every = client.get(second.get_absolute_url(), {"kind": "all", "q": "alite"}).content.decode()
    assert "BEIJING ALITE TECHNOLOGIES" in every


@pytest.mark.django_db
def test_a_rejected_upload_says_why_and_changes_nothing(client, officer, tmp_path):
    client.force_login(officer)
    broken = tmp_path / "un.xml"
    broken.write_text("<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL>", encoding="utf-8")
    response = client.post(reverse("screening:list_import"), {"files": [upload(broken)]})
    assert response.status_code == 400
    page = response.content.decode()
    assert "version in force is unchanged" in page and "un.xml" in page
    assert not ListVersion.objects.exists()

    evil = io.BytesIO()
    with zipfile.ZipFile(evil, "w") as bundle:
        bundle.writestr("../escape.csv", "x")
    response = client.post(
        reverse("screening:list_import"), {"files": [SimpleUploadedFile("e.zip", evil.getvalue())]}
    )
    assert response.status_code == 400 and "points outside the archive" in response.content.decode()
