"""Background work of the export-control register (the worker runs it; tests run it immediately)."""

from __future__ import annotations

from django_tasks import task


@task()
def recheck_classifications(run_id: str) -> dict[str, int]:
    """Re-classify every item under the newest rule packs (see services.rulepacks)."""
    from qgov.exportcontrol.services.rulepacks import run_rulepack_check

    run = run_rulepack_check(run_id)
    return {"items": run.done, "changed": run.changed, "tasks_created": run.tasks_created}
