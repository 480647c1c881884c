"""Helpers for the platform tests: writable copies of the demo OFAC excerpt, edits to them, parties.

The demo excerpt (31 real SDN entries, in the repository) is small enough to import in every test;
tests that need the full lists use ``shared_lists``.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from qgov.parties.models import Party
from qgov.parties.services import AddressData, PartyData, create_party
from qgov.screening.demo import DEMO_LIST

# Entries of the excerpt the tests lean on.
ALITE = "9750"  # BEIJING ALITE TECHNOLOGIES CO., LTD. (CN, NPWMD)
ZHANG_LEI = "16318"  # ZHANG, Lei (CN, born 1976-01-03)
COSAILING = "21552"  # COSAILING BUSINESS TRADING COMPANY LIMITED (CN)


def list_copy(tmp_path: Path, name: str = "sdn") -> Path:
    """A writable copy of the demo OFAC excerpt."""
    target = tmp_path / name
    shutil.copytree(DEMO_LIST, target)
    return target


def _rows(folder: Path) -> list[list[str]]:
    with (folder / "sdn.csv").open(encoding="latin-1", newline="") as handle:
        return [row for row in csv.reader(handle) if row and row[0].strip().isdigit()]  # not the DOS EOF mark


def _write(folder: Path, rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    (folder / "sdn.csv").write_text(buffer.getvalue(), encoding="latin-1", newline="")


def set_remarks(folder: Path, ent_num: str, remarks: str) -> None:
    """Change one entry's remarks (the last column), as a publisher's update would."""
    rows = _rows(folder)
    for row in rows:
        if row[0] == ent_num:
            row[-1] = remarks
    _write(folder, rows)


def remove_entry(folder: Path, ent_num: str) -> None:
    _write(folder, [row for row in _rows(folder) if row[0] != ent_num])
    for companion in ("alt.csv", "add.csv"):
        path = folder / companion
        lines = path.read_bytes().split(b"\r\n")
        path.write_bytes(b"\r\n".join(line for line in lines if line.split(b",", 1)[0] != ent_num.encode()))


def add_entry(
    folder: Path, ent_num: str, name: str, kind: str = "-0- ", programme: str = "NPWMD", remarks: str = "-0- "
) -> None:
    """A new designation: kind "individual" for a person, "-0- " for an organisation."""
    rows = _rows(folder)
    rows.append(
        [ent_num, name, kind, programme, "-0- ", "-0- ", "-0- ", "-0- ", "-0- ", "-0- ", "-0- ", remarks]
    )
    _write(folder, rows)


def organisation(actor: Any, name: str, country: str | None = None, **extra: Any) -> Party:
    countries = [(country, "incorporation")] if country else []
    return create_party(actor, PartyData(name=name, countries=countries, **extra))


def person(actor: Any, name: str, birth_date: str = "", country: str | None = None, **extra: Any) -> Party:
    countries = [(country, "citizenship")] if country else []
    return create_party(
        actor, PartyData(name=name, kind="person", birth_date=birth_date, countries=countries, **extra)
    )


def address(country: str, city: str = "") -> AddressData:
    return AddressData(country=country, city=city)


def screening_world(admin: Any) -> dict[str, Any]:
    """One of every screening object a URL can point at (for the access-matrix test)."""
    from qgov.screening.models import Alert
    from qgov.screening.services import import_list, record_disposition, start_bulk_screening

    outcome = import_list(admin, DEMO_LIST)
    party = organisation(admin, "Beijing Alite Technologies Co. Ltd.", "CN")
    alert = Alert.objects.get(party=party, entity_id=ALITE)
    disposition = record_disposition(
        admin,
        alert,
        "escalated",
        "Asked the supplier for its registry extract.",
        evidence=[SimpleUploadedFile("note.txt", b"phone note")],
    )
    job = start_bulk_screening(admin, "visitors.csv", b"name,country\nZhang Lei,CN\n")
    return {
        "screening_alert": alert,
        "screening_version": outcome.version,
        "screening_entry": alert.entry,
        "screening_run": outcome.run,
        "screening_evidence": disposition.evidence.get(),
        "screening_bulk_job": job,
    }
