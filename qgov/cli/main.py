"""The `qgov` command: one entry point, one module per command group.

Commands that only compute (screen, classify, licence, ledger verify DIR, verify-receipt) never set
up Django; the platform commands do, lazily, in qgov.cli.platform.
"""

from __future__ import annotations

import typer

from qgov.cli import classify, demo, exportcontrol, ledger, licence, lists, screen, server

app = typer.Typer(
    name="qgov",
    help="qgov: governance workbench for quantum technology (screening, export control, decision ledger).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

# Each module registers its commands; none of them imports Django at load time.
for _module in (server, demo, ledger, screen, lists, classify, licence, exportcontrol):
    _module.register(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
