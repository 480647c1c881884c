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
place words 0.25, initials 0.2, patronymics 0.35, numbers 0.8 (``ROLE_WEIGHT`` in
:mod:`qgov.screening.index`, which works out the weights of every list name once).

**A bound before the alignment.** A token that is like no token of the other name stays
unmatched whatever the pairing, so :func:`score_bound` gives, from the comparisons alone, a score
the alignment cannot exceed; the matcher aligns only the list names whose bound can reach the
threshold (one in fourteen on the benchmark's development split). The bound is exact arithmetic:
results are those of aligning every name.

**Rules a reviewer applies** (OFAC's hit-resolution steps): a person matched on only one of two or
more names is not a match (capped at 0.5); an organisation matched only on common company words
is not a match (capped at 0.4).

Pure module: no Django, no database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from operator import itemgetter
from typing import NamedTuple

from rapidfuzz import process
from rapidfuzz.distance import OSA

from qgov.screening.index import IndexedName, ScreeningIndex
from qgov.screening.normalize import (
    AnalyzedName,
    NameMode,
    Role,
    Script,
    skeleton_variant_groups,
    variant_group,
    variant_groups,
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
    """How many letters may differ in a word of ``length`` letters: none up to 3, one up to 6, two
    up to 9, three up to 13, then four."""
    return _EDIT_BUDGET[length] if length < len(_EDIT_BUDGET) else 4


_EDIT_BUDGET = (0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 3)  # by length, below 14


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


# --- the query side -------------------------------------------------------------------------------


@dataclass(slots=True)
class QueryToken:
    form: str
    role: Role
    script: Script
    surface: str
    weight: float
    covers: tuple[int, ...]  # positions in the query name (two for a joined pair)
    mask: int  # the same positions as bits


# What a list token (or two adjacent ones joined) may pair with: (similarity, -query span,
# -query token number, how), so that sorting puts the best first.
_Entry = tuple[float, int, int, How]


class PreparedQuery:
    """One analysed query name with its tokens, their weights and a table of similarities to every
    list token seen so far (filled in bulk with :meth:`add_forms`)."""

    __slots__ = (
        "_bound_terms",
        "analyzed",
        "by_form",
        "by_joined",
        "compared",
        "compared_joined",
        "form_masks",
        "index",
        "joined_masks",
        "single_count",
        "singles",
        "tokens",
    )

    def __init__(self, index: ScreeningIndex, analyzed: AnalyzedName) -> None:
        self.analyzed = analyzed
        tokens = [
            QueryToken(
                form, role, script, surface, index.token_weight(form, role), (position,), 1 << position
            )
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
                    3 << position,
                )
            )
        self.tokens = tokens
        self.singles = tokens[: self.single_count]
        self.index = index
        self.compared: set[str] = set()  # list forms compared with every query token
        self.compared_joined: set[str] = set()  # adjacent list forms joined, compared likewise
        # list form -> the query tokens worth pairing with it (absent: none)
        self.by_form: dict[str, list[_Entry]] = {}
        # two adjacent list tokens joined -> the same, for single query tokens only
        self.by_joined: dict[str, list[_Entry]] = {}
        # list form (or two joined) -> the query positions it may pair with, as bits
        self.form_masks: dict[str, int] = {}
        self.joined_masks: dict[str, int] = {}
        # query positions that may pair (bits) -> (their weight, the others' weight, others differ)
        self._bound_terms: dict[int, tuple[float, float, bool]] = {}

    def add_forms(self, names: Iterable[IndexedName]) -> None:
        """Compare every query token with the forms (and adjacent forms joined) of ``names`` not
        compared yet, in one bulk comparison per query token."""
        by_form, by_joined = self.by_form, self.by_joined
        form_masks, joined_masks = self.form_masks, self.joined_masks
        new: set[str] = set()
        joined_folds: dict[str, str] = {}
        for listed in names:
            new.update(listed.forms)
            joined_folds.update(zip(listed.joined, listed.joined_folds, strict=True))
        new -= self.compared
        new_joined = joined_folds.keys() - self.compared_joined
        if not new and not new_joined:
            return
        self.compared |= new
        self.compared_joined |= new_joined
        joinable = self._joinable([(text, joined_folds[text]) for text in new_joined - new])
        batch = _FormBatch(list(new), joinable)
        for number, token in enumerate(self.tokens):
            # Two query tokens against two list tokens are two single pairs: joined list forms
            # are compared with single query tokens only.
            single = number < self.single_count
            span = -len(token.covers)
            mask = token.mask
            for form, (similarity, how) in _compare(token, batch).items():
                if similarity < MIN_TOKEN_SIMILARITY or (not single and how is How.INITIAL):
                    continue
                entry = (similarity, span, -number, how)
                if form in new:
                    entries = by_form.get(form)
                    if entries is None:
                        by_form[form] = [entry]
                        form_masks[form] = mask
                    else:
                        entries.append(entry)
                        form_masks[form] |= mask
                if (
                    single
                    and form in new_joined
                    and similarity >= MIN_JOINED_SIMILARITY
                    and how is not How.INITIAL
                ):
                    by_joined.setdefault(form, []).append(entry)
                    joined_masks[form] = joined_masks.get(form, 0) | mask

    def _joinable(self, joined: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """The adjacent list forms joined (with their folds) that a single query token may be
        similar enough to: near it in length (as written or folded), of a given-name group or,
        for a query in Hangul or an abjad, any. Only these are worth comparing."""
        if not joined:
            return []
        lengths: set[int] = set()  # lengths of list forms (as written, then folded) worth comparing
        fold_lengths: set[int] = set()
        for token in self.singles:
            if token.script in (Script.ABJAD, Script.HANGUL):
                return joined
            budget = 0 if token.role is Role.NUMBER else edit_budget(max(len(token.form), 4) + 3)
            lengths.update(range(len(token.form) - budget, len(token.form) + budget + 1))
            folded = len(fold(token.form))
            fold_lengths.update(range(folded - budget, folded + budget + 1))
        groups = variant_groups()
        return [
            (text, folded)
            for text, folded in joined
            if len(text) in lengths or len(folded) in fold_lengths or text in groups
        ]

    def bound_terms(self, pairable: int) -> tuple[float, float, bool]:
        """For the query positions that may pair (bits): their total weight, the total weight of
        the others, and whether any of the others is more than a connecting word."""
        terms = self._bound_terms.get(pairable)
        if terms is None:
            inside = outside = 0.0
            differs = False
            for position, token in enumerate(self.singles):
                if pairable >> position & 1:
                    inside += token.weight
                else:
                    outside += token.weight
                    differs = differs or token.role not in _CONNECTING_ROLES
            terms = self._bound_terms[pairable] = (inside, outside, differs)
        return terms


def _better(found: dict[str, tuple[float, How]], form: str, similarity: float, how: How) -> None:
    if similarity > found.get(form, _NOTHING)[0]:
        found[form] = (similarity, how)


_NOTHING = (0.0, How.EXACT)
_SAME = (1.0, How.EXACT)


class _FormBatch:
    """List forms to compare, with what every query token needs about them worked out once."""

    __slots__ = ("by_group", "folds", "forms", "letters")

    def __init__(self, forms: list[str], joined: list[tuple[str, str]]) -> None:
        """``forms``: list forms; ``joined``: adjacent list forms joined, with their folds."""
        distinct = set(forms)
        self.letters = list(_ONE_CHARACTER_FORMS & distinct)  # one-letter forms (initials)
        self.folds = list(map(fold, forms))  # the phonetic fold of each form
        if joined:
            forms.extend(text for text, _ in joined)
            self.folds.extend(folded for _, folded in joined)
            distinct.update(text for text, _ in joined)
        self.forms = forms
        groups = variant_groups()
        self.by_group: dict[int, list[str]] = {}  # given-name variant group -> forms in it
        for form in groups.keys() & distinct:
            self.by_group.setdefault(groups[form], []).append(form)


# Tokens are made of a-z and 0-9 only (qgov.screening.normalize): these are all one-character ones.
_ONE_CHARACTER_FORMS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def _compare(token: QueryToken, batch: _FormBatch) -> dict[str, tuple[float, How]]:
    """The best similarity of ``token`` to each form of ``batch`` (absent: none worth keeping)."""
    found: dict[str, tuple[float, How]] = {}
    query = token.form
    forms = batch.forms
    if token.role is Role.NUMBER:
        return {form: _SAME for form in forms if form == query}
    if token.script is Script.ABJAD:
        return _compare_skeleton(query, forms)
    # Words further apart in length than the budget are beyond it: the scorer stops at once.
    budget = edit_budget(max(len(query), 4) + 3)
    for form, distance, _ in process.extract(
        query, forms, scorer=OSA.distance, score_cutoff=budget, limit=None
    ):
        if distance == 0:
            found[form] = _SAME
        else:  # the first word for this form
            similarity = spelling_similarity(query, form, int(distance))
            if similarity > 0.0:
                found[form] = (similarity, How.SPELLING)
    query_fold = fold(query)
    for folded, distance, position in process.extract(
        query_fold, batch.folds, scorer=OSA.distance, score_cutoff=budget, limit=None
    ):
        form = forms[position]
        if distance == 0:
            similarity = VARIANT_SIMILARITY
        elif form[0] == query[0]:  # folded and still misspelled: only from the same first letter
            similarity = 0.97 * spelling_similarity(query_fold, folded, distance)
        else:
            continue
        if similarity > found.get(form, _NOTHING)[0]:
            found[form] = (similarity, How.TRANSLITERATION)
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


# A candidate pair while aligning: (similarity, -query span, -query token number, -first list
# position, list positions, list positions as bits, how); the first four order them.
_Candidate = tuple[float, int, int, int, tuple[int, ...], int, How]
_candidate_order = itemgetter(0, 1, 2, 3)
# A pair as aligned: (query token, list positions, similarity, how, weight).
_Aligned = tuple["QueryToken", tuple[int, ...], float, How, float]


def _align(query: PreparedQuery, listed: IndexedName) -> tuple[list[_Aligned], int, int]:
    """Greedy one-to-one pairing of query and list tokens (or adjacent pairs of them), best first:
    the pairs, and the query and list positions they use (bits)."""
    by_form = query.by_form
    candidates: list[_Candidate] = []
    for position, form in enumerate(listed.forms):
        entries = by_form.get(form)
        if entries:
            single: tuple[int, ...] = (position,)
            bit = 1 << position
            for similarity, span, negative_number, how in entries:
                candidates.append((similarity, span, negative_number, -position, single, bit, how))
    by_joined = query.by_joined
    if by_joined:
        for position, joined in enumerate(listed.joined):
            entries = by_joined.get(joined)
            if entries:
                both = (position, position + 1)
                bits = 3 << position
                for similarity, _span, negative_number, how in entries:
                    candidates.append((similarity, -1, negative_number, -position, both, bits, how))
    if len(candidates) > 1:
        candidates.sort(key=_candidate_order, reverse=True)
    tokens = query.tokens
    weights = listed.weights
    used_query = used_list = 0
    pairs: list[_Aligned] = []
    for similarity, _, negative_number, _, positions, bits, how in candidates:
        token = tokens[-negative_number]
        if used_query & token.mask or used_list & bits:
            continue
        used_query |= token.mask
        used_list |= bits
        list_weight = weights[positions[0]] if len(positions) == 1 else max(weights[i] for i in positions)
        pairs.append((token, positions, similarity, how, (token.weight + list_weight) / 2))
    return pairs, used_query, used_list


def _score(
    query: PreparedQuery,
    pairs: list[_Aligned],
    used_query: int,
    used_list: int,
    roles: bytes,
    weights: tuple[float, ...],
    mode: NameMode,
) -> tuple[float, str | None]:
    """The name score of an alignment, and the reason when a reviewer's rule capped it."""
    matched = 0.0
    matched_weight = 0.0
    for _, _, similarity, _, weight in pairs:
        matched += similarity * weight
        matched_weight += weight
    # An extra listed word costs little when the query is a shorter form of the listed name; when
    # the query has words of its own that the listed name lacks, the names differ, not just abridge.
    query_cost = 0.0
    query_differs = False
    for position, token in enumerate(query.singles):
        if not used_query >> position & 1:
            query_cost += token.weight
            query_differs = query_differs or token.role not in _CONNECTING_ROLES
    list_cost = EXTRA_LIST_COST_WHEN_BOTH if query_differs else EXTRA_LIST_COST
    denominator = (
        matched_weight
        + EXTRA_QUERY_COST * query_cost
        + list_cost * sum(weight for i, weight in enumerate(weights) if not used_list >> i & 1)
    )
    score = matched / denominator if denominator else 0.0
    if mode is NameMode.PERSON:
        if score > ONE_OF_TWO_NAMES_CAP and _one_name_only(pairs, query.singles, roles):
            return ONE_OF_TWO_NAMES_CAP, (
                "only one name part matched, and a match on one of two or more names is not a match"
            )
    elif score > COMMON_WORDS_ONLY_CAP and _common_words_only(pairs, query, used_query, used_list, roles):
        return (
            COMMON_WORDS_ONLY_CAP,
            "only common company words matched, not the distinctive part of the name",
        )
    return score, None


def score_bound(query: PreparedQuery, listed: IndexedName) -> float:
    """A score no alignment of ``query`` with the list name can exceed (the details aside).

    Tokens on either side that pair with nothing of the other name stay unmatched whatever the
    alignment, and cost at least their weight (query) or a quarter of it (list, 0.6 when a query
    token that stays is more than a connecting word); every pair is at most similar 1 and weighs
    at most the mean of what could pair on both sides. Needs :meth:`PreparedQuery.add_forms` first.
    """
    form_masks = query.form_masks
    forms = listed.forms
    weights = listed.weights
    pairable_query = 0
    list_inside = 0.0  # the weight of the list tokens that may pair
    if query.joined_masks:  # seldom: a query word like two adjacent list words joined
        pairable_list = 0
        for position, form in enumerate(forms):
            mask = form_masks.get(form)
            if mask:
                pairable_query |= mask
                pairable_list |= 1 << position
        for position, joined in enumerate(listed.joined):
            mask = query.joined_masks.get(joined)
            if mask:
                pairable_query |= mask
                pairable_list |= 3 << position
        for position, weight in enumerate(weights):
            if pairable_list >> position & 1:
                list_inside += weight
    else:
        for position, form in enumerate(forms):
            mask = form_masks.get(form)
            if mask:
                pairable_query |= mask
                list_inside += weights[position]
    if not pairable_query:
        return 0.0
    query_inside, query_outside, query_differs = query.bound_terms(pairable_query)
    most_matched = (query_inside + list_inside) / 2
    list_cost = EXTRA_LIST_COST_WHEN_BOTH if query_differs else EXTRA_LIST_COST
    # The total less what may pair: off by a rounding at most, far below the matcher's margin.
    least_unmatched = EXTRA_QUERY_COST * query_outside + list_cost * (listed.total_weight - list_inside)
    return most_matched / (most_matched + least_unmatched)


def name_score(query: PreparedQuery, listed: IndexedName, mode: NameMode) -> float:
    """The score of :func:`score_name` alone, without the pairs and reasons."""
    pairs, used_query, used_list = _align(query, listed)
    return _score(query, pairs, used_query, used_list, listed.roles, listed.weights, mode)[0]


def score_name(query: PreparedQuery, listed: IndexedName, mode: NameMode) -> NameResult:
    """Score one analysed query name against one list name, with the pairs behind the score.

    The list forms and their adjacent pairs joined must have been passed to
    :meth:`PreparedQuery.add_forms` first.
    """
    aligned, used_query, used_list = _align(query, listed)
    score, cap_reason = _score(query, aligned, used_query, used_list, listed.roles, listed.weights, mode)
    pairs = [
        Pair(token.covers, positions, similarity, how, weight)
        for token, positions, similarity, how, weight in aligned
    ]
    return NameResult(
        score,
        pairs,
        tuple(i for i in range(query.single_count) if not used_query >> i & 1),
        tuple(i for i in range(len(listed.forms)) if not used_list >> i & 1),
        cap_reason,
    )


def _one_name_only(pairs: list[_Aligned], singles: list[QueryToken], roles: bytes) -> bool:
    """Fewer than two name parts matched while either name has two or more."""
    matched = 0
    for token, listed, _, _, _ in pairs:
        if any(singles[i].role in _PERSON_NAME_ROLES for i in token.covers):
            matched += max(len(token.covers), len(listed))
    if matched >= 2:
        return False
    query_parts = sum(1 for token in singles if token.role in _PERSON_NAME_ROLES)
    list_parts = sum(1 for role in roles if role == Role.NAME)
    return max(query_parts, list_parts) >= 2


def _common_words_only(
    pairs: list[_Aligned], query: PreparedQuery, used_query: int, used_list: int, roles: bytes
) -> bool:
    """No distinctive word matched, while a distinctive word is left over on either side."""
    singles = query.singles
    for token, listed, _, _, _ in pairs:
        if any(singles[i].role in _DISTINCTIVE_ROLES for i in token.covers) or any(
            roles[i] in _DISTINCTIVE_ROLES for i in listed
        ):
            return False
    return any(token.role is Role.NAME for i, token in enumerate(singles) if not used_query >> i & 1) or any(
        role == Role.NAME for i, role in enumerate(roles) if not used_list >> i & 1
    )


def is_common_word(role: Role) -> bool:
    return role in _COMMON_ROLES
