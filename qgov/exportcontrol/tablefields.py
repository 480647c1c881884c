"""Reading licensing tables from YAML with errors that name the file and the field.

Licence determination rests on versioned tables (country groups, the Country Chart, the IEC table,
embargoes, per-ECCN licence data, the parallel national requirements). A typo in one of them (an
unknown key, a country code that does not exist, a missing citation) must stop the table from loading
rather than quietly change an answer, so every table is read through `Fields`, which refuses anything
it was not told to expect and says where the problem is. `TableHeader` is the part every table shares:
what it is, its version, the date from which it is used, its source and its text status.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pycountry
import yaml

FORMAT = "qgov-licensing/1"
PACK_TEXT_STATUSES = ("verified", "unverified_text", "unknown")
RECORD_TEXT_STATUSES = (*PACK_TEXT_STATUSES, "unverified", "interpretation")
HEADER_KEYS = "format table jurisdiction version effective_from text_status source citation"


Keys = Iterable[str] | str


class TableError(ValueError):
    """A licensing table that cannot be used; the message names the file and the field."""


@lru_cache(maxsize=512)
def is_country_code(code: str) -> bool:
    return pycountry.countries.get(alpha_2=code) is not None


class Fields:
    """One YAML mapping being read: `where` locates it inside `path` for error messages."""

    def __init__(self, data: Any, path: Path, where: str, allowed: Keys | None = None) -> None:
        self.path = path
        self.where = where
        if not isinstance(data, Mapping):
            raise self.error(f"must be a mapping, not {type(data).__name__}")
        self.data: Mapping[str, Any] = data
        if allowed is not None:
            self.only(allowed)

    def only(self, allowed: Keys) -> Fields:
        """Refuse keys other than `allowed` (a collection, or one string of names separated by spaces)."""
        names = set(allowed.split()) if isinstance(allowed, str) else set(allowed)
        unknown = sorted(str(key) for key in self.data if key not in names)
        if unknown:
            raise self.error(f"unknown key(s) {', '.join(unknown)} (expected: {', '.join(sorted(names))})")
        return self

    def error(self, reason: str, key: str | None = None) -> TableError:
        location = f"{self.where}.{key}" if key and self.where else (key or self.where)
        return TableError(f"{self.path}: {location or 'the file'}: {reason}")

    def has(self, key: str) -> bool:
        return self.data.get(key) is not None

    def raw(self, key: str) -> Any:
        return self.data.get(key)

    def names(self) -> list[str]:
        return [str(key) for key in self.data]

    def sub(self, key: str, allowed: Keys | None = None) -> Fields:
        if key not in self.data:
            raise self.error("is missing", key)
        return Fields(self.data[key], self.path, self._child(key), allowed)

    def optional_sub(self, key: str, allowed: Keys | None = None) -> Fields | None:
        return self.sub(key, allowed) if self.has(key) else None

    def subs(self, key: str, allowed: Keys | None = None) -> list[Fields]:
        """A list of mappings (absent: empty)."""
        return [
            Fields(item, self.path, f"{self._child(key)}[{n}]", allowed)
            for n, item in enumerate(self.sequence(key))
        ]

    def items(self, key: str, allowed: Keys | None = None) -> list[tuple[str, Fields]]:
        """A mapping of names to mappings, in file order."""
        mapping = self.sub(key)
        return [
            (str(name), Fields(value, self.path, f"{mapping.where}.{name}", allowed))
            for name, value in mapping.data.items()
        ]

    def text(self, key: str) -> str:
        value = self.data.get(key)
        if not isinstance(value, str) or not value.strip():
            raise self.error("must be non-empty text", key)
        return value.strip()

    def optional_text(self, key: str) -> str | None:
        return self.text(key) if self.has(key) else None

    def texts(self, key: str) -> tuple[str, ...]:
        values = self.sequence(key)
        if not all(isinstance(value, str) and value.strip() for value in values):
            raise self.error("must be a list of non-empty texts", key)
        return tuple(value.strip() for value in values)

    def sequence(self, key: str) -> list[Any]:
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.error("must be a list", key)
        return value

    def date(self, key: str) -> dt.date:
        value = self.data.get(key)
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            raise self.error(f"must be a date written YYYY-MM-DD, not {value!r}", key)
        return value

    def optional_date(self, key: str) -> dt.date | None:
        return self.date(key) if self.has(key) else None

    def boolean(self, key: str, default: bool | None = None) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise self.error("must be true or false", key)
        return value

    def integer(self, key: str) -> int | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self.error("must be a non-negative whole number", key)
        return value

    def choice(self, key: str, choices: Iterable[str], default: str | None = None) -> str:
        options = tuple(choices)
        value = self.data.get(key, default)
        if value not in options:
            raise self.error(f"{value!r} is not one of {', '.join(options)}", key)
        return str(value)

    def text_status(self, key: str = "text_status", default: str | None = None) -> str:
        return self.choice(key, RECORD_TEXT_STATUSES, default)

    def country(self, key: str) -> str:
        code = self.data.get(key)
        self.check_country(code, key)
        return str(code)

    def check_country(self, code: Any, key: str) -> None:
        if not isinstance(code, str) or code != code.upper() or not is_country_code(code):
            raise self.error(f"{code!r} is not an ISO 3166-1 alpha-2 country code (upper case)", key)

    def countries(self, key: str) -> frozenset[str]:
        """ISO 3166-1 alpha-2 codes; anything else is refused (so 'UK' or 'EL' never slip in)."""
        codes = self.sequence(key)
        for code in codes:
            self.check_country(code, key)
        if len(set(codes)) != len(codes):
            duplicates = sorted({code for code in codes if codes.count(code) > 1})
            raise self.error(f"lists {', '.join(duplicates)} more than once", key)
        return frozenset(codes)

    def _child(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key


@dataclass(frozen=True)
class TableHeader:
    """What every licensing table states about itself."""

    table: str
    jurisdiction: str
    version: dt.date
    effective_from: dt.date
    text_status: str
    source_document: str
    source_date: dt.date | None
    citation: str
    path: Path

    @property
    def version_text(self) -> str:
        return self.version.isoformat()


def read_document(path: Path) -> Fields:
    """The top-level mapping of one table file."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise TableError(f"{path}: cannot be read ({exc})") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise TableError(f"{path}: not valid YAML{where}") from exc
    return Fields(document, path, "")


def read_header(document: Fields, table: str, file_stem: str) -> TableHeader:
    """Check the shared header against the file's name and folder; `file_stem` is e.g. 'country-groups'."""
    path = document.path
    if document.raw("format") != FORMAT:
        raise document.error(f"must be {FORMAT!r}", "format")
    if document.raw("table") != table:
        raise document.error(f"must be {table!r} in a {file_stem}-<date>.yaml file", "table")
    jurisdiction = document.text("jurisdiction")
    if path.parent.name.lower() != jurisdiction.lower():
        raise document.error(
            f"{jurisdiction!r} does not match the folder {path.parent.name!r}", "jurisdiction"
        )
    version = document.date("version")
    if path.stem != f"{file_stem}-{version.isoformat()}":
        raise document.error(f"{version} does not match the file name {path.name!r}", "version")
    effective_from = document.date("effective_from")
    source = document.sub("source")
    return TableHeader(
        table=table,
        jurisdiction=jurisdiction,
        version=version,
        effective_from=effective_from,
        text_status=document.choice("text_status", PACK_TEXT_STATUSES),
        source_document=source.text("document"),
        source_date=source.optional_date("date_read"),
        citation=document.text("citation") if document.has("citation") else source.text("document"),
        path=path,
    )
