"""The item register and its classification records, as a compliance officer relies on them."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qgov.core.models import ObjectChange
from qgov.core.roles import Role
from qgov.exportcontrol.models import ClassificationDecision, Item
from qgov.exportcontrol.services.classification import (
    confirm_classification,
    override_classification,
    reclassify,
)
from qgov.exportcontrol.services.items import ItemData, ParameterData, create_item, update_item
from qgov.exportcontrol.tests.platform_support import DATASHEET, fridge_data, make_fridge, make_know_how
from qgov.ledger.models import LedgerEntry

pytestmark = pytest.mark.django_db


def test_an_item_keeps_its_figures_as_given_and_the_engine_proposal_with_its_explanation(officer):
    item = make_fridge(officer)
    power = item.parameters.get(name="cooling_power")
    assert (power.value, power.source, power.source_reference, power.figure_date) == (
        "1000 uW",
        "datasheet",
        DATASHEET,
        dt.date(2026, 3, 1),
    )
    proposal = item.latest_proposal
    assert proposal.trigger == "item created" and proposal.status == "controlled"
    assert proposal.rule_packs["US-EAR"] == "2026-07-23"
    us = next(e for e in proposal.result["entries"] if e["jurisdiction"] == "US-EAR")
    assert us["entry"] == "3A904.a"
    assert {"parameter": "cooling_power", "op": ">=", "threshold": "600 uW", "met": True}.items() <= next(
        c for c in us["conditions"] if c["parameter"] == "cooling_power"
    ).items()
    assert proposal.item_input["parameters"]["cooling_power"] == {
        "value": "1000 uW",
        "source": "datasheet",
        "reference": DATASHEET,
        "date": "2026-03-01",
    }
    assert item.classification_state == "unconfirmed"
    assert ObjectChange.objects.filter(object_id=str(item.pk), action="create").exists()


def test_a_value_the_engine_cannot_read_is_refused_naming_the_parameter_and_nothing_is_saved(officer):
    with pytest.raises(ValidationError) as raised:
        make_fridge(officer, cooling_power="1000 kV")
    assert list(raised.value.message_dict) == ["parameters.cooling_power"]
    assert "1000 kV" in raised.value.message_dict["parameters.cooling_power"][0]
    assert not Item.objects.exists()


def test_a_commodity_without_category_is_refused_on_the_category_field(officer):
    with pytest.raises(ValidationError) as raised:
        create_item(officer, ItemData(name="Mystery box"))
    assert "category" in raised.value.message_dict


def test_the_statistic_of_a_cnot_error_reaches_the_classifier(officer):
    """A best-qubit C-NOT error near the band limit is reviewed, where the mean would decide."""
    computer = ItemData(
        name="QPU-120",
        category="quantum_computer",
        parameters=[
            ParameterData("paradigm", "gate_based"),
            ParameterData("physical_qubits", "120"),
            ParameterData("cnot_error", "0.0009", "calibration_record", statistic="best"),
        ],
    )
    best = create_item(officer, computer).latest_proposal
    assert best.item_input["parameters"]["cnot_error_statistic"] == "best"
    assert any("best figure" in reason for reason in best.result["review_reasons"])
    computer.parameters[2].statistic = "mean"
    computer.name = "QPU-120 (mean)"
    mean = create_item(officer, computer).latest_proposal
    assert ("US-EAR", "4A906.a.2") in {(e["jurisdiction"], e["entry"]) for e in mean.result["entries"]}


def test_confirming_writes_a_decision_and_a_ledger_entry(officer):
    item = make_fridge(officer)
    decision = confirm_classification(officer, item, note="Checked against the datasheet.")
    item.refresh_from_db()
    assert item.classification_state == "confirmed"
    assert decision.entry_keys == item.latest_proposal.entry_keys
    entry = LedgerEntry.objects.get(index=decision.ledger_index)
    body = json.loads(entry.body)
    assert (entry.action, entry.subject_id, body["actor"]) == (
        "exportcontrol.classification",
        str(item.pk),
        "user:carla",
    )
    assert body["decision"]["decision"] == "confirmed"
    assert "US-EAR 3A904.a" in body["decision"]["entries"]
    assert body["decision"]["rule_packs"]["US-EAR"] == "2026-07-23"


def test_an_undecidable_proposal_cannot_be_confirmed_only_overridden_with_a_justification(officer):
    software = create_item(
        officer,
        ItemData(
            name="Magnetometer control software",
            item_kind="software",
            for_entries=["6A006.a.2"],
            purpose="use",
        ),
    )
    assert software.latest_proposal.status == "needs_review"
    with pytest.raises(ValidationError, match="could not decide"):
        confirm_classification(officer, software)
    with pytest.raises(ValidationError, match="justification"):
        override_classification(officer, software, entries=[], justification="  ")
    decision = override_classification(
        officer, software, entries=[], justification="Object code for use only; classified EAR99 by hand."
    )
    assert (decision.kind, decision.status, decision.entries) == ("overridden", "not_controlled", [])
    body = json.loads(LedgerEntry.objects.get(index=decision.ledger_index).body)
    assert body["decision"]["justification"].startswith("Object code")
    assert body["decision"]["proposal"]["status"] == "needs_review"


def test_an_override_may_add_entries_the_engine_did_not_propose_and_says_so(officer):
    item = make_fridge(officer)
    decision = override_classification(
        officer,
        item,
        entries=["US-EAR 3A904.a", "WASSENAAR 3A002.g.1"],
        justification="Also a frequency standard.",
    )
    added = next(e for e in decision.entries if e["entry"] == "3A002.g.1")
    assert added["conditions"] == [] and "override" in added["notes"][-1]
    with pytest.raises(ValidationError, match="Not an entry qgov knows"):
        override_classification(officer, item, entries=["US-EAR 9Z999"], justification="typo")


def test_changing_a_figure_marks_the_confirmed_classification_stale_and_says_why(officer, make_user):
    item = make_fridge(officer)
    confirm_classification(officer, item)
    buyer = make_user(Role.PROCUREMENT_OFFICER, "piet")
    update_item(buyer, item, fridge_data(cooling_power="400 uW"))
    item.refresh_from_db()
    assert item.classification_state == "stale"
    assert "cooling_power 1000 uW -> 400 uW" in item.stale_reason and "piet" in item.stale_reason
    assert "The engine now proposes" in item.stale_reason
    decision = ClassificationDecision.objects.get(item=item)
    assert decision.stale and decision.stale_reason == item.stale_reason
    assert item.latest_proposal.number == 2 and item.latest_proposal.trigger.startswith(
        "changed: cooling_power"
    )


def test_changing_only_where_a_figure_comes_from_keeps_the_classification(officer):
    item = make_fridge(officer)
    confirm_classification(officer, item)
    data = fridge_data()
    data.parameters[0].source_reference = "XLD400 datasheet rev. 4, p. 3"
    update_item(officer, item, data)
    item.refresh_from_db()
    assert item.classification_state == "confirmed"
    assert item.proposals.count() == 1
    assert item.parameters.get(name="cooling_power").source_reference.endswith("p. 3")


def test_a_decision_against_an_outdated_proposal_is_refused(officer):
    item = make_fridge(officer)
    first = item.latest_proposal
    reclassify(officer, item)
    with pytest.raises(ValidationError, match="newer proposal"):
        confirm_classification(officer, item, proposal_id=first.pk)


def test_procurement_may_register_items_but_only_compliance_decides(make_user):
    buyer = make_user(Role.PROCUREMENT_OFFICER)
    item = make_know_how(buyer)
    assert item.latest_proposal.entry_keys == ["US-EAR 3E901"]
    with pytest.raises(PermissionDenied):
        confirm_classification(buyer, item)
    researcher = make_user(Role.RESEARCHER)
    with pytest.raises(PermissionDenied):
        make_fridge(researcher)
