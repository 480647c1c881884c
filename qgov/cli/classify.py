"""`qgov classify`: export-control classification of item descriptions, offline, from files.

Thin on purpose: reading items, loading rule packs and classifying live in qgov.exportcontrol; this
module turns their errors into one-sentence messages (exit 2) and their results into JSON Lines or a
table. It imports no Django, so it runs on any machine with qgov installed.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from qgov.cli.common import fail, print_table, write_jsonl
from qgov.exportcontrol.classifier import Classification, classify, select_jurisdictions
from qgov.exportcontrol.items import Item, ItemError, ItemFileError, load_items, parse_items_text
from qgov.exportcontrol.rules import RULEPACK_DIRECTORY, RulePackError, RulePackSet, load_rule_packs


class OutputFormat(StrEnum):
    json = "json"
    table = "table"


def register(app: typer.Typer) -> None:
    app.command("classify")(classify_command)


def classify_command(
    input_path: Annotated[
        Path,
        typer.Option(
            "--input",
            "-i",
            help="Items: a JSON object or array, JSON Lines, or YAML (.yaml/.yml); '-' reads stdin (JSON).",
        ),
    ],
    jurisdiction: Annotated[
        list[str] | None,
        typer.Option("--jurisdiction", "-j", help="Limit to these jurisdictions (repeatable); default: all."),
    ] = None,
    on_date: Annotated[
        str | None,
        typer.Option("--date", help="Use the rule packs in force on this day (YYYY-MM-DD); default today."),
    ] = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="json: JSON Lines, one per item; table: for people.")
    ] = OutputFormat.json,
    rulepacks: Annotated[
        Path | None,
        typer.Option("--rulepacks", help="Directory of rule packs to use instead of the shipped ones."),
    ] = None,
) -> None:
    """Classify items against the export-control rule packs: every matching entry, with its reasons."""
    day = _parse_date(on_date)
    items = _read_items(input_path)
    packs = _load_packs(day, rulepacks)
    try:
        selected = select_jurisdictions(packs, jurisdiction)
    except ValueError as error:
        fail(f"--jurisdiction: {error}.")
    results = (classify(item, on=day, jurisdictions=selected, packs=packs) for item in items)
    if output_format is OutputFormat.json:
        write_jsonl(result.to_json() for result in results)
    else:
        _print_results(list(results))


def _parse_date(text: str | None) -> dt.date:
    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        fail(f"--date {text!r} is not a date in the form YYYY-MM-DD.")


def _read_items(path: Path) -> list[Item]:
    try:
        if str(path) == "-":
            return parse_items_text(sys.stdin.read(), "standard input")
        if not path.is_file():
            fail(f"--input {path} does not exist or is not a file.")
        return load_items(path)
    except (ItemError, ItemFileError) as error:
        fail(f"{error}.")


def _load_packs(day: dt.date, directory: Path | None) -> RulePackSet:
    try:
        return load_rule_packs(day, directory=directory or RULEPACK_DIRECTORY)
    except RulePackError as error:
        fail(f"{error}.")


def _print_results(results: Sequence[Classification]) -> None:
    columns = ("item", "status", "jurisdiction", "entry", "text", "why")
    print_table("qgov classify", columns, (row for result in results for row in _rows(result)))


def _rows(result: Classification) -> Iterator[tuple[str, ...]]:
    first = True

    def row(jurisdiction: str, entry: str, text: str, why: str) -> tuple[str, ...]:
        nonlocal first
        head = (result.item_id, result.status) if first else ("", "")
        first = False
        return (*head, jurisdiction, entry, text, why)

    for match in result.entries:
        conditions = "; ".join(
            f"{c.parameter} {c.value} {c.op} {c.threshold}" for c in match.conditions if c.met is not None
        )
        yield row(match.jurisdiction, match.entry, match.text_status.replace("_", " "), conditions)
    for reason in result.review_reasons:
        yield row("", "review", "", reason)
    for exclusion in result.exclusions:
        yield row("", "excluded", "", exclusion)
    for note in result.notes:
        yield row("", "note", "", note)
    if first:
        yield row(", ".join(result.rule_packs), "-", "", "no entry of the selected rule packs applies")
