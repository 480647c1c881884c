"""`qgov ledger verify | export | verify DIR | receipt | verify-receipt | checkpoint`.

``verify DIR`` and ``verify-receipt`` work offline on files: they import no Django and need no
database, so an auditor can run them on any machine with qgov installed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from qgov.cli.common import EXIT_CHECK_FAILED, fail, stderr

ledger_app = typer.Typer(
    help="The tamper-evident decision ledger: verify, export, receipts.", no_args_is_help=True
)


def _report(report: Any) -> None:
    if report.ok:
        typer.echo(
            f"ok: {report.size} entries, root {report.root.hex()}, "
            f"{report.checkpoints_checked} signed checkpoints verified"
        )
        return
    stderr.print(f"FAILED: {report.headline}", markup=False, soft_wrap=True)
    raise SystemExit(EXIT_CHECK_FAILED)


@ledger_app.command("verify")
def verify(
    directory: Annotated[
        Path | None,
        typer.Argument(help="An export directory to verify offline; without it, the live database"),
    ] = None,
) -> None:
    """Recompute the ledger and check it against every signed checkpoint; exit 1 naming the first bad one."""
    if directory is not None:
        from qgov.ledger.offline import ExportError, verify_export

        try:
            report = verify_export(directory)
        except ExportError as error:
            fail(str(error))
        _report(report)
        return
    from qgov.cli.platform import setup_django

    setup_django()
    from qgov.ledger.services import verify_live

    _report(verify_live(actor="system:cli"))


@ledger_app.command("export")
def export(
    directory: Annotated[Path, typer.Argument(help="Directory to write (created if missing; must be empty)")],
) -> None:
    """Write entries.jsonl, checkpoint, checkpoints/, entry signatures and ledger.pub for an auditor."""
    if directory.exists() and any(directory.iterdir()):
        fail(f"{directory} is not empty; export into a new or empty directory.")
    from qgov.cli.platform import setup_django

    setup_django()
    from qgov.ledger.services import LedgerEmpty
    from qgov.ledger.services import export as export_ledger

    directory.mkdir(parents=True, exist_ok=True)
    try:
        size = export_ledger(directory)
    except LedgerEmpty as error:
        fail(str(error))
    typer.echo(f"exported {size} entries to {directory}")


@ledger_app.command("receipt")
def receipt(entry_index: Annotated[int, typer.Argument(help="Index of the ledger entry")]) -> None:
    """Print a receipt (the entry, its inclusion proof and a signed checkpoint) as JSON on stdout."""
    from qgov.cli.platform import setup_django

    setup_django()
    from qgov.ledger.models import LedgerEntry
    from qgov.ledger.services import receipt as make_receipt

    if not LedgerEntry.objects.filter(index=entry_index).exists():
        fail(f"there is no ledger entry {entry_index}.")
    typer.echo(json.dumps(make_receipt(entry_index), indent=2, ensure_ascii=False))


@ledger_app.command("verify-receipt")
def verify_receipt_command(
    file: Annotated[Path, typer.Argument(help="A receipt written by `qgov ledger receipt`")],
    key: Annotated[Path, typer.Option("--key", help="The ledger's public key file (ledger.pub)")],
) -> None:
    """Check a receipt offline against the ledger's public key; exit 1 if it does not verify."""
    from qgov.ledger.checkpoint import VerifierKey
    from qgov.ledger.offline import ReceiptError, verify_receipt

    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        fail(f"{file} cannot be read: {error}")
    except json.JSONDecodeError as error:
        fail(f"{file}, line {error.lineno}: not JSON ({error.msg}).")
    try:
        verifier = VerifierKey.parse(key.read_text(encoding="utf-8").strip())
    except OSError as error:
        fail(f"{key} cannot be read: {error}")
    except ValueError as error:
        fail(f"{key}: not a ledger public key ({error}).")
    try:
        entry = verify_receipt(data, verifier)
    except ReceiptError as error:
        stderr.print(f"FAILED: {file}: {error}", markup=False, soft_wrap=True)
        raise SystemExit(EXIT_CHECK_FAILED) from None
    typer.echo(f"ok: entry {entry['index']} ({entry['action']}) is in the ledger signed by {verifier.name}")


@ledger_app.command("checkpoint")
def checkpoint() -> None:
    """Sign a checkpoint over every entry recorded so far."""
    from qgov.cli.platform import setup_django

    setup_django()
    from qgov.ledger.services import sign_checkpoint_now

    signed = sign_checkpoint_now()
    typer.echo(
        "the ledger is empty" if signed is None else f"checkpoint at size {signed.size}, root {signed.root}"
    )


def register(app: typer.Typer) -> None:
    app.add_typer(ledger_app, name="ledger")
