"""The demo organisation: a quantum-sensing company, its university partner, suppliers and visitors.

Loaded by `qgov demo` and `make run`. Everything is found by a stable key (username, party
reference) before it is created, so loading twice adds nothing twice. Parties are created through
the same services as in real use, so the demo also writes the ledger entries those creations make.
Suppliers are real companies of the quantum supply chain (public business information only); the
people are invented.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from qgov.core.roles import Role
from qgov.parties.models import Party
from qgov.parties.services import AddressData, PartyData, add_relationship, create_party

DEMO_USERS: list[tuple[str, Role, str]] = [
    ("ada", Role.ADMINISTRATOR, "quartz-lattice-41"),
    ("carla", Role.COMPLIANCE_OFFICER, "photon-harbour-72"),
    ("piet", Role.PROCUREMENT_OFFICER, "cryostat-meadow-19"),
    ("dana", Role.DATA_STEWARD, "entangled-orchid-53"),
    ("ravi", Role.RESEARCHER, "magnon-willow-86"),
    ("audra", Role.AUDITOR, "ledger-granite-27"),
]


@dataclass
class DemoParty:
    reference: str
    name: str
    kind: str = "organization"
    countries: list[tuple[str, str]] = field(default_factory=list)
    aliases: list[tuple[str, str]] = field(default_factory=list)
    identifiers: list[tuple[str, str, str]] = field(default_factory=list)
    address: AddressData | None = None
    birth_date: str = ""
    tags: list[str] = field(default_factory=list)
    notes: str = ""


ORG = "organization"
PERSON = "person"

PARTIES: list[DemoParty] = [
    # The company itself and its partner university.
    DemoParty(
        "DEMO-HQ",
        "Helix Quantum Sensing GmbH",
        countries=[("DE", "incorporation")],
        aliases=[("Helix QS", "trading")],
        address=AddressData("DE", "Optikstraße 12", "Jena", "Thüringen", "07745"),
        identifiers=[("vat", "DE298765432", "DE")],
        tags=["own company"],
        notes="Optically pumped magnetometers and atom-interferometric gravimeters.",
    ),
    DemoParty(
        "DEMO-HQ-US",
        "Helix Quantum Sensing Inc.",
        countries=[("US", "incorporation")],
        address=AddressData("US", "400 Research Park Dr", "Boulder", "CO", "80301"),
        tags=["own company"],
    ),
    DemoParty(
        "DEMO-UNI",
        "University of Nordstadt",
        countries=[("DE", "operations")],
        aliases=[("Universität Nordstadt", "local_script"), ("UNS", "abbreviation")],
        address=AddressData("DE", "Campus 1", "Nordstadt", "", "20095"),
        tags=["research partner"],
    ),
    DemoParty(
        "DEMO-UNI-LAB",
        "Nordstadt Institute for Quantum Metrology",
        countries=[("DE", "operations")],
        tags=["research partner"],
    ),
    # Suppliers of the quantum, cryogenics, photonics and electronics supply chain.
    DemoParty(
        "SUP-001",
        "Bluefors Oy",
        countries=[("FI", "incorporation")],
        tags=["supplier", "cryogenics"],
        address=AddressData("FI", "Arinatie 10", "Helsinki", "", "00370"),
    ),
    DemoParty(
        "SUP-002",
        "Oxford Instruments plc",
        countries=[("GB", "incorporation")],
        aliases=[("Oxford Instruments NanoScience", "trading")],
        tags=["supplier", "cryogenics"],
    ),
    DemoParty(
        "SUP-003",
        "TOPTICA Photonics AG",
        countries=[("DE", "incorporation")],
        tags=["supplier", "lasers"],
        address=AddressData("DE", "Lochhamer Schlag 19", "Gräfelfing", "Bayern", "82166"),
    ),
    DemoParty(
        "SUP-004", "Thorlabs Inc.", countries=[("US", "incorporation")], tags=["supplier", "photonics"]
    ),
    DemoParty(
        "SUP-005",
        "Hamamatsu Photonics K.K.",
        countries=[("JP", "incorporation")],
        tags=["supplier", "photonics"],
        aliases=[("浜松ホトニクス株式会社", "local_script")],
    ),
    DemoParty(
        "SUP-006",
        "Zurich Instruments AG",
        countries=[("CH", "incorporation")],
        tags=["supplier", "electronics"],
    ),
    DemoParty("SUP-007", "Qblox B.V.", countries=[("NL", "incorporation")], tags=["supplier", "electronics"]),
    DemoParty(
        "SUP-008",
        "Keysight Technologies Inc.",
        countries=[("US", "incorporation")],
        tags=["supplier", "electronics"],
    ),
    DemoParty(
        "SUP-009",
        "Lake Shore Cryotronics Inc.",
        countries=[("US", "incorporation")],
        tags=["supplier", "cryogenics"],
    ),
    DemoParty(
        "SUP-010", "Cryomech Inc.", countries=[("US", "incorporation")], tags=["supplier", "cryogenics"]
    ),
    DemoParty(
        "SUP-011",
        "Sumitomo Heavy Industries Ltd.",
        countries=[("JP", "incorporation")],
        tags=["supplier", "cryogenics"],
        notes="Gifford-McMahon and pulse-tube cryocoolers.",
    ),
    DemoParty(
        "SUP-012",
        "Rohde & Schwarz GmbH & Co. KG",
        countries=[("DE", "incorporation")],
        tags=["supplier", "electronics"],
    ),
    DemoParty(
        "SUP-013", "Menlo Systems GmbH", countries=[("DE", "incorporation")], tags=["supplier", "photonics"]
    ),
    DemoParty("SUP-014", "Vexlum Oy", countries=[("FI", "incorporation")], tags=["supplier", "lasers"]),
    DemoParty(
        "SUP-015", "Twinleaf LLC", countries=[("US", "incorporation")], tags=["supplier", "magnetometry"]
    ),
    DemoParty(
        "SUP-016", "QuSpin Inc.", countries=[("US", "incorporation")], tags=["supplier", "magnetometry"]
    ),
    DemoParty(
        "SUP-017",
        "Shenzhen Bright Optics Trading Co., Ltd.",
        countries=[("CN", "incorporation")],
        aliases=[("深圳明亮光学贸易有限公司", "local_script")],
        tags=["supplier", "photonics", "new supplier"],
        notes="Offered rubidium vapour cells at a low price; due diligence pending.",
    ),
    DemoParty(
        "SUP-018",
        "Nordic Vacuum Components AB",
        countries=[("SE", "incorporation")],
        tags=["supplier", "vacuum"],
    ),
    DemoParty(
        "SUP-019",
        "Hexa Precision Machining S.r.l.",
        countries=[("IT", "incorporation")],
        tags=["supplier", "mechanics"],
    ),
    DemoParty(
        "SUP-020",
        "Alpine Magnetic Shielding GmbH",
        countries=[("AT", "incorporation")],
        tags=["supplier", "magnetometry"],
    ),
    # Customers and distributors.
    DemoParty(
        "CUS-001",
        "Geoscan Survey Ltd.",
        countries=[("AU", "incorporation")],
        tags=["customer"],
        notes="Buys gravimeters for mineral exploration.",
    ),
    DemoParty("CUS-002", "Maritime Geophysics AS", countries=[("NO", "incorporation")], tags=["customer"]),
    DemoParty(
        "CUS-003", "Neuroimaging Clinic Lyon", countries=[("FR", "operations")], tags=["customer", "medical"]
    ),
    DemoParty(
        "CUS-004", "Gulf Exploration Services FZE", countries=[("AE", "incorporation")], tags=["customer"]
    ),
    DemoParty(
        "DIS-001", "Kanto Scientific Trading K.K.", countries=[("JP", "incorporation")], tags=["distributor"]
    ),
    DemoParty(
        "DIS-002", "Pacific Instruments Pte. Ltd.", countries=[("SG", "incorporation")], tags=["distributor"]
    ),
    # People: employees, researchers and visitors (invented).
    DemoParty(
        "EMP-001",
        "Jonas Weber",
        PERSON,
        countries=[("DE", "citizenship")],
        birth_date="1984",
        identifiers=[("employee_id", "HQS-0007", "")],
        tags=["employee"],
    ),
    DemoParty(
        "EMP-002",
        "Li Wei",
        PERSON,
        countries=[("CN", "citizenship"), ("DE", "residence")],
        birth_date="1990-03",
        identifiers=[("employee_id", "HQS-0031", "")],
        tags=["employee"],
        notes="Laser engineer, employed since 2023-05-02.",
    ),
    DemoParty(
        "EMP-003",
        "Amara Okafor",
        PERSON,
        countries=[("NG", "citizenship")],
        identifiers=[("employee_id", "HQS-0044", "")],
        tags=["employee"],
    ),
    DemoParty("EMP-004", "Sofia Marchetti", PERSON, countries=[("IT", "citizenship")], tags=["employee"]),
    DemoParty(
        "RES-001",
        "Prof. Hannah Vogel",
        PERSON,
        countries=[("DE", "citizenship")],
        tags=["researcher"],
        identifiers=[("orcid", "0000-0002-1825-0097", "")],
    ),
    DemoParty("RES-002", "Dr. Arjun Mehta", PERSON, countries=[("IN", "citizenship")], tags=["researcher"]),
    DemoParty("RES-003", "Yusuf Demir", PERSON, countries=[("TR", "citizenship")], tags=["doctoral student"]),
    DemoParty(
        "VIS-001",
        "Elena Sokolova",
        PERSON,
        countries=[("RU", "citizenship")],
        birth_date="1988",
        tags=["visitor"],
        notes="Visiting researcher, two weeks in the magnetometry lab.",
    ),
    DemoParty("VIS-002", "Tomás Herrera", PERSON, countries=[("ES", "citizenship")], tags=["visitor"]),
    DemoParty(
        "VIS-003",
        "Kim Min-jun",
        PERSON,
        countries=[("KR", "citizenship")],
        tags=["visitor"],
        aliases=[("김민준", "local_script")],
    ),
]

RELATIONSHIPS: list[tuple[str, str, str, float | None]] = [
    ("DEMO-HQ-US", "subsidiary_of", "DEMO-HQ", 100.0),
    ("DEMO-UNI-LAB", "affiliated_with", "DEMO-UNI", None),
    ("EMP-001", "employee_of", "DEMO-HQ", None),
    ("EMP-002", "employee_of", "DEMO-HQ", None),
    ("EMP-003", "employee_of", "DEMO-HQ-US", None),
    ("EMP-004", "employee_of", "DEMO-HQ", None),
    ("RES-001", "employee_of", "DEMO-UNI", None),
    ("RES-002", "employee_of", "DEMO-UNI-LAB", None),
    ("RES-003", "student_of", "DEMO-UNI", None),
    ("DIS-001", "distributor_for", "DEMO-HQ", None),
    ("DIS-002", "distributor_for", "DEMO-HQ", None),
    ("SUP-002", "affiliated_with", "DEMO-UNI", None),
]


def load_users() -> list[tuple[str, str, str]]:
    """Create the demo users that don't exist yet; returns (username, role, password) for all of them."""
    from django.contrib.auth import get_user_model

    from qgov.core.accounts import create_user

    User = get_user_model()
    for username, role, password in DEMO_USERS:
        if not User.objects.filter(username=username).exists():
            create_user(username, role, password)
    return [(u, r.label, p) for u, r, p in DEMO_USERS]


def load_parties(actor: Any) -> int:
    """Create missing demo parties and relationships; returns how many parties were created."""
    created = 0
    with transaction.atomic():
        for demo in PARTIES:
            if Party.objects.filter(reference=demo.reference).exists():
                continue
            create_party(
                actor,
                PartyData(
                    name=demo.name,
                    kind=demo.kind,
                    reference=demo.reference,
                    birth_date=demo.birth_date,
                    notes=demo.notes,
                    aliases=demo.aliases,
                    countries=demo.countries,
                    identifiers=demo.identifiers,
                    addresses=[demo.address] if demo.address else [],
                    tags=demo.tags,
                ),
            )
            created += 1
        by_reference = {
            p.reference: p for p in Party.objects.filter(reference__in=[d.reference for d in PARTIES])
        }
        for source, relation, target, share in RELATIONSHIPS:
            a, b = by_reference[source], by_reference[target]
            if not a.relationships_out.filter(target=b, type=relation).exists():
                add_relationship(actor, a, b, relation, ownership_percent=share)
    return created


def load_demo() -> dict[str, Any]:
    """Everything the demo needs; safe to run again."""
    from django.apps import apps
    from django.contrib.auth import get_user_model

    users = load_users()
    admin = get_user_model().objects.get(username=DEMO_USERS[0][0])
    summary: dict[str, Any] = {"users": users, "parties_created": load_parties(admin)}
    for config in apps.get_app_configs():  # later domains add their own demo data
        hook = getattr(config, "load_demo", None)
        if hook is not None:
            summary.update(hook(admin) or {})
    from qgov.ledger.services import sign_checkpoint_now, verify_live

    sign_checkpoint_now()  # a signed checkpoint over the demo's decisions, as an auditor would expect
    summary["ledger_verified"] = verify_live(actor="system:demo").ok  # so the dashboard shows its status
    return summary
