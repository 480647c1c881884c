"""The party registry's rules, as a compliance officer relies on them."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from qgov.core.models import ObjectChange
from qgov.core.roles import Role
from qgov.ledger.models import LedgerEntry
from qgov.parties.models import Party
from qgov.parties.services import (
    AddressData,
    PartyData,
    add_relationship,
    create_party,
    delete_party,
    update_party,
)

pytestmark = pytest.mark.django_db

VALID_LEI = "529900T8BM49AURSDO55"


def test_create_party_stores_every_part_and_writes_change_log_and_ledger(officer):
    party = create_party(
        officer,
        PartyData(
            name="  Bluefors   Oy ",
            countries=[("FI", "incorporation"), ("Germany", "operations")],
            aliases=[("Bluefors Cryogenics", "trading"), ("bluefors oy", "aka")],
            identifiers=[("lei", VALID_LEI.lower(), "FI")],
            addresses=[AddressData("FI", "Arinatie 10", "Helsinki", postal_code="00370")],
            tags=["supplier", "cryogenics", "supplier"],
        ),
    )
    assert party.name == "Bluefors Oy"  # whitespace normalised
    assert sorted((c.country, c.role) for c in party.countries.all()) == [
        ("DE", "operations"),
        ("FI", "incorporation"),
    ]
    assert [a.name for a in party.aliases.all()] == [
        "Bluefors Cryogenics"
    ]  # the alias equal to the name is dropped
    assert party.identifiers.get().value == VALID_LEI  # LEIs are stored upper-case
    assert sorted(t.name for t in party.tags.all()) == ["cryogenics", "supplier"]
    change = ObjectChange.objects.get(object_id=str(party.pk))
    assert change.action == "create" and change.user == officer
    entry = LedgerEntry.objects.get(subject_id=str(party.pk))
    assert entry.action == "parties.create"
    body = json.loads(entry.body)
    assert body["decision"]["name"] == "Bluefors Oy" and body["decision"]["countries"] == ["DE", "FI"]
    assert body["actor"] == "user:carla"


def test_person_stays_off_the_ledger_as_a_keyed_digest(officer):
    person = create_party(officer, PartyData(name="Elena Sokolova", kind="person", birth_date="1988-04"))
    body = LedgerEntry.objects.get(subject_id=str(person.pk)).body
    assert "Sokolova" not in body and "1988" not in body
    assert len(json.loads(body)["decision"]["record_hmac_sha256"]) == 64


@pytest.mark.parametrize(
    ("data", "field", "fragment"),
    [
        (PartyData(name=""), "name", "needs a name"),
        (PartyData(name="X", countries=[("Atlantis", "operations")]), "countries", "'Atlantis'"),
        (
            PartyData(name="X", identifiers=[("lei", "529900T8BM49AURSDO56", "")]),
            "identifiers",
            "not a valid LEI",
        ),
        (PartyData(name="X", birth_date="1990"), "birth_date", "Only a person"),
        (PartyData(name="X", kind="person", birth_date="1990-13"), "birth_date", "YYYY"),
        (PartyData(name="X", kind="company"), "kind", "Kind must be"),
        (PartyData(name="X", addresses=[AddressData("")]), "addresses", "country"),
    ],
)
def test_invalid_input_is_refused_naming_the_field(officer, data, field, fragment):
    with pytest.raises(ValidationError) as error:
        create_party(officer, data)
    assert field in error.value.message_dict
    assert fragment in " ".join(error.value.message_dict[field])
    assert not Party.objects.exists() and not LedgerEntry.objects.exists()


def test_reference_must_be_unique(officer):
    create_party(officer, PartyData(name="A", reference="SUP-1"))
    with pytest.raises(ValidationError, match="SUP-1"):
        create_party(officer, PartyData(name="B", reference="SUP-1"))


def test_update_records_before_and_after_and_only_real_changes(officer):
    party = create_party(officer, PartyData(name="Qblox", countries=[("NL", "incorporation")]))
    update_party(officer, party, PartyData(name="Qblox B.V.", countries=[("NL", "incorporation")]))
    change = ObjectChange.objects.filter(object_id=str(party.pk), action="update").get()
    assert ("name", "Qblox", "Qblox B.V.") in change.changed_fields
    entry = LedgerEntry.objects.filter(subject_id=str(party.pk), action="parties.update").get()
    assert json.loads(entry.body)["decision"]["changed_fields"] == ["name"]
    # Saving the same data again writes no change and no ledger entry.
    update_party(officer, party, PartyData(name="Qblox B.V.", countries=[("NL", "incorporation")]))
    assert ObjectChange.objects.filter(object_id=str(party.pk), action="update").count() == 1
    assert LedgerEntry.objects.filter(subject_id=str(party.pk)).count() == 2


def test_a_failed_step_leaves_the_database_as_it_was(officer):
    before = (Party.objects.count(), LedgerEntry.objects.count(), ObjectChange.objects.count())
    with pytest.raises(RuntimeError), transaction.atomic():
        create_party(officer, PartyData(name="Rolled back GmbH"))
        raise RuntimeError("the caller's later step failed")
    assert (Party.objects.count(), LedgerEntry.objects.count(), ObjectChange.objects.count()) == before


def test_relationships_and_their_rules(officer):
    parent = create_party(officer, PartyData(name="Helix Quantum Sensing GmbH"))
    child = create_party(officer, PartyData(name="Helix Quantum Sensing Inc."))
    relation = add_relationship(officer, child, parent, "subsidiary_of", ownership_percent=100)
    assert str(relation) == "Helix Quantum Sensing Inc. subsidiary of Helix Quantum Sensing GmbH"
    with pytest.raises(ValidationError, match="already"):
        add_relationship(officer, child, parent, "subsidiary_of")
    with pytest.raises(ValidationError, match="itself"):
        add_relationship(officer, child, child, "agent_for")
    with pytest.raises(ValidationError, match="ownership"):
        add_relationship(officer, child, parent, "owned_by", ownership_percent=140)
    assert LedgerEntry.objects.filter(action="parties.relationship", subject_id=str(child.pk)).count() == 1


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.RESEARCHER, Role.DATA_STEWARD])
def test_roles_without_the_permission_cannot_create(make_user, role):
    with pytest.raises(PermissionDenied):
        create_party(make_user(role), PartyData(name="Not allowed Ltd"))


def test_procurement_may_create_but_not_delete(make_user):
    buyer = make_user(Role.PROCUREMENT_OFFICER)
    party = create_party(buyer, PartyData(name="Thorlabs Inc."))
    with pytest.raises(PermissionDenied):
        delete_party(buyer, party)
