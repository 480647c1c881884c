"""Storing a parsed list as the next version of its source, with what it added, changed and removed.

Called inside the import's transaction once the whole file has been read (nothing half-read is ever
stored). Entries are compared with the version in force by the publisher's entity id and the entry's
content hash: an unchanged entry costs nothing (its span simply stays open), a changed one gets a new
entry record and a new span, a removed one has its span closed. Entry records are shared by all the
versions that contain them.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from django.db.models import Max

from qgov.ledger.services import actor_name
from qgov.screening.choices import ChangeKind
from qgov.screening.entities import ListEntity, LoadedList
from qgov.screening.models import ListChange, ListEntry, ListEntrySpan, ListSource, ListVersion
from qgov.screening.records import changed_fields, entity_to_data

_BATCH = 500
T = TypeVar("T")


class ListRejected(ValueError):
    """A list that was read but cannot become a version (the message names the file and the reason)."""


def chunks(items: Sequence[T], size: int = _BATCH) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass(frozen=True)
class _InForce:
    span_id: int
    entry_id: int
    content_hash: str


def unique_entities(loaded: LoadedList, source: str, origin: str) -> dict[str, ListEntity]:
    """The list's entities by publisher id, all named ``source``; an id given twice differently is refused."""
    entities: dict[str, ListEntity] = {}
    for entity in loaded.entities:
        if entity.source != source:
            entity = dataclasses.replace(entity, source=source)
        known = entities.get(entity.source_id)
        if known is not None and known.content_hash() != entity.content_hash():
            raise ListRejected(
                f"{origin}: the list gives entity id {entity.source_id} twice with different content, "
                "so it is not clear which one is in force"
            )
        entities[entity.source_id] = entity
    return entities


def store_version(loaded: LoadedList, *, source_name: str, actor: Any, origin: str) -> ListVersion:
    """Write ``loaded`` as the next version of ``source_name`` and make it the one in force.

    Must run inside the import's transaction. Locks the source row so that two imports of the same
    list queue rather than both taking the same version number.
    """
    entities = unique_entities(loaded, source_name, origin)
    source, _ = ListSource.objects.select_for_update().get_or_create(name=source_name)
    last = source.versions.aggregate(last=Max("number"))["last"] or 0
    number = last + 1
    in_force = {
        entity_id: _InForce(span_id, entry_id, content_hash)
        for span_id, entry_id, entity_id, content_hash in ListEntrySpan.objects.filter(
            source=source, last_number__isnull=True
        ).values_list("pk", "entry_id", "entry__entity_id", "entry__content_hash")
    }
    hashes = {entity_id: entity.content_hash() for entity_id, entity in entities.items()}
    added = [entity_id for entity_id in entities if entity_id not in in_force]
    changed = [
        entity_id
        for entity_id in entities
        if entity_id in in_force and in_force[entity_id].content_hash != hashes[entity_id]
    ]
    removed = [entity_id for entity_id in in_force if entity_id not in entities]

    version = ListVersion.objects.create(
        source=source,
        number=number,
        format=loaded.format,
        fingerprint=loaded.fingerprint,
        files=[{"name": name, "sha256": sha} for name, sha in sorted(loaded.file_sha256)],
        published=loaded.published or "",
        imported_by=actor if getattr(actor, "is_authenticated", False) else None,
        imported_by_name=actor_name(actor),
        entry_count=len(entities),
        added_count=len(added),
        changed_count=len(changed),
        removed_count=len(removed),
        warnings=[_relative(warning, origin) for warning in loaded.warnings],
    )
    new_ids = _entry_records(source, version, [entities[e] for e in added + changed], hashes)
    _close_spans([in_force[e].span_id for e in changed + removed], number - 1)
    ListEntrySpan.objects.bulk_create(
        (ListEntrySpan(entry_id=new_ids[e], source=source, first_number=number) for e in added + changed),
        batch_size=_BATCH,
    )
    _record_changes(version, entities, added, changed, removed, in_force, new_ids)
    source.current_version = version
    source.save(update_fields=["current_version"])
    return version


def _relative(message: str, origin: str) -> str:
    """A reader's message without the folder it was read from (a server path means nothing to users)."""
    root = Path(origin)
    folder = str(root if root.is_dir() else root.parent)
    return message.replace(folder + os.sep, "").replace(folder, root.name)


def _entry_records(
    source: ListSource, version: ListVersion, entities: list[ListEntity], hashes: dict[str, str]
) -> dict[str, int]:
    """ListEntry pks for the given entities, reusing records of entries seen before with this content."""
    found: dict[str, int] = {}
    by_hash = {hashes[entity.source_id]: entity.source_id for entity in entities}
    for batch in chunks(list(by_hash)):
        for pk, entity_id, content_hash in ListEntry.objects.filter(
            source=source, content_hash__in=batch
        ).values_list("pk", "entity_id", "content_hash"):
            if by_hash.get(content_hash) == entity_id:
                found[entity_id] = pk
    missing = [entity for entity in entities if entity.source_id not in found]
    created = ListEntry.objects.bulk_create(
        (
            ListEntry(
                source=source,
                entity_id=entity.source_id,
                content_hash=hashes[entity.source_id],
                kind=str(entity.kind),
                primary_name=entity.primary_name,
                data=entity_to_data(entity),
                first_seen=version,
            )
            for entity in missing
        ),
        batch_size=_BATCH,
    )
    found.update({record.entity_id: record.pk for record in created})
    return found


def _close_spans(span_ids: list[int], last_number: int) -> None:
    for batch in chunks(span_ids):
        ListEntrySpan.objects.filter(pk__in=batch).update(last_number=last_number)


def _record_changes(
    version: ListVersion,
    entities: dict[str, ListEntity],
    added: list[str],
    changed: list[str],
    removed: list[str],
    in_force: dict[str, _InForce],
    new_ids: dict[str, int],
) -> None:
    old_records = _records([in_force[e].entry_id for e in changed + removed])
    new_data = {e: entity_to_data(entities[e]) for e in changed}
    rows: list[ListChange] = []
    for entity_id in added:
        rows.append(_change(version, ChangeKind.ADDED, entity_id, new_ids[entity_id], entities[entity_id]))
    for entity_id in changed:
        old_id = in_force[entity_id].entry_id
        row = _change(version, ChangeKind.CHANGED, entity_id, new_ids[entity_id], entities[entity_id])
        row.previous_entry_id = old_id
        row.changed_fields = changed_fields(old_records[old_id][1], new_data[entity_id])
        rows.append(row)
    for entity_id in removed:
        old_id = in_force[entity_id].entry_id
        rows.append(
            ListChange(
                version=version,
                kind=ChangeKind.REMOVED,
                entry_id=old_id,
                entity_id=entity_id,
                primary_name=old_records[old_id][0],
            )
        )
    ListChange.objects.bulk_create(rows, batch_size=_BATCH)


def _change(version: ListVersion, kind: str, entity_id: str, entry_id: int, entity: ListEntity) -> ListChange:
    return ListChange(
        version=version, kind=kind, entry_id=entry_id, entity_id=entity_id, primary_name=entity.primary_name
    )


def _records(entry_ids: Iterable[int]) -> dict[int, tuple[str, dict[str, Any]]]:
    records: dict[int, tuple[str, dict[str, Any]]] = {}
    for batch in chunks(list(entry_ids)):
        for pk, name, data in ListEntry.objects.filter(pk__in=batch).values_list(
            "pk", "primary_name", "data"
        ):
            records[pk] = (name, data)
    return records


def import_record(version: ListVersion) -> dict[str, Any]:
    """What the ledger keeps of an import (no personal data: hashes, counts and the format)."""
    return {
        "source": version.source_id,
        "version": version.number,
        "format": version.format,
        "fingerprint": version.fingerprint,
        "files": version.files,
        "published": version.published or None,
        "entries": version.entry_count,
        "added": version.added_count,
        "changed": version.changed_count,
        "removed": version.removed_count,
        "warnings": len(version.warnings),
    }
