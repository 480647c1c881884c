"""A separate process that appends decisions: used by the concurrency test (not a test itself).

    python -m qgov.ledger.tests.concurrent_writer WRITER_ID COUNT

Every third decision is rolled back after its entry was written, so the test also proves that an
abandoned transaction leaves no gap when other processes are appending at the same moment.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qgov.site.settings")
    import django

    django.setup()
    from django.db import transaction

    from qgov.ledger.services import record_decision

    writer, count = sys.argv[1], int(sys.argv[2])
    committed = 0
    for n in range(count):
        try:
            with transaction.atomic():
                record_decision(
                    actor=f"system:writer-{writer}",
                    action="test.concurrent",
                    subject=("writer", writer),
                    decision={"n": n},
                )
                if n % 3 == 2:
                    raise RuntimeError("abandon this decision")
            committed += 1
        except RuntimeError:
            pass
    print(committed)


if __name__ == "__main__":
    main()
