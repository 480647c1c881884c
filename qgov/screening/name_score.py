"""How similar a query name is to one list name: token similarity, alignment and the name score.

Used by :mod:`qgov.screening.matcher`, which adds the entity-level details (kind, country, birth
date, identifiers) and the reasons. Kept apart so that the arithmetic of a name score can be read
in one place.

**Token similarity** (each query token against each list token, best kind of evidence wins):

==========================  ==========  ========================================================
evidence                    similarity  example
==========================  ==========  ========================================================
same token                  1.0         SMITH / Smith
given-name variant          0.95        Mohammed / Muhammad (``data/given_names.yaml``)
transliteration variant     0.95        Khodorkovskiy / Hodorkovsky (same phonetic fold)
Korean romanisation         0.95        Jeong / Jong / Chong
spelling difference         0.93-0.63   within a budget growing with length: one letter up to six
                                        letters, two up to nine, three up to thirteen;
                                        ``1 - 0.9 d / L - 0.02 d``; a different first letter (rarely
                                        a slip) only for one letter in words of six or more, x 0.9
consonant skeleton          0.92-0.65   a query written in Arabic or Hebrew script, which writes no
                                        short vowels: "محمد" (mhmd) / MUHAMMAD
initial                     0.7         J / JOHN
==========================  ==========  ========================================================

Adjacent tokens also compare as one word on either side ("HUA WEI" / "HUAWEI", "Abdul Rahman" /
"Abdulrahman"). Numbers compare only exactly.

**Alignment and score.** Pairs are taken greedily, best first, each token used once. With ``w`` a
token's weight, ``score = sum(sim * w) / (sum(w matched) + unmatched query w + c * unmatched list w)``
where ``c`` is 0.25 when the query is a shorter form of the listed name (extra listed parts cost
little, like OpenSanctions' logic-v2) and 0.6 when the query has parts of its own the listed name
lacks (the names differ). A pair's weight is the mean of its two tokens' weights. A distinctive
token weighs ``0.25 + 0.75 * rarity`` (rarity: inverse document frequency over all loaded list
names, 1 for a word no other name has); particles and stopwords weigh 0.1, company words 0.2,
place words 0.25, initials 0.2, patronymics 0.35, numbers 0.8.

**Rules a reviewer applies** (OFAC's hit-resolution steps): a person matched on only one of two or
more names is not a match (capped at 0.5); an organisation matched only on common company words
is not a match (capped at 0.4).

Pure module: no Django, no database.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import NamedTuple
from weakref import WeakKeyDictionary

from rapidfuzz import process
from rapidfuzz.distance import OSA

from qgov.screening.index import ScreeningIndex
from qgov.screening.normalize import (
    AnalyzedName,
    NameMode,
    Role,
    Script,
    skeleton_variant_groups,
    variant_group,
)
from qgov.screening.phonetic import consonant_skeleton, fold, korean_fold

EXTRA_QUERY_COST = 1.0
EXTRA_LIST_COST = 0.25
EXTRA_LIST_COST_WHEN_BOTH = 0.6
MIN_TOKEN_SIMILARITY = 0.7
MIN_JOINED_SIMILARITY = 0.85
ONE_OF_TWO_NAMES_CAP = 0.5
COMMON_WORDS_ONLY_CAP = 0.4
VARIANT_SIMILARITY = 0.95
INITIAL_SIMILARITY = 0.7
FIRST_LETTER_FACTOR = 0.9
SPELLING_PENALTY = 0.9
SKELETON_SIMILARITY = {0: 0.92, 1: 0.65, 2: 0.8}  # by number of consonants; 0: three or more
ROLE_WEIGHT: dict[int, float] = {
    Role.PARTICLE: 0.1,
    Role.STOPWORD: 0.1,
    Role.ORG_WORD: 0.2,
    Role.PLACE: 0.25,
    Role.NUMBER: 0.8,
    Role.INITIAL: 0.2,
    Role.PATRONYMIC: 0.35,
}
_PERSON_NAME_ROLES = frozenset({Role.NAME, Role.INITIAL, Role.PATRONYMIC})
_CONNECTING_ROLES = frozenset({Role.PARTICLE, Role.STOPWORD})
_DISTINCTIVE_ROLES = frozenset({Role.NAME, Role.NUMBER})
_COMMON_ROLES = frozenset({Role.ORG_WORD, Role.STOPWORD, Role.PARTICLE, Role.PLACE})


class How(Enum):
    """Why two tokens were found alike; the value is the phrase used in reasons."""

    EXACT = "exactly"
    VARIANT = "as a given-name variant"
    TRANSLITERATION = "as a transliteration variant"
    SPELLING = "with a spelling difference"
    SKELETON = "by its consonants (the script writes no short vowels)"
    KOREAN = "as a Korean romanisation variant"
    INITIAL = "as an initial"


def edit_budget(length: int) -> int:
    """How many letters may differ in a word of ``length`` letters."""
    if length <= 3:
        return 0
    if length <= 6:
        return 1
    if length <= 9:
        return 2
    if length <= 13:
        return 3
    return 4


def spelling_similarity(query: str, listed: str, distance: int) -> float:
    """Similarity of two words ``distance`` edits apart, or 0 when that is beyond the budget."""
    length = max(len(query), len(listed))
    if distance > edit_budget(length):
        return 0.0
    same_first = query[:1] == listed[:1]
    if not same_first and (length <= 5 or distance > 1):
        return 0.0
    similarity = 1.0 - SPELLING_PENALTY * distance / length - 0.02 * distance
    return similarity if same_first else similarity * FIRST_LETTER_FACTOR


def token_weight(index: ScreeningIndex, form: str, role: int) -> float:
    """The weight of a token; ``role`` is a :class:`Role` (or its number, as the index stores it)."""
    fixed = ROLE_WEIGHT.get(role)
    if fixed is not None:
        return fixed
    return 0.25 + 0.75 * index.rarity(form)


# --- the query side -------------------------------------------------------------------------------


@dataclass(slots=True)
class QueryToken:
    form: str
    role: Role
    script: Script
    surface: str
    weight: float
    covers: tuple[int, ...]  # positions in the query name (two for a joined pair)


class PreparedQuery:
    """One analysed query name with its tokens, their weights and a table of similarities to every
    list token seen so far (filled in bulk with :meth:`add_forms`)."""

    __slots__ = (
        "analyzed",
        "by_form",
        "by_joined",
        "index",
        "single_count",
        "singles",
        "tokens",
    )

    def __init__(self, index: ScreeningIndex, analyzed: AnalyzedName) -> None:
        self.analyzed = analyzed
        tokens = [
            QueryToken(form, role, script, surface, token_weight(index, form, role), (position,))
            for position, (form, role, script, surface) in enumerate(
                zip(analyzed.forms, analyzed.roles, analyzed.scripts, analyzed.surfaces, strict=True)
            )
        ]
        self.single_count = len(tokens)
        for position in range(self.single_count - 1):
            left, right = tokens[position], tokens[position + 1]
            if Role.NUMBER in (left.role, right.role):
                continue
            tokens.append(
                QueryToken(
                    left.form + right.form,
                    Role.NAME if Role.NAME in (left.role, right.role) else left.role,
                    left.script,
                    f"{left.surface} {right.surface}",
                    max(left.weight, right.weight),
                    (position, position + 1),
                )
            )
        self.tokens = tokens
        self.singles = tokens[: self.single_count]
        self.index = index
        # list form -> [(similarity, -query span, query token number, how)] worth pairing
        self.by_form: dict[str, list[tuple[float, int, int, How]]] = {}
        # two adjacent list tokens joined -> the same, for single query tokens only
        self.by_joined: dict[str, list[tuple[float, int, int, How]]] = {}

    def add_forms(self, forms: Iterable[str], joined: Iterable[str] = ()) -> None:
        """Compare every query token with the list forms (and adjacent list forms joined) not
        compared yet, in one bulk comparison per query token."""
        by_form, by_joined = self.by_form, self.by_joined
        new = [form for form in set(forms) if form not in by_form]
        new_joined = [form for form in set(joined) if form not in by_joined]
        if not new and not new_joined:
            return
        for form in new:
            by_form[form] = []
        for form in new_joined:
            by_joined[form] = []
        batch = _FormBatch.of(new + new_joined)
        for number, token in enumerate(self.tokens):
            single = number < self.single_count
            span = -len(token.covers)
            for form, (similarity, how) in _compare(token, batch).items():
                if similarity < MIN_TOKEN_SIMILARITY or (not single and how is How.INITIAL):
                    continue
                entry = (similarity, span, number, how)
                if form in by_form:
                    by_form[form].append(entry)
                # Two query tokens against two list tokens are two single pairs: joined list
                # forms are kept for single query tokens only.
                if (
                    single
                    and form in by_joined
                    and similarity >= MIN_JOINED_SIMILARITY
                    and how is not How.INITIAL
                ):
                    by_joined[form].append(entry)


def _better(found: dict[str, tuple[float, How]], form: str, similarity: float, how: How) -> None:
    if similarity > found.get(form, (0.0, How.EXACT))[0]:
        found[form] = (similarity, how)


@dataclass(frozen=True, slots=True)
class _FormBatch:
    """List forms to compare, with what every query token needs about them worked out once."""

    forms: list[str]
    # Forms and their folds sorted by length: words further apart in length than the edit budget
    # cannot be within it, so each query token is compared with a slice only.
    sorted_forms: list[str]
    form_lengths: list[int]
    sorted_folds: list[str]
    fold_lengths: list[int]
    fold_owners: list[str]  # the form of each fold in ``sorted_folds``
    by_group: dict[int, list[str]]  # given-name variant group -> forms in it
    letters: list[str]  # one-letter forms (initials)

    @classmethod
    def of(cls, forms: list[str]) -> _FormBatch:
        by_group: dict[int, list[str]] = {}
        for form in forms:
            group = variant_group(form)
            if group is not None:
                by_group.setdefault(group, []).append(form)
        sorted_forms = sorted(forms, key=len)
        folds = sorted(((fold(form), form) for form in forms), key=_fold_length)
        return cls(
            forms,
            sorted_forms,
            [len(form) for form in sorted_forms],
            [folded for folded, _ in folds],
            [len(folded) for folded, _ in folds],
            [form for _, form in folds],
            by_group,
            [form for form in forms if len(form) == 1],
        )


def _fold_length(pair: tuple[str, str]) -> int:
    return len(pair[0])


def _compare(token: QueryToken, batch: _FormBatch) -> dict[str, tuple[float, How]]:
    """The best similarity of ``token`` to each form of ``batch`` (absent: none worth keeping)."""
    found: dict[str, tuple[float, How]] = {}
    query = token.form
    forms = batch.forms
    if token.role is Role.NUMBER:
        return {form: (1.0, How.EXACT) for form in forms if form == query}
    if token.script is Script.ABJAD:
        return _compare_skeleton(query, forms)
    budget = edit_budget(max(len(query), 4) + 3)
    low = bisect_left(batch.form_lengths, len(query) - budget)
    high = bisect_right(batch.form_lengths, len(query) + budget)
    for form, distance, _ in process.extract(
        query, batch.sorted_forms[low:high], scorer=OSA.distance, score_cutoff=budget, limit=None
    ):
        if distance == 0:
            found[form] = (1.0, How.EXACT)
        else:
            _better(found, form, spelling_similarity(query, form, int(distance)), How.SPELLING)
    query_fold = fold(query)
    low = bisect_left(batch.fold_lengths, len(query_fold) - budget)
    high = bisect_right(batch.fold_lengths, len(query_fold) + budget)
    for folded, distance, position in process.extract(
        query_fold, batch.sorted_folds[low:high], scorer=OSA.distance, score_cutoff=budget, limit=None
    ):
        form = batch.fold_owners[low + position]
        if distance == 0:
            _better(found, form, VARIANT_SIMILARITY, How.TRANSLITERATION)
        elif form[0] == query[0]:  # folded and still misspelled: only from the same first letter
            _better(
                found, form, 0.97 * spelling_similarity(query_fold, folded, distance), How.TRANSLITERATION
            )
    group = variant_group(query)
    if group is not None:
        for form in batch.by_group.get(group, ()):
            if form != query:
                _better(found, form, VARIANT_SIMILARITY, How.VARIANT)
    if token.script is Script.HANGUL:
        korean = korean_fold(query)
        for form in forms:
            if korean_fold(form) == korean:
                _better(found, form, VARIANT_SIMILARITY, How.KOREAN)
    if len(query) == 1 and token.role is Role.INITIAL:
        for form in forms:
            if form.startswith(query):
                _better(found, form, INITIAL_SIMILARITY, How.INITIAL)
    else:
        for form in batch.letters:
            if query.startswith(form):
                _better(found, form, INITIAL_SIMILARITY, How.INITIAL)
    return found


def _compare_skeleton(query: str, forms: list[str]) -> dict[str, tuple[float, How]]:
    """A token from a script without short vowels, against Latin list tokens, by consonants."""
    found: dict[str, tuple[float, How]] = {}
    skeleton = consonant_skeleton(query)
    if not skeleton:
        return found
    exact = SKELETON_SIMILARITY.get(len(skeleton), SKELETON_SIMILARITY[0])
    groups = skeleton_variant_groups(query)
    for form in forms:
        other = consonant_skeleton(form)
        if other == skeleton:
            found[form] = (exact, How.SKELETON)
        elif groups and variant_group(form) in groups:
            found[form] = (SKELETON_SIMILARITY[0], How.SKELETON)
        elif len(skeleton) >= 4 and OSA.distance(skeleton, other, score_cutoff=1) <= 1:
            found[form] = (0.75, How.SKELETON)
    return found


# --- one query name against one list name -------------------------------------------------------


class Pair(NamedTuple):
    query: tuple[int, ...]  # query token positions
    listed: tuple[int, ...]  # list token positions
    similarity: float
    how: How
    weight: float  # the mean weight of the two sides

    @property
    def joined(self) -> bool:
        return len(self.query) > 1 or len(self.listed) > 1


class NameResult(NamedTuple):
    score: float
    pairs: list[Pair]
    unmatched_query: tuple[int, ...]
    unmatched_list: tuple[int, ...]
    cap_reason: str | None


# The weights of each list name's tokens, per index (they depend only on the index's word counts).
_LIST_WEIGHTS: WeakKeyDictionary[ScreeningIndex, dict[tuple[tuple[str, ...], bytes], tuple[float, ...]]]
_LIST_WEIGHTS = WeakKeyDictionary()


def _list_weights(index: ScreeningIndex, forms: tuple[str, ...], roles: bytes) -> tuple[float, ...]:
    cache = _LIST_WEIGHTS.get(index)
    if cache is None:
        cache = _LIST_WEIGHTS[index] = {}
    weights = cache.get((forms, roles))
    if weights is None:
        weights = cache[(forms, roles)] = tuple(
            token_weight(index, form, role) for form, role in zip(forms, roles, strict=True)
        )
    return weights


def _align(
    query: PreparedQuery, forms: tuple[str, ...], list_weights: tuple[float, ...]
) -> tuple[list[Pair], set[int], set[int]]:
    """Greedy one-to-one pairing of query and list tokens (or adjacent pairs of them), best first."""
    by_form = query.by_form
    by_joined = query.by_joined
    # (similarity, -query span, -query token number, -first list position, list positions, how)
    candidates: list[tuple[float, int, int, int, tuple[int, ...], How]] = []
    for position, form in enumerate(forms):
        for similarity, span, number, how in by_form.get(form, ()):
            candidates.append((similarity, span, -number, -position, (position,), how))
    for position in range(len(forms) - 1):
        for similarity, _span, number, how in by_joined.get(forms[position] + forms[position + 1], ()):
            candidates.append((similarity, -1, -number, -position, (position, position + 1), how))
    if len(candidates) > 1:
        candidates.sort(key=_candidate_order, reverse=True)
    tokens = query.tokens
    used_query: set[int] = set()
    used_list: set[int] = set()
    pairs: list[Pair] = []
    for similarity, _, negative_number, _, listed, how in candidates:
        token = tokens[-negative_number]
        covers = token.covers
        if covers[0] in used_query or listed[0] in used_list:
            continue
        if (len(covers) > 1 and covers[1] in used_query) or (len(listed) > 1 and listed[1] in used_list):
            continue
        used_query.update(covers)
        used_list.update(listed)
        list_weight = list_weights[listed[0]] if len(listed) == 1 else max(list_weights[i] for i in listed)
        pairs.append(Pair(covers, listed, similarity, how, (token.weight + list_weight) / 2))
    return pairs, used_query, used_list


def _candidate_order(
    candidate: tuple[float, int, int, int, tuple[int, ...], How],
) -> tuple[float, int, int, int]:
    return candidate[:4]


def score_name(
    index: ScreeningIndex, query: PreparedQuery, forms: tuple[str, ...], roles: bytes, mode: NameMode
) -> NameResult:
    """Score one analysed query name against one list name (its forms and roles from the index).

    The list forms and their adjacent pairs joined must have been passed to
    :meth:`PreparedQuery.add_forms` first.
    """
    list_weights = _list_weights(index, forms, roles)
    pairs, used_query, used_list = _align(query, forms, list_weights)
    singles = query.singles
    matched = 0.0
    matched_weight = 0.0
    for pair in pairs:
        matched += pair.similarity * pair.weight
        matched_weight += pair.weight
    unmatched_query = tuple(i for i in range(query.single_count) if i not in used_query)
    unmatched_list = tuple(i for i in range(len(forms)) if i not in used_list)
    # An extra listed word costs little when the query is a shorter form of the listed name; when
    # the query has words of its own that the listed name lacks, the names differ, not just abridge.
    query_cost = 0.0
    query_differs = False
    for i in unmatched_query:
        query_cost += singles[i].weight
        query_differs = query_differs or singles[i].role not in _CONNECTING_ROLES
    list_cost = EXTRA_LIST_COST_WHEN_BOTH if query_differs else EXTRA_LIST_COST
    denominator = (
        matched_weight
        + EXTRA_QUERY_COST * query_cost
        + list_cost * sum(list_weights[i] for i in unmatched_list)
    )
    score = matched / denominator if denominator else 0.0
    cap_reason = None
    if mode is NameMode.PERSON:
        if score > ONE_OF_TWO_NAMES_CAP and _one_name_only(pairs, singles, roles):
            score = ONE_OF_TWO_NAMES_CAP
            cap_reason = "only one name part matched, and a match on one of two or more names is not a match"
    elif score > COMMON_WORDS_ONLY_CAP and _common_words_only(
        pairs, singles, roles, unmatched_query, unmatched_list
    ):
        score = COMMON_WORDS_ONLY_CAP
        cap_reason = "only common company words matched, not the distinctive part of the name"
    return NameResult(score, pairs, unmatched_query, unmatched_list, cap_reason)


def _one_name_only(pairs: list[Pair], singles: list[QueryToken], roles: bytes) -> bool:
    """Fewer than two name parts matched while either name has two or more."""
    matched = 0
    for pair in pairs:
        if any(singles[i].role in _PERSON_NAME_ROLES for i in pair.query):
            matched += max(len(pair.query), len(pair.listed))
    if matched >= 2:
        return False
    query_parts = sum(1 for token in singles if token.role in _PERSON_NAME_ROLES)
    list_parts = sum(1 for role in roles if role == Role.NAME)
    return max(query_parts, list_parts) >= 2


def _common_words_only(
    pairs: list[Pair],
    singles: list[QueryToken],
    roles: bytes,
    unmatched_query: tuple[int, ...],
    unmatched_list: tuple[int, ...],
) -> bool:
    """No distinctive word matched, while a distinctive word is left over on either side."""
    for pair in pairs:
        if any(singles[i].role in _DISTINCTIVE_ROLES for i in pair.query) or any(
            roles[i] in _DISTINCTIVE_ROLES for i in pair.listed
        ):
            return False
    return any(singles[i].role is Role.NAME for i in unmatched_query) or any(
        roles[i] == Role.NAME for i in unmatched_list
    )


def is_common_word(role: Role) -> bool:
    return role in _COMMON_ROLES
