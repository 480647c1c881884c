"""`qgov licence`: US export-licence determination for transactions, offline, from files.

Thin on purpose: reading transactions, classifying their items and determining the licence answer
live in qgov.exportcontrol; this module turns their errors into one-sentence messages (exit 2) and
their results into JSON Lines (one per transaction, in input order) or a table. It imports no
Django, so it runs on any machine with qgov installed.
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
from qgov.exportcontrol.classifier import classify
from qgov.exportcontrol.items import ItemFileError
from qgov.exportcontrol.licensing import Determination, determine
from qgov.exportcontrol.rules import RULEPACK_DIRECTORY, RulePackError, load_rule_packs
from qgov.exportcontrol.tablefields import TableError
from qgov.exportcontrol.tables import LicensingTables, load_licensing_tables
from qgov.exportcontrol.transactions import (
    Transaction,
    TransactionError,
    load_transactions,
    parse_transactions_text,
)


class OutputFormat(StrEnum):
    json = "json"
    table = "table"


def register(app: typer.Typer) -> None:
    app.command("licence")(licence_command)


def licence_command(
    input_path: Annotated[
        Path,
        typer.Option(
            "--input",
            "-i",
            help="Transactions: one JSON object, a JSON array, JSON Lines, or YAML (.yaml/.yml); "
            "'-' reads JSON from stdin.",
        ),
    ],
    output_format: Annotated[
        OutputFormat,
        typer.Option("--format", help="json: JSON Lines, one per transaction; table: for people."),
    ] = OutputFormat.json,
    on_date: Annotated[
        str | None,
        typer.Option(
            "--date", help="Evaluate every transaction on this day (YYYY-MM-DD) instead of its own date."
        ),
    ] = None,
    rulepacks: Annotated[
        Path | None,
        typer.Option("--rulepacks", help="Directory of rule packs to use instead of the shipped ones."),
    ] = None,
) -> None:
    """Decide whether each transaction needs a US export licence, step by step, with citations."""
    override = _parse_date(on_date)
    transactions = _read_transactions(input_path)
    directory = rulepacks or RULEPACK_DIRECTORY
    tables = _load_tables(directory)
    results = (_determine(transaction, override, tables, directory) for transaction in transactions)
    if output_format is OutputFormat.json:
        write_jsonl(result.to_json() for result in results)
    else:
        _print_results(list(results))


def _determine(
    transaction: Transaction, override: dt.date | None, tables: LicensingTables, directory: Path
) -> Determination:
    day = override or transaction.date or dt.date.today()
    try:
        packs = load_rule_packs(day, directory=directory)
    except RulePackError as error:
        fail(f"{error}.")
    classification = classify(transaction.item, on=day, packs=packs)
    return determine(transaction, classification=classification, on=override, tables=tables)


def _parse_date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        fail(f"--date {text!r} is not a date in the form YYYY-MM-DD.")


def _read_transactions(path: Path) -> list[Transaction]:
    try:
        if str(path) == "-":
            return parse_transactions_text(sys.stdin.read(), "standard input")
        if not path.is_file():
            fail(f"--input {path} does not exist or is not a file.")
        return load_transactions(path)
    except (TransactionError, ItemFileError) as error:
        fail(f"{str(error).rstrip('.')}.")


def _load_tables(directory: Path) -> LicensingTables:
    try:
        return load_licensing_tables(directory)
    except TableError as error:
        fail(f"{str(error).rstrip('.')}.")


def _print_results(results: Sequence[Determination]) -> None:
    print_table("qgov licence", ("transaction", "what", "detail"), (row for r in results for row in _rows(r)))


def _answer(value: bool | None) -> str:
    return "unknown" if value is None else ("required" if value else "not required")


def _answer_word(available: bool | None) -> str:
    return "unknown" if available is None else ("available" if available else "not available")


def _rows(result: Determination) -> Iterator[tuple[str, str, str]]:
    licence = "not subject to the EAR" if result.subject_to_ear is False else _answer(result.licence_required)
    if result.review_policy:
        licence += f" ({result.review_policy.replace('_', ' ')})"
    lines: list[tuple[str, str]] = [
        ("licence", licence),
        ("status", result.status),
        ("destination", result.destination or ", ".join(result.destination_candidates) or "-"),
    ]
    if result.authorisation:
        lines.append(("authorised by", result.authorisation))
    lines += [("exception", f"{e.code}: {_answer_word(e.available)}") for e in result.licence_exceptions]
    lines += [("reporting", duty) for duty in result.reporting]
    lines += [("review", reason) for reason in result.review_reasons]
    lines += [("check", check) for check in result.checks_required]
    lines += [
        (n.jurisdiction, f"{_answer(n.licence_required)} ({n.to_json()['label']})")
        for n in result.jurisdictions
    ]
    lines.append(("basis", "; ".join(result.basis)))
    for index, (what, detail) in enumerate(lines):
        yield (result.id if index == 0 else "", what, detail)
