"""Fixed choices of persistent screening: alert states, dispositions, list changes, run states."""

from django.db import models


class AlertStatus(models.TextChoices):
    OPEN = "open", "Open"
    ESCALATED = "escalated", "Escalated"
    FALSE_POSITIVE = "false_positive", "False positive"
    TRUE_MATCH = "true_match", "True match"
    WITHDRAWN = "withdrawn", "Withdrawn"  # the match went away before anyone decided (entry removed ...)


UNRESOLVED = (AlertStatus.OPEN, AlertStatus.ESCALATED)


class DispositionDecision(models.TextChoices):
    FALSE_POSITIVE = "false_positive", "False positive"
    TRUE_MATCH = "true_match", "True match"
    ESCALATED = "escalated", "Escalated"


# The alert status each decision leaves the alert in (the values happen to be the same words).
STATUS_AFTER = {
    DispositionDecision.FALSE_POSITIVE: AlertStatus.FALSE_POSITIVE,
    DispositionDecision.TRUE_MATCH: AlertStatus.TRUE_MATCH,
    DispositionDecision.ESCALATED: AlertStatus.ESCALATED,
}


class AlertEventKind(models.TextChoices):
    RAISED = "raised", "Raised"
    REOPENED = "reopened", "Re-opened"
    WITHDRAWN = "withdrawn", "Withdrawn"
    ENTRY_CHANGED = "entry_changed", "List entry changed"
    ENTRY_REMOVED = "entry_removed", "List entry removed"
    DISPOSITION = "disposition", "Disposition"


class ChangeKind(models.TextChoices):
    ADDED = "added", "Added"
    CHANGED = "changed", "Changed"
    REMOVED = "removed", "Removed"


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    FINISHED = "finished", "Finished"
    FAILED = "failed", "Failed"


ACTIVE_RUN = (RunStatus.QUEUED, RunStatus.RUNNING)


class RunTrigger(models.TextChoices):
    LIST_IMPORT = "list_import", "New list version"
    MANUAL = "manual", "Started by hand"
