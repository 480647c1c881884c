"""Database-level append-only guards for the ledger tables.

Triggers refuse UPDATE and DELETE on entries and checkpoints (and TRUNCATE on PostgreSQL), so an
application bug cannot rewrite history. They do not stop a database superuser, who can drop them:
that is what the signed checkpoints and entry signatures are for. The same SQL serves the migration
and the tests (which remove the guards only to simulate such an attacker, or to wipe a test database).
"""

from __future__ import annotations

from typing import Any

PROTECTED_TABLES = ("ledger_ledgerentry", "ledger_checkpoint")

_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION qgov_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the decision ledger is append-only: % on % refused', TG_OP, TG_TABLE_NAME;
END $$;
"""


def install(connection: Any) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_PG_FUNCTION)
            for table in PROTECTED_TABLES:
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
                cursor.execute(
                    f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                    "FOR EACH ROW EXECUTE FUNCTION qgov_ledger_append_only()"
                )
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
                cursor.execute(
                    f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                    "FOR EACH STATEMENT EXECUTE FUNCTION qgov_ledger_append_only()"
                )
        elif connection.vendor == "sqlite":
            for table in PROTECTED_TABLES:
                for operation in ("UPDATE", "DELETE"):
                    cursor.execute(
                        f"CREATE TRIGGER IF NOT EXISTS {table}_no_{operation.lower()} "
                        f"BEFORE {operation} ON {table} BEGIN "
                        "SELECT RAISE(ABORT, "
                        f"'the decision ledger is append-only: {operation} on {table} refused'); "
                        "END"
                    )
        else:  # pragma: no cover - qgov supports exactly SQLite and PostgreSQL
            raise RuntimeError(f"no ledger guards for database vendor {connection.vendor}")


def remove(connection: Any) -> None:
    with connection.cursor() as cursor:
        for table in PROTECTED_TABLES:
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
            else:
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
