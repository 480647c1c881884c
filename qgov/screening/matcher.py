"""Screen a party against restricted-party list entries, with reasons a compliance officer can check.

Public API (what the CLI and the platform use)::

    index = ScreeningIndex.build(entities)          # qgov.screening.index; several lists at once
    matches = screen(index, PartyQuery("Ivan Petrov", kind=EntityKind.PERSON, country="RU"))
    for match in matches:                            # best first, score >= DEFAULT_THRESHOLD
        match.score, match.entity, match.matched_name, match.reasons, match.to_dict()

``screen`` asks the index for the few list names that share rare keys with the query (at most
``candidates`` entities), scores each with :mod:`qgov.screening.name_score` (skipping those whose
score bound cannot reach the threshold, or beat a better name of the same entity), adjusts for
the other details and returns the entities whose score reaches the threshold.
:data:`MATCHER_VERSION` names the algorithm, its data files and its constants: store it with every
decision.

What a score means (tuned on the development split of ``bench/screening.py``; the shares below are
from its held-out split: 2,432 true matches written differently, 2,652 non-matches, names only):

- 1.0: the same name once case, accents, script, name order, honorifics and legal form are set
  aside; 0.95 or more also for an identifier the list publishes;
- 0.85 and above: the same name written differently (a variant spelling, a slip of a letter, a
  left-out middle name, another transliteration): 94% of the true matches, no non-match;
- 0.75 to 0.85 (:data:`DEFAULT_THRESHOLD` is 0.75): a possible match a human should review; at
  0.75, 97.8% of the true matches and 0.34% of the non-matches alert;
- below 0.75: the names differ in a way that matters (a name part missing or different);
- 0.5 and 0.4 are caps: one of two or more names matched, or only common company words.

Details, after the name score (logic-v2's qualifiers are of the same size):

- **Kind.** A person never matches an organisation, vessel or aircraft (OFAC's hit-resolution
  rule); a query of unknown kind is read as a person against people and as an organisation
  otherwise.
- **Alias quality.** A low-quality ("weak") alias counts 0.9 times.
- **Legal form** that differs: -0.03 (weak evidence: sister companies share a base name).
- **Country**: agreeing +0.02, differing -0.10.
- **Birth date**: same date +0.05, same year +0.03, one year apart -0.05, further apart -0.15,
  same year but another day -0.10.
- **Identifier** equal to one the list publishes (passport, registry number ...): at least 0.95.

Pure module: no Django, no database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from qgov.screening.entities import EntityKind, ListEntity, NameType
from qgov.screening.index import DEFAULT_CANDIDATES, IndexedName, ScreeningIndex
from qgov.screening.name_score import (
    How,
    NameResult,
    PreparedQuery,
    is_common_word,
    name_score,
    score_bound,
    score_name,
)
from qgov.screening.names_data import data_digest
from qgov.screening.normalize import (
    NameMode,
    Role,
    analyze_name,
    legal_form_label,
    mode_for_kind,
)

MATCHER_VERSION = f"qgov-screen/1.0+data.{data_digest()[:12]}"
"""Recorded with every screening decision: the algorithm's version and a digest of its data files
(legal forms, honorifics, name words, given-name variants), so any change that can move a score
shows in the version."""

DEFAULT_THRESHOLD = 0.75
"""The documented alerting threshold: a match at or above it is an alert for a human to review."""

WEAK_ALIAS_FACTOR = 0.9
LEGAL_FORM_DIFFERS = -0.03
COUNTRY_AGREES = 0.02
COUNTRY_DIFFERS = -0.10
BIRTH_DATE_AGREES = 0.05
BIRTH_YEAR_AGREES = 0.03
BIRTH_YEAR_NEAR = -0.05
BIRTH_YEAR_DIFFERS = -0.15
BIRTH_DAY_DIFFERS = -0.10
IDENTIFIER_FLOOR = 0.95


@dataclass(frozen=True, slots=True)
class PartyQuery:
    """A party to screen: a name, and whatever else is known about it."""

    name: str
    kind: EntityKind | None = None  # None: unknown (matched against every kind)
    country: str | None = None  # ISO 3166-1 alpha-2
    birth_date: str | None = None  # "YYYY", "YYYY-MM" or "YYYY-MM-DD"
    identifiers: tuple[str, ...] = ()  # passport, registry or tax numbers
    aliases: tuple[str, ...] = ()  # other names of the same party


@dataclass(frozen=True, slots=True)
class Match:
    """One list entity that matched, with the evidence."""

    score: float
    entity: ListEntity
    matched_name: str  # the list name or alias that matched best
    name_type: NameType
    reasons: tuple[str, ...]
    name_score: float  # the score of the names alone, before the details (country, birth date ...)
    query_name: str  # which of the query's names matched (its name or one of its aliases)

    @property
    def list(self) -> str:
        return self.entity.source

    def to_dict(self) -> dict[str, object]:
        """The JSON shape of the screening contract (one element of ``matches``), plus extras."""
        return {
            "score": round(self.score, 4),
            "list": self.entity.source,
            "entity_id": self.entity.source_id,
            "entity_name": self.entity.primary_name,
            "matched_name": self.matched_name,
            "kind": str(self.entity.kind),
            "reasons": list(self.reasons),
            "name_type": str(self.name_type),
            "name_score": round(self.name_score, 4),
            "matcher_version": MATCHER_VERSION,
        }


# --- details: legal form, country, birth date, identifiers -------------------------------------

_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
_IDENTIFIER_CHARACTERS = re.compile(r"[^0-9A-Z]")


def _normalise_identifier(value: str) -> str:
    return _IDENTIFIER_CHARACTERS.sub("", value.upper())


def _birth_date_adjustment(query_date: str, listed: Sequence[str]) -> tuple[float, str] | None:
    query_match = _DATE.fullmatch(query_date.strip())
    parsed = [match for match in (_DATE.fullmatch(date.strip()) for date in listed) if match]
    if query_match is None or not parsed:
        return None
    year = int(query_match.group(1))
    same_year = [match for match in parsed if int(match.group(1)) == year]
    if same_year:
        if query_match.group(3) is not None:
            if any(match.group(0) == query_match.group(0) for match in same_year):
                return BIRTH_DATE_AGREES, f"birth date {query_match.group(0)} agrees"
            if all(match.group(3) is not None for match in same_year):
                return (
                    BIRTH_DAY_DIFFERS,
                    f"birth date {query_match.group(0)} differs from listed {same_year[0].group(0)}",
                )
        return BIRTH_YEAR_AGREES, f"birth year {year} agrees"
    gap = min(abs(int(match.group(1)) - year) for match in parsed)
    listed_years = ", ".join(sorted({match.group(1) for match in parsed}))
    if gap == 1:
        return BIRTH_YEAR_NEAR, f"birth year {year} is one year from listed {listed_years}"
    return BIRTH_YEAR_DIFFERS, f"birth year {year} differs from listed {listed_years}"


def _details(
    query: PartyQuery, entity: ListEntity, query_legal: Sequence[str], listed_legal: Sequence[str]
) -> tuple[float, list[str], bool]:
    """Adjustments for details other than the name: (total, reasons, identifier matched)."""
    adjustment = 0.0
    reasons: list[str] = []
    if query_legal and listed_legal:
        query_forms = ", ".join(f"{code} ({legal_form_label(code)})" for code in query_legal)
        listed_forms = ", ".join(f"{code} ({legal_form_label(code)})" for code in listed_legal)
        if set(query_legal) & set(listed_legal):
            reasons.append(f"legal form {query_forms} agrees (weak evidence)")
        else:
            adjustment += LEGAL_FORM_DIFFERS
            reasons.append(f"legal form {query_forms} differs from listed {listed_forms} (weak evidence)")
    if query.country and entity.countries:
        country = query.country.upper()
        if country in entity.countries:
            adjustment += COUNTRY_AGREES
            reasons.append(f"country {country} agrees")
        else:
            adjustment += COUNTRY_DIFFERS
            reasons.append(f"country {country} differs from listed {', '.join(entity.countries)}")
    if query.birth_date and entity.birth_dates:
        found = _birth_date_adjustment(query.birth_date, entity.birth_dates)
        if found is not None:
            adjustment += found[0]
            reasons.append(found[1])
    identifier_matched = False
    if query.identifiers and entity.identifiers:
        wanted = {_normalise_identifier(value): value for value in query.identifiers}
        for identifier in entity.identifiers:
            key = _normalise_identifier(identifier.value)
            if key and key in wanted:
                identifier_matched = True
                reasons.append(
                    f"identifier {wanted[key]} equals listed {identifier.scheme} {identifier.value}"
                )
                break
    return adjustment, reasons, identifier_matched


# --- reasons -----------------------------------------------------------------------------------

_NAME_TYPE_WORDS = {
    NameType.PRIMARY: "name",
    NameType.ALIAS: "alias",
    NameType.WEAK_ALIAS: "weak alias",
    NameType.FORMER: "former name",
    NameType.NATIVE: "original-script name",
}


def _quote(surface: str, form: str) -> str:
    if surface.isascii() and surface.lower().replace(" ", "").replace(".", "") == form:
        return f"'{surface}'"
    return f"'{surface}' ({form})"


def _name_reasons(
    query: PreparedQuery, result: NameResult, listed: IndexedName, surfaces: Sequence[str]
) -> list[str]:
    """Why the name scored what it did, pair by pair; ``surfaces``: the listed name's words as
    written."""
    name_type = listed.name_type
    singles = query.tokens[: query.single_count]
    reasons = []
    for pair in sorted(result.pairs, key=lambda pair: pair.query):
        query_text = " ".join(singles[i].surface for i in pair.query)
        query_form = "".join(singles[i].form for i in pair.query)
        listed_text = " ".join(surfaces[i] for i in pair.listed)
        how = pair.how.value
        if pair.how is How.SPELLING:
            distance = OSA.distance(query_form, "".join(listed.forms[i] for i in pair.listed))
            how = f"with {distance} spelling difference{'s' if distance != 1 else ''}"
        written = " (written as one word on one side)" if pair.joined else ""
        weak = (
            " (common word, low weight)" if all(is_common_word(singles[i].role) for i in pair.query) else ""
        )
        reasons.append(f"{_quote(query_text, query_form)} matched '{listed_text}' {how}{written}{weak}")
    for i in result.unmatched_query:
        token = singles[i]
        low = " (low weight)" if token.role is not Role.NAME else ""
        reasons.append(f"query name part {_quote(token.surface, token.form)} is not in the listed name{low}")
    extra = [surfaces[i] for i in result.unmatched_list]
    if extra:
        parts = ", ".join(f"'{part}'" for part in extra)
        reasons.append(f"listed name has extra part{'s' if len(extra) > 1 else ''} {parts} (low weight)")
    if result.cap_reason:
        reasons.append(result.cap_reason)
    if name_type is NameType.WEAK_ALIAS:
        reasons.append("matched a low-quality (weak) alias, which counts less")
    elif name_type is NameType.FORMER:
        reasons.append("matched a former name of the entry")
    elif name_type is NameType.NATIVE:
        reasons.append("matched the entry's name in its original script")
    return reasons


# --- screening ---------------------------------------------------------------------------------


@dataclass(slots=True)
class _Best:
    score: float
    listed: IndexedName
    query: PreparedQuery

    def result(self) -> NameResult:
        """The alignment behind the score, for the reasons (worked out again for the few kept)."""
        return score_name(self.query, self.listed, self.query.analyzed.mode)


def _prepared_queries(index: ScreeningIndex, query: PartyQuery) -> dict[NameMode, list[PreparedQuery]]:
    """The query's names analysed as each kind of name it may be matched against."""
    names = [query.name, *query.aliases]
    if query.kind is not None and query.kind is not EntityKind.UNKNOWN:
        modes = [mode_for_kind(query.kind)]
    else:
        modes = [NameMode.PERSON, NameMode.ORGANIZATION]
    prepared: dict[NameMode, list[PreparedQuery]] = {}
    for mode in modes:
        analyses = [analyze_name(text, mode) for text in names if text.strip()]
        prepared[mode] = [PreparedQuery(index, analysis) for analysis in analyses if analysis.forms]
    return prepared


def _kinds_compatible(query_kind: EntityKind | None, entity_kind: EntityKind) -> bool:
    if query_kind is None or query_kind is EntityKind.UNKNOWN or entity_kind is EntityKind.UNKNOWN:
        return True
    return query_kind is entity_kind


# Scores closer than this are taken as equal when deciding that a name cannot do better.
_BOUND_MARGIN = 1e-9


def _best_per_entity(
    query: PartyQuery,
    prepared: dict[NameMode, list[PreparedQuery]],
    listed_names: Iterable[IndexedName],
    floor: float = -1.0,
) -> dict[int, _Best]:
    """The best-scoring list name of each entity, and which query name scored it.

    A name whose score cannot reach ``floor`` (or beat the best name of its entity so far) is
    not aligned: :func:`score_bound` says so first.
    """
    by_mode: dict[NameMode, list[IndexedName]] = {}
    modes: dict[EntityKind, NameMode | None] = {}
    for listed in listed_names:
        kind = listed.entity.kind
        if kind not in modes:
            modes[kind] = mode_for_kind(kind) if _kinds_compatible(query.kind, kind) else None
        mode = modes[kind]
        if mode is not None:
            by_mode.setdefault(mode, []).append(listed)
    best: dict[int, _Best] = {}
    floor -= _BOUND_MARGIN
    for mode, names in by_mode.items():
        queries = prepared.get(mode, [])
        for query_name in queries:
            query_name.add_forms(names)
        for listed in names:
            entity_number = listed.entity_number
            factor = WEAK_ALIAS_FACTOR if listed.name_type is NameType.WEAK_ALIAS else 1.0
            for query_name in queries:
                current = best.get(entity_number)
                bound = score_bound(query_name, listed) * factor
                if bound < floor or (current is not None and bound + _BOUND_MARGIN <= current.score):
                    continue
                score = name_score(query_name, listed, mode) * factor
                if current is None or score > current.score:
                    best[entity_number] = _Best(score, listed, query_name)
    return best


def _to_match(index: ScreeningIndex, query: PartyQuery, found: _Best) -> Match:
    listed = found.listed
    entity = listed.entity
    adjustment, detail_reasons, identifier_matched = _details(
        query, entity, found.query.analyzed.legal_forms, listed.legal_forms
    )
    score = found.score + adjustment
    if identifier_matched:
        score = max(score, IDENTIFIER_FLOOR)
    score = min(1.0, max(0.0, score))
    if listed.name_id >= 0:
        surfaces = index.surfaces(listed.name_id)
    else:
        surfaces = analyze_name(listed.text, mode_for_kind(entity.kind)).surfaces
    reasons = [
        f"name score {found.score:.2f}: '{found.query.analyzed.text}' against listed "
        f"{_NAME_TYPE_WORDS[listed.name_type]} '{listed.text}'",
        *_name_reasons(found.query, found.result(), listed, surfaces),
        *detail_reasons,
    ]
    return Match(
        score=score,
        entity=entity,
        matched_name=listed.text,
        name_type=listed.name_type,
        reasons=tuple(reasons),
        name_score=found.score,
        query_name=found.query.analyzed.text,
    )


def _most_details_add(query: PartyQuery) -> float:
    """The most the details of ``query`` can add to a name score (its country and birth date
    agreeing): entities further below the threshold than this cannot reach it."""
    return (COUNTRY_AGREES if query.country else 0.0) + (BIRTH_DATE_AGREES if query.birth_date else 0.0)


def screen(
    index: ScreeningIndex,
    query: PartyQuery,
    threshold: float | None = None,
    limit: int = 10,
    candidates: int = DEFAULT_CANDIDATES,
) -> list[Match]:
    """Matches of ``query`` in ``index`` scoring at least ``threshold``, best first, at most ``limit``.

    ``threshold`` defaults to :data:`DEFAULT_THRESHOLD`; ``candidates`` is how many list entities
    the index hands to the scorer. Ties are ordered by list and entity id, so results are stable.
    """
    if threshold is None:
        threshold = DEFAULT_THRESHOLD
    prepared = _prepared_queries(index, query)
    analyses = [name.analyzed for names in prepared.values() for name in names]
    if not analyses:
        return []
    listed_names = index.names(index.candidates(analyses, candidates))
    # An identifier equal to a listed one lifts any name score: no name is too weak to look at.
    floor = -1.0 if query.identifiers else threshold - _most_details_add(query)
    best = _best_per_entity(query, prepared, listed_names, floor)
    matches = [_to_match(index, query, found) for found in best.values() if found.score >= floor]
    matches = [match for match in matches if match.score >= threshold]
    matches.sort(key=lambda match: (-match.score, match.entity.source, match.entity.source_id))
    return matches[:limit]


def compare(index: ScreeningIndex, query: PartyQuery, entity: ListEntity) -> Match | None:
    """Score ``query`` against one entity directly, without candidate search.

    ``index`` only supplies word frequencies (token weights). Returns ``None`` when the kinds
    cannot match (a person against an organisation) or no name part matched at all.
    """
    mode = mode_for_kind(entity.kind)
    listed_names = []
    for name in entity.names:
        analyzed = analyze_name(name.text, mode, keep_surfaces=False)
        if analyzed.forms:
            listed_names.append(
                index.scored_name(entity, name, analyzed.forms, bytes(analyzed.roles), analyzed.legal_forms)
            )
    best = _best_per_entity(query, _prepared_queries(index, query), listed_names)
    found = best.get(0)
    if found is None or not found.result().pairs:
        return None
    return _to_match(index, query, found)
