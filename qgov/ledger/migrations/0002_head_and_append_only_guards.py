"""Create the single ledger head row and the database triggers that make the ledger append-only."""

import hashlib

from django.db import migrations

EMPTY_ROOT = hashlib.sha256(b"").hexdigest()


def create_head(apps, schema_editor):
    LedgerHead = apps.get_model("ledger", "LedgerHead")
    LedgerHead.objects.get_or_create(pk=1, defaults={"size": 0, "frontier": "", "root": EMPTY_ROOT})


def install_guards(apps, schema_editor):
    from qgov.ledger import guards

    guards.install(schema_editor.connection)


def remove_guards(apps, schema_editor):
    from qgov.ledger import guards

    guards.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]

    operations = [
        migrations.RunPython(create_head, migrations.RunPython.noop),
        migrations.RunPython(install_guards, remove_guards),
    ]
