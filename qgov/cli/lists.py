"""`qgov lists import PATH [--source NAME]` and `qgov lists versions`: restricted-party list versions.

An import reads the whole list first (a malformed file changes nothing and is reported in one
sentence naming the file, the line and the reason, exit 2), stores it as the next version of its
list with what it added, changed and removed, and re-screens the registry: in the background by
default (a `qgov worker` does it), or in this process with `--wait`.
"""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Annotated, Any

import typer

from qgov.cli.common import fail, print_table, stderr

lists_app = typer.Typer(help="Restricted-party list versions: import, list.", no_args_is_help=True)


def _cli_actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli:unknown"


def _progress(run: Any) -> None:
    stderr.print(f"re-screened {run.done} of {run.total} parties", markup=False)


@lists_app.command("import")
def import_command(
    path: Annotated[Path, typer.Argument(help="A list file, or a folder holding an OFAC set (sdn.csv ...)")],
    source: Annotated[
        str | None,
        typer.Option("--source", help="The list's name (default: the list's own, e.g. us-ofac-sdn)"),
    ] = None,
    wait: Annotated[
        bool,
        typer.Option("--wait", help="Re-screen the registry in this process instead of in the background"),
    ] = False,
) -> None:
    """Store a list as a new version (with its differences to the version in force) and re-screen parties."""
    from qgov.cli.platform import setup_django

    setup_django()
    from django.db.utils import OperationalError

    from qgov.screening.services import ListFormatError, ListRejected, import_list

    try:
        outcome = import_list(
            _cli_actor(),
            path,
            source,
            rescreen="now" if wait else "background",
            check_permission=False,
        )
    except (ListFormatError, ListRejected) as error:
        fail(f"{error}; nothing was imported and the version in force is unchanged.")
    except OperationalError as error:
        fail(f"the database could not be used ({str(error).splitlines()[0]}); check QGOV_DATABASE_URL.")
    version = outcome.version
    for warning in version.warnings:
        stderr.print(f"warning: {warning}", markup=False, soft_wrap=True)
    typer.echo(
        f"{version.source_id} version {version.number}: {version.entry_count} entries, "
        f"{version.added_count} added, {version.changed_count} changed, {version.removed_count} removed "
        f"(fingerprint {version.fingerprint[:16]}, ledger entry #{version.ledger_index})"
    )
    run = outcome.run
    if run is None:
        return
    if run.status == "finished":
        typer.echo(
            f"re-screened {run.total} parties: {run.raised} alerts raised, {run.reopened} re-opened, "
            f"{run.withdrawn} withdrawn"
        )
    else:
        typer.echo(f"re-screening of {run.total} parties queued (run {run.pk}); `qgov worker` carries it out")


@lists_app.command("versions")
def versions_command(
    source: Annotated[str | None, typer.Option("--source", help="Only this list")] = None,
) -> None:
    """The stored versions of every list, newest first, and which one is in force."""
    from qgov.cli.platform import setup_django

    setup_django()
    from qgov.screening.models import ListVersion

    versions = ListVersion.objects.select_related("source").order_by("source", "-number")
    if source:
        versions = versions.filter(source=source)
    print_table(
        "List versions",
        ["list", "version", "in force", "imported (UTC)", "by", "entries", "added", "changed", "removed"],
        (
            [
                v.source_id,
                v.number,
                "yes" if v.is_current else "",
                f"{v.imported_at:%Y-%m-%d %H:%M}",
                v.imported_by_name,
                v.entry_count,
                v.added_count,
                v.changed_count,
                v.removed_count,
            ]
            for v in versions
        ),
    )


def register(app: typer.Typer) -> None:
    app.add_typer(lists_app, name="lists")
