"""Classification rule packs: where they live, loading them once, and choosing the versions in force.

Control-list thresholds are data (rulepacks/<jurisdiction>/classification-<YYYY-MM-DD>.yaml), never code;
rulepack_reader.py validates each file completely and rule_model.py holds what it builds. Several versions
of a jurisdiction may sit side by side; the one in force on the evaluation date is used, and a
jurisdiction with no version in force is reported as such, never silently skipped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import yaml

from qgov.exportcontrol.rule_model import (
    TEXT_STATUSES,
    Between,
    CategoryNote,
    Citation,
    Comparison,
    Condition,
    Exclusion,
    ForEntries,
    Group,
    IsValue,
    NotAvailable,
    OneOf,
    Overlap,
    Rule,
    RulePack,
    RulePackError,
    RulePackSet,
    StatisticCheck,
    leaves,
)
from qgov.exportcontrol.rulepack_reader import FILE_PREFIX, read_pack

__all__ = [
    "RULEPACK_DIRECTORY",
    "TEXT_STATUSES",
    "Between",
    "CategoryNote",
    "Citation",
    "Comparison",
    "Condition",
    "Exclusion",
    "ForEntries",
    "Group",
    "IsValue",
    "NotAvailable",
    "OneOf",
    "Overlap",
    "Rule",
    "RulePack",
    "RulePackError",
    "RulePackSet",
    "StatisticCheck",
    "leaves",
    "load_all_rule_packs",
    "load_rule_pack",
    "load_rule_packs",
    "select_in_force",
]

RULEPACK_DIRECTORY = Path(__file__).parent / "rulepacks"


def load_rule_packs(on: dt.date | None = None, *, directory: Path | None = None) -> RulePackSet:
    """The classification packs in force on `on` (default today) from `directory` (default: shipped)."""
    packs = load_all_rule_packs(directory or RULEPACK_DIRECTORY)
    return select_in_force(packs, on or dt.date.today())


def select_in_force(packs: Iterable[RulePack], on: dt.date) -> RulePackSet:
    """For each jurisdiction, the latest-effective version with effective_from <= on."""
    by_jurisdiction: dict[str, list[RulePack]] = {}
    for pack in packs:
        by_jurisdiction.setdefault(pack.jurisdiction, []).append(pack)
    chosen: dict[str, RulePack] = {}
    missing: list[str] = []
    for jurisdiction in sorted(by_jurisdiction, key=_jurisdiction_order):
        candidates = [p for p in by_jurisdiction[jurisdiction] if p.effective_from <= on]
        if candidates:
            chosen[jurisdiction] = max(candidates, key=lambda p: (p.effective_from, p.version))
        else:
            missing.append(jurisdiction)
    return RulePackSet(on=on, packs=chosen, not_in_force=tuple(missing))


_PREFERRED_ORDER = ("US-EAR", "WASSENAAR", "EU", "JP", "UK", "FR", "ES", "NL", "DE", "CA")


def _jurisdiction_order(name: str) -> tuple[int, str]:
    return (_PREFERRED_ORDER.index(name) if name in _PREFERRED_ORDER else len(_PREFERRED_ORDER), name)


def load_all_rule_packs(directory: Path) -> tuple[RulePack, ...]:
    """Every classification pack under `directory` (<jurisdiction>/classification-<date>.yaml), validated.

    Loaded once per process and directory state: a file added, removed or edited is read again.
    """
    directory = directory.resolve()
    if not directory.is_dir():
        raise RulePackError(f"{directory}: rule-pack directory not found")
    paths = sorted(directory.glob(f"*/{FILE_PREFIX}*.yaml"))
    if not paths:
        raise RulePackError(f"{directory}: holds no {FILE_PREFIX}<date>.yaml rule packs")
    signature = tuple((path, path.stat().st_mtime_ns, path.stat().st_size) for path in paths)
    return _load_all_cached(signature)


@lru_cache(maxsize=8)
def _load_all_cached(signature: tuple[tuple[Path, int, int], ...]) -> tuple[RulePack, ...]:
    packs = [load_rule_pack(path) for path, _, _ in signature]
    seen: dict[tuple[str, dt.date], Path] = {}
    for pack in packs:
        key = (pack.jurisdiction, pack.version)
        if key in seen:
            raise RulePackError(
                f"{pack.path}: version {pack.version} of {pack.jurisdiction} also in {seen[key]}"
            )
        seen[key] = pack.path
    return tuple(packs)


def load_rule_pack(path: Path) -> RulePack:
    """Read and validate one pack file; RulePackError names the file and the rule on any problem."""
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise RulePackError(f"{path}: cannot be read ({exc})") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None)
        raise RulePackError(f"{path}: not valid YAML{where}" + (f" ({problem})" if problem else "")) from exc
    return read_pack(path, document)
