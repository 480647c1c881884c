"""The `qgov` command: one entry point, one module per command group.

Commands that only compute (screen, classify, licence, ledger verify DIR, verify-receipt) never set
up Django; the platform commands do, lazily, in qgov.cli.platform.
"""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="qgov",
    help="qgov: governance workbench for quantum technology (screening, export control, decision ledger).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

COMMAND_MODULES = ("server", "demo", "ledger", "screen", "lists", "classify", "licence", "exportcontrol")

for _name in COMMAND_MODULES:
    try:
        _module = importlib.import_module(f"qgov.cli.{_name}")
    except ModuleNotFoundError as _error:
        if _error.name != f"qgov.cli.{_name}":
            raise
        continue
    _module.register(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
