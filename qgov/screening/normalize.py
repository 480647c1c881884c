"""Turn a party or list name, in any script, into comparable name tokens.

The matcher compares *tokens*: lower-case ASCII words with a role (name part, particle, company
word, number ...). This module makes them, the same way for list entries and for queries:

1. **Unicode and case.** NFKC (full-width forms, ligatures), apostrophes dropped inside words
   ("O'Brien" is "obrien"), diacritics stripped (NFKD minus combining marks), case folded.
2. **Transliteration** of each run of letters by its script:

   ============================  =========================================================
   Script                        How
   ============================  =========================================================
   Latin (incl. extended)        diacritics stripped; unidecode for letters that do not
                                 decompose (ß -> ss, ø -> o, ł -> l, ə -> a)
   Cyrillic, Greek, Armenian,    rigour ``maybe_ascii`` (ICU/CLDR transforms). Its Russian
   Georgian                      scheme differs from BGN/PCGN (ICU writes Х as "h", OFAC "kh"):
                                 :func:`~qgov.screening.phonetic.fold` absorbs the differences.
   Hangul                        rigour ``maybe_ascii`` one syllable at a time (Revised
                                 Romanisation), so "김정은" is "gim jeong eun"; compared with
                                 McCune-Reischauer list spellings by ``korean_fold``.
   Han (Chinese)                 pypinyin, one token per syllable ("华为" -> "hua wei"); the
                                 matcher joins adjacent syllables ("jin ping" ~ "jinping").
   Arabic, Persian, Urdu,        unidecode. These scripts are written without short vowels
   Hebrew, Syriac, Thaana        ("محمد" -> "mhmd"), so their tokens are compared by consonant
                                 skeleton; the Arabic article "ال" is split off as "al", and a
                                 word starting with alif or ayn keeps a leading "a".
   Everything else (Devanagari,  unidecode, best effort.
   Thai, Kana, Ethiopic ...)
   ============================  =========================================================

   Where it stops: Chinese characters are read in Mandarin, so a Korean or Japanese name written
   in Han characters ("金正恩" is read "jin zheng en", not "Kim Jong Un") and Japanese kanji
   names are not found from their characters; Cantonese and Wade-Giles spellings ("Tsai Ing-wen"
   vs "Cai Yingwen") are not bridged; Arabic script cannot tell Hassan from Hussein (both حسن /
   حسين differ only by a long vowel some writers leave out); unidecode's Thai and Indic output is
   approximate. Lists usually publish Latin spellings of such names, which then match directly.
3. **Name order.** For persons "LAST, First Middle" becomes "First Middle LAST". The matcher
   compares tokens regardless of order anyway; the reorder keeps adjacent parts adjacent.
4. **Honorifics and suffixes** ("Dr", "Sheikh", "Haji", "Jr") are dropped from person names, also
   when misspelled by one letter ("Shaykjh") or written in Arabic script ("شيخ").
5. **Legal forms** (LLC, Ltd, GmbH, OOO, ZAO, S.A., Co., Corp., K.K. ...) at the start or end of an
   organisation name are taken out of the tokens and kept as a class code (``LLC``, ``JSC``,
   ``CORP`` ...) for comparison as weak evidence. Dotted abbreviations are joined first, so
   "S.A. de C.V." and "SA DE CV" are one form; a legal form misspelled by one letter at the end
   ("LIMITRED", "COMPANU") is still one.
6. **Company words** are read in one spelling per word: "Intl" and "Internacional" are
   "international", "Tech" and "Technologies" are "technology", "Grp" is "group"; long company
   words misspelled by one letter ("INDYSTRY") are read as the word.
7. **Roles.** Every remaining token is a name part, a particle (al, bin, van, de), a common company
   word (technologies, quantum, instruments, international), a place word, a number, an initial
   or a patronymic. The vocabularies are the cited data files read by
   :mod:`qgov.screening.names_data`.

:func:`variant_group` tells whether two given names are spellings of one name (Mohammed / Muhammad,
Aleksandr / Alexander).

Pure module: no Django, no database.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import IntEnum, StrEnum
from functools import cache, lru_cache

import pypinyin
from rapidfuzz import process
from rapidfuzz.distance import OSA
from rigour.text.scripts import codepoint_script
from rigour.text.translit import maybe_ascii
from unidecode import unidecode

from qgov.screening.entities import EntityKind
from qgov.screening.names_data import vocabulary
from qgov.screening.phonetic import consonant_skeleton, fold


class NameMode(StrEnum):
    """How a name is read: as a person's name or as an organisation's (also vessels, aircraft)."""

    PERSON = "person"
    ORGANIZATION = "organization"


def mode_for_kind(kind: EntityKind) -> NameMode:
    return NameMode.PERSON if kind is EntityKind.PERSON else NameMode.ORGANIZATION


class Role(IntEnum):
    NAME = 0  # a distinctive name part
    PARTICLE = 1  # al, bin, van, de ... inside a person name
    STOPWORD = 2  # of, the, and ... inside an organisation name
    ORG_WORD = 3  # common company-name vocabulary
    PLACE = 4  # country, region or city word
    NUMBER = 5  # digits: must agree exactly
    INITIAL = 6  # a single letter in a person name
    PATRONYMIC = 7  # Slavic patronymic (-ovich, -evna ...): often left out, so it counts less


class Script(IntEnum):
    """The script a token was written in, when it changes how it may be compared."""

    LATIN = 0  # Latin, or an alphabet transliterated letter by letter
    ABJAD = 1  # Arabic, Hebrew ...: no short vowels written
    HANGUL = 2  # Korean syllables
    HAN = 3  # Chinese characters read as pinyin


@dataclass(frozen=True, slots=True)
class AnalyzedName:
    """One name, tokenised for comparison. The tuples are parallel: one entry per token."""

    text: str
    mode: NameMode
    forms: tuple[str, ...]
    roles: tuple[Role, ...]
    scripts: tuple[Script, ...]
    surfaces: tuple[str, ...]  # each token as written in ``text`` (for reasons)
    legal_forms: tuple[str, ...]  # legal-form class codes found, e.g. ("LLC",)
    legal_form_text: tuple[str, ...]  # the legal forms as written, e.g. ("CO LTD",)


_APOSTROPHES = str.maketrans("", "", "'\u2019\u02bc`\u00b4\u02bb\u02bf\u02be\u2018")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]+")
_ANY_WORD = re.compile(r"[^\W_]+")
_ALPHANUMERIC_RUNS = re.compile(r"[a-z0-9]+")
_PATRONYMIC = re.compile(r"\w{3,}(?:ovich|evich|ovych|evych|ovna|evna|ivna|ichna)")
_ICU_SCRIPTS = frozenset({"Cyrillic", "Greek", "Armenian", "Georgian"})
_ABJAD_SCRIPTS = frozenset({"Arabic", "Hebrew", "Syriac", "Thaana", "Samaritan", "Nko"})
_ARABIC_ARTICLE = "\u0627\u0644"  # "ال"
_ARABIC_VOWEL_LETTERS = frozenset("\u0627\u0623\u0625\u0622\u0639")  # alif (with hamza, madda), ayn
_FUZZY_MIN = 6  # titles and legal forms this long are recognised one slip away; shorter ones exactly
_FUZZY_ORG_WORD_MIN = 7  # company words this long are recognised one slip away


# --- tokenising and transliterating ------------------------------------------------------------


@dataclass(slots=True)
class _Token:
    form: str
    script: Script
    surface: str
    gap: str  # the characters between the previous token and this one ("" for the first)


def _latin_forms(chunk: str) -> list[str]:
    if not chunk.isascii():
        decomposed = unicodedata.normalize("NFKD", chunk)
        chunk = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        if not chunk.isascii():
            chunk = unidecode(chunk)
    return _ALPHANUMERIC_RUNS.findall(chunk.lower())


def _script_of(chunk: str) -> str:
    for ch in chunk:
        if ch.isalpha():
            if ord(ch) < 0x250:
                return "Latin"
            return codepoint_script(ord(ch)) or "Latin"
    return "Latin"


def _abjad_forms(chunk: str) -> Iterator[str]:
    if chunk.startswith(_ARABIC_ARTICLE) and len(chunk) > 3:
        yield "al"
        chunk = chunk[2:]
    forms = _latin_forms(unidecode(chunk))
    if forms and chunk[0] in _ARABIC_VOWEL_LETTERS and forms[0][0] not in "aeiou":
        forms[0] = "a" + forms[0]
    yield from forms


def _chunk_tokens(chunk: str) -> Iterator[tuple[str, Script]]:
    """Transliterate one run of letters/digits of one script into (form, script) tokens."""
    script = _script_of(chunk)
    if script == "Latin":
        for form in _latin_forms(chunk):
            yield form, Script.LATIN
    elif script in _ICU_SCRIPTS:
        for form in _latin_forms(maybe_ascii(chunk)):
            yield form, Script.LATIN
    elif script == "Hangul":
        for syllable in chunk:
            for form in _latin_forms(maybe_ascii(syllable)):
                yield form, Script.HANGUL
    elif script == "Han":
        for syllable in pypinyin.lazy_pinyin(chunk, v_to_u=True):
            # pypinyin passes Latin letters and digits inside the chunk through unchanged.
            script_of_syllable = Script.LATIN if syllable in chunk else Script.HAN
            for form in _latin_forms(syllable):
                yield form, script_of_syllable
    elif script in _ABJAD_SCRIPTS:
        for form in _abjad_forms(chunk):
            yield form, Script.ABJAD
    else:
        for form in _latin_forms(unidecode(chunk)):
            yield form, Script.LATIN


def _tokens(text: str) -> list[_Token]:
    text = text.translate(_APOSTROPHES)
    tokens: list[_Token] = []
    end = 0
    if text.isascii():
        for match in _ASCII_WORD.finditer(text):
            word = match.group()
            tokens.append(_Token(word.lower(), Script.LATIN, word, text[end : match.start()]))
            end = match.end()
        return tokens
    text = unicodedata.normalize("NFKC", text)
    for match in _ANY_WORD.finditer(text):
        chunk = match.group()
        produced = list(_chunk_tokens(chunk))
        # A chunk read syllable by syllable (Han, Hangul) gives each token its own character.
        per_character = len(produced) == len(chunk) and len(produced) > 1
        gap = text[end : match.start()]
        for position, (form, script) in enumerate(produced):
            tokens.append(_Token(form, script, chunk[position] if per_character else chunk, gap))
            gap = ""
        end = match.end()
    return tokens


# --- vocabulary lookups ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Lookups:
    legal_forms: dict[tuple[str, ...], str]
    legal_form_max_tokens: int
    legal_words: tuple[str, ...]  # one-word legal forms of _FUZZY_MIN letters or more
    dropped_person_words: frozenset[str]
    abjad_title_skeletons: frozenset[str]
    folded_titles: frozenset[str]
    long_titles: tuple[str, ...]
    particles: frozenset[str]
    spaced_particles: frozenset[str]
    org_stopwords: frozenset[str]
    org_words: frozenset[str]
    long_org_words: tuple[str, ...]
    place_words: frozenset[str]
    org_word_canonical: dict[str, str]
    variant_groups: dict[str, int]
    skeleton_groups: dict[str, frozenset[int]]


def _join_single_letters(forms: list[str]) -> list[str]:
    """["s", "a", "de", "c", "v"] -> ["sa", "de", "cv"]: abbreviations written with dots."""
    joined: list[str] = []
    run = ""
    for form in forms:
        if len(form) == 1 and form.isalpha():
            run += form
            continue
        if run:
            joined.append(run)
            run = ""
        joined.append(form)
    if run:
        joined.append(run)
    return joined


@cache
def _lookups() -> _Lookups:
    words = vocabulary()
    legal: dict[tuple[str, ...], str] = {}
    for legal_class in words.legal_forms:
        for variant in legal_class.variants:
            legal.setdefault(tuple(_join_single_letters(list(variant))), legal_class.code)
    groups: dict[str, int] = {}
    by_skeleton: dict[str, set[int]] = {}
    for number, group in enumerate(words.given_name_groups):
        for spelling in group:
            groups[spelling] = number
            by_skeleton.setdefault(consonant_skeleton(spelling), set()).add(number)
    canonical = {spelling: group[0] for group in words.org_word_variants for spelling in group}
    org_words = words.org_words | frozenset(canonical.values())
    long_titles = tuple(sorted(title for title in words.titles if len(title) >= _FUZZY_MIN))
    # Title skeletons that are also a given name's stay names.
    title_skeletons = {consonant_skeleton(title) for title in words.arabic_script_titles}
    return _Lookups(
        legal_forms=legal,
        legal_form_max_tokens=max(len(key) for key in legal),
        legal_words=tuple(sorted(key[0] for key in legal if len(key) == 1 and len(key[0]) >= _FUZZY_MIN)),
        dropped_person_words=words.titles | words.suffixes,
        abjad_title_skeletons=frozenset(title_skeletons - set(by_skeleton)),
        folded_titles=frozenset(fold(title) for title in long_titles),
        long_titles=long_titles,
        particles=words.particles,
        spaced_particles=words.spaced_particles,
        org_stopwords=words.org_stopwords,
        org_words=org_words,
        long_org_words=tuple(sorted(w for w in org_words | set(canonical) if len(w) >= _FUZZY_ORG_WORD_MIN)),
        place_words=words.place_words,
        org_word_canonical=canonical,
        variant_groups=groups,
        skeleton_groups={skeleton: frozenset(numbers) for skeleton, numbers in by_skeleton.items()},
    )


def variant_group(form: str) -> int | None:
    """The given-name variant group of a token ("mohammed" and "muhammad" share one), if any."""
    return _lookups().variant_groups.get(form)


def variant_groups() -> Mapping[str, int]:
    """Every given-name spelling of the data files with its variant group (:func:`variant_group`
    for many words at once)."""
    return _lookups().variant_groups


def skeleton_variant_groups(form: str) -> frozenset[int]:
    """Given-name groups with a spelling whose consonants are those of ``form`` (for abjad tokens)."""
    return _lookups().skeleton_groups.get(consonant_skeleton(form), frozenset())


def legal_form_label(code: str) -> str:
    for legal_class in vocabulary().legal_forms:
        if legal_class.code == code:
            return legal_class.label
    raise KeyError(code)


def _one_slip_from(form: str, words: tuple[str, ...]) -> str | None:
    """The word of ``words`` one slip (edit or swap) from ``form`` with the same first letter."""
    found = process.extractOne(form, words, scorer=OSA.distance, score_cutoff=1)
    if found is None or found[0][0] != form[0]:
        return None
    return str(found[0])


@lru_cache(maxsize=65536)
def _misspelled_title(form: str) -> bool:
    lookups = _lookups()
    return fold(form) in lookups.folded_titles or _one_slip_from(form, lookups.long_titles) is not None


@lru_cache(maxsize=65536)
def _company_word(form: str, last: bool) -> str:
    """A long company word, or a legal form ending the name, misspelled by one letter is read as
    that word ("INDYSTRY" -> "industry", "... LIMITRED" -> "limited"); other words are unchanged."""
    lookups = _lookups()
    if (
        len(form) < _FUZZY_MIN
        or form.isdigit()
        or form in lookups.org_word_canonical
        or form in lookups.org_words
    ):
        return form
    if last and (form,) not in lookups.legal_forms:
        legal = _one_slip_from(form, lookups.legal_words)
        if legal is not None:
            return legal
    return _one_slip_from(form, lookups.long_org_words) or form


# --- analysing one name ------------------------------------------------------------------------


def _reorder_person(text: str) -> str:
    """ "AL-HASSAN, Mohammed Ali" -> "Mohammed Ali AL-HASSAN" (one comma: family name first)."""
    head, sep, rest = text.partition(",")
    if not sep or not rest.strip() or not head.strip():
        return text
    return f"{rest} {head}"


def _is_title(token: _Token, lookups: _Lookups) -> bool:
    """An honorific, a title or a suffix: also when misspelled by a letter ("Shaykjh") or written in
    Arabic script ("شيخ")."""
    if token.script is Script.ABJAD:
        return consonant_skeleton(token.form) in lookups.abjad_title_skeletons
    if token.form in lookups.dropped_person_words:
        return True
    return len(token.form) >= _FUZZY_MIN and _misspelled_title(token.form)


def _person_roles(tokens: list[_Token], lookups: _Lookups) -> list[Role]:
    roles = []
    for position, token in enumerate(tokens):
        form = token.form
        hyphenated = position + 1 < len(tokens) and "-" in tokens[position + 1].gap
        if form.isdigit():
            roles.append(Role.NUMBER)
        elif position + 1 < len(tokens) and (
            form in lookups.particles or (form in lookups.spaced_particles and not hyphenated)
        ):
            roles.append(Role.PARTICLE)
        elif len(form) == 1 and token.script is Script.LATIN:
            roles.append(Role.INITIAL)
        elif _PATRONYMIC.fullmatch(form):
            roles.append(Role.PATRONYMIC)
        else:
            roles.append(Role.NAME)
    return roles


def _join_abbreviations(tokens: list[_Token]) -> list[_Token]:
    """Join dotted or spaced single letters: "S.A. de C.V." -> sa, de, cv; "A & B" stays a, b.
    A run ends where an abbreviation's full stop is followed by a space ("S.A. B.V." -> sa, bv)."""
    joined: list[_Token] = []
    in_run = False
    for token in tokens:
        single = len(token.form) == 1 and token.form.isalpha() and token.script is Script.LATIN
        if single and in_run and token.gap.strip(" .") == "" and ". " not in token.gap:
            joined[-1].form += token.form
            joined[-1].surface += "." + token.surface
        else:
            joined.append(_Token(token.form, token.script, token.surface, token.gap))
            in_run = single
    return joined


def _strip_legal_forms(tokens: list[_Token], codes: list[str], written: list[str]) -> list[_Token]:
    """Take legal forms off both ends of an organisation name, longest form first."""
    lookups = _lookups()
    table = lookups.legal_forms
    start, end = 0, len(tokens)
    for at_end in (True, False):
        found = True
        while found and end - start > 1:
            found = False
            for size in range(min(lookups.legal_form_max_tokens, end - start - 1), 0, -1):
                span = tokens[end - size : end] if at_end else tokens[start : start + size]
                code = table.get(tuple(token.form for token in span))
                if code is not None:
                    codes.append(code)
                    written.append(" ".join(token.surface for token in span))
                    if at_end:
                        end -= size
                    else:
                        start += size
                    found = True
                    break
    return tokens[start:end]


def _org_roles(tokens: list[_Token], lookups: _Lookups) -> list[Role]:
    roles = []
    for token in tokens:
        form = token.form
        if form.isdigit():
            roles.append(Role.NUMBER)
        elif form in lookups.org_stopwords:
            roles.append(Role.STOPWORD)
        elif form in lookups.org_words:
            roles.append(Role.ORG_WORD)
        elif form in lookups.place_words:
            roles.append(Role.PLACE)
        else:
            roles.append(Role.NAME)
    return roles


def analyze_name(text: str, mode: NameMode, keep_surfaces: bool = True) -> AnalyzedName:
    """Tokenise ``text`` as a person's or an organisation's name (see the module docstring)."""
    lookups = _lookups()
    legal_codes: list[str] = []
    legal_text: list[str] = []
    if mode is NameMode.PERSON:
        tokens = _tokens(_reorder_person(text))
        named = [token for token in tokens if not _is_title(token, lookups)]
        tokens = named or tokens
        roles = _person_roles(tokens, lookups)
    else:
        tokens = _join_abbreviations(_tokens(text))
        for position, token in enumerate(tokens):
            token.form = _company_word(token.form, position == len(tokens) - 1)
        tokens = _strip_legal_forms(tokens, legal_codes, legal_text)
        for token in tokens:
            token.form = lookups.org_word_canonical.get(token.form, token.form)
        roles = _org_roles(tokens, lookups)
    # A word written twice ("Sergey Sergey Shoigu") is one name part.
    seen: set[str] = set()
    kept = []
    for token, role in zip(tokens, roles, strict=True):
        if token.form not in seen:
            seen.add(token.form)
            kept.append((token, role))
    return AnalyzedName(
        text=text,
        mode=mode,
        forms=tuple(token.form for token, _ in kept),
        roles=tuple(role for _, role in kept),
        scripts=tuple(token.script for token, _ in kept),
        surfaces=tuple(token.surface for token, _ in kept) if keep_surfaces else (),
        legal_forms=tuple(dict.fromkeys(legal_codes)),
        legal_form_text=tuple(legal_text),
    )


def normalize_name(text: str, mode: NameMode = NameMode.ORGANIZATION) -> str:
    """The comparison form of a name as one string, e.g. "Siemens Aktiengesellschaft" -> "siemens"."""
    return " ".join(analyze_name(text, mode, keep_surfaces=False).forms)
