"""Background work of screening, run by `qgov worker` (tests run tasks immediately).

Both tasks take the id of a row that was created, with status "queued", in the transaction that asked
for the work; the row carries the progress that the pages poll.
"""

from __future__ import annotations

from django_tasks import task


@task()
def rescreen_registry(run_id: str) -> None:
    """Re-screen every party of the registry (after a list import, or on request)."""
    from qgov.screening.services import run_rescreen

    run_rescreen(run_id)


@task()
def screen_bulk_file(job_id: str) -> None:
    """Screen the rows of an uploaded party CSV (stateless: no party, no alert)."""
    from qgov.screening.services import run_bulk_screening

    run_bulk_screening(job_id)
