"""List entities to and from the plain JSON a database column stores, without changing their hash.

A stored list entry must give back exactly the :class:`ListEntity` that was read from the file, so
that its ``content_hash()`` (what a false-positive disposition is pinned to) is the same after a
round trip through the database, and so that the in-process screening index can be rebuilt from
the database alone. Pure module: no Django.
"""

from __future__ import annotations

from typing import Any

from qgov.screening.entities import Address, EntityKind, EntityName, Identifier, ListEntity, NameType

# Fields of ListEntity that may differ between two readings of one entry, in display order.
ENTITY_FIELDS = (
    "kind",
    "names",
    "countries",
    "birth_dates",
    "identifiers",
    "addresses",
    "programmes",
    "sub_list",
    "remarks",
    "reference",
    "extra",
)


def entity_to_data(entity: ListEntity) -> dict[str, Any]:
    """The entity as JSON-ready values (tuples become lists, enums their values)."""
    data = entity.to_dict()
    data["kind"] = str(entity.kind)
    data["names"] = [{"text": name.text, "type": str(name.type)} for name in entity.names]
    return _lists(data)  # type: ignore[no-any-return]


def _lists(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _lists(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_lists(item) for item in value]
    return value


def entity_from_data(data: dict[str, Any]) -> ListEntity:
    """The ListEntity that :func:`entity_to_data` wrote."""
    return ListEntity(
        source=data["source"],
        source_id=data["source_id"],
        kind=EntityKind(data["kind"]),
        names=tuple(EntityName(name["text"], NameType(name["type"])) for name in data["names"]),
        countries=tuple(data.get("countries", ())),
        birth_dates=tuple(data.get("birth_dates", ())),
        identifiers=tuple(Identifier(**item) for item in data.get("identifiers", ())),
        addresses=tuple(Address(**item) for item in data.get("addresses", ())),
        programmes=tuple(data.get("programmes", ())),
        sub_list=data.get("sub_list", ""),
        remarks=data.get("remarks", ""),
        reference=data.get("reference", ""),
        extra=tuple((str(key), str(value)) for key, value in data.get("extra", ())),
    )


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """Which fields of a list entry the publisher changed between two readings."""
    return [field for field in ENTITY_FIELDS if before.get(field) != after.get(field)]
