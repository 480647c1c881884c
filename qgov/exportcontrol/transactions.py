"""Transactions as users describe them for `qgov licence` (contracts/export-control.md), read and checked.

A licence answer is only as good as the facts it is given: who receives what, from where, to where,
on which date. A transaction that cannot be read (an unknown field, a country code that does not
exist, a date in the wrong form, an item that fails to parse) is refused as a whole with the
transaction id and the field, so nothing half-read reaches the determination. A fact left out stays
None; the determination then says what is missing instead of assuming an answer.

Beyond the contract's fields a transaction may say:
- `software_code`: "source" or "object" (only source code can be deemed-exported, 15 CFR 734.13);
- `released_to_conduct_research`, `results_restricted`: the limits of 15 CFR 734.8;
- `us_content_above_de_minimis`, `foreign_direct_product`: for a foreign-made item outside the US
  (15 CFR 734.4, 734.9, whose texts qgov does not hold, so it asks instead of inferring);
- `prohibited_end_use`: knowledge of a prohibited end use or end user (General Order No. 6(f)(5)(i));
- in `recipient`: `nationality` and `permanent_residence` as one code or a list, and
  `most_recent_country`, the country of the most recent citizenship or permanent residency when
  the person has several (see licensing.deemed_destination for how it is used).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Transaction files have the items files' shapes (JSON, array, JSON Lines, YAML): one reader, read_objects.
from qgov.exportcontrol.items import Item, ItemError, ItemFileError, parse_item, read_objects
from qgov.exportcontrol.tablefields import is_country_code

TRANSACTION_KINDS = ("export", "reexport", "transfer", "deemed_export", "deemed_reexport")
DEEMED_KINDS = frozenset({"deemed_export", "deemed_reexport"})
SOFTWARE_CODES = ("source", "object")
_COUNTRY_HINTS = {"UK": "GB", "EL": "GR"}

_TRANSACTION_KEYS = (
    "id item transaction from_country destination recipient published fundamental_research date "
    "software_code released_to_conduct_research results_restricted us_content_above_de_minimis "
    "foreign_direct_product prohibited_end_use"
)
_RECIPIENT_KEYS = "name nationality permanent_residence most_recent_country employed_since prohibited_party"


class TransactionError(ValueError):
    """A transaction that cannot be read: names the transaction, the field and the reason."""

    def __init__(self, transaction_id: str | None, field: str | None, reason: str) -> None:
        self.transaction_id = transaction_id
        self.field = field
        self.reason = reason
        where = f"transaction {transaction_id!r}" if transaction_id else "transaction without an id"
        if field:
            where += f", field {field!r}"
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True)
class Recipient:
    name: str | None
    nationalities: tuple[str, ...]
    permanent_residences: tuple[str, ...]
    most_recent_country: str | None
    employed_since: dt.date | None
    prohibited_party: bool | None

    @property
    def countries(self) -> tuple[str, ...]:
        """Every citizenship and permanent residency given, without repeats, in the order given."""
        return tuple(dict.fromkeys((*self.nationalities, *self.permanent_residences)))


@dataclass(frozen=True)
class Transaction:
    id: str
    item: Item
    kind: str  # export | reexport | transfer | deemed_export | deemed_reexport
    from_country: str | None
    destination: str | None
    recipient: Recipient | None
    published: bool | None
    fundamental_research: bool | None
    date: dt.date | None
    software_code: str | None = None
    released_to_conduct_research: bool | None = None
    results_restricted: bool | None = None
    us_content_above_de_minimis: bool | None = None
    foreign_direct_product: bool | None = None
    prohibited_end_use: bool | None = None

    @property
    def deemed(self) -> bool:
        return self.kind in DEEMED_KINDS


class _Reader:
    def __init__(self, transaction_id: str, prefix: str = "") -> None:
        self.id = transaction_id
        self.prefix = prefix

    def error(self, field: str, reason: str) -> TransactionError:
        return TransactionError(self.id, self.prefix + field, reason)

    def text(self, obj: Mapping[str, Any], key: str) -> str | None:
        value = obj.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.error(key, f"must be text, not {type(value).__name__}")
        return value.strip() or None

    def boolean(self, obj: Mapping[str, Any], key: str) -> bool | None:
        value = obj.get(key)
        if value is None or isinstance(value, bool):
            return value
        raise self.error(key, f"must be true or false, not {value!r}")

    def choice(self, obj: Mapping[str, Any], key: str, choices: tuple[str, ...]) -> str | None:
        value = self.text(obj, key)
        if value is not None and value not in choices:
            raise self.error(key, f"{value!r} is not one of {', '.join(choices)}")
        return value

    def date(self, obj: Mapping[str, Any], key: str) -> dt.date | None:
        value = obj.get(key)
        if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise self.error(key, f"{value!r} is not a date written YYYY-MM-DD")

    def country(self, obj: Mapping[str, Any], key: str) -> str | None:
        value = self.text(obj, key)
        return None if value is None else self.country_code(value, key)

    def countries(self, obj: Mapping[str, Any], key: str) -> tuple[str, ...]:
        value = obj.get(key)
        if value is None:
            return ()
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise self.error(key, "must be a country code or a list of country codes")
        return tuple(dict.fromkeys(self.country_code(v.strip(), key) for v in values if v.strip()))

    def country_code(self, value: str, key: str) -> str:
        code = value.upper()
        if not is_country_code(code):
            hint = f" (use {_COUNTRY_HINTS[code]})" if code in _COUNTRY_HINTS else ""
            raise self.error(key, f"{value!r} is not an ISO 3166-1 alpha-2 country code{hint}")
        return code

    def only_known_keys(self, obj: Mapping[str, Any], allowed: str, what: str) -> None:
        """Refuse fields not in `allowed` (names separated by spaces): a typo must not pass silently."""
        names = allowed.split()
        unknown = [str(key) for key in obj if key not in names]
        if unknown:
            raise self.error(unknown[0], f"is not a field of {what} (known: {', '.join(names)})")


def parse_transaction(obj: Any) -> Transaction:
    """Read one transaction; raises TransactionError naming the transaction id, the field and the reason."""
    if not isinstance(obj, Mapping):
        raise TransactionError(None, None, f"a transaction must be a JSON object, not {type(obj).__name__}")
    raw_id = obj.get("id")
    if isinstance(raw_id, bool) or not isinstance(raw_id, str | int) or not str(raw_id).strip():
        raise TransactionError(None, "id", "every transaction needs a non-empty id")
    reader = _Reader(str(raw_id).strip())
    reader.only_known_keys(obj, _TRANSACTION_KEYS, "a transaction")
    kind = reader.choice(obj, "transaction", TRANSACTION_KINDS)
    if kind is None:
        raise reader.error("transaction", f"is required (one of {', '.join(TRANSACTION_KINDS)})")
    return Transaction(
        id=reader.id,
        item=_item(obj.get("item"), reader),
        kind=kind,
        from_country=reader.country(obj, "from_country"),
        destination=reader.country(obj, "destination"),
        recipient=_recipient(obj.get("recipient"), reader.id),
        published=reader.boolean(obj, "published"),
        fundamental_research=reader.boolean(obj, "fundamental_research"),
        date=reader.date(obj, "date"),
        software_code=reader.choice(obj, "software_code", SOFTWARE_CODES),
        released_to_conduct_research=reader.boolean(obj, "released_to_conduct_research"),
        results_restricted=reader.boolean(obj, "results_restricted"),
        us_content_above_de_minimis=reader.boolean(obj, "us_content_above_de_minimis"),
        foreign_direct_product=reader.boolean(obj, "foreign_direct_product"),
        prohibited_end_use=reader.boolean(obj, "prohibited_end_use"),
    )


def _item(value: Any, reader: _Reader) -> Item:
    if value is None:
        raise reader.error("item", "is required (an item described as for qgov classify)")
    if isinstance(value, Mapping) and value.get("id") is None:
        value = {**value, "id": f"{reader.id}-item"}
    try:
        return parse_item(value)
    except ItemError as exc:
        field = "item" + (f".{exc.parameter}" if exc.parameter else "")
        raise reader.error(field, exc.reason) from exc


def _recipient(value: Any, transaction_id: str) -> Recipient | None:
    if value is None:
        return None
    reader = _Reader(transaction_id, "recipient.")
    if not isinstance(value, Mapping):
        raise TransactionError(transaction_id, "recipient", "must be an object")
    reader.only_known_keys(value, _RECIPIENT_KEYS, "a recipient")
    return Recipient(
        name=reader.text(value, "name"),
        nationalities=reader.countries(value, "nationality"),
        permanent_residences=reader.countries(value, "permanent_residence"),
        most_recent_country=reader.country(value, "most_recent_country"),
        employed_since=reader.date(value, "employed_since"),
        prohibited_party=reader.boolean(value, "prohibited_party"),
    )


def load_transactions(path: Path) -> list[Transaction]:
    """Transactions from a file: one JSON object, a JSON array, JSON Lines, or YAML (.yaml/.yml)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ItemFileError(f"{path}: cannot be read ({exc})") from exc
    return parse_transactions_text(text, str(path), yaml_syntax=path.suffix.lower() in {".yaml", ".yml"})


def parse_transactions_text(text: str, source: str, *, yaml_syntax: bool = False) -> list[Transaction]:
    """Transactions from text; `source` names it in errors. Ids must be unique."""
    objects = read_objects(text, source, yaml_syntax=yaml_syntax)
    if not objects:
        raise ItemFileError(f"{source}: holds no transactions")
    transactions: list[Transaction] = []
    first_seen: dict[str, int] = {}
    for position, obj in enumerate(objects, start=1):
        try:
            transaction = parse_transaction(obj)
        except TransactionError as exc:
            if exc.transaction_id is None:
                reason = f"{exc.reason} (transaction {position} in {source})"
                raise TransactionError(None, exc.field, reason) from exc
            raise
        if transaction.id in first_seen:
            reason = f"appears twice in {source} (transactions {first_seen[transaction.id]} and {position})"
            raise TransactionError(transaction.id, "id", reason)
        first_seen[transaction.id] = position
        transactions.append(transaction)
    return transactions
