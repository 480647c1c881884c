"""`qgov screen`: restricted-party screening of one name or a CSV of parties against list files.

Stateless: the lists are read from files (``--list``, repeatable: an OFAC folder, the CSL CSV, the
BIS DPL, the UN XML, FollowTheMoney JSON lines), indexed in memory and nothing is written. Reading
lists lives in qgov.screening.sources, reading the party CSV in qgov.screening.bulk, matching in
qgov.screening.matcher; this module turns their errors into one sentence (exit 2) and their results
into JSON Lines (the contract's shape), a table or CSV. It imports no Django.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from qgov.cli.common import fail, print_table, stderr, write_jsonl
from qgov.screening.bulk import QueryFileError, QueryRow, read_query_csv, results_csv
from qgov.screening.entities import ListEntity, ListFormatError
from qgov.screening.index import ScreeningIndex
from qgov.screening.matcher import DEFAULT_THRESHOLD, MATCHER_VERSION, PartyQuery, screen
from qgov.screening.sources import load_list

PROGRESS_FROM = 200  # parties: show a progress bar on stderr for inputs at least this long


class OutputFormat(StrEnum):
    json = "json"
    table = "table"
    csv = "csv"


def register(app: typer.Typer) -> None:
    app.command("screen")(screen_command)


def screen_command(
    lists: Annotated[
        list[Path],
        typer.Option(
            "--list",
            help="A list file or OFAC folder (repeatable): OFAC SDN/consolidated, trade.gov CSL, BIS DPL, "
            "UN XML, FollowTheMoney JSON lines.",
        ),
    ],
    name: Annotated[str | None, typer.Option("--name", help="Screen this one name.")] = None,
    input_path: Annotated[
        Path | None,
        typer.Option(
            "--input",
            help="CSV of parties with a header: name (required); id, kind, country, birth_date (optional).",
        ),
    ] = None,
    threshold: Annotated[
        float,
        typer.Option(help=f"Report matches scoring at least this (0 to 1); default {DEFAULT_THRESHOLD}."),
    ] = DEFAULT_THRESHOLD,
    limit: Annotated[int, typer.Option(help="At most this many matches per party, best first.")] = 10,
    output_format: Annotated[
        OutputFormat,
        typer.Option(
            "--format", help="json: JSON Lines, one per party; table: for people; csv: one line per match."
        ),
    ] = OutputFormat.json,
) -> None:
    """Screen parties against restricted-party lists: every match with its score and reasons."""
    if (name is None) == (input_path is None):
        fail("give exactly one of --name TEXT or --input FILE.")
    if not 0.0 <= threshold <= 1.0:
        fail(f"--threshold {threshold} is not between 0 and 1.")
    if limit < 1:
        fail(f"--limit {limit} must be 1 or more.")
    if name is not None and not name.strip():
        fail("--name is empty.")
    rows = _read_parties(input_path) if input_path is not None else [_single_party(name or "")]
    index = ScreeningIndex.build(_load_entities(lists))
    results = _screen_all(index, rows, threshold, limit)
    if output_format is OutputFormat.json:
        write_jsonl(results)
    elif output_format is OutputFormat.csv:
        for line in results_csv(results):
            sys.stdout.write(line)
        sys.stdout.flush()
    else:
        _print_results(list(results), threshold)


def _single_party(name: str) -> QueryRow:
    return QueryRow(1, "1", {"name": " ".join(name.split()), "kind": "", "country": "", "birth_date": ""})


def _read_parties(path: Path) -> list[QueryRow]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        fail(f"{path}: no such file.")
    except UnicodeDecodeError as error:
        fail(f"{path}: not UTF-8 text (byte {error.start}).")
    except OSError as error:
        fail(f"{path}: cannot be read ({error.strerror or error}).")
    try:
        return read_query_csv(text, str(path))
    except QueryFileError as error:
        fail(f"{error}.")


def _load_entities(paths: Sequence[Path]) -> list[ListEntity]:
    entities: list[ListEntity] = []
    for path in paths:
        try:
            entities.extend(load_list(path).entities)
        except ListFormatError as error:
            fail(f"{error}.")
    return entities


def _screen_all(
    index: ScreeningIndex, rows: Sequence[QueryRow], threshold: float, limit: int
) -> Iterator[dict[str, Any]]:
    """One result per party, in input order, with a progress bar on stderr for long inputs."""
    progress = (
        Progress(
            TextColumn("screening"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=stderr,
            transient=True,
        )
        if len(rows) >= PROGRESS_FROM
        else None
    )
    if progress is not None:
        progress.start()
        task = progress.add_task("screening", total=len(rows))
    try:
        for row in rows:
            query: PartyQuery = row.query
            matches = screen(index, query, threshold=threshold, limit=limit)
            yield {"id": row.id, "name": query.name, "matches": [match.to_dict() for match in matches]}
            if progress is not None:
                progress.advance(task)
    finally:
        if progress is not None:
            progress.stop()


def _print_results(results: Sequence[dict[str, Any]], threshold: float) -> None:
    rows = []
    for result in results:
        if not result["matches"]:
            rows.append([result["id"], result["name"], "", "no match", "", "", ""])
        for match in result["matches"]:
            rows.append(
                [
                    result["id"],
                    result["name"],
                    f"{match['score']:.2f}",
                    match["list"],
                    match["entity_id"],
                    match["matched_name"],
                    "; ".join(match["reasons"][1:4]),
                ]
            )
    print_table(
        f"Screening ({MATCHER_VERSION}, threshold {threshold:.2f})",
        ["id", "name", "score", "list", "entity", "matched name", "why"],
        rows,
    )
