"""The names of a list entry, in the order and with the types the matcher expects.

Every format lists some names twice (the UN repeats aliases, OFAC's weak aliases repeat alias-table
names, the CSL repeats the primary name among the alternative names): the matcher should see each
spelling once, with the strongest type it was published with, which is the first one met when the
primary name comes first and weak aliases last.

Pure module: no Django, no database.
"""

from __future__ import annotations

from collections.abc import Iterable

from qgov.screening.entities import EntityName, NameType


def entity_names(primary: str, others: Iterable[tuple[str, NameType]]) -> tuple[EntityName, ...]:
    """The primary name, then every other name once (case-insensitively), empty ones left out."""
    names = [EntityName(primary.strip(), NameType.PRIMARY)]
    seen = {names[0].text.casefold()}
    for text, name_type in others:
        text = text.strip()
        if text and text.casefold() not in seen:
            seen.add(text.casefold())
            names.append(EntityName(text, name_type))
    return tuple(names)
