"""`qgov demo`: migrate, load the demo organisation (idempotent), print the logins, serve."""

from __future__ import annotations

from typing import Annotated

import typer

from qgov.cli.common import print_table
from qgov.cli.platform import migrate, setup_django


def register(app: typer.Typer) -> None:
    @app.command("demo")
    def demo(
        port: Annotated[int, typer.Option(help="Port to serve on")] = 8000,
        host: Annotated[str, typer.Option(help="Address to serve on")] = "127.0.0.1",
        no_serve: Annotated[bool, typer.Option("--no-serve", help="Load the demo data and exit")] = False,
    ) -> None:
        """Load the demo organisation (a quantum-sensing company and its partners) and serve it."""
        setup_django()
        migrate()
        from qgov.site.demo import load_demo

        summary = load_demo()
        print_table(
            "Demo logins",
            ["username", "role", "password"],
            summary["users"],
        )
        created = ", ".join(
            f"{key.replace('_', ' ')}: {value}" for key, value in summary.items() if key != "users"
        )
        typer.echo(f"demo data loaded this run (zeros mean it was already there): {created}")
        if no_serve:
            return
        from qgov.cli.server import serve_app

        typer.echo(f"open http://{host}:{port}/ and log in with one of the accounts above")
        serve_app(host, port)
