"""Screening in the demo: an OFAC SDN excerpt that ships with qgov, and two parties that alert on it.

Idempotent like the rest of the demo: the list is imported only while no ``us-ofac-sdn`` version
exists (a real list imported later is never replaced by the demo's), and each party is found by its
reference before it is created. The registry the demo created before this hook runs is re-screened
in this process, since no worker may be running yet.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from qgov.parties.models import Party
from qgov.parties.services import PartyData, create_party
from qgov.screening.models import Alert, ListSource
from qgov.screening.services import import_list

DEMO_LIST = Path(__file__).resolve().parent / "demo_lists" / "ofac-sdn-excerpt"
DEMO_SOURCE = "us-ofac-sdn"

SCREENING_PARTIES = [
    PartyData(
        name="Beijing Alite Technologies Co., Ltd.",
        reference="SUP-021",
        countries=[("CN", "incorporation")],
        tags=["supplier", "vacuum", "new supplier"],
        notes="Offered pressure transducers for the vacuum system at a low price; first order pending.",
    ),
    PartyData(
        name="Zhang Lei",
        kind="person",
        reference="VIS-004",
        birth_date="1994-07",
        countries=[("CN", "citizenship")],
        tags=["visitor"],
        notes="Visiting doctoral student (photonics), three months in the laser lab.",
    ),
]


def load_demo(admin_user: Any) -> dict[str, Any]:
    imported = False
    if not ListSource.objects.filter(name=DEMO_SOURCE).exists():
        import_list(admin_user, DEMO_LIST, rescreen="now")
        imported = True
    created = 0
    for data in SCREENING_PARTIES:
        if not Party.objects.filter(reference=data.reference).exists():
            create_party(admin_user, data)
            created += 1
    return {
        "screening_list_imported": imported,
        "screening_parties_created": created,
        "screening_open_alerts": Alert.objects.filter(status="open").count(),
    }
