"""The one normalised shape every restricted-party list is read into.

Each list format (OFAC legacy CSV, trade.gov CSL, BIS DPL, UN XML, FollowTheMoney) has its own
parser in ``qgov.screening.sources``; all of them yield :class:`ListEntity` values so that the
matcher, the CLI, the database import and the tests never care where an entry came from.

Pure module: no Django, no database.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from enum import StrEnum


class EntityKind(StrEnum):
    PERSON = "person"
    ORGANIZATION = "organization"
    VESSEL = "vessel"
    AIRCRAFT = "aircraft"
    UNKNOWN = "unknown"


class NameType(StrEnum):
    PRIMARY = "primary"  # the entry's main name as the publisher writes it
    ALIAS = "alias"  # a.k.a. (strong alias)
    WEAK_ALIAS = "weak_alias"  # OFAC "weak a.k.a." / UN "Low quality" alias
    FORMER = "former"  # f.k.a., former name
    NATIVE = "native"  # the name in its original script, as published


@dataclass(frozen=True, slots=True)
class EntityName:
    text: str
    type: NameType = NameType.PRIMARY


@dataclass(frozen=True, slots=True)
class Identifier:
    """A document or registry number published with the entry (passport, national id, IMO ...)."""

    scheme: str  # as the publisher names it, e.g. "Passport", "National ID No.", "IMO", "LEI"
    value: str
    country: str | None = None  # ISO 3166-1 alpha-2 of the issuer when known


@dataclass(frozen=True, slots=True)
class Address:
    street: str = ""
    city: str = ""
    region: str = ""
    postal_code: str = ""
    country: str | None = None  # ISO 3166-1 alpha-2 when it could be resolved
    text: str = ""  # the whole address as published, for display and for the change hash


@dataclass(frozen=True, slots=True)
class ListEntity:
    """One entry of a restricted-party list, normalised.

    ``source`` is the stable list name (``us-ofac-sdn``, ``us-ofac-cons``, ``us-csl``,
    ``us-bis-dpl``, ``un-sc``, ``ftm``); ``source_id`` the publisher's own identifier of the
    entry (OFAC ent_num, UN DATAID/reference number, CSL _id, FtM id).
    """

    source: str
    source_id: str
    kind: EntityKind
    names: tuple[EntityName, ...]
    countries: tuple[str, ...] = ()  # ISO alpha-2: nationality, citizenship, incorporation, location
    birth_dates: tuple[str, ...] = ()  # "YYYY", "YYYY-MM" or "YYYY-MM-DD"
    identifiers: tuple[Identifier, ...] = ()
    addresses: tuple[Address, ...] = ()
    programmes: tuple[str, ...] = ()  # sanctions programmes or, for the CSL, the sub-list
    sub_list: str = ""  # e.g. "Entity List (EL) - Bureau of Industry and Security" inside the CSL
    remarks: str = ""
    reference: str = ""  # a second publisher reference when there is one (UN "QDi.430")
    extra: tuple[tuple[str, str], ...] = field(default=())  # anything else worth showing

    def __post_init__(self) -> None:
        if not self.names:
            raise ValueError(f"list entity {self.source}:{self.source_id} has no name")

    @property
    def primary_name(self) -> str:
        return self.names[0].text

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    def content_hash(self) -> str:
        """SHA-256 over the entry's content: changes whenever the publisher changes the entry.

        A false-positive disposition stays closed only while this hash is unchanged
        (OFAC false-hit guidance, 2015).
        """
        encoded = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class LoadedList:
    """A whole list as read from its files: what ``load_list`` returns."""

    source: str  # stable list name, as in ListEntity.source
    format: str  # e.g. "ofac-legacy-csv", "trade-gov-csl-csv", "bis-dpl-tsv", "un-sc-xml", "ftm-jsonl"
    entities: tuple[ListEntity, ...]
    file_sha256: tuple[tuple[str, str], ...]  # (file name, sha256) of every file read
    published: str | None = None  # publication date when the file says it (UN dateGenerated ...)
    # Harmless oddities met while reading (rows pointing to no entry, a missing optional file ...),
    # one sentence each naming the file and line, for the user to see; errors raise ListFormatError.
    warnings: tuple[str, ...] = ()

    @property
    def fingerprint(self) -> str:
        """One hash for the whole list version, from the hashes of its files."""
        digest = hashlib.sha256()
        for name, sha in sorted(self.file_sha256):
            digest.update(f"{name}:{sha}\n".encode())
        return digest.hexdigest()


class ListFormatError(ValueError):
    """A list file that cannot be read: names the file, the line (1-based, when known) and why."""

    def __init__(self, path: str, line: int | None, reason: str) -> None:
        self.path = path
        self.line = line
        self.reason = reason
        where = f"{path}, line {line}" if line is not None else path
        super().__init__(f"{where}: {reason}")
