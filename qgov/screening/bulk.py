"""Reading a CSV of parties to screen (the `qgov screen --input` columns) and writing the results.

Input (contracts/screening.md): a header row; ``name`` required; optional ``id``, ``kind`` (person,
organization, vessel, aircraft), ``country`` (ISO 3166-1 alpha-2 or an English country name) and
``birth_date`` (YYYY or YYYY-MM-DD). A missing id becomes the 1-based row number. The file is read
whole before anything is screened; the first bad row stops it with the line and the reason.

Output: JSON Lines in the contract's shape (one object per input row, in input order) or a flat CSV
with one line per match (a row without matches still gets one line, so every input row appears).

Pure module: no Django, no database.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from qgov.countries import resolve_country
from qgov.screening.entities import EntityKind
from qgov.screening.matcher import PartyQuery

COLUMNS = ("id", "name", "kind", "country", "birth_date")
MAX_ROWS = 100_000
_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
_KINDS = {kind.value: kind for kind in EntityKind if kind is not EntityKind.UNKNOWN} | {
    "organisation": EntityKind.ORGANIZATION
}
CSV_HEADER = ("id", "name", "score", "list", "entity_id", "entity_name", "matched_name", "kind", "reasons")


class QueryFileError(ValueError):
    """A party file that cannot be screened: names the file, the line and the reason."""

    def __init__(self, filename: str, line: int | None, reason: str) -> None:
        self.filename, self.line, self.reason = filename, line, reason
        where = f"{filename}, line {line}" if line is not None else filename
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True)
class QueryRow:
    """One party to screen as read from the file; ``fields`` are the cleaned values for storage."""

    position: int  # 1-based data row
    id: str
    fields: dict[str, str]

    @property
    def query(self) -> PartyQuery:
        return query_from_fields(self.fields)


def query_from_fields(fields: Mapping[str, str]) -> PartyQuery:
    kind = fields.get("kind") or ""
    return PartyQuery(
        name=fields["name"],
        kind=_KINDS[kind] if kind else None,
        country=fields.get("country") or None,
        birth_date=fields.get("birth_date") or None,
    )


def _clean(values: dict[str, str], position: int, filename: str, line: int) -> QueryRow:
    name = " ".join((values.get("name") or "").split())
    if not name:
        raise QueryFileError(filename, line, "the name is empty")
    kind = (values.get("kind") or "").strip().lower()
    if kind and kind not in _KINDS:
        raise QueryFileError(
            filename, line, f"kind '{kind}' is not one of person, organization, vessel, aircraft"
        )
    given_country = (values.get("country") or "").strip()
    country = resolve_country(given_country) if given_country else ""
    if country is None:
        raise QueryFileError(
            filename, line, f"'{given_country}' is not an ISO 3166 country code or a country name"
        )
    birth_date = (values.get("birth_date") or "").strip()
    if birth_date and not _DATE.match(birth_date):
        raise QueryFileError(filename, line, f"birth date '{birth_date}' is not written YYYY or YYYY-MM-DD")
    fields = {
        "name": name,
        "kind": _KINDS[kind].value if kind else "",
        "country": country,
        "birth_date": birth_date,
    }
    return QueryRow(position, (values.get("id") or "").strip() or str(position), fields)


def read_query_csv(text: str, filename: str = "input") -> list[QueryRow]:
    """Every row of a party CSV, validated; QueryFileError at the first problem."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    try:
        header = next(reader, None)
        if header is None:
            raise QueryFileError(filename, None, "the file is empty")
        columns = [column.strip().lower() for column in header]
        if "name" not in columns:
            raise QueryFileError(filename, 1, "the header has no 'name' column")
        rows: list[QueryRow] = []
        for record in reader:
            if not any(cell.strip() for cell in record):
                continue
            if len(record) > len(columns):
                raise QueryFileError(
                    filename, reader.line_num, f"{len(record)} fields but the header has {len(columns)}"
                )
            values = dict(zip(columns, record, strict=False))
            rows.append(_clean(values, len(rows) + 1, filename, reader.line_num))
            if len(rows) > MAX_ROWS:
                raise QueryFileError(filename, reader.line_num, f"more than {MAX_ROWS} rows; split the file")
    except csv.Error as error:
        raise QueryFileError(filename, reader.line_num, f"not readable as CSV ({error})") from error
    if not rows:
        raise QueryFileError(filename, None, "the file has a header but no rows")
    return rows


def results_jsonl(results: Iterable[Mapping[str, Any]]) -> Iterable[str]:
    """One JSON line per result ({id, name, matches})."""
    for result in results:
        yield json.dumps(result, ensure_ascii=False) + "\n"


def results_csv(results: Iterable[Mapping[str, Any]]) -> Iterable[str]:
    """The header, then one CSV line per match (or one empty-match line per row without matches)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(cells: Sequence[Any]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(cells)
        return buffer.getvalue()

    yield line(CSV_HEADER)
    for result in results:
        matches = result.get("matches") or [{}]
        for match in matches:
            yield line(
                [
                    result["id"],
                    result["name"],
                    match.get("score", ""),
                    match.get("list", ""),
                    match.get("entity_id", ""),
                    match.get("entity_name", ""),
                    match.get("matched_name", ""),
                    match.get("kind", ""),
                    " | ".join(match.get("reasons", [])),
                ]
            )
