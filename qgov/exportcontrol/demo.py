"""Demo data for export control: the demo company's items, their classifications, a licence and checks.

Loaded by `qgov demo` through the app's ``load_demo`` hook, after the party registry's demo. Every
object is found by a stable key (item reference, licence reference, a marker in a check's notes)
before it is created, so loading twice adds nothing twice. Everything goes through the services, so
the demo also writes the ledger entries real use would.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from qgov.exportcontrol.models import Item, Licence, TransactionCheck
from qgov.exportcontrol.services.checks import CheckData, request_check
from qgov.exportcontrol.services.classification import confirm_classification, override_classification
from qgov.exportcontrol.services.items import ItemData, ParameterData, add_item_party, create_item
from qgov.exportcontrol.services.licences import LicenceData, create_licence
from qgov.exportcontrol.services.releases import end_release
from qgov.parties.models import Party
from qgov.parties.services import PartyData, add_relationship, create_party

GO6 = "15 CFR 736 Supp. No. 1, General Order No. 6(f)(3)"


def _sheet(document: str, day: dt.date) -> dict[str, Any]:
    return {"source": "datasheet", "source_reference": document, "figure_date": day}


@dataclass
class DemoItem:
    data: ItemData
    parties: list[tuple[str, str]] = field(default_factory=list)  # (party reference, role)
    decision: str = ""  # "confirm", or an override justification; "" leaves the proposal unconfirmed


OPM_SHEET = _sheet("HQS OPM-2 datasheet v1.2, p. 1", dt.date(2026, 2, 1))
AQG_SHEET = _sheet("HQS AQG-1 datasheet rev. B", dt.date(2025, 11, 1))
XLD_SHEET = _sheet("Bluefors XLD400 datasheet, cooling-power table", dt.date(2025, 6, 1))
JPA_SHEET = _sheet("JPA-8 test report 2026-01", dt.date(2026, 1, 20))

ITEMS = [
    DemoItem(
        ItemData(
            name="HQS OPM-2 optically pumped magnetometer",
            reference="HQS-OPM-2",
            category="magnetometer",
            origin_country="DE",
            description="Zero-field rubidium magnetometer for geophysical surveys.",
            parameters=[
                ParameterData("magnetometer_type", "optically_pumped", **OPM_SHEET),
                ParameterData("sensitivity", "15 fT/rtHz", **OPM_SHEET),
                ParameterData("medical_biomagnetic", "false", **OPM_SHEET),
                ParameterData("fishery", "false", **OPM_SHEET),
            ],
        ),
        [("DEMO-HQ", "manufacturer")],
        "confirm",
    ),
    DemoItem(
        ItemData(
            name="HQS AQG-1 atom-interferometric gravimeter",
            reference="HQS-AQG-1",
            category="gravimeter",
            origin_country="DE",
            description="Absolute quantum gravimeter for ground surveys.",
            parameters=[
                ParameterData("platform", "ground", **AQG_SHEET),
                ParameterData("static_accuracy", "5 uGal", **AQG_SHEET),
                ParameterData("worden_quartz", "false", **AQG_SHEET),
            ],
        ),
        [("DEMO-HQ", "manufacturer")],
        "confirm",
    ),
    DemoItem(
        ItemData(
            name="Bluefors XLD400 dilution refrigerator",
            reference="BF-XLD400",
            category="cryogenic_cooling_system",
            origin_country="FI",
            description="Bought for the amplifier test lab in Boulder.",
            parameters=[
                ParameterData("cooling_power", "1000 uW", **XLD_SHEET),
                ParameterData("cooling_power_temperature", "100 mK", **XLD_SHEET),
                ParameterData("sustained_duration", "72 h", **XLD_SHEET),
            ],
        ),
        [("SUP-001", "manufacturer"), ("SUP-001", "supplier")],
        "confirm",
    ),
    DemoItem(
        ItemData(
            name="JPA-8 Josephson parametric amplifier",
            reference="HQS-JPA-8",
            category="amplifier",
            origin_country="US",
            parameters=[
                ParameterData("amplifier_type", "parametric", **JPA_SHEET),
                ParameterData("ambient_temperature", "20 mK", **JPA_SHEET),
                ParameterData("frequency_min", "4 GHz", **JPA_SHEET),
                ParameterData("frequency_max", "8 GHz", **JPA_SHEET),
                ParameterData("noise_figure", "0.01 dB", **JPA_SHEET),
            ],
        ),
        [("DEMO-HQ-US", "manufacturer")],
    ),
    DemoItem(
        ItemData(
            name="HQS MagControl control software",
            reference="HQS-MAGCTL",
            item_kind="software",
            for_entries=["6A006.a.2"],
            purpose="use",
            origin_country="DE",
            description="Operator software shipped as object code with the OPM-2.",
        ),
        [("DEMO-HQ", "manufacturer")],
        "Object code for operating the OPM-2 only; classified by hand, no CCL software entry for 6A006 use "
        "software applies: EAR99.",
    ),
    DemoItem(
        ItemData(
            name="JPA fabrication know-how",
            reference="HQS-JPA-FAB",
            item_kind="technology",
            for_entries=["3A901.b"],
            purpose="production",
            origin_country="US",
            description="Process recipes and junction-oxidation parameters for the JPA-8.",
        ),
        [("DEMO-HQ-US", "manufacturer")],
        "confirm",
    ),
]


def _party(reference: str) -> Party | None:
    return Party.objects.filter(reference=reference).first()


def _officer(admin: Any) -> Any:
    return get_user_model().objects.filter(username="carla").first() or admin


def _load_items(admin: Any, officer: Any) -> int:
    created = 0
    for demo in ITEMS:
        if Item.objects.filter(reference=demo.data.reference).exists():
            continue
        item = create_item(admin, demo.data)
        created += 1
        for reference, role in demo.parties:
            party = _party(reference)
            if party is not None:
                add_item_party(admin, item, party, role)
        if demo.decision == "confirm":
            confirm_classification(officer, item, note="Checked against the datasheet (demo).")
        elif demo.decision:
            override_classification(officer, item, entries=[], justification=demo.decision)
    return created


def _load_licences(admin: Any, today: dt.date) -> int:
    created = 0
    gulf, holder = _party("CUS-004"), _party("DEMO-HQ-US")
    licences = [
        LicenceData(
            reference="D1234567",
            authority="BIS",
            entries=["6A006"],
            destinations=["AE"],
            transaction_kinds=["export"],
            holder=holder,
            consignee=gulf,
            end_user=gulf,
            conditions="No reexport without BIS authorisation; end use: mineral exploration surveys.",
            valid_from=today - dt.timedelta(days=300),
            expires_on=today + dt.timedelta(days=45),
            quantity_limit=Decimal(10),
            value_limit=Decimal(250000),
        ),
        LicenceData(
            reference="GO6(f)(3)",
            kind="general_licence",
            authority="BIS",
            provision=GO6,
            entries=["3D901", "3E901", "4D906", "4E906"],
            transaction_kinds=["deemed_export", "deemed_reexport"],
            conditions="Not for prohibited persons (Part 744); annual and termination reports, 15 CFR 743.8.",
            valid_from=dt.date(2024, 9, 6),
        ),
    ]
    for data in licences:
        if not Licence.objects.filter(jurisdiction=data.jurisdiction, reference=data.reference).exists():
            create_licence(admin, data)
            created += 1
    return created


def _new_hire(admin: Any) -> Party | None:
    """A demo engineer hired after 6 September 2024, so General Order No. 6 (not the grandfather) applies."""
    existing = _party("EMP-101")
    host = _party("DEMO-HQ-US")
    if existing is not None or host is None:
        return existing
    person = create_party(
        admin,
        PartyData(
            name="Chen Hao",
            kind="person",
            reference="EMP-101",
            birth_date="1994-07",
            countries=[("CN", "citizenship")],
            identifiers=[("employee_id", "HQS-US-0112", "")],
            tags=["employee"],
            notes="Process engineer in Boulder (invented for the demo).",
        ),
    )
    add_relationship(admin, person, host, "employee_of", since=dt.date(2025, 2, 3))
    return person


def _load_checks(admin: Any, today: dt.date) -> int:
    opm, know_how = (
        Item.objects.filter(reference="HQS-OPM-2").first(),
        Item.objects.filter(reference="HQS-JPA-FAB").first(),
    )
    host_us, gulf = _party("DEMO-HQ-US"), _party("CUS-004")
    plans: list[tuple[str, Any, dict[str, Any]]] = [
        (
            "opm-to-gulf",
            opm,
            {
                "kind": "export",
                "from_country": "US",
                "destination": "AE",
                "consignee": gulf,
                "end_user": gulf,
                "quantity": Decimal(2),
                "value": Decimal(48000),
                "end_use": "Airborne mineral exploration survey",
            },
        ),
        (
            "visitor",
            know_how,
            {"kind": "deemed_export", "from_country": "US", "recipient": _party("VIS-001")},
        ),
        (
            "new-hire",
            know_how,
            {"kind": "deemed_export", "from_country": "US", "recipient": _new_hire(admin)},
        ),
        (
            "grandfathered",
            know_how,
            {
                "kind": "deemed_reexport",
                "from_country": "DE",
                "recipient": _party("EMP-002"),
                "most_recent_country": "CN",
                "employed_since": dt.date(2023, 5, 2),
            },
        ),
    ]
    created = 0
    for key, item, fields in plans:
        marker = f"[demo:{key}]"
        if item is None or None in (fields.get("recipient", True), fields.get("end_user", True)):
            continue
        if TransactionCheck.objects.filter(notes__startswith=marker).exists():
            continue
        deemed = fields["kind"].startswith("deemed")
        data = CheckData(
            item=item,
            date=today,
            releasing_entity=host_us if deemed else None,
            prohibited_stated=False,
            published=False if deemed else None,
            fundamental_research=False if deemed else None,
            notes=f"{marker} demo transaction",
            **fields,
        )
        check = request_check(admin, data)
        created += 1
        if key == "grandfathered" and hasattr(check, "release"):
            end_release(admin, check.release, last_day=today, leaving_for="us_employer")
    return created


def load_demo(admin: Any) -> dict[str, Any]:
    """Items, classifications, licences and checks of the demo company; safe to run again."""
    today = timezone.localdate()
    officer = _officer(admin)
    return {
        "exportcontrol_items_created": _load_items(admin, officer),
        "exportcontrol_licences_created": _load_licences(admin, today),
        "exportcontrol_checks_created": _load_checks(admin, today),
    }
