"""Fixed choices of the export-control register; the item vocabulary itself comes from the engine.

Item kinds, categories and purposes are the engine's (qgov.exportcontrol.parameters), so a form can
never offer a category the classifier does not know.
"""

from __future__ import annotations

from django.db import models

from qgov.exportcontrol.parameters import CATEGORIES, ITEM_KINDS, PURPOSES
from qgov.exportcontrol.transactions import TRANSACTION_KINDS

ITEM_KIND_CHOICES = [(kind, kind.capitalize()) for kind in ITEM_KINDS]
CATEGORY_CHOICES = [(category, category.replace("_", " ").capitalize()) for category in CATEGORIES]
PURPOSE_CHOICES = [(purpose, purpose.capitalize()) for purpose in PURPOSES]
TRANSACTION_KIND_CHOICES = [(kind, kind.replace("_", " ").capitalize()) for kind in TRANSACTION_KINDS]
DEEMED_KINDS = frozenset({"deemed_export", "deemed_reexport"})


class ParameterSource(models.TextChoices):
    DATASHEET = "datasheet", "Datasheet"
    CALIBRATION = "calibration_record", "Calibration record"
    MEASUREMENT = "measurement", "Own measurement"
    MANUFACTURER = "manufacturer_statement", "Manufacturer's statement"
    OTHER = "other", "Other"


class Statistic(models.TextChoices):
    """How a figure summarises several measurements; the C-NOT error band is decided on the mean."""

    MEAN = "mean", "Mean"
    MEDIAN = "median", "Median"
    BEST = "best", "Best"


class ItemPartyRole(models.TextChoices):
    MANUFACTURER = "manufacturer", "Manufacturer"
    SUPPLIER = "supplier", "Supplier"
    DISTRIBUTOR = "distributor", "Distributor"


class ClassificationState(models.TextChoices):
    UNCONFIRMED = "unconfirmed", "Proposed, not confirmed"
    CONFIRMED = "confirmed", "Confirmed"
    STALE = "stale", "Needs re-confirmation"


class DecisionKind(models.TextChoices):
    CONFIRMED = "confirmed", "Confirmed as proposed"
    OVERRIDDEN = "overridden", "Overridden"


class LicenceKind(models.TextChoices):
    LICENCE = "licence", "Individual licence"
    LICENCE_EXCEPTION = "licence_exception", "Licence exception"
    GENERAL_LICENCE = "general_licence", "General licence or authorisation"


class CheckOutcome(models.TextChoices):
    ALLOWED_UNDER_LICENCE = "allowed_licence", "Allowed under a licence"
    ALLOWED_NO_LICENCE = "allowed_no_licence", "Allowed, no licence required"
    BLOCKED = "blocked", "Blocked"
    NEEDS_REVIEW = "needs_review", "Needs review"


class ReportDuty(models.TextChoices):
    REQUIRED = "required", "Required (General Order No. 6(f)(3))"
    RECOMMENDED = "recommended", "Recommended (grandfathered person; the texts are silent)"


class LeavingFor(models.TextChoices):
    UNKNOWN = "unknown", "Not known"
    D1_D5_EMPLOYMENT = "d1_d5_employment", "Employment in a Country Group D:1 or D:5 country"
    US_EMPLOYER = "us_employer", "Another employer in the United States"
    OTHER = "other", "Elsewhere"


class TaskStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    DISMISSED = "dismissed", "Dismissed"


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    FINISHED = "finished", "Finished"
    FAILED = "failed", "Failed"
