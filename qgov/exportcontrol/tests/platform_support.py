"""Builders for the platform tests: items from datasheet figures, people and organisations, checks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from qgov.exportcontrol.services.checks import CheckData, request_check
from qgov.exportcontrol.services.items import ItemData, ParameterData, create_item
from qgov.parties.services import AddressData, PartyData, add_relationship, create_party

DAY = dt.date(2026, 11, 21)
DATASHEET = "XLD400 datasheet rev. 3, p. 2"


def fridge_data(cooling_power: str = "1000 uW", **changes: Any) -> ItemData:
    """A dilution refrigerator of 3A904.a, figures as the datasheet gives them."""
    data = ItemData(
        name="XLD400 dilution refrigerator",
        category="cryogenic_cooling_system",
        origin_country="FI",
        reference="FRIDGE-1",
        parameters=[
            ParameterData(
                "cooling_power", cooling_power, "datasheet", DATASHEET, figure_date=dt.date(2026, 3, 1)
            ),
            ParameterData("cooling_power_temperature", "100 mK", "datasheet", DATASHEET),
            ParameterData("sustained_duration", "72 h", "datasheet", DATASHEET),
        ],
    )
    for key, value in changes.items():
        setattr(data, key, value)
    return data


def know_how_data(**changes: Any) -> ItemData:
    """Development technology for 3A904 cryogenic systems: ECCN 3E901."""
    data = ItemData(
        name="Cryostat development know-how",
        item_kind="technology",
        for_entries=["3A904"],
        purpose="development",
        origin_country="US",
        reference="KNOW-HOW-1",
    )
    for key, value in changes.items():
        setattr(data, key, value)
    return data


def make_fridge(actor: Any, **changes: Any) -> Any:
    return create_item(actor, fridge_data(**changes))


def make_know_how(actor: Any, **changes: Any) -> Any:
    return create_item(actor, know_how_data(**changes))


def organisation(actor: Any, name: str, country: str, reference: str | None = None) -> Any:
    return create_party(
        actor,
        PartyData(
            name=name,
            reference=reference or "",
            countries=[(country, "incorporation")],
            addresses=[AddressData(country, "Main Street 1", "Capital")],
        ),
    )


def person(
    actor: Any,
    name: str,
    citizenship: str,
    *,
    residence: str | None = None,
    employer: Any = None,
    since: dt.date | None = None,
) -> Any:
    countries = [(citizenship, "citizenship")] + ([(residence, "residence")] if residence else [])
    party = create_party(actor, PartyData(name=name, kind="person", countries=countries, birth_date="1990"))
    if employer is not None:
        add_relationship(actor, party, employer, "employee_of")
        if since is not None:
            party.relationships_out.update(since=since)
    return party


def deemed_export(actor: Any, item: Any, recipient: Any, **fields: Any) -> Any:
    data = CheckData(
        item=item,
        kind="deemed_export",
        date=DAY,
        from_country="US",
        recipient=recipient,
        prohibited_stated=False,
        published=False,
        fundamental_research=False,
    )
    for key, value in fields.items():
        setattr(data, key, value)
    return request_check(actor, data)


def export(actor: Any, item: Any, destination: str, **fields: Any) -> Any:
    data = CheckData(
        item=item,
        kind="export",
        date=DAY,
        from_country="US",
        destination=destination,
        prohibited_stated=False,
    )
    for key, value in fields.items():
        setattr(data, key, value)
    return request_check(actor, data)


def exportcontrol_world(admin: Any, researcher: Any) -> dict[str, Any]:
    """One of every export-control object a URL can point at (for tests/test_access_matrix.py)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from qgov.exportcontrol.models import ItemParty, ReviewTask
    from qgov.exportcontrol.services.classification import confirm_classification
    from qgov.exportcontrol.services.items import add_evidence
    from qgov.exportcontrol.services.licences import LicenceData, create_licence
    from qgov.exportcontrol.services.rulepacks import start_rulepack_check

    item = make_fridge(admin)
    evidence = add_evidence(
        admin, item, upload=SimpleUploadedFile("xld400.pdf", b"%PDF-1.4"), effective_date=dt.date(2026, 3, 1)
    )
    decision = confirm_classification(admin, item)
    supplier = organisation(admin, "Bluefors Oy (matrix)", "FI")
    licence = create_licence(
        admin, LicenceData(reference="D-MATRIX", valid_from=dt.date(2026, 1, 1), entries=["3A904"])
    )
    check = export(researcher, item, "DE")
    release_check = deemed_export(researcher, make_know_how(admin), person(admin, "Chen Hao (matrix)", "CN"))
    task = ReviewTask.objects.create(item=item, title="Matrix review task", fingerprint="matrix")

    def fresh_item_party() -> Any:
        """A new link each time: removing one must not make the next role's attempt a 404."""
        ItemParty.objects.filter(item=item, party=supplier).delete()
        return ItemParty.objects.create(item=item, party=supplier, role="supplier")

    return {
        "ec_item": item,
        "ec_evidence": evidence,
        "ec_proposal": item.latest_proposal,
        "ec_decision": decision,
        "ec_licence": licence,
        "ec_check": check,
        "ec_release": release_check.release,
        "ec_task": task,
        "ec_run": start_rulepack_check(admin),
        "ec_fresh_item_party": fresh_item_party,
    }
