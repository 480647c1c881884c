"""The lists in force, held in memory as one screening index, so that screening a party costs milliseconds.

Building the index over OFAC SDN and the UN list takes about a second; screening one party against
it about a millisecond. Each process (web worker, task worker, CLI) therefore keeps one index and
asks the database, on every use, which version of each source is in force (one small query). The
index is rebuilt only when that set changes. Version ids are UUIDs, so a version created in a
transaction that rolled back can never be mistaken for a later one.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from qgov.screening.entities import ListEntity
from qgov.screening.index import ScreeningIndex
from qgov.screening.matcher import DEFAULT_THRESHOLD, Match, PartyQuery, screen

EntityKey = tuple[str, str]  # (list name, publisher's entity id)

MATCH_LIMIT = 10


def alert_threshold() -> float:
    """The alerting threshold in force: QGOV_SCREENING_THRESHOLD, or the matcher's documented default."""
    return float(getattr(settings, "QGOV_SCREENING_THRESHOLD", DEFAULT_THRESHOLD))


@dataclass(frozen=True)
class VersionInForce:
    source: str
    id: Any  # the ListVersion's UUID
    number: int
    fingerprint: str


@dataclass(frozen=True)
class CurrentLists:
    """The index over every entry in force, and where each entry lives in the database."""

    key: tuple[tuple[str, str], ...]
    index: ScreeningIndex
    entry_ids: dict[EntityKey, int]  # -> ListEntry pk of the record in force
    entities: dict[EntityKey, ListEntity]
    versions: dict[str, VersionInForce]

    @property
    def empty(self) -> bool:
        return not self.versions

    def described(self) -> list[dict[str, Any]]:
        """[{source, version}] for storing which versions something was screened against."""
        return [{"source": v.source, "version": v.number} for v in self.versions.values()]

    def screen(
        self, queries: Sequence[PartyQuery], threshold: float | None = None, limit: int = MATCH_LIMIT
    ) -> dict[EntityKey, Match]:
        """The best match per listed entity over several readings of one party (one per country).

        The matcher takes one country per query; a party registered in several countries is
        screened once per country and each entity keeps its best score, so a listed country that
        agrees with any of the party's countries counts.
        """
        if self.empty:
            return {}
        best: dict[EntityKey, Match] = {}
        cut = alert_threshold() if threshold is None else threshold
        for query in queries:
            for match in screen(self.index, query, threshold=cut, limit=limit):
                key = (match.entity.source, match.entity.source_id)
                if key not in best or match.score > best[key].score:
                    best[key] = match
        ranked = sorted(best.items(), key=lambda item: (-item[1].score, item[0]))
        return dict(ranked[:limit])


_lock = threading.Lock()
_cached: CurrentLists | None = None


def versions_key() -> tuple[tuple[str, str], ...]:
    from qgov.screening.models import ListSource

    rows = ListSource.objects.exclude(current_version=None).order_by("name")
    return tuple((name, str(version)) for name, version in rows.values_list("name", "current_version_id"))


def current_lists() -> CurrentLists:
    """The lists in force now, rebuilt only when a source's current version changed."""
    global _cached
    key = versions_key()
    cached = _cached
    if cached is not None and cached.key == key:
        return cached
    with _lock:
        if _cached is not None and _cached.key == key:
            return _cached
        _cached = _build(key)
        return _cached


def _build(key: tuple[tuple[str, str], ...]) -> CurrentLists:
    from qgov.screening.models import ListEntry, ListVersion

    versions = {
        version.source_id: VersionInForce(version.source_id, version.pk, version.number, version.fingerprint)
        for version in ListVersion.objects.filter(pk__in=[version_id for _, version_id in key])
    }
    records = ListEntry.objects.filter(
        spans__source__in=list(versions), spans__last_number__isnull=True
    ).values_list("pk", "data")
    entities: dict[EntityKey, ListEntity] = {}
    entry_ids: dict[EntityKey, int] = {}
    for pk, entity in _entities(records.iterator(chunk_size=2000)):
        entities[(entity.source, entity.source_id)] = entity
        entry_ids[(entity.source, entity.source_id)] = pk
    return CurrentLists(key, ScreeningIndex.build(entities.values()), entry_ids, entities, versions)


def _entities(records: Iterable[tuple[int, dict[str, Any]]]) -> Iterable[tuple[int, ListEntity]]:
    from qgov.screening.records import entity_from_data

    for pk, data in records:
        yield pk, entity_from_data(data)
