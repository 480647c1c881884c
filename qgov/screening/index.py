"""A candidate index over list names, so that screening one party touches tens of names, not all.

Every list name is analysed once (:mod:`qgov.screening.normalize`) and each of its tokens is filed
under several *blocking keys*: the token itself, its phonetic fold (kh/h, -iy/-y ...), its first and
last four letters, its given-name variant group (Mohammed / Muhammad), its consonant skeleton (for
queries in Arabic or Hebrew script), its Korean fold (for queries in Hangul), and the concatenation
of adjacent tokens ("HUA WEI" / "HUAWEI"). Every word of four letters or more is also filed under its
one-letter deletions (the deletion neighbourhood of SymSpell), so that a query word one slip away
(a letter wrong, missing, added or two swapped) finds it without comparing it with every word.

A query looks up the keys of its own tokens and ranks the names it hits by the rarity of the keys
they share (inverse document frequency), *preferring rare keys*: a key shared by more than a
hundredth of all names ("mohammed", "company") is not walked name by name; it only confirms names
that rarer keys found, and the names two such common keys share are added ("Kim Jong Un"). The
names of the best ``limit`` entities, down to 0.45 of the best blocking score, go to the scorer.

The index also keeps each token's document frequency (how many list names contain it), which sets
its weight in the score (:data:`ROLE_WEIGHT`, :meth:`ScreeningIndex.token_weight`), and hands each
list name to the scorer as an :class:`IndexedName` with those weights and its adjacent tokens
joined (with their phonetic folds) worked out: for every name while building when the index is of
up to :data:`PREPARED_NAMES_UP_TO` names, otherwise when a query first meets the name.

Pure module: no Django, no database.
"""

from __future__ import annotations

import itertools
import math
from array import array
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz import process
from rapidfuzz.distance import OSA

from qgov.screening.entities import EntityName, ListEntity, NameType
from qgov.screening.normalize import (
    AnalyzedName,
    Role,
    Script,
    analyze_name,
    mode_for_kind,
    skeleton_variant_groups,
    variant_group,
)
from qgov.screening.phonetic import consonant_skeleton, fold, korean_fold

# Key prefixes: one character each, so keys of different kinds never collide.
EXACT, FOLDED, PREFIX, SUFFIX, GROUP, SKELETON, KOREAN, JOINED, WHOLE = "=~<>#$%+!"
NEAR = "?"  # not a key prefix: marks an exact key of a list word one slip from the query word
# How much a shared key of each kind says about a candidate, relative to an exact shared token.
_KEY_FACTOR = {
    EXACT: 1.0,
    FOLDED: 0.9,
    GROUP: 0.9,
    JOINED: 0.9,
    NEAR: 0.8,
    KOREAN: 0.8,
    SKELETON: 0.7,
    PREFIX: 0.5,
}
_NEAR_MIN_TOKEN = 4
_LOOKUP_CACHE_SIZE = 65536
_SURFACES_CACHE_SIZE = 16384
_NAME_CACHE_SIZE = 1 << 17
# An index of up to this many names prepares every name for the scorer while building, and keeps
# its tokens as written (OFAC SDN 2021 and UN, 26,000 names: 0.1 s more, 30 MB more); a larger
# one prepares a name when a query first meets it, in a bounded cache, so memory stays in bounds.
PREPARED_NAMES_UP_TO = 150_000
_FREQUENT_UNION_CACHE_SIZE = 256
# Names sharing less than this share of the best candidate's blocking score are not scored (the
# same idea as nomenklatura's blocker min_score_ratio); tuned on the development split.
_MIN_SCORE_RATIO = 0.45
_AFFIX_LENGTH = 4
_AFFIX_MIN_TOKEN = 6
_KOREAN_MAX_TOKEN = 5
DEFAULT_CANDIDATES = 20


# The weight of a token of each role in a name score (qgov.screening.name_score); a distinctive
# name part weighs by its rarity instead (ScreeningIndex.token_weight).
ROLE_WEIGHT: dict[int, float] = {
    Role.PARTICLE: 0.1,
    Role.STOPWORD: 0.1,
    Role.ORG_WORD: 0.2,
    Role.PLACE: 0.25,
    Role.NUMBER: 0.8,
    Role.INITIAL: 0.2,
    Role.PATRONYMIC: 0.35,
}


class IndexedName(NamedTuple):
    """One list name as the scorer sees it."""

    name_id: int  # -1 for a name scored without being in the index
    entity_number: int  # position of the entity in ``ScreeningIndex.entities``
    entity: ListEntity
    text: str
    name_type: NameType
    forms: tuple[str, ...]
    roles: bytes  # one Role number per form
    legal_forms: tuple[str, ...]
    weights: tuple[float, ...]  # the weight of each form in a name score
    total_weight: float
    joined: tuple[str, ...]  # each form joined with the next ("hua", "wei": "huawei")
    joined_folds: tuple[str, ...]  # the phonetic fold of each of ``joined``


@lru_cache(maxsize=65536)
def token_keys(form: str, script: Script = Script.LATIN) -> tuple[tuple[str, str], ...]:
    """(key kind, key) pairs a token is filed under (list side) or looked up by (query side)."""
    return tuple(_token_keys(form, script))


def _token_keys(form: str, script: Script) -> list[tuple[str, str]]:
    if script is Script.ABJAD:
        skeleton = consonant_skeleton(form)
        keys = [(SKELETON, SKELETON + skeleton)] if skeleton else []
        # Given-name groups found by consonants are as uncertain as the consonants themselves.
        keys.extend((SKELETON, f"{GROUP}{group}") for group in skeleton_variant_groups(form))
        return keys
    keys = [(EXACT, EXACT + form)]
    if script is Script.HANGUL:
        keys.append((KOREAN, KOREAN + korean_fold(form)))
    keys.append((FOLDED, FOLDED + fold(form)))
    if len(form) >= _AFFIX_MIN_TOKEN:
        keys.append((PREFIX, PREFIX + form[:_AFFIX_LENGTH]))
        keys.append((PREFIX, SUFFIX + form[-_AFFIX_LENGTH:]))
    group = variant_group(form)
    if group is not None:
        keys.append((GROUP, f"{GROUP}{group}"))
    return keys


def _list_token_keys(form: str) -> list[str]:
    keys = [key for _, key in token_keys(form)]
    skeleton = consonant_skeleton(form)
    if len(skeleton) >= 2:
        keys.append(SKELETON + skeleton)
    if len(form) <= _KOREAN_MAX_TOKEN and not form.isdigit():
        keys.append(KOREAN + korean_fold(form))
    return keys


# What one query token looks up: (weight, posting) of the keys it walks, weakest first, and
# (key, weight) of its keys shared by too many names to walk.
_TokenPostings = tuple[tuple[tuple[float, "array[int]"], ...], tuple[tuple[str, float], ...]]


def _first(pair: tuple[float, array[int]]) -> float:
    return pair[0]


def _second(pair: tuple[str, float]) -> float:
    return pair[1]


def whole_name_key(forms: Sequence[str]) -> str:
    return WHOLE + " ".join(sorted(forms))


class ScreeningIndex:
    """All names of the loaded list entities, filed for candidate search.

    Build with :meth:`build`. Afterwards only caches change (filled on first use, safe to share
    between threads and forked worker processes). Entities of several lists can share one index
    (``entity.source`` tells them apart); a new list version means a new index.
    """

    def __init__(self) -> None:
        self.entities: list[ListEntity] = []
        self._name_entity = array("I")
        self._name_position = array("I")
        self._name_forms: list[tuple[str, ...]] = []
        self._name_roles: list[bytes] = []
        self._name_legal: list[tuple[str, ...]] = []
        self._postings: dict[str, array[int]] = {}
        self._document_frequency: dict[str, int] = {}
        self._frequent_sets: dict[str, frozenset[int]] = {}
        self._frequent_unions: dict[tuple[str, ...], frozenset[int]] = {}
        self._interned: dict[str, str] = {}
        self._keys_of: dict[str, tuple[str, ...]] = {}  # while building: the keys of each word
        self._near: dict[str, list[str]] = {}
        self._rarity: dict[str, float] = {}
        self._prepared: list[IndexedName] = []  # every name as the scorer sees it (small indexes)
        self._names: dict[int, IndexedName] = {}  # the same, filled on use (large indexes)
        # name id -> its tokens as written (for reasons): all of them while the index is small
        self._surfaces: list[tuple[str, ...]] | None = []
        self._surfaces_cache: dict[int, tuple[str, ...]] = {}
        # query word (or two joined) -> the postings of its blocking keys, including those of list
        # words one slip away (filled on first use)
        self._lookup_cache: dict[tuple[str, Script, bool], _TokenPostings] = {}

    # --- building ---------------------------------------------------------------------------

    @classmethod
    def build(cls, entities: Iterable[ListEntity]) -> ScreeningIndex:
        """Analyse and file every name of ``entities``."""
        index = cls()
        for entity in entities:
            index._add(entity)
        index._file_deletions()
        index._compute_rarity()
        index._set_frequent_keys()
        if index.name_count <= PREPARED_NAMES_UP_TO:
            index._prepared = [index._new_name(name_id) for name_id in range(index.name_count)]
        index._keys_of = {}
        index._interned = {}
        return index

    def _file_deletions(self) -> None:
        """File every word of four letters or more under each of its one-letter deletions, so that
        a query word one slip away from it finds it (the deletion neighbourhood of SymSpell), and
        every word of three letters or more under itself, so that one lookup per deletion of the
        query word also finds a list word that lacks one of its letters."""
        near = self._near
        for form in self._document_frequency:
            if len(form) >= _NEAR_MIN_TOKEN - 1:
                near.setdefault(form, []).append(form)
            if len(form) < _NEAR_MIN_TOKEN or form.isdigit():
                continue
            for position in range(len(form)):
                deleted = form[:position] + form[position + 1 :]
                bucket = near.get(deleted)
                if bucket is None:
                    near[deleted] = [form]
                else:
                    bucket.append(form)

    def near_words(self, form: str) -> list[str]:
        """List words one slip (insertion, deletion, substitution, swap) from ``form``."""
        if len(form) < _NEAR_MIN_TOKEN or form.isdigit():
            return []
        near = self._near
        found: set[str] = set()
        for position in range(len(form)):
            found.update(near.get(form[:position] + form[position + 1 :], ()))
        found.update(near.get(form, ()))
        found.discard(form)
        return [
            word
            for word, _, _ in process.extract(form, found, scorer=OSA.distance, score_cutoff=1, limit=None)
            if len(form) > 5 or word[0] == form[0]
        ]

    def _add(self, entity: ListEntity) -> None:
        entity_number = len(self.entities)
        self.entities.append(entity)
        mode = mode_for_kind(entity.kind)
        seen: set[tuple[str, ...]] = set()
        for position, name in enumerate(entity.names):
            analyzed = analyze_name(name.text, mode, keep_surfaces=self._surfaces is not None)
            if not analyzed.forms or analyzed.forms in seen:
                continue
            seen.add(analyzed.forms)
            self._add_name(entity_number, position, analyzed)
            if self._surfaces is not None:
                if len(self._surfaces) < PREPARED_NAMES_UP_TO:
                    self._surfaces.append(analyzed.surfaces)
                else:  # too many names to keep them all: analysed again when a reason needs them
                    self._surfaces = None

    def _add_name(self, entity_number: int, position: int, analyzed: AnalyzedName) -> None:
        name_id = len(self._name_forms)
        intern = self._interned.setdefault
        forms = tuple(intern(form, form) for form in analyzed.forms)
        self._name_entity.append(entity_number)
        self._name_position.append(position)
        self._name_forms.append(forms)
        self._name_roles.append(bytes(analyzed.roles))
        self._name_legal.append(analyzed.legal_forms)
        keys: set[str] = {whole_name_key(forms)}
        frequency = self._document_frequency
        keys_of = self._keys_of
        for form in set(forms):
            frequency[form] = frequency.get(form, 0) + 1
            word_keys = keys_of.get(form)
            if word_keys is None:
                word_keys = keys_of[form] = tuple(_list_token_keys(form))
            keys.update(word_keys)
        for left, right in itertools.pairwise(forms):
            keys.add(JOINED + left + right)
        postings = self._postings
        for key in keys:
            posting = postings.get(key)
            if posting is None:
                postings[key] = array("I", (name_id,))
            else:
                posting.append(name_id)

    # --- reading ----------------------------------------------------------------------------

    @property
    def name_count(self) -> int:
        return len(self._name_forms)

    def name(self, name_id: int) -> IndexedName:
        if self._prepared:
            return self._prepared[name_id]
        found = self._names.get(name_id)
        if found is None:
            if len(self._names) >= _NAME_CACHE_SIZE:
                self._names.clear()
            found = self._names[name_id] = self._new_name(name_id)
        return found

    def names(self, name_ids: Iterable[int]) -> list[IndexedName]:
        """:meth:`name` of each of ``name_ids``."""
        if self._prepared:
            return list(map(self._prepared.__getitem__, name_ids))
        names = self._names
        return [names.get(name_id) or self.name(name_id) for name_id in name_ids]

    def _new_name(self, name_id: int) -> IndexedName:
        entity_number = self._name_entity[name_id]
        entity = self.entities[entity_number]
        entity_name = entity.names[self._name_position[name_id]]
        return self.scored_name(
            entity,
            entity_name,
            self._name_forms[name_id],
            self._name_roles[name_id],
            self._name_legal[name_id],
            name_id,
            entity_number,
        )

    def scored_name(
        self,
        entity: ListEntity,
        entity_name: EntityName,
        forms: tuple[str, ...],
        roles: bytes,
        legal_forms: tuple[str, ...],
        name_id: int = -1,
        entity_number: int = 0,
    ) -> IndexedName:
        """A list name as the scorer sees it, with its token weights by this index's word counts
        (``name_id`` -1: a name that is not in the index)."""
        weights = tuple(map(self.token_weight, forms, roles))
        joined = tuple(map(str.__add__, forms, forms[1:]))
        return IndexedName(
            name_id,
            entity_number,
            entity,
            entity_name.text,
            entity_name.type,
            forms,
            roles,
            legal_forms,
            weights,
            sum(weights),
            joined,
            tuple(map(fold, joined)),
        )

    def token_weight(self, form: str, role: int) -> float:
        """The weight of a token in a name score: by its role, or for a distinctive name part
        ``0.25 + 0.75 * rarity``; ``role`` is a :class:`Role` (or its number)."""
        fixed = ROLE_WEIGHT.get(role)
        if fixed is not None:
            return fixed
        return 0.25 + 0.75 * self._rarity.get(form, 1.0)

    def surfaces(self, name_id: int) -> tuple[str, ...]:
        """The tokens of a list name as written in it, which reasons quote (kept while building
        an index of up to :data:`PREPARED_NAMES_UP_TO` names, else analysed again and cached)."""
        if self._surfaces is not None:
            return self._surfaces[name_id]
        surfaces = self._surfaces_cache.get(name_id)
        if surfaces is None:
            if len(self._surfaces_cache) >= _SURFACES_CACHE_SIZE:
                self._surfaces_cache.clear()
            entity = self.entities[self._name_entity[name_id]]
            text = entity.names[self._name_position[name_id]].text
            surfaces = analyze_name(text, mode_for_kind(entity.kind)).surfaces
            self._surfaces_cache[name_id] = surfaces
        return surfaces

    def document_frequency(self, form: str) -> int:
        """How many list names contain the token ``form``."""
        return self._document_frequency.get(form, 0)

    def rarity(self, form: str) -> float:
        """1.0 for a token no list name (or only one) contains, falling towards 0 for very common ones."""
        return self._rarity.get(form, 1.0)

    def _compute_rarity(self) -> None:
        """The rarity of every list word (inverse document frequency, scaled to 0..1): a word the
        lists do not contain, or only one name does, is 1.0."""
        total = max(len(self._name_forms), 2)
        log_total = math.log(total)
        self._rarity = {
            form: max(0.0, math.log(total / frequency) / log_total)
            for form, frequency in self._document_frequency.items()
            if frequency > 1
        }

    # --- candidate search -------------------------------------------------------------------

    def _frequent_cap(self) -> int:
        return max(64, len(self._name_forms) // 100)

    def _frequent_set(self, key: str) -> frozenset[int]:
        return self._frequent_sets[key]

    def _set_frequent_keys(self) -> None:
        """The names of each key too common to walk, as a set (to intersect with)."""
        cap = self._frequent_cap()
        self._frequent_sets = {
            key: frozenset(posting) for key, posting in self._postings.items() if len(posting) > cap
        }

    def _frequent_union(self, keys: tuple[str, ...]) -> frozenset[int]:
        """The names that share any of ``keys`` (the frequent keys of one query word)."""
        if len(keys) == 1:
            return self._frequent_set(keys[0])
        cached = self._frequent_unions.get(keys)
        if cached is None:
            if len(self._frequent_unions) >= _FREQUENT_UNION_CACHE_SIZE:
                self._frequent_unions.clear()
            cached = frozenset().union(*(self._frequent_set(key) for key in keys))
            self._frequent_unions[keys] = cached
        return cached

    def candidates(self, queries: Sequence[AnalyzedName], limit: int = DEFAULT_CANDIDATES) -> list[int]:
        """Ids of the list names most likely to match any of ``queries``, best first, from at most
        ``limit`` distinct entities.

        ``queries`` are analyses of the same party name (e.g. read as a person and as an
        organisation when the kind is unknown, plus aliases).
        """
        cap = self._frequent_cap()
        postings = self._postings
        scores: dict[int, float] = {}
        frequent: list[tuple[int, str, float]] = []  # (query token number, key, weight)
        token_number = 0
        for query in queries:
            for walked, token_frequent in self._query_postings(query):
                for key, weight in token_frequent:
                    frequent.append((token_number, key, weight))
                token_number += 1
                if not walked:
                    continue
                # Each name counts once per query token, with the best key it shares: filled from
                # the weakest key up, so stronger keys overwrite.
                weight, posting = walked[0]
                token_hits = dict.fromkeys(posting, weight)
                for weight, posting in walked[1:]:
                    token_hits.update(dict.fromkeys(posting, weight))
                if scores:
                    for name_id in token_hits.keys() & scores.keys():
                        token_hits[name_id] += scores[name_id]
                    scores.update(token_hits)
                else:
                    scores = token_hits
            whole = postings.get(whole_name_key(query.forms))
            if whole is not None and len(whole) <= cap:
                for name_id in whole:
                    scores[name_id] = scores.get(name_id, 0.0) + 2.0
        if frequent:
            self._add_frequent(scores, frequent, limit)
        return self._best_names(scores, limit)

    def _best_names(self, scores: dict[int, float], limit: int) -> list[int]:
        """Names in score order, from at most ``limit`` distinct entities, down to a share of the best."""
        if not scores:
            return []
        floor = max(scores.values()) * _MIN_SCORE_RATIO
        kept = [name_id for name_id, score in scores.items() if score >= floor]
        kept.sort()  # so that, of equal scores, the name listed first comes first (stable sorts)
        ranked = sorted(kept, key=scores.__getitem__, reverse=True)[: limit * 4]
        chosen: list[int] = []
        entities: set[int] = set()
        name_entity = self._name_entity
        for name_id in ranked:  # best first
            entity_number = name_entity[name_id]
            if entity_number not in entities:
                if len(entities) >= limit:
                    continue
                entities.add(entity_number)
            chosen.append(name_id)
        return chosen

    def _query_postings(self, query: AnalyzedName) -> list[_TokenPostings]:
        """The postings of each query token's keys, then of each adjacent pair of tokens joined."""
        found: list[_TokenPostings] = []
        cache = self._lookup_cache
        for form, script in zip(query.forms, query.scripts, strict=True):
            token = cache.get((form, script, False))
            if token is None:
                if len(cache) >= _LOOKUP_CACHE_SIZE:
                    cache.clear()
                token = cache[(form, script, False)] = self._token_postings(
                    *self._token_lookups(form, script)
                )
            found.append(token)
        for left, right, left_script in zip(query.forms, query.forms[1:], query.scripts, strict=False):
            joined = left + right
            token = cache.get((joined, left_script, True))
            if token is None:
                if len(cache) >= _LOOKUP_CACHE_SIZE:
                    cache.clear()
                if left_script is Script.ABJAD:
                    keys = token_keys(joined, Script.ABJAD)
                else:
                    keys = (
                        (JOINED, JOINED + joined),
                        (EXACT, EXACT + joined),
                        (FOLDED, FOLDED + fold(joined)),
                    )
                token = cache[(joined, left_script, True)] = self._token_postings(keys, ())
            found.append(token)
        return found

    def _token_postings(
        self, primary: Sequence[tuple[str, str]], fallback: Sequence[tuple[str, str]]
    ) -> _TokenPostings:
        """The postings a query token walks (weakest key first) and its keys too common to walk,
        each with the weight of its kind and rarity; the fallback keys only if no primary key is
        filed."""
        total = max(len(self._name_forms), 2)
        log_total = math.log(total)
        cap = self._frequent_cap()
        walked: list[tuple[float, array[int]]] = []
        frequent: list[tuple[str, float]] = []
        for lookups in (primary, fallback):
            for kind, key in lookups:
                posting = self._postings.get(key)
                if posting is None:
                    continue
                size = len(posting)
                weight = _KEY_FACTOR.get(kind, 0.5) * (1.0 + math.log(total / size) / log_total)
                if size > cap:
                    frequent.append((key, weight))
                else:
                    walked.append((weight, posting))
            if walked or frequent:
                break  # affixes only help a token that nothing closer found
        walked.sort(key=_first)
        return tuple(walked), tuple(frequent)

    def _token_lookups(
        self, form: str, script: Script
    ) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
        keys = token_keys(form, script)
        primary = [key for key in keys if key[0] != PREFIX]
        primary.append((JOINED, JOINED + form))
        if script is not Script.ABJAD:
            primary.extend((NEAR, EXACT + word) for word in self.near_words(form))
        return tuple(primary), tuple(key for key in keys if key[0] == PREFIX)

    def _add_frequent(
        self, scores: dict[int, float], frequent: list[tuple[int, str, float]], limit: int
    ) -> None:
        """Let frequent keys confirm names rarer keys found; if too few were found, intersect them."""
        best_per_token: dict[int, dict[str, float]] = {}
        for token_number, key, weight in frequent:
            keys = best_per_token.setdefault(token_number, {})
            keys[key] = max(weight, keys.get(key, 0.0))
        if scores:
            listed = scores.keys()
            for keys in best_per_token.values():
                left = set(listed)
                for key, weight in sorted(keys.items(), key=_second, reverse=True):
                    confirmed = left.intersection(self._frequent_set(key))
                    # scores[name_id] += weight for each, at C speed (the same sums)
                    added = map(weight.__add__, map(scores.__getitem__, confirmed))
                    scores.update(zip(confirmed, added, strict=True))
                    left -= confirmed
        if len(best_per_token) < 2:
            if not scores and best_per_token:
                # A one-word query made only of a very common word: exact one-word names only.
                for keys in best_per_token.values():
                    for key in keys:
                        if key.startswith(EXACT):
                            whole = self._postings.get(whole_name_key([key[1:]]), ())
                            for name_id in whole[:limit]:
                                scores[name_id] = scores.get(name_id, 0.0) + 2.0
            return
        # Names that two of the query's common words share ("Hasan Ahmad", "Kim Jong Un").
        token_sets = [self._frequent_union(tuple(keys)) for keys in best_per_token.values()]
        token_weights = [max(keys.values()) for keys in best_per_token.values()]
        for first in range(len(token_sets)):
            for second in range(first + 1, len(token_sets)):
                shared = token_sets[first] & token_sets[second]
                if shared:
                    scores.update(
                        dict.fromkeys(shared - scores.keys(), token_weights[first] + token_weights[second])
                    )
