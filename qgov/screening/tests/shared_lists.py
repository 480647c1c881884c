"""The real list files in the shared data folder, each parsed once per test session.

The big lists take a noticeable fraction of a second to read; tests that only look at them share one
parsed copy. Tests that mutate a list copy the files into ``tmp_path`` first (never the shared data).
"""

from __future__ import annotations

import functools
import os
import shutil
from pathlib import Path

import pytest

from qgov.screening.entities import ListEntity, LoadedList
from qgov.screening.sources import load_list

_REPO_ROOT = Path(__file__).resolve().parents[3]
LISTS = Path(os.environ.get("QGOV_SHARED_DATA", _REPO_ROOT.parent / "shared" / "data")) / "lists"

OFAC_SDN_2021 = LISTS / "ofac-sdn-2021"
OFAC_SAMPLE = LISTS / "ofac-sample"
OFAC_CONSOLIDATED_2025 = LISTS / "ofac-consolidated-2025"
CSL_2023 = LISTS / "trade-gov-csl" / "csl-2023-11.csv"
CSL_SAMPLE_2025 = LISTS / "trade-gov-csl" / "csl-sample-2025.csv"
BIS_DPL_2023 = LISTS / "bis-dpl" / "dpl-2023-11.txt"
UN_2026 = LISTS / "un" / "un-consolidated-2026-02-27.xml"


def require(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"shared list data not found at {path} (set QGOV_SHARED_DATA)")
    return path


@functools.cache
def _load_cached(path: Path) -> LoadedList:
    return load_list(path)


def loaded(path: Path) -> LoadedList:
    """The list at ``path``, parsed once per test session."""
    return _load_cached(require(path))


def entity(path: Path, source_id: str) -> ListEntity:
    matches = [item for item in loaded(path).entities if item.source_id == source_id]
    assert len(matches) == 1, f"{source_id} appears {len(matches)} times in {path}"
    return matches[0]


def copy_folder(folder: Path, destination: Path) -> Path:
    """A writable copy of a shared list folder."""
    target = destination / folder.name
    shutil.copytree(require(folder), target)
    for child in target.iterdir():
        child.chmod(0o644)
    target.chmod(0o755)
    return target


def copy_file(path: Path, destination: Path) -> Path:
    target = destination / path.name
    shutil.copyfile(require(path), target)
    target.chmod(0o644)
    return target
