"""`qgov serve`, `qgov migrate`, `qgov worker`, `qgov createuser`, `qgov manage`: running the platform."""

from __future__ import annotations

import os
import secrets
import sys
import threading
from typing import Annotated, Any

import typer

from qgov.cli.common import fail, stderr
from qgov.cli.platform import call, migrate, setup_django


def _gunicorn(host: str, port: int, workers: int) -> None:
    """Serve the WSGI app with gunicorn, a production-grade pre-fork server."""
    from gunicorn.app.base import BaseApplication

    from qgov.site.wsgi import application

    class QgovServer(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("timeout", 120)
            self.cfg.set("accesslog", os.environ.get("QGOV_ACCESS_LOG", "-"))
            self.cfg.set("forwarded_allow_ips", os.environ.get("QGOV_FORWARDED_ALLOW_IPS", "127.0.0.1"))

        def load(self) -> Any:
            return application

    QgovServer().run()


def serve_app(host: str, port: int, workers: int | None = None) -> None:
    setup_django()
    from django.conf import settings

    if not settings.DEBUG:
        call("collectstatic", interactive=False, verbosity=0)
    count = workers or int(os.environ.get("QGOV_WEB_WORKERS", str(min(4, (os.cpu_count() or 1) * 2))))
    stderr.print(f"qgov serving on http://{host}:{port} with {count} workers (Ctrl-C to stop)")
    _gunicorn(host, port, count)


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve(
        host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
        workers: Annotated[
            int | None, typer.Option(help="Web worker processes (default: 2 per core, at most 4)")
        ] = None,
    ) -> None:
        """Serve the web app and API with gunicorn (not Django's development server)."""
        serve_app(host, port, workers)

    @app.command("migrate")
    def migrate_command() -> None:
        """Apply database migrations (and bring the role groups in line with the policy)."""
        migrate(verbosity=1)

    @app.command("worker")
    def worker(
        queue: Annotated[str, typer.Option(help="Task queue to serve")] = "default",
    ) -> None:
        """Run background tasks (re-screening ...) and sign ledger checkpoints on the configured timer.

        Start as many workers as you like, on any machine that reaches the database.
        """
        setup_django()
        from django.conf import settings

        from qgov.ledger.services import checkpoint_if_due

        def timer() -> None:
            stop = threading.Event()
            while not stop.wait(max(5, settings.QGOV_LEDGER_CHECKPOINT_SECONDS // 2)):
                try:
                    checkpoint_if_due()
                except Exception as error:  # keep the timer alive; the next tick retries
                    stderr.print(f"checkpoint timer: {error}")

        threading.Thread(target=timer, daemon=True, name="ledger-checkpoint-timer").start()
        call("db_worker", queue_name=queue)

    @app.command("createuser")
    def createuser(
        username: Annotated[str, typer.Argument(help="Login name")],
        role: Annotated[
            str,
            typer.Option(
                help="One of: administrator, compliance_officer, procurement_officer, data_steward, "
                "researcher, auditor"
            ),
        ],
        password_stdin: Annotated[
            bool, typer.Option("--password-stdin", help="Read the password from standard input")
        ] = False,
        email: Annotated[str, typer.Option(help="E-mail address")] = "",
    ) -> None:
        """Create a user with one of the built-in roles."""
        from qgov.core.roles import parse_role

        try:
            chosen = parse_role(role)
        except ValueError as error:
            fail(str(error))
        setup_django()
        from django.core.exceptions import ValidationError

        from qgov.core.accounts import create_user

        generated = None
        if password_stdin:
            password = sys.stdin.readline().rstrip("\n")
            if not password:
                fail("--password-stdin was given but standard input held no password.")
        else:
            password = generated = secrets.token_urlsafe(15)
        try:
            create_user(username, chosen, password, email=email)
        except ValidationError as error:
            fail(" ".join(error.messages))
        typer.echo(f"created user {username} with role {chosen.value}")
        if generated:
            typer.echo(f"password: {generated}")

    @app.command(
        "manage",
        context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
    )
    def manage(ctx: typer.Context) -> None:
        """Run a Django management command (for operators: dbshell, dumpdata, check --deploy ...)."""
        setup_django()
        from django.core.management import execute_from_command_line

        execute_from_command_line(["qgov manage", *ctx.args])
