"""The operations of persistent screening: the one path the web pages, the API, the CLI and the demo take.

Each checks the actor's permission, validates its input whole before writing anything, runs in one
transaction and writes its ledger entry there: importing a list version (``screening.list_import``),
recording a disposition (``screening.disposition``), starting a re-screen or a bulk screening. Long
work (re-screening the registry, bulk files) is queued as a background task inside the same
transaction, so it exists exactly when the change that asked for it was committed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from qgov.core.permissions import require
from qgov.ledger.services import actor_name, record_decision
from qgov.parties.choices import PartyKind
from qgov.parties.models import Party
from qgov.screening.bulk import QueryFileError, query_from_fields, read_query_csv
from qgov.screening.choices import (
    STATUS_AFTER,
    UNRESOLVED,
    AlertEventKind,
    AlertStatus,
    RunStatus,
    RunTrigger,
)
from qgov.screening.current import MATCH_LIMIT, alert_threshold, current_lists
from qgov.screening.entities import ListFormatError
from qgov.screening.matcher import MATCHER_VERSION, PartyQuery
from qgov.screening.models import (
    SOURCE_NAME,
    Alert,
    AlertEvent,
    BulkScreeningJob,
    BulkScreeningRow,
    Disposition,
    DispositionEvidence,
    ListVersion,
    PartyScreening,
    ScreeningRun,
)
from qgov.screening.party_screening import digest, match_record, queries_for, screen_parties, screened_data
from qgov.screening.sources import load_list
from qgov.screening.uploads import uploaded_list
from qgov.screening.versions import ListRejected, chunks, import_record, store_version

RESCREEN_ACTOR = "system:rescreening"
RESCREEN_BATCH = 100
BULK_BATCH = 200
MAX_REASON = 4000

__all__ = [
    "ListFormatError",
    "ListRejected",
    "QueryFileError",
    "import_list",
    "import_uploaded_list",
    "party_status",
    "record_disposition",
    "run_bulk_screening",
    "run_rescreen",
    "screen_adhoc",
    "start_bulk_screening",
    "start_rescreen",
]


# --- list versions ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportOutcome:
    version: ListVersion
    run: ScreeningRun | None


def _check_source_name(source: str | None) -> None:
    if source is None:
        return
    try:
        SOURCE_NAME(source)
    except ValidationError as error:
        raise ListRejected(f"--source '{source}': {' '.join(error.messages)}") from error


def import_list(
    actor: Any,
    path: str | Path,
    source: str | None = None,
    *,
    rescreen: str = "background",
    check_permission: bool = True,
) -> ImportOutcome:
    """Read the list at ``path`` whole, then store it as a new version in one transaction.

    ``rescreen``: "background" queues the re-screening of every party (a task), "now" runs it in
    this process after the import committed, "none" leaves the registry alone (the caller will).
    A malformed file raises ListFormatError (file, line, reason) and changes nothing.
    """
    if check_permission:
        require(actor, "screening.import_list")
    _check_source_name(source)
    loaded = load_list(path, source)
    source_name = source or loaded.source
    _check_source_name(source_name)
    with transaction.atomic():
        version = store_version(loaded, source_name=source_name, actor=actor, origin=str(path))
        entry = record_decision(
            actor=actor, action="screening.list_import", subject=version, decision=import_record(version)
        )
        version.ledger_index = entry.index
        version.save(update_fields=["ledger_index"])
        run = None
        if rescreen != "none":
            run = _queue_run(actor, RunTrigger.LIST_IMPORT, version, background=rescreen == "background")
    if run is not None and rescreen == "now":
        run = run_rescreen(run.pk)
    return ImportOutcome(version, run)


def import_uploaded_list(actor: Any, files: Sequence[Any], source: str | None = None) -> ImportOutcome:
    """Import a list uploaded through the web page (one file, an OFAC set's files, or a zip)."""
    require(actor, "screening.import_list")
    with uploaded_list(files) as path:
        try:
            return import_list(actor, path, source, check_permission=False)
        except ListFormatError as error:
            where = Path(error.path).name + (f", line {error.line}" if error.line is not None else "")
            raise ListRejected(f"{where}: {error.reason}") from error


# --- re-screening ------------------------------------------------------------------------------------


def _queue_run(actor: Any, trigger: str, version: ListVersion | None, *, background: bool) -> ScreeningRun:
    run = ScreeningRun.objects.create(
        trigger=trigger,
        list_version=version,
        requested_by_name=actor_name(actor),
        total=Party.objects.count(),
    )
    if background:
        from qgov.screening.tasks import rescreen_registry

        rescreen_registry.enqueue(str(run.pk))
    return run


def start_rescreen(actor: Any) -> ScreeningRun:
    """Queue a re-screening of the whole registry (after a matcher or threshold change ...)."""
    require(actor, "screening.add_screeningrun")
    with transaction.atomic():
        return _queue_run(actor, RunTrigger.MANUAL, None, background=True)


def run_rescreen(run_id: Any, on_progress: Callable[[ScreeningRun], None] | None = None) -> ScreeningRun:
    """Re-screen every party for a queued run, batch by batch, updating the run's progress."""
    with transaction.atomic():
        run = ScreeningRun.objects.select_for_update().get(pk=run_id)
        if run.status != RunStatus.QUEUED:
            return run  # another worker took it
        party_ids = list(Party.objects.order_by("pk").values_list("pk", flat=True))
        run.status, run.started_at, run.total = RunStatus.RUNNING, timezone.now(), len(party_ids)
        run.save(update_fields=["status", "started_at", "total"])
    cause = f"new list version {run.list_version}" if run.list_version else "re-screening started by hand"
    try:
        for batch in chunks(party_ids, RESCREEN_BATCH):
            with transaction.atomic():
                outcome = screen_parties(list(batch), actor=RESCREEN_ACTOR, cause=cause)
                ScreeningRun.objects.filter(pk=run.pk).update(
                    done=F("done") + len(batch),
                    raised=F("raised") + outcome.raised,
                    reopened=F("reopened") + outcome.reopened,
                    withdrawn=F("withdrawn") + outcome.withdrawn,
                )
            if on_progress is not None:
                run.refresh_from_db()
                on_progress(run)
    except Exception as error:
        ScreeningRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, finished_at=timezone.now(), error=f"{type(error).__name__}: {error}"
        )
        raise
    ScreeningRun.objects.filter(pk=run.pk).update(status=RunStatus.FINISHED, finished_at=timezone.now())
    run.refresh_from_db()
    return run


# --- dispositions ------------------------------------------------------------------------------------


def _disposition_record(
    disposition: Disposition, alert: Alert, evidence: list[DispositionEvidence]
) -> dict[str, Any]:
    kind = alert.party.kind
    record: dict[str, Any] = {
        "decision": disposition.decision,
        "previous_status": disposition.previous_status,
        "alert": str(alert.pk),
        "party": str(alert.party_id),
        "party_kind": kind,
        "evidence_sha256": [item.sha256 for item in evidence],
        **match_record(disposition, kind),
    }
    if kind == PartyKind.PERSON:
        record["reason_hmac_sha256"] = digest(disposition.reason)
    else:
        record["reason"] = disposition.reason
    return record


def record_disposition(
    actor: Any,
    alert: Alert,
    decision: str,
    reason: str,
    *,
    evidence: Iterable[Any] = (),
    evidence_date: date | None = None,
    evidence_description: str = "",
) -> Disposition:
    """Decide an alert: false positive, true match or escalated, with the reason and optional evidence.

    The disposition freezes the exact match it was given on (entry record and content hash, list
    version, score, reasons, matcher version, threshold, party data hash) and is a ledger entry.
    """
    require(actor, "screening.decide_alert")
    reason = reason.strip()
    errors: dict[str, list[str]] = {}
    if decision not in STATUS_AFTER:
        errors["decision"] = [f"'{decision}' is not one of {', '.join(STATUS_AFTER)}."]
    if not reason:
        errors["reason"] = ["Say why: a disposition needs a reason."]
    elif len(reason) > MAX_REASON:
        errors["reason"] = [f"The reason is {len(reason)} characters; at most {MAX_REASON}."]
    if errors:
        raise ValidationError(errors)
    files = list(evidence)
    with transaction.atomic():
        alert = (
            Alert.objects.select_for_update(of=("self",))
            .select_related("party", "entry", "list_version")
            .get(pk=alert.pk)
        )
        now = timezone.now()
        disposition = Disposition.objects.create(
            alert=alert,
            decision=decision,
            reason=reason,
            previous_status=alert.status,
            entry=alert.entry,
            entry_content_hash=alert.entry.content_hash,
            list_version=alert.list_version,
            score=alert.score,
            name_score=alert.name_score,
            matched_name=alert.matched_name,
            query_name=alert.query_name,
            reasons=alert.reasons,
            matcher_version=alert.matcher_version,
            threshold=alert.threshold,
            party_data_hash=alert.party_data_hash,
            decided_by=actor if getattr(actor, "is_authenticated", False) else None,
            decided_by_name=actor_name(actor),
            decided_at=now,
        )
        stored = [
            _store_evidence(disposition, upload, actor, evidence_date, evidence_description)
            for upload in files
        ]
        entry = record_decision(
            actor=actor,
            action="screening.disposition",
            subject=alert,
            decision=_disposition_record(disposition, alert, stored),
        )
        disposition.ledger_index = entry.index
        disposition.save(update_fields=["ledger_index"])
        alert.status = STATUS_AFTER[decision]  # type: ignore[index]
        alert.status_changed_at = now
        alert.status_reason = f"{disposition.get_decision_display()} by {disposition.decided_by_name}."
        alert.save(update_fields=["status", "status_changed_at", "status_reason"])
        AlertEvent.objects.create(
            alert=alert,
            at=now,
            kind=AlertEventKind.DISPOSITION,
            text=f"{disposition.get_decision_display()}: {reason}",
            actor=disposition.decided_by_name,
            ledger_index=entry.index,
        )
    return disposition


def _store_evidence(
    disposition: Disposition, upload: Any, actor: Any, effective: date | None, description: str
) -> DispositionEvidence:
    item = DispositionEvidence(
        disposition=disposition,
        file=upload,
        description=description.strip()[:200],
        effective_date=effective or timezone.localdate(),
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    item.sha256 = item.compute_sha256()
    item.save()
    return item


# --- status for other domains ------------------------------------------------------------------------


@dataclass(frozen=True)
class PartyStatus:
    screened_at: Any
    lists: list[dict[str, Any]]
    unresolved: int
    true_matches: int
    false_positives: int

    @property
    def blocked(self) -> bool:
        """A confirmed true match: no business with this party."""
        return self.true_matches > 0


def party_status(party: Party) -> PartyStatus:
    """The party's screening state (what the party page and other domains show and check)."""
    counts = Alert.objects.filter(party=party).aggregate(
        unresolved=Count("pk", filter=Q(status__in=UNRESOLVED)),
        true_matches=Count("pk", filter=Q(status=AlertStatus.TRUE_MATCH)),
        false_positives=Count("pk", filter=Q(status=AlertStatus.FALSE_POSITIVE)),
    )
    screening = PartyScreening.objects.filter(party=party).first()
    return PartyStatus(
        screened_at=screening.screened_at if screening else None,
        lists=screening.lists if screening else [],
        **counts,
    )


# --- ad-hoc and bulk screening (stateless: no party, no alert) ---------------------------------------


def screen_adhoc(
    actor: Any, query: PartyQuery | Party, *, threshold: float | None = None, limit: int = MATCH_LIMIT
) -> dict[str, Any]:
    """Matches of a party of the registry or of an ad-hoc query, in the contract's JSON shape."""
    require(actor, "screening.screen_parties")
    lists = current_lists()
    if isinstance(query, Party):
        data = screened_data(query)
        queries, identity = queries_for(data), {"id": str(query.pk), "name": query.name}
    else:
        queries, identity = [query], {"id": "", "name": query.name}
    cut = alert_threshold() if threshold is None else threshold
    matches = lists.screen(queries, threshold=cut, limit=limit)
    return {
        **identity,
        "matches": [match.to_dict() for match in matches.values()],
        "threshold": cut,
        "matcher_version": MATCHER_VERSION,
        "lists": lists.described(),
    }


def start_bulk_screening(
    actor: Any, filename: str, content: bytes, *, threshold: float | None = None, limit: int = MATCH_LIMIT
) -> BulkScreeningJob:
    """Read an uploaded party CSV whole (QueryFileError at the first bad row), then queue its screening."""
    require(actor, "screening.screen_parties")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise QueryFileError(filename, None, f"not UTF-8 text (byte {error.start})") from error
    rows = read_query_csv(text, filename)
    with transaction.atomic():
        job = BulkScreeningJob.objects.create(
            filename=filename[:255],
            input_sha256=hashlib.sha256(content).hexdigest(),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            created_by_name=actor_name(actor),
            threshold=alert_threshold() if threshold is None else threshold,
            match_limit=limit,
            total=len(rows),
        )
        BulkScreeningRow.objects.bulk_create(
            (
                BulkScreeningRow(job=job, position=row.position, external_id=row.id[:200], query=row.fields)
                for row in rows
            ),
            batch_size=1000,
        )
        from qgov.screening.tasks import screen_bulk_file

        screen_bulk_file.enqueue(str(job.pk))
    return job


def run_bulk_screening(job_id: Any) -> BulkScreeningJob:
    """Screen every row of a queued bulk job against the lists in force, updating its progress."""
    with transaction.atomic():
        job = BulkScreeningJob.objects.select_for_update().get(pk=job_id)
        if job.status != RunStatus.QUEUED:
            return job
        lists = current_lists()
        job.status, job.started_at = RunStatus.RUNNING, timezone.now()
        job.lists, job.matcher_version = lists.described(), MATCHER_VERSION
        job.save(update_fields=["status", "started_at", "lists", "matcher_version"])
    try:
        row_ids = list(job.rows.order_by("position").values_list("pk", flat=True))
        for batch in chunks(row_ids, BULK_BATCH):
            lists = current_lists()
            rows = list(BulkScreeningRow.objects.filter(pk__in=batch))
            for row in rows:
                found = lists.screen(
                    [query_from_fields(row.query)], threshold=job.threshold, limit=job.match_limit
                )
                row.matches = [match.to_dict() for match in found.values()]
                row.best_score = max((match.score for match in found.values()), default=None)
            with transaction.atomic():
                BulkScreeningRow.objects.bulk_update(rows, ["matches", "best_score"])
                BulkScreeningJob.objects.filter(pk=job.pk).update(
                    done=F("done") + len(rows), matched=F("matched") + sum(1 for row in rows if row.matches)
                )
    except Exception as error:
        BulkScreeningJob.objects.filter(pk=job.pk).update(
            status=RunStatus.FAILED, finished_at=timezone.now(), error=f"{type(error).__name__}: {error}"
        )
        raise
    BulkScreeningJob.objects.filter(pk=job.pk).update(status=RunStatus.FINISHED, finished_at=timezone.now())
    job.refresh_from_db()
    return job
