"""`qgov exportcontrol report-743-8 | rulepack-check`: the export-control register from a shell.

Both use the database (Django is set up lazily); the pure `qgov classify` and `qgov licence` stay
separate and need no server.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from qgov.cli.common import EXIT_CHECK_FAILED, fail, print_table, stderr

exportcontrol_app = typer.Typer(
    help="The export-control register: 15 CFR 743.8 reports and rule-pack change checks.",
    no_args_is_help=True,
)


class ReportFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


@exportcontrol_app.command("report-743-8")
def report_743_8(
    year: Annotated[int, typer.Option("--year", help="The report period ending 31 December of YEAR")],
    output: Annotated[
        ReportFormat, typer.Option("--format", help="table (people), csv or json")
    ] = ReportFormat.table,
) -> None:
    """The 15 CFR 743.8 annual report for YEAR (due 1 February) and the termination reports due."""
    from qgov.cli.platform import setup_django

    setup_django()
    from django.utils import timezone

    from qgov.exportcontrol.reports import ReportError, report_csv
    from qgov.exportcontrol.reports import report_743_8 as make_report

    try:
        report = make_report(year, today=timezone.localdate())
    except ReportError as error:
        fail(f"{error}.")
    if output is ReportFormat.csv:
        sys.stdout.write(report_csv(report))
        return
    if output is ReportFormat.json:
        typer.echo(json.dumps(report.to_json(), ensure_ascii=False))
        return
    period = report.period
    print_table(
        f"15 CFR 743.8 annual report {period.start} to {period.end}, due {period.due}",
        [
            "person",
            "citizenship",
            "residence",
            "item",
            "ECCN",
            "company",
            "started",
            "duty",
        ],
        [
            [
                r["person"],
                r["citizenship"],
                r["permanent_residence"],
                r["item"],
                r["eccns"],
                r["company"],
                r["release_started"],
                r["duty"],
            ]
            for r in report.annual
        ],
    )
    print_table(
        "Termination reports (within 30 days of the last day)",
        ["person", "host", "last day", "due", "leaving for", "state"],
        [
            [r["person"], r["host"], r["last_day"], r["due"], r["leaving_for"], r["state"]]
            for r in report.termination
        ],
    )
    for note in report.notes:
        stderr.print(f"note: {note}", markup=False, soft_wrap=True)


@exportcontrol_app.command("rulepack-check")
def rulepack_check(
    directory: Annotated[
        Path | None,
        typer.Option("--directory", help="Rule-pack directory to compare with (default: the packs in use)"),
    ] = None,
) -> None:
    """Re-classify every item under the newest rule packs; exit 1 when some classification would change."""
    if directory is not None and not directory.is_dir():
        fail(f"{directory} is not a directory.")
    from qgov.cli.platform import setup_django

    setup_django()
    from django.core.exceptions import ValidationError

    from qgov.exportcontrol.services.rulepacks import open_tasks_for, start_rulepack_check

    try:
        run = start_rulepack_check(
            "system:cli", directory=directory, check_permission=False, background=False
        )
    except ValidationError as error:
        fail(" ".join(error.messages))
    if run.status != "finished":
        fail(f"the re-check failed: {run.error}")
    versions = ", ".join(f"{name} {version}" for name, version in run.versions.items())
    typer.echo(f"{run.done} items re-classified under {versions} (as on {run.evaluated_on}):")
    typer.echo(f"{run.changed} would change, {run.tasks_created} new review task(s)")
    for task in open_tasks_for(run):
        typer.echo(f"  {task.title}")
    if run.changed:
        raise SystemExit(EXIT_CHECK_FAILED)


def register(app: typer.Typer) -> None:
    app.add_typer(exportcontrol_app, name="exportcontrol")
