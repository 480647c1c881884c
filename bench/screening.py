"""qgov's screening matcher side by side with OpenSanctions' nomenklatura ``logic-v2``.

Usage (from the repository root)::

    .venv/bin/python bench/screening.py                      # held-out test split, both engines
    .venv/bin/python bench/screening.py --split dev          # the split the matcher was tuned on
    .venv/bin/python bench/screening.py --engines qgov       # qgov only (fast)
    .venv/bin/python bench/screening.py --details            # queries carry country and birth date
    .venv/bin/python bench/screening.py --nk-blocker rapidfuzz  # logic-v2 on a rapidfuzz prefilter
    .venv/bin/python bench/screening.py --scale              # 1M-name synthetic index: time, memory

nomenklatura is a bench-only dependency (``pip install nomenklatura==4.17.4``, the ``bench`` extra).

Method (reference/screening.md section 11):

- Both engines get the same entities: OFAC SDN 2021 and the UN list as read by
  ``qgov.screening.sources.load_list``, converted to FollowTheMoney entities for nomenklatura
  (Person / Organization / Vessel / Airplane; primary names as ``name``, a.k.a. as ``alias``, weak
  a.k.a. as ``weakAlias``, former names as ``previousName``; countries, birth dates, identifiers;
  values cleaned by followthemoney, so country codes are its lower-case ones).
- The same queries (``bench/screening_eval.py``; every nomenklatura query has a unique id because
  of its ``lru_cache`` on entity names) and the same number of candidate entities per query
  (``--candidates``, default 20). nomenklatura's candidates come from its own DuckDB blocker
  (``nomenklatura.blocker.Index``, run in one batch over all queries, DuckDB limited to one
  thread); its per-query cost is its share of the batch blocking time plus the logic-v2 scoring of
  its candidates. ``--nk-blocker rapidfuzz`` uses the reference's other method instead: a
  rapidfuzz ``token_set_ratio`` prefilter over every list name, per query.
- Quality: each engine's score for the expected entity (positives; 0 when it was not among the
  candidates) and its highest score on each non-match. Thresholds are swept to report recall at
  a 1% and 5% false-alert rate, and each engine is also reported at its own default threshold
  (qgov ``DEFAULT_THRESHOLD``, logic-v2 0.7). Top-1: the expected entity has the highest score.
- Speed: single process, after 100 warm-up queries and a garbage collection (so that the full
  collection a freshly built index has earned does not land on either engine's timed queries);
  latency p50/p95 per party; throughput in parties per second. qgov's timed pass runs before its
  quality pass, so its caches of query words hold only those of the warm-up queries (logic-v2's
  timed pass likewise scores queries it has not seen). With two worker processes: forked after
  both passes, each screening half of the parties once untimed and then timed, so both engines'
  caches are warm there. CPU time per party (process time, all threads) as a measure less
  disturbed by other load on the machine. Index build time and resident memory (RSS growth while
  building).
"""

from __future__ import annotations

import argparse
import gc
import math
import multiprocessing
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))

from screening_eval import DEFAULT_SEED, EvalCase, build_evaluation

from qgov.screening.entities import EntityKind, EntityName, ListEntity, NameType
from qgov.screening.index import ScreeningIndex
from qgov.screening.matcher import (
    DEFAULT_THRESHOLD,
    MATCHER_VERSION,
    PartyQuery,
    compare,
    screen,
)
from qgov.screening.sources import load_list

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
LISTS = (SHARED / "lists" / "ofac-sdn-2021", SHARED / "lists" / "un" / "un-consolidated-2026-02-27.xml")
NAME_PAIRS = SHARED / "names" / "name-pairs.csv"
LOGIC_V2_THRESHOLD = 0.7
WARM_UP = 100


def rss_mb() -> float:
    return psutil.Process().memory_info().rss / 2**20


@dataclass
class EngineRun:
    name: str
    default_threshold: float
    build_seconds: float
    build_rss_mb: float
    scores: dict[str, float] = field(default_factory=dict)  # case id -> expected / highest score
    top1: dict[str, bool] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)
    throughput_one: float = 0.0
    throughput_two: float = 0.0
    candidates_seen: list[int] = field(default_factory=list)
    blocked_out: int = 0  # true matches whose entity was not among the candidates at all
    cpu_per_party: float = 0.0  # seconds of CPU time (all threads) per party, 1 process


# --- qgov ---------------------------------------------------------------------------------------

_WORKER_STATE: dict[str, Any] = {}


def party(case: EvalCase, details: bool) -> PartyQuery:
    if details:
        return PartyQuery(case.name, kind=case.kind, country=case.country, birth_date=case.birth_date)
    return PartyQuery(case.name, kind=case.kind)


def _qgov_chunk(bounds: tuple[int, int]) -> int:
    index: ScreeningIndex = _WORKER_STATE["index"]
    queries: list[PartyQuery] = _WORKER_STATE["queries"]
    for query in queries[bounds[0] : bounds[1]]:
        screen(index, query)
    return bounds[1] - bounds[0]


def _timed_worker(
    run_chunk: Callable[[tuple[int, int]], int], bounds: tuple[int, int], ready: Any, results: Any
) -> None:
    run_chunk(bounds)  # a whole untimed pass: caches and copied-on-write pages settle first
    ready.wait()
    start = time.perf_counter()
    done = run_chunk(bounds)
    results.put((done, time.perf_counter() - start))


def two_process_throughput(
    run_chunk: Callable[[tuple[int, int]], int], count: int, state: dict[str, Any]
) -> float:
    """Parties per second with two forked workers screening half of the parties each, timed
    together from a common start after each has screened its half once untimed."""
    _WORKER_STATE.update(state)
    half = count // 2
    context = multiprocessing.get_context("fork")
    ready = context.Barrier(2)
    results = context.Queue()
    gc.collect()
    gc.freeze()  # keep the collector from touching (and so copying) the parent's objects in the workers
    workers = [
        context.Process(target=_timed_worker, args=(run_chunk, bounds, ready, results))
        for bounds in ((0, half), (half, count))
    ]
    for worker in workers:
        worker.start()
    finished = [results.get() for _ in workers]
    for worker in workers:
        worker.join()
    gc.unfreeze()
    return sum(done for done, _ in finished) / max(elapsed for _, elapsed in finished)


def run_qgov(
    entities: Sequence[ListEntity], cases: Sequence[EvalCase], candidates: int, details: bool
) -> EngineRun:
    gc.collect()
    before = rss_mb()
    start = time.perf_counter()
    index = ScreeningIndex.build(entities)
    run = EngineRun("qgov", DEFAULT_THRESHOLD, time.perf_counter() - start, rss_mb() - before)
    queries = [party(case, details) for case in cases]
    for query in queries[:WARM_UP]:
        screen(index, query)
    # Production-like pass (default threshold, limit 10): latency and throughput. It runs first, so
    # that no cache holds the words of the queries it times, except those of the warm-up queries.
    gc.collect()  # the collection the build has earned is not a cost of the queries (both engines)
    start, cpu = time.perf_counter(), time.process_time()
    for query in queries:
        began = time.perf_counter()
        screen(index, query)
        run.latencies.append(time.perf_counter() - began)
    run.throughput_one = len(queries) / (time.perf_counter() - start)
    run.cpu_per_party = (time.process_time() - cpu) / len(queries)
    for case, query in zip(cases, queries, strict=True):
        matches = screen(index, query, threshold=0.0, limit=candidates, candidates=candidates)
        run.candidates_seen.append(len(matches))
        if case.expected is None:
            run.scores[case.case_id] = matches[0].score if matches else 0.0
            continue
        found = [m.score for m in matches if (m.entity.source, m.entity.source_id) == case.expected]
        run.blocked_out += not found
        run.scores[case.case_id] = found[0] if found else 0.0
        run.top1[case.case_id] = bool(found) and found[0] >= matches[0].score
    run.throughput_two = two_process_throughput(
        _qgov_chunk, len(queries), {"index": index, "queries": queries}
    )
    return run


# --- nomenklatura logic-v2 ---------------------------------------------------------------------

_FTM_SCHEMA = {
    EntityKind.PERSON: "Person",
    EntityKind.ORGANIZATION: "Organization",
    EntityKind.VESSEL: "Vessel",
    EntityKind.AIRCRAFT: "Airplane",
    EntityKind.UNKNOWN: "LegalEntity",
}
_FTM_QUERY_SCHEMA = {**_FTM_SCHEMA, EntityKind.ORGANIZATION: "Company"}
_FTM_NAME_PROPERTY = {
    NameType.PRIMARY: "name",
    NameType.ALIAS: "alias",
    NameType.NATIVE: "alias",
    NameType.WEAK_ALIAS: "weakAlias",
    NameType.FORMER: "previousName",
}


def ftm_properties(entity: ListEntity) -> dict[str, list[str]]:
    properties: dict[str, list[str]] = defaultdict(list)
    for name in entity.names:
        properties[_FTM_NAME_PROPERTY[name.type]].append(name.text)
    if "name" not in properties:
        properties["name"].append(entity.primary_name)
    if entity.countries:
        properties["country"].extend(entity.countries)
    if entity.kind is EntityKind.PERSON and entity.birth_dates:
        properties["birthDate"].extend(entity.birth_dates)
    for identifier in entity.identifiers:
        properties["idNumber"].append(identifier.value)
    return dict(properties)


class PrefilterBlocker:
    """The reference's alternative to nomenklatura's blocker: rapidfuzz ``token_set_ratio`` of the
    query name against every list name, best first, the first ``limit`` entities."""

    def __init__(self, entities: Sequence[ListEntity], limit: int) -> None:
        from rapidfuzz import utils

        self.limit = limit
        self.texts: list[str] = []
        self.owners: list[str] = []
        for number, entity in enumerate(entities):
            for name in entity.names:
                self.texts.append(utils.default_process(name.text))
                self.owners.append(f"e{number}")

    def candidates(self, name: str) -> list[str]:
        from rapidfuzz import fuzz, process, utils

        found: list[str] = []
        for _, _, position in process.extract(
            utils.default_process(name), self.texts, scorer=fuzz.token_set_ratio, limit=self.limit * 4
        ):
            owner = self.owners[position]
            if owner not in found:
                found.append(owner)
                if len(found) == self.limit:
                    break
        return found


def query_properties(case: EvalCase, details: bool) -> dict[str, list[str]]:
    properties = {"name": [case.name]}
    if details and case.country:
        properties["country"] = [case.country]
    if details and case.birth_date and case.kind is EntityKind.PERSON:
        properties["birthDate"] = [case.birth_date]
    return properties


def _nk_chunk(bounds: tuple[int, int]) -> int:
    state = _WORKER_STATE
    for position in range(bounds[0], bounds[1]):
        query = state["queries"][position]
        for candidate in state["blocked"].get(query.id, ()):
            state["algorithm"].compare(query, state["listed"][candidate], state["config"])
    return bounds[1] - bounds[0]


def run_nomenklatura(
    entities: Sequence[ListEntity],
    cases: Sequence[EvalCase],
    candidates: int,
    details: bool,
    blocker_kind: str,
) -> EngineRun:
    os.environ.setdefault("NOMENKLATURA_DUCKDB_THREADS", "1")
    from followthemoney import Dataset, StatementEntity, ValueEntity, model
    from nomenklatura.blocker.index import Index
    from nomenklatura.matching import get_algorithm

    dataset = Dataset.make({"name": "qgov_bench", "title": "qgov bench"})

    class _View:
        def __init__(self, statements: list[StatementEntity]) -> None:
            self.statements = statements

        def entities(self, include_schemata: object = None) -> Any:
            return iter(self.statements)

        class scope:
            name = "qgov_bench"

    gc.collect()
    before = rss_mb()
    start = time.perf_counter()
    statements = []
    listed: dict[str, Any] = {}
    keys: dict[str, tuple[str, str]] = {}
    for number, entity in enumerate(entities):
        entity_id = f"e{number}"
        keys[entity_id] = (entity.source, entity.source_id)
        data = {"id": entity_id, "schema": _FTM_SCHEMA[entity.kind], "properties": ftm_properties(entity)}
        statements.append(StatementEntity(dataset, data, cleaned=False))
        listed[entity_id] = ValueEntity(model.get(_FTM_SCHEMA[entity.kind]), data, cleaned=False)
    if blocker_kind == "duckdb":
        workdir = Path(tempfile.mkdtemp(prefix="qgov-nk-"))
        blocker = Index(_View(statements), workdir, options={"max_candidates": candidates})
        blocker.build()
    else:
        prefilter = PrefilterBlocker(entities, candidates)
    label = "logic-v2" if blocker_kind == "duckdb" else "logic-v2 (rapidfuzz)"
    run = EngineRun(label, LOGIC_V2_THRESHOLD, time.perf_counter() - start, rss_mb() - before)

    algorithm = get_algorithm("logic-v2")
    config = algorithm.default_config()
    queries = []
    query_statements = []
    for number, case in enumerate(cases):
        data = {
            "id": f"q{number}-{abs(hash(case.case_id)):x}",
            "schema": _FTM_QUERY_SCHEMA[case.kind],
            "properties": query_properties(case, details),
        }
        queries.append(ValueEntity(model.get(data["schema"]), data, cleaned=False))
        query_statements.append(StatementEntity(dataset, data, cleaned=False))
    gc.collect()
    start, cpu = time.perf_counter(), time.process_time()
    blocked: dict[str, list[str]] = {}
    if blocker_kind == "duckdb":
        for query_id, matches in blocker.match_entities(query_statements):
            blocked[str(query_id)] = [str(candidate) for candidate, _ in matches[:candidates]]
    else:
        for case, query in zip(cases, queries, strict=True):
            blocked[query.id] = prefilter.candidates(case.name)
    blocking_per_query = (time.perf_counter() - start) / max(len(cases), 1)
    blocking_cpu_per_query = (time.process_time() - cpu) / max(len(cases), 1)

    for query in queries[:WARM_UP]:
        for candidate in blocked.get(query.id, ()):
            algorithm.compare(query, listed[candidate], config)
    gc.collect()
    start, cpu = time.perf_counter(), time.process_time()
    for case, query in zip(cases, queries, strict=True):
        began = time.perf_counter()
        scored = [
            (algorithm.compare(query, listed[candidate], config).score, keys[candidate])
            for candidate in blocked.get(query.id, ())
        ]
        run.latencies.append(time.perf_counter() - began + blocking_per_query)
        run.candidates_seen.append(len(scored))
        best = max((score for score, _ in scored), default=0.0)
        if case.expected is None:
            run.scores[case.case_id] = best
            continue
        found = [score for score, key in scored if key == case.expected]
        run.blocked_out += not found
        run.scores[case.case_id] = found[0] if found else 0.0
        run.top1[case.case_id] = bool(found) and found[0] >= best
    scoring = time.perf_counter() - start
    run.throughput_one = len(cases) / (scoring + blocking_per_query * len(cases))
    run.cpu_per_party = (time.process_time() - cpu) / len(cases) + blocking_cpu_per_query
    state = {
        "queries": queries,
        "blocked": blocked,
        "listed": listed,
        "algorithm": algorithm,
        "config": config,
    }
    two = two_process_throughput(_nk_chunk, len(cases), state)
    # Blocking ran once, in one batch; add its share per party to the two-process figure as well.
    run.throughput_two = 1.0 / (1.0 / two + blocking_per_query / 2)
    return run


# --- metrics -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Quality:
    recall_at: dict[float, tuple[float, float]]  # false-alert rate -> (recall, threshold)
    default_recall: float
    default_false_alerts: float
    top1: float


def threshold_for_rate(negative_scores: Sequence[float], rate: float) -> float:
    """The lowest threshold at which at most ``rate`` of the non-matches alert."""
    ordered = sorted(negative_scores, reverse=True)
    allowed = math.floor(rate * len(ordered))
    if allowed >= len(ordered):
        return 0.0
    return ordered[allowed] + 1e-9


def quality(run: EngineRun, cases: Sequence[EvalCase]) -> Quality:
    positives = [run.scores[c.case_id] for c in cases if c.positive]
    negatives = [run.scores[c.case_id] for c in cases if not c.positive]
    recall_at = {}
    for rate in (0.01, 0.05):
        threshold = threshold_for_rate(negatives, rate)
        recall_at[rate] = (sum(s >= threshold for s in positives) / len(positives), threshold)
    top1 = [run.top1[c.case_id] for c in cases if c.positive]
    return Quality(
        recall_at=recall_at,
        default_recall=sum(s >= run.default_threshold for s in positives) / len(positives),
        default_false_alerts=sum(s >= run.default_threshold for s in negatives) / len(negatives),
        top1=sum(top1) / len(top1),
    )


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def print_table(title: str, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]
    print(f"\n{title}")
    print("  ".join(str(cell).ljust(width) for cell, width in zip(header, widths, strict=True)))
    print("  ".join("-" * width for width in widths))
    for row in rows:
        print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)))


def report(runs: Sequence[EngineRun], cases: Sequence[EvalCase], load_seconds: float) -> None:
    qualities = [quality(run, cases) for run in runs]
    header = ["", *[run.name for run in runs]]
    rows: list[list[object]] = []

    def row(label: str, values: Sequence[object]) -> None:
        rows.append([label, *values])

    for rate in (0.01, 0.05):
        row(
            f"recall at {rate:.0%} false alerts",
            [f"{q.recall_at[rate][0]:.4f} (t={q.recall_at[rate][1]:.3f})" for q in qualities],
        )
    row("default threshold", [f"{run.default_threshold:.2f}" for run in runs])
    row("recall at default threshold", [f"{q.default_recall:.4f}" for q in qualities])
    row("false alerts at default threshold", [f"{q.default_false_alerts:.4f}" for q in qualities])
    row("top-1 correct (positives)", [f"{q.top1:.4f}" for q in qualities])
    row("latency p50 (ms)", [f"{1000 * percentile(run.latencies, 0.5):.2f}" for run in runs])
    row("latency p95 (ms)", [f"{1000 * percentile(run.latencies, 0.95):.2f}" for run in runs])
    row("throughput, 1 process (parties/s)", [f"{run.throughput_one:.0f}" for run in runs])
    row("throughput, 2 processes (parties/s)", [f"{run.throughput_two:.0f}" for run in runs])
    row("CPU time per party, 1 process (ms)", [f"{1000 * run.cpu_per_party:.2f}" for run in runs])
    row("index build (s)", [f"{run.build_seconds:.2f}" for run in runs])
    row("index RSS growth (MB)", [f"{run.build_rss_mb:.0f}" for run in runs])
    row(
        "candidate entities per party (mean)", [f"{statistics.mean(run.candidates_seen):.1f}" for run in runs]
    )
    row("true matches not among the candidates", [str(run.blocked_out) for run in runs])
    print_table("Side by side", header, rows)
    curve = []
    for threshold in (0.5, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95):
        cells: list[object] = [f"{threshold:.2f}"]
        for run in runs:
            positives = [run.scores[c.case_id] for c in cases if c.positive]
            negatives = [run.scores[c.case_id] for c in cases if not c.positive]
            cells.append(
                f"{sum(s >= threshold for s in positives) / len(positives):.4f} / "
                f"{sum(s >= threshold for s in negatives) / len(negatives):.4f}"
            )
        curve.append(cells)
    print_table("Recall / false-alert rate by threshold", ["threshold", *[run.name for run in runs]], curve)
    if len(runs) > 1:
        ratio = runs[0].throughput_one / runs[1].throughput_one
        cpu_ratio = runs[1].cpu_per_party / runs[0].cpu_per_party
        print(
            f"\nthroughput ratio {runs[0].name}/{runs[1].name}, 1 process: {ratio:.1f}x wall clock, "
            f"{cpu_ratio:.1f}x CPU time"
        )
    print(
        f"lists parsed in {load_seconds:.2f} s; "
        f"parsed + qgov index: {load_seconds + runs[0].build_seconds:.2f} s"
    )

    variants = sorted({c.variant if c.positive else c.variant.split(":")[0] for c in cases})
    by_variant = []
    for variant in variants:
        group = [c for c in cases if (c.variant if c.positive else c.variant.split(":")[0]) == variant]
        positive = group[0].positive
        cells: list[object] = ["match" if positive else "non-match", variant, len(group)]
        for run in runs:
            hits = sum(run.scores[c.case_id] >= run.default_threshold for c in group) / len(group)
            cells.append(f"{hits:.3f}")
        by_variant.append(cells)
    print_table(
        "Share alerted at each engine's default threshold (recall for matches, false alerts for non-matches)",
        ["", "variant", "n", *[run.name for run in runs]],
        by_variant,
    )


def print_misses(run: EngineRun, cases: Sequence[EvalCase], count: int) -> None:
    misses = [c for c in cases if c.positive and run.scores[c.case_id] < run.default_threshold]
    alerts = [c for c in cases if not c.positive and run.scores[c.case_id] >= run.default_threshold]
    print(f"\n{run.name}: {len(misses)} missed matches, {len(alerts)} false alerts (examples)")
    for case in misses[:count]:
        print(f"  miss  {run.scores[case.case_id]:.3f}  {case.variant:15} {case.name!r}  {case.expected}")
    for case in sorted(alerts, key=lambda c: -run.scores[c.case_id])[:count]:
        print(f"  alert {run.scores[case.case_id]:.3f}  {case.variant:15} {case.name!r}")


# --- labelled name pairs -------------------------------------------------------------------------


def name_pairs(entities: Sequence[ListEntity], engines: Sequence[str]) -> None:
    import csv

    kinds = {
        "Person": EntityKind.PERSON,
        "Company": EntityKind.ORGANIZATION,
        "Organization": EntityKind.ORGANIZATION,
        "LegalEntity": EntityKind.UNKNOWN,
        "Vessel": EntityKind.VESSEL,
    }
    with NAME_PAIRS.open(encoding="utf-8") as handle:
        pairs = list(csv.DictReader(handle))
    index = ScreeningIndex.build(entities)  # word frequencies of the real lists
    results: dict[str, list[tuple[float, bool]]] = {}
    qgov_scores = []
    for number, pair in enumerate(pairs):
        kind = kinds[pair["schema"]]
        listed = ListEntity("pairs", str(number), kind, (EntityName(pair["name2"]),))
        match = compare(index, PartyQuery(pair["name1"], kind=kind), listed)
        qgov_scores.append((match.score if match else 0.0, pair["is_match"] == "true"))
    results["qgov"] = qgov_scores
    if "nomenklatura" in engines:
        from followthemoney import ValueEntity, model
        from nomenklatura.matching import get_algorithm

        algorithm = get_algorithm("logic-v2")
        config = algorithm.default_config()
        scores = []
        for number, pair in enumerate(pairs):
            schema = model.get(pair["schema"])
            query = ValueEntity(schema, {"id": f"pq{number}", "properties": {"name": [pair["name1"]]}})
            result = ValueEntity(schema, {"id": f"pr{number}", "properties": {"name": [pair["name2"]]}})
            scores.append((algorithm.compare(query, result, config).score, pair["is_match"] == "true"))
        results["logic-v2"] = scores
    rows = []
    thresholds = {"qgov": DEFAULT_THRESHOLD, "logic-v2": LOGIC_V2_THRESHOLD}
    for engine, scored in results.items():
        threshold = thresholds[engine]
        true_positive = sum(1 for s, label in scored if label and s >= threshold)
        false_positive = sum(1 for s, label in scored if not label and s >= threshold)
        false_negative = sum(1 for s, label in scored if label and s < threshold)
        precision = true_positive / max(true_positive + false_positive, 1)
        recall = true_positive / max(true_positive + false_negative, 1)
        negatives = [s for s, label in scored if not label]
        positives = [s for s, label in scored if label]
        at5 = threshold_for_rate(negatives, 0.05)
        rows.append(
            [
                engine,
                f"{threshold:.2f}",
                f"{precision:.3f}",
                f"{recall:.3f}",
                f"{2 * precision * recall / max(precision + recall, 1e-9):.3f}",
                f"{sum(s >= at5 for s in positives) / len(positives):.3f}",
            ]
        )
    print_table(
        f"Labelled name pairs ({len(pairs)} pairs from nomenklatura's name_bench, MIT), names only",
        ["engine", "threshold", "precision", "recall", "F1", "recall at 5% false alerts"],
        rows,
    )


# --- one million synthetic names ------------------------------------------------------------------


_SYLLABLES = (
    "ka", "ri", "mo", "sa", "lin", "dor", "vek", "tan", "bor", "zhi", "ra", "el", "ov", "an", "ia", "uk",
    "er", "im", "os", "ul", "ha", "shi", "na", "ko", "tu", "be", "gar", "mil", "son", "yev", "ab", "dal",
    "fer", "qu", "ze", "lo", "pri", "sto", "wen", "xu", "jin", "hao", "mur", "tas", "ven", "dra", "kel",
)  # fmt: skip


def synthetic_entities(total_names: int, seed: int) -> list[ListEntity]:
    """Entities with ``total_names`` distinct names: people (given names and surnames) and companies.

    Half of the words are the evaluation's real name components and supplier words; the other
    half are pseudo-words made of syllables, so that the vocabulary (and the index's word tables)
    grows with the list as it would with real data.
    """
    import yaml

    rng = random.Random(seed)
    data = Path(__file__).resolve().parent / "data" / "screening"
    cultures = yaml.safe_load((data / "person_names.yaml").read_text(encoding="utf-8"))["cultures"]
    givens = sorted({g for c in cultures.values() for g in c["given"]})
    families = sorted({f for c in cultures.values() for f in c["family"]})
    words = sorted(
        {
            word.strip(",.")
            for line in (data / "supplier_names.txt").read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#")
            for word in line.split()
            if len(word) > 3
        }
    )
    invented = sorted(
        {
            "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()
            for _ in range(80_000)
        }
    )

    def surname() -> str:
        return rng.choice(families) if rng.random() < 0.5 else rng.choice(invented)

    forms = ["LLC", "Ltd", "GmbH", "JSC", "OOO", "Co., Ltd.", "S.A.", "Inc."]
    entities = []
    seen: set[str] = set()
    number = 0
    while len(seen) < total_names:
        number += 1
        if rng.random() < 0.6:
            first, middle, last = rng.choice(givens), rng.choice(givens), surname()
            texts = [f"{last.upper()}, {first} {middle}", f"{first} {last}", f"{middle} {last}"]
            kind = EntityKind.PERSON
        else:
            stem = surname() + rng.choice(["", "tek", "ex", "on", "ia"])
            texts = [
                f"{stem} {' '.join(rng.sample(words, 2))} {rng.choice(forms)}",
                f"{stem} {rng.choice(words)}",
            ]
            kind = EntityKind.ORGANIZATION
        texts = [text for text in texts[: rng.randint(1, len(texts))] if text not in seen]
        if not texts:
            continue
        seen.update(texts)
        entity_names = tuple(
            EntityName(text, NameType.PRIMARY if i == 0 else NameType.ALIAS) for i, text in enumerate(texts)
        )
        entities.append(ListEntity("synthetic", str(number), kind, entity_names))
    return entities


def scale_run(total_names: int) -> None:
    """Run in a fresh process so that peak memory is the index's own."""
    start = time.perf_counter()
    entities = synthetic_entities(total_names, DEFAULT_SEED)
    generated = time.perf_counter() - start
    before = rss_mb()
    start = time.perf_counter()
    index = ScreeningIndex.build(entities)
    built = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rng = random.Random(1)
    sample = rng.sample(entities, 300)
    queries = [PartyQuery(e.primary_name, kind=e.kind) for e in sample]
    start = time.perf_counter()
    found = sum(
        1 for e, q in zip(sample, queries, strict=True) if any(m.entity is e for m in screen(index, q))
    )
    per_second = len(queries) / (time.perf_counter() - start)
    print_table(
        f"Synthetic scale run ({index.name_count:,} names indexed, {len(entities):,} entities)",
        ["measure", "value"],
        [
            ["entities generated (s, not indexing)", f"{generated:.1f}"],
            ["index build (s)", f"{built:.1f}"],
            ["RSS growth while building (MB)", f"{rss_mb() - before:.0f}"],
            ["peak RSS of the process (MB)", f"{peak:.0f}"],
            ["screening against it (parties/s, 300 parties)", f"{per_second:.0f}"],
            ["those parties finding themselves", f"{found}/{len(queries)}"],
        ],
    )


# --- main ------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("dev", "test", "all"), default="test")
    parser.add_argument("--engines", default="qgov,nomenklatura")
    parser.add_argument("--candidates", type=int, default=20)
    parser.add_argument("--details", action="store_true", help="queries carry country and birth date")
    parser.add_argument(
        "--nk-blocker",
        choices=("duckdb", "rapidfuzz"),
        default="duckdb",
        help="nomenklatura's candidates: its DuckDB blocker (default) or a rapidfuzz prefilter",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--misses", type=int, default=0, help="print this many misses and false alerts")
    parser.add_argument("--scale", action="store_true", help="also run the 1M-name synthetic index")
    parser.add_argument("--scale-only", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.scale_only:
        scale_run(args.scale_only)
        return
    engines = [engine.strip() for engine in args.engines.split(",")]

    start = time.perf_counter()
    entities = [entity for path in LISTS for entity in load_list(path).entities]
    load_seconds = time.perf_counter() - start
    cases, dropped = build_evaluation(entities, seed=args.seed)
    selected = [case for case in cases if args.split == "all" or case.split == args.split]
    positives = sum(case.positive for case in selected)
    print(
        f"matcher {MATCHER_VERSION}; {len(entities)} entities from OFAC SDN 2021 + UN; split {args.split}: "
        f"{positives} true matches, {len(selected) - positives} non-matches "
        f"(dropped as list names: {dropped}); candidates per party {args.candidates}; "
        f"details {'on' if args.details else 'off'}"
    )
    runs = []
    if "qgov" in engines:
        runs.append(run_qgov(entities, selected, args.candidates, args.details))
    if "nomenklatura" in engines:
        runs.append(run_nomenklatura(entities, selected, args.candidates, args.details, args.nk_blocker))
    report(runs, selected, load_seconds)
    for run in runs:
        if args.misses:
            print_misses(run, selected, args.misses)
    name_pairs(entities, engines)
    if args.scale:
        subprocess.run([sys.executable, __file__, "--scale-only", "1000000"], check=True)


if __name__ == "__main__":
    main()
