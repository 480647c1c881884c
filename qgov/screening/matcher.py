"""Score a party against restricted-party list entries, with reasons a compliance officer can check.

``screen(index, query)`` asks the :class:`~qgov.screening.index.ScreeningIndex` for the few list
names that share rare keys with the query, scores each, and returns the entities whose score
reaches the threshold, best first. Every :class:`Match` carries short sentences that say what
agreed and what did not, and :data:`MATCHER_VERSION` names the algorithm so that a stored
decision records exactly which scorer produced it.

How a score is made (all in [0, 1]):

1. **Kind.** A person never matches an organisation (OFAC's hit-resolution rule); a query of
   unknown kind is read as a person against person entries and as an organisation otherwise.
2. **Name.** Query tokens and list-name tokens are paired greedily, best similarity first, each
   token used once: exact (1.0); given-name variant (0.95, Mohammed / Muhammad); transliteration
   variant (0.95, same phonetic fold: Khodorkovskiy / Hodorkovsky); spelling differences within a
   budget that grows with the token's length (1 edit up to 6 letters, 2 up to 9 ...); consonant
   skeleton for tokens written in Arabic or Hebrew script; Korean romanisation variants; adjacent
   tokens written as one word ("HUA WEI" / "HUAWEI"); initials (weak). Numbers must be equal.
   The name score is the weighted share of matched tokens,
   ``sum(sim * w) / (sum(w matched) + 1.0 * w unmatched query + 0.25 * w unmatched list)``:
   a query part the listed name lacks costs fully, an extra listed part costs a quarter
   (asymmetric like OpenSanctions' logic-v2: list entries are richer than queries). A token's
   weight is its rarity across all loaded list names (inverse document frequency), so common
   words ("mohammed", "trading") weigh less than rare ones, and fixed low weights apply to
   particles (al, bin, van), common company words (technologies, quantum, instruments,
   international), place words, initials and legal forms.
3. **Rules a reviewer applies.** A person matched on only one of two or more names is not a
   match (score capped at 0.5); an organisation matched only on common company words is not a
   match (capped at 0.4). A low-quality ("weak") alias counts 0.9 times.
4. **Details.** Legal forms that differ cost 0.03 (weak evidence: sister companies share a base
   name). Country: agreeing +0.02, differing -0.10. Birth date: same date +0.05, same year +0.03,
   year one apart -0.05, further apart -0.15, same year but different day -0.10. An identifier
   equal to a listed one lifts the score to at least 0.95.

Tuned on a development split of the evaluation built by ``bench/screening.py`` and reported on its
held-out test split (see that file for the figures and the method).

Pure module: no Django, no database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum

from rapidfuzz import process
from rapidfuzz.distance import OSA, Levenshtein

from qgov.screening.entities import EntityKind, ListEntity, NameType
from qgov.screening.index import DEFAULT_CANDIDATES, ScreeningIndex
from qgov.screening.normalize import (
    AnalyzedName,
    NameMode,
    Role,
    Script,
    analyze_name,
    consonant_skeleton,
    fold,
    korean_fold,
    legal_form_label,
    mode_for_kind,
    variant_group,
)

MATCHER_VERSION = "qgov-screen/1.0"
"""Recorded with every screening decision; changes whenever scores can change."""

DEFAULT_THRESHOLD = 0.75
"""The documented alerting threshold: a match at or above it is an alert for a human to review."""

_EXTRA_QUERY_COST = 1.0
_EXTRA_LIST_COST = 0.25
_MIN_TOKEN_SIMILARITY = 0.7
_ONE_OF_TWO_NAMES_CAP = 0.5
_COMMON_WORDS_ONLY_CAP = 0.4
_WEAK_ALIAS_FACTOR = 0.9
_PERSON_NAME_ROLES = frozenset({Role.NAME, Role.INITIAL, Role.PATRONYMIC})
_ROLE_WEIGHT = {
    Role.PARTICLE: 0.1,
    Role.STOPWORD: 0.1,
    Role.ORG_WORD: 0.2,
    Role.PLACE: 0.25,
    Role.NUMBER: 0.8,
    Role.INITIAL: 0.2,
    Role.PATRONYMIC: 0.35,
}


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
    name_score: float  # the score of the names alone, before details (country, birth date ...)
    query_name: str  # which of the query's names matched (the name or one of its aliases)

    @property
    def list(self) -> str:
        return self.entity.source

    def to_dict(self) -> dict[str, object]:
        """The JSON shape of the screening contract (one element of ``matches``)."""
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


# --- token similarity --------------------------------------------------------------------------


class How(Enum):
    EXACT = "exactly"
    VARIANT = "as a given-name variant"
    TRANSLITERATION = "as a transliteration variant"
    SPELLING = "with a spelling difference"
    SKELETON = "by its consonants (the script writes no short vowels)"
    KOREAN = "as a Korean romanisation variant"
    INITIAL = "as an initial"


def _edit_budget(length: int) -> int:
    if length <= 3:
        return 0
    if length <= 6:
        return 1
    if length <= 9:
        return 2
    if length <= 13:
        return 3
    return 4


def _spelling_similarity(distance: int, length: int) -> float:
    return 1.0 - 0.5 * distance / length - 0.05 * distance


@dataclass(slots=True)
class _QueryToken:
    form: str
    role: Role
    script: Script
    surface: str
    weight: float
    covers: tuple[int, ...]  # positions in the query name (two for a joined pair)


@dataclass(slots=True)
class _Similarity:
    """Similarities of every query token against every list-token form seen for one query."""

    tokens: list[_QueryToken]
    table: dict[tuple[int, str], tuple[float, How]] = field(default_factory=dict)
    compared: set[str] = field(default_factory=set)

    def add_forms(self, forms: Iterable[str]) -> None:
        new = [form for form in set(forms) if form not in self.compared]
        if not new:
            return
        self.compared.update(new)
        folds = [fold(form) for form in new]
        for number, token in enumerate(self.tokens):
            self._compare(number, token, new, folds)

    def _compare(self, number: int, token: _QueryToken, forms: list[str], folds: list[str]) -> None:
        table = self.table
        if token.role is Role.NUMBER:
            for form in forms:
                if form == token.form:
                    table[(number, form)] = (1.0, How.EXACT)
            return
        if token.script is Script.ABJAD:
            self._compare_skeleton(number, token, forms)
            return
        longest = max(len(token.form), 4)
        budget = _edit_budget(longest + 3)
        group = variant_group(token.form)
        for form, distance, _ in process.extract(
            token.form, forms, scorer=OSA.distance, score_cutoff=budget, limit=None
        ):
            length = max(len(form), len(token.form))
            if distance == 0:
                table[(number, form)] = (1.0, How.EXACT)
            elif distance <= _edit_budget(length):
                table[(number, form)] = (_spelling_similarity(distance, length), How.SPELLING)
        token_fold = fold(token.form)
        for folded, distance, position in process.extract(
            token_fold, folds, scorer=OSA.distance, score_cutoff=budget, limit=None
        ):
            form = forms[position]
            length = max(len(folded), len(token_fold))
            if distance == 0:
                similarity = 0.95
            elif distance <= _edit_budget(length) and len(token.form) > 1:
                similarity = 0.97 * _spelling_similarity(distance, length)
            else:
                continue
            if similarity > table.get((number, form), (0.0, How.EXACT))[0]:
                table[(number, form)] = (similarity, How.TRANSLITERATION)
        for form in forms:
            if group is not None and variant_group(form) == group and form != token.form:
                if table.get((number, form), (0.0, How.EXACT))[0] < 0.95:
                    table[(number, form)] = (0.95, How.VARIANT)
            elif token.script is Script.HANGUL and korean_fold(form) == korean_fold(token.form):
                if table.get((number, form), (0.0, How.EXACT))[0] < 0.95:
                    table[(number, form)] = (0.95, How.KOREAN)
            elif len(token.form) == 1 and form.startswith(token.form) and token.role is Role.INITIAL:
                table.setdefault((number, form), (0.7, How.INITIAL))
            elif len(form) == 1 and token.form.startswith(form) and (number, form) not in table:
                table[(number, form)] = (0.7, How.INITIAL)

    def _compare_skeleton(self, number: int, token: _QueryToken, forms: list[str]) -> None:
        skeleton = consonant_skeleton(token.form)
        if not skeleton:
            return
        exact = {1: 0.65, 2: 0.8}.get(len(skeleton), 0.92)
        for form in forms:
            other = consonant_skeleton(form)
            if other == skeleton:
                self.table[(number, form)] = (exact, How.SKELETON)
            elif len(skeleton) >= 4 and Levenshtein.distance(skeleton, other, score_cutoff=1) <= 1:
                self.table[(number, form)] = (0.75, How.SKELETON)

    def get(self, number: int, form: str) -> tuple[float, How] | None:
        return self.table.get((number, form))


# --- scoring one name against one list name ----------------------------------------------------


@dataclass(slots=True)
class _PreparedQuery:
    analyzed: AnalyzedName
    tokens: list[_QueryToken]  # single tokens first, then joined adjacent pairs
    single_count: int
    similarity: _Similarity


@dataclass(frozen=True, slots=True)
class _Pair:
    query: tuple[int, ...]  # query token positions
    listed: tuple[int, ...]  # list token positions
    similarity: float
    how: How
    joined: bool


@dataclass(frozen=True, slots=True)
class _NameResult:
    score: float
    pairs: tuple[_Pair, ...]
    unmatched_query: tuple[int, ...]
    unmatched_list: tuple[int, ...]
    cap_reason: str | None


def _token_weight(index: ScreeningIndex, form: str, role: Role) -> float:
    fixed = _ROLE_WEIGHT.get(role)
    if fixed is not None:
        return fixed
    return 0.25 + 0.75 * index.rarity(form)


def _prepare(index: ScreeningIndex, analyzed: AnalyzedName) -> _PreparedQuery:
    tokens = [
        _QueryToken(form, role, script, surface, _token_weight(index, form, role), (position,))
        for position, (form, role, script, surface) in enumerate(
            zip(analyzed.forms, analyzed.roles, analyzed.scripts, analyzed.surfaces, strict=True)
        )
    ]
    single_count = len(tokens)
    for position in range(single_count - 1):
        left, right = tokens[position], tokens[position + 1]
        if Role.NUMBER in (left.role, right.role):
            continue
        tokens.append(
            _QueryToken(
                left.form + right.form,
                Role.NAME if Role.NAME in (left.role, right.role) else left.role,
                left.script,
                f"{left.surface} {right.surface}",
                max(left.weight, right.weight),
                (position, position + 1),
            )
        )
    return _PreparedQuery(analyzed, tokens, single_count, _Similarity(tokens))


def _score_name(
    index: ScreeningIndex, query: _PreparedQuery, forms: tuple[str, ...], roles: bytes, mode: NameMode
) -> _NameResult:
    similarity = query.similarity
    joined_forms = [forms[i] + forms[i + 1] for i in range(len(forms) - 1)]
    similarity.add_forms(forms)
    similarity.add_forms(joined_forms)
    candidates: list[tuple[float, int, int, tuple[int, ...], tuple[int, ...], How]] = []
    for number, token in enumerate(query.tokens):
        joined_query = number >= query.single_count
        for position, form in enumerate(forms):
            found = similarity.get(number, form)
            if found is not None and found[0] >= _MIN_TOKEN_SIMILARITY:
                if joined_query and found[1] is How.INITIAL:
                    continue
                candidates.append((found[0], -len(token.covers), number, token.covers, (position,), found[1]))
        if joined_query:
            continue
        for position, form in enumerate(joined_forms):
            found = similarity.get(number, form)
            if found is not None and found[0] >= 0.85 and found[1] is not How.INITIAL:
                candidates.append((found[0], -2, number, token.covers, (position, position + 1), found[1]))
    candidates.sort(reverse=True)
    used_query: set[int] = set()
    used_list: set[int] = set()
    pairs: list[_Pair] = []
    for sim, _, _, covers, listed, how in candidates:
        if used_query.intersection(covers) or used_list.intersection(listed):
            continue
        used_query.update(covers)
        used_list.update(listed)
        pairs.append(_Pair(covers, listed, sim, how, len(covers) > 1 or len(listed) > 1))

    singles = query.tokens[: query.single_count]
    list_weights = [_token_weight(index, form, Role(role)) for form, role in zip(forms, roles, strict=True)]
    matched = 0.0
    matched_weight = 0.0
    for pair in pairs:
        query_weight = max(singles[i].weight for i in pair.query)
        list_weight = max(list_weights[i] for i in pair.listed)
        weight = (query_weight + list_weight) / 2
        matched += pair.similarity * weight
        matched_weight += weight
    unmatched_query = tuple(i for i in range(query.single_count) if i not in used_query)
    unmatched_list = tuple(i for i in range(len(forms)) if i not in used_list)
    denominator = (
        matched_weight
        + _EXTRA_QUERY_COST * sum(singles[i].weight for i in unmatched_query)
        + _EXTRA_LIST_COST * sum(list_weights[i] for i in unmatched_list)
    )
    score = matched / denominator if denominator else 0.0

    cap_reason = None
    if mode is NameMode.PERSON:
        name_parts_matched = sum(
            max(len(pair.query), len(pair.listed))
            for pair in pairs
            if any(singles[i].role in _PERSON_NAME_ROLES for i in pair.query)
        )
        query_parts = sum(1 for token in singles if token.role in _PERSON_NAME_ROLES)
        list_parts = sum(1 for role in roles if role == Role.NAME)
        if name_parts_matched < 2 and max(query_parts, list_parts) >= 2 and score > _ONE_OF_TWO_NAMES_CAP:
            score = _ONE_OF_TWO_NAMES_CAP
            cap_reason = "only one name part matched, and a match on one of two or more names is not a match"
    else:
        distinctive_matched = any(
            singles[i].role in (Role.NAME, Role.NUMBER) for pair in pairs for i in pair.query
        ) or any(roles[i] in (Role.NAME, Role.NUMBER) for pair in pairs for i in pair.listed)
        distinctive_left = any(singles[i].role is Role.NAME for i in unmatched_query) or any(
            roles[i] == Role.NAME for i in unmatched_list
        )
        if not distinctive_matched and distinctive_left and score > _COMMON_WORDS_ONLY_CAP:
            score = _COMMON_WORDS_ONLY_CAP
            cap_reason = "only common company words matched, not the distinctive part of the name"
    return _NameResult(score, tuple(pairs), unmatched_query, unmatched_list, cap_reason)


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
    full_query = query_match.group(2) is not None and query_match.group(3) is not None
    same_year = [match for match in parsed if int(match.group(1)) == year]
    if same_year:
        if full_query:
            for match in same_year:
                if match.group(3) is not None and match.group(0) == query_match.group(0):
                    return 0.05, f"birth date {query_match.group(0)} agrees"
            if all(match.group(3) is not None for match in same_year):
                return -0.10, f"birth date {query_match.group(0)} differs from listed {same_year[0].group(0)}"
        return 0.03, f"birth year {year} agrees"
    nearest = min(parsed, key=lambda match: abs(int(match.group(1)) - year))
    gap = abs(int(nearest.group(1)) - year)
    listed_years = ", ".join(sorted({match.group(1) for match in parsed}))
    if gap == 1:
        return -0.05, f"birth year {year} is one year from listed {listed_years}"
    return -0.15, f"birth year {year} differs from listed {listed_years}"


def _details(query: PartyQuery, entity: ListEntity, legal: tuple[str, str]) -> tuple[float, list[str], bool]:
    """Adjustments for details other than the name: (total, reasons, identifier matched)."""
    adjustment = 0.0
    reasons: list[str] = []
    query_forms, listed_forms = legal
    if query_forms and listed_forms:
        if set(query_forms.split()) & set(listed_forms.split()):
            reasons.append(f"legal form {query_forms} agrees (weak evidence)")
        else:
            adjustment -= 0.03
            reasons.append(f"legal form {query_forms} differs from listed {listed_forms} (weak evidence)")
    if query.country and entity.countries:
        country = query.country.upper()
        if country in entity.countries:
            adjustment += 0.02
            reasons.append(f"country {country} agrees")
        else:
            adjustment -= 0.10
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


def _quote(surface: str, form: str) -> str:
    if surface.isascii() and surface.lower().replace(" ", "") == form:
        return f"'{surface}'"
    return f"'{surface}' ({form})"


def _name_reasons(
    query: _PreparedQuery, result: _NameResult, listed: AnalyzedName, name_type: NameType
) -> list[str]:
    singles = query.tokens[: query.single_count]
    reasons = []
    for pair in sorted(result.pairs, key=lambda pair: pair.query):
        query_text = " ".join(singles[i].surface for i in pair.query)
        query_form = "".join(singles[i].form for i in pair.query)
        listed_text = " ".join(listed.surfaces[i] for i in pair.listed)
        how = pair.how.value
        if pair.how is How.SPELLING:
            distance = OSA.distance(query_form, "".join(listed.forms[i] for i in pair.listed))
            how = f"with {distance} spelling difference{'s' if distance != 1 else ''}"
        written = " (written as one word on one side)" if pair.joined else ""
        weak = (
            " (common word, low weight)"
            if all(
                singles[i].role in (Role.ORG_WORD, Role.STOPWORD, Role.PARTICLE, Role.PLACE)
                for i in pair.query
            )
            else ""
        )
        reasons.append(f"{_quote(query_text, query_form)} matched '{listed_text}' {how}{written}{weak}")
    for i in result.unmatched_query:
        token = singles[i]
        low = " (low weight)" if token.role is not Role.NAME else ""
        reasons.append(f"query name part {_quote(token.surface, token.form)} is not in the listed name{low}")
    extra = [listed.surfaces[i] for i in result.unmatched_list]
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


@dataclass(frozen=True, slots=True)
class _ListedName:
    """One name of a list entity, analysed (from the index, or on the fly for :func:`compare`)."""

    entity_key: int
    entity: ListEntity
    text: str
    name_type: NameType
    forms: tuple[str, ...]
    roles: bytes
    legal_forms: tuple[str, ...]


@dataclass(slots=True)
class _Best:
    score: float
    listed: _ListedName
    query: _PreparedQuery
    result: _NameResult


def _query_analyses(query: PartyQuery) -> dict[NameMode, list[AnalyzedName]]:
    names = [query.name, *query.aliases]
    modes = (
        [mode_for_kind(query.kind)] if query.kind is not None else [NameMode.PERSON, NameMode.ORGANIZATION]
    )
    analyses: dict[NameMode, list[AnalyzedName]] = {}
    for mode in modes:
        analyzed = [analyze_name(text, mode) for text in names if text.strip()]
        analyses[mode] = [name for name in analyzed if name.forms]
    return analyses


def _kinds_compatible(query_kind: EntityKind | None, entity_kind: EntityKind) -> bool:
    if query_kind is None or query_kind is EntityKind.UNKNOWN or entity_kind is EntityKind.UNKNOWN:
        return True
    return query_kind is entity_kind


def _best_per_entity(
    index: ScreeningIndex,
    query: PartyQuery,
    prepared: dict[NameMode, list[_PreparedQuery]],
    listed_names: Iterable[_ListedName],
) -> dict[int, _Best]:
    best: dict[int, _Best] = {}
    for listed in listed_names:
        if not _kinds_compatible(query.kind, listed.entity.kind):
            continue
        mode = mode_for_kind(listed.entity.kind)
        factor = _WEAK_ALIAS_FACTOR if listed.name_type is NameType.WEAK_ALIAS else 1.0
        for query_name in prepared.get(mode, ()):
            result = _score_name(index, query_name, listed.forms, listed.roles, mode)
            score = result.score * factor
            current = best.get(listed.entity_key)
            if current is None or score > current.score:
                best[listed.entity_key] = _Best(score, listed, query_name, result)
    return best


def _to_match(query: PartyQuery, found: _Best) -> Match:
    listed = found.listed
    entity = listed.entity
    legal = (" ".join(found.query.analyzed.legal_forms), " ".join(listed.legal_forms))
    adjustment, detail_reasons, identifier_matched = _details(query, entity, legal)
    score = found.score + adjustment
    if identifier_matched:
        score = max(score, 0.95)
    score = min(1.0, max(0.0, score))
    listed_analysis = analyze_name(listed.text, mode_for_kind(entity.kind))
    reasons = [
        f"name score {found.score:.2f}: '{found.query.analyzed.text}' against listed "
        f"{_NAME_TYPE_WORDS[listed.name_type]} '{listed.text}'"
    ]
    reasons += _name_reasons(found.query, found.result, listed_analysis, listed.name_type)
    reasons += [_legal_reason(reason) for reason in detail_reasons]
    return Match(
        score=score,
        entity=entity,
        matched_name=listed.text,
        name_type=listed.name_type,
        reasons=tuple(reasons),
        name_score=found.score,
        query_name=found.query.analyzed.text,
    )


def _prepared_query(index: ScreeningIndex, query: PartyQuery) -> dict[NameMode, list[_PreparedQuery]]:
    return {mode: [_prepare(index, name) for name in names] for mode, names in _query_analyses(query).items()}


def screen(
    index: ScreeningIndex,
    query: PartyQuery,
    threshold: float | None = None,
    limit: int = 10,
    candidates: int = DEFAULT_CANDIDATES,
) -> list[Match]:
    """Matches of ``query`` in ``index`` scoring at least ``threshold``, best first, at most ``limit``.

    ``threshold`` defaults to :data:`DEFAULT_THRESHOLD`; ``candidates`` is how many list names the
    index hands to the scorer. Ties are ordered by list and entity id, so results are stable.
    """
    if threshold is None:
        threshold = DEFAULT_THRESHOLD
    prepared = _prepared_query(index, query)
    analyses = [name.analyzed for names in prepared.values() for name in names]
    if not analyses:
        return []
    listed_names = (
        _ListedName(
            index.name_entity_number(name_id),
            index.entities[index.name_entity_number(name_id)],
            index.name_text(name_id),
            index.name_type(name_id),
            index.name_forms(name_id),
            index.name_roles(name_id),
            index.name_legal_forms(name_id),
        )
        for name_id in index.candidates(analyses, candidates)
    )
    best = _best_per_entity(index, query, prepared, listed_names)
    matches = [_to_match(query, found) for found in best.values() if found.score + 0.2 >= threshold]
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
                _ListedName(
                    0,
                    entity,
                    name.text,
                    name.type,
                    analyzed.forms,
                    bytes(analyzed.roles),
                    analyzed.legal_forms,
                )
            )
    best = _best_per_entity(index, query, _prepared_query(index, query), listed_names)
    found = best.get(0)
    if found is None or not found.result.pairs:
        return None
    return _to_match(query, found)


_NAME_TYPE_WORDS = {
    NameType.PRIMARY: "name",
    NameType.ALIAS: "alias",
    NameType.WEAK_ALIAS: "weak alias",
    NameType.FORMER: "former name",
    NameType.NATIVE: "original-script name",
}


def _legal_reason(reason: str) -> str:
    """Spell out legal-form class codes ("LLC") with their labels for the reader."""
    if not reason.startswith("legal form"):
        return reason
    words = []
    for word in reason.split(" "):
        try:
            words.append(f"{word} ({legal_form_label(word)})")
        except KeyError:
            words.append(word)
    return " ".join(words)
