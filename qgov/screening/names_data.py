"""The name vocabulary the matcher relies on, loaded from the cited YAML files in ``data/``.

Legal forms, honorifics, name particles, company-name words and given-name variants are data,
not code: each file names its sources, a reviewer can change a list without touching the matcher,
and a change of data is visible in review like any other change. This module reads the files once,
checks that every entry is in the normalised form the matcher compares (lower-case ASCII letters
and digits separated by single spaces) and hands out plain frozen sets and dicts.

Pure module: no Django, no database.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

_DATA_PACKAGE = "qgov.screening.data"
_DATA_FILES = ("legal_forms.yaml", "honorifics.yaml", "name_words.yaml", "given_names.yaml")
_NORMALISED_ENTRY = re.compile(r"[a-z0-9]+( [a-z0-9]+)*")


class NameDataError(ValueError):
    """A data file that is missing a section or holds an entry that is not normalised."""


@dataclass(frozen=True, slots=True)
class LegalFormClass:
    code: str  # e.g. "LLC"
    label: str  # e.g. "limited liability company"
    variants: tuple[tuple[str, ...], ...]  # each variant as its tokens, e.g. ("co", "ltd")


@dataclass(frozen=True, slots=True)
class NameVocabulary:
    """Everything in ``data/*.yaml``, validated."""

    legal_forms: tuple[LegalFormClass, ...]
    titles: frozenset[str]  # every title, the Islamic ones included
    arabic_script_titles: frozenset[str]
    suffixes: frozenset[str]
    particles: frozenset[str]
    spaced_particles: frozenset[str]
    org_stopwords: frozenset[str]
    org_words: frozenset[str]
    place_words: frozenset[str]
    org_word_variants: tuple[tuple[str, ...], ...]  # spellings of one company word, canonical first
    given_name_groups: tuple[tuple[str, ...], ...]  # merged so that every spelling is in one group
    sources: tuple[tuple[str, str], ...]  # (file name, source citation)


def _read(file_name: str) -> dict[str, Any]:
    text = resources.files(_DATA_PACKAGE).joinpath(file_name).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict) or not isinstance(data.get("source"), str):
        raise NameDataError(f"{file_name}: expected a mapping with a 'source' citation")
    return data


def _entries(file_name: str, data: dict[str, Any], key: str) -> list[str]:
    values = data.get(key)
    if not isinstance(values, list) or not values:
        raise NameDataError(f"{file_name}: section '{key}' is missing or empty")
    for value in values:
        if not isinstance(value, str) or not _NORMALISED_ENTRY.fullmatch(value):
            raise NameDataError(f"{file_name}: entry {value!r} in '{key}' is not a normalised token list")
    return values


def _single_tokens(file_name: str, data: dict[str, Any], key: str) -> frozenset[str]:
    values = _entries(file_name, data, key)
    for value in values:
        if " " in value:
            raise NameDataError(f"{file_name}: entry {value!r} in '{key}' must be a single word")
    return frozenset(values)


def _word_groups(file_name: str, data: dict[str, Any], key: str) -> list[list[str]]:
    raw_groups = data.get(key)
    if not isinstance(raw_groups, list) or not raw_groups:
        raise NameDataError(f"{file_name}: section '{key}' is missing or empty")
    groups: list[list[str]] = []
    for group in raw_groups:
        checked = _entries(file_name, {"group": group}, "group")
        if len(set(checked)) < 2 or any(" " in spelling for spelling in checked):
            raise NameDataError(f"{file_name}: group {group!r} needs two or more single-word spellings")
        groups.append(checked)
    return groups


def _merge_groups(groups: list[list[str]]) -> tuple[tuple[str, ...], ...]:
    """Union groups that share a spelling, so a spelling never belongs to two groups."""
    merged: list[set[str]] = []
    for group in groups:
        members = set(group)
        overlapping = [existing for existing in merged if existing & members]
        for existing in overlapping:
            members |= existing
            merged.remove(existing)
        merged.append(members)
    order = {spelling: position for position, spelling in enumerate(s for g in groups for s in g)}
    return tuple(tuple(sorted(group, key=order.__getitem__)) for group in merged)


@cache
def data_digest() -> str:
    """SHA-256 over the data files: part of the matcher version, so that a change of data shows."""
    digest = hashlib.sha256()
    folder = resources.files(_DATA_PACKAGE)
    for file_name in _DATA_FILES:
        digest.update(file_name.encode() + b"\0" + folder.joinpath(file_name).read_bytes() + b"\0")
    return digest.hexdigest()


@cache
def vocabulary() -> NameVocabulary:
    """Load and validate every data file (once per process)."""
    legal = _read("legal_forms.yaml")
    honorifics = _read("honorifics.yaml")
    words = _read("name_words.yaml")
    given = _read("given_names.yaml")

    classes = legal.get("classes")
    if not isinstance(classes, dict) or not classes:
        raise NameDataError("legal_forms.yaml: section 'classes' is missing or empty")
    legal_forms = []
    for code, body in classes.items():
        if not isinstance(body, dict) or not isinstance(body.get("label"), str):
            raise NameDataError(f"legal_forms.yaml: class {code!r} needs a 'label' and 'variants'")
        variants = _entries("legal_forms.yaml", body, "variants")
        legal_forms.append(
            LegalFormClass(
                str(code), body["label"], tuple(tuple(v.split(" ")) for v in dict.fromkeys(variants))
            )
        )

    groups = _word_groups("given_names.yaml", given, "groups")
    org_variants = _word_groups("name_words.yaml", words, "org_word_variants")

    return NameVocabulary(
        legal_forms=tuple(legal_forms),
        titles=_single_tokens("honorifics.yaml", honorifics, "titles")
        | _single_tokens("honorifics.yaml", honorifics, "islamic_titles"),
        arabic_script_titles=_single_tokens("honorifics.yaml", honorifics, "arabic_script_titles"),
        suffixes=_single_tokens("honorifics.yaml", honorifics, "suffixes"),
        particles=_single_tokens("name_words.yaml", words, "particles"),
        spaced_particles=_single_tokens("name_words.yaml", words, "spaced_particles"),
        org_stopwords=_single_tokens("name_words.yaml", words, "org_stopwords"),
        org_words=_single_tokens("name_words.yaml", words, "org_words"),
        place_words=_single_tokens("name_words.yaml", words, "place_words"),
        org_word_variants=_merge_groups(org_variants),
        given_name_groups=_merge_groups(groups),
        sources=tuple(
            (name, data["source"])
            for name, data in (
                ("legal_forms.yaml", legal),
                ("honorifics.yaml", honorifics),
                ("name_words.yaml", words),
                ("given_names.yaml", given),
            )
        ),
    )
