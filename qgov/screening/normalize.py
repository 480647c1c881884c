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
                                 the phonetic fold below absorbs those differences.
   Hangul                        rigour ``maybe_ascii`` one syllable at a time (Revised
                                 Romanisation), so "김정은" is "gim jeong eun"; compared with
                                 McCune-Reischauer list spellings through :func:`korean_fold`.
   Han (Chinese)                 pypinyin, one token per syllable ("华为" -> "hua wei"); the
                                 matcher joins adjacent syllables ("jin ping" ~ "jinping").
   Arabic, Persian, Urdu,        unidecode. These scripts are written without short vowels
   Hebrew, Syriac, Thaana        ("محمد" -> "mhmd"), so their tokens are compared by consonant
                                 skeleton (:func:`consonant_skeleton`); the Arabic article
                                 "ال" is split off as the particle "al".
   Everything else (Devanagari,  unidecode, best effort.
   Thai, Kana, Ethiopic ...)
   ============================  =========================================================

   Where it stops: Chinese characters are read in Mandarin, so a Korean or Japanese name written
   in Han characters ("金正恩" is read "jin zheng en", not "Kim Jong Un") and Japanese kanji
   names are not found from their characters; Cantonese and Wade-Giles spellings ("Tsai Ing-wen"
   vs "Cai Yingwen") are not bridged; unidecode's Thai and Indic output is approximate. Lists
   usually publish Latin spellings of such names, which then match directly.
3. **Name order.** For persons "LAST, First Middle" becomes "First Middle LAST". The matcher
   compares tokens regardless of order anyway; the reorder keeps adjacent parts adjacent.
4. **Honorifics and suffixes** ("Dr", "Sheikh", "Haji", "Jr") are dropped from person names.
5. **Legal forms** (LLC, Ltd, GmbH, OOO, ZAO, S.A., Co., Corp., K.K. ...) at the start or end of an
   organisation name are taken out of the tokens and kept as a class code (``LLC``, ``JSC``,
   ``CORP`` ...) for comparison as weak evidence. Runs of single letters are joined first, so
   "S.A. de C.V." and "SA DE CV" are one form.
6. **Roles.** Every remaining token is a name part, a particle (al, bin, van, de), a common company
   word (technologies, quantum, instruments, international), a place word, a number or an initial.
   The vocabularies are the cited data files read by :mod:`qgov.screening.names_data`.

:func:`fold` gives a second, phonetic form of a Latin token that absorbs transliteration-scheme
differences (kh/h, ou/u, -iy/-y/-i, q/k, w/v, doubled letters); :func:`variant_group` tells
whether two given names are spellings of one name (Mohammed / Muhammad, Aleksandr / Alexander).

Pure module: no Django, no database.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from enum import IntEnum, StrEnum
from functools import cache

import pypinyin
from rigour.text.scripts import codepoint_script
from rigour.text.translit import maybe_ascii
from unidecode import unidecode

from qgov.screening.entities import EntityKind
from qgov.screening.names_data import vocabulary


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
    surfaces: tuple[str, ...]  # each token as written in ``text`` (for reasons); empty when not kept
    legal_forms: tuple[str, ...]  # legal-form class codes found, e.g. ("LLC",)
    legal_form_text: tuple[str, ...]  # the legal forms as written, e.g. ("Co., Ltd.",)


_APOSTROPHES = str.maketrans("", "", "'\u2019\u02bc`\u00b4\u02bb\u02bf\u02be\u2018")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]+")
_ANY_WORD = re.compile(r"[^\W_]+")
_ALPHANUMERIC_RUNS = re.compile(r"[a-z0-9]+")
_PATRONYMIC = re.compile(r"\w{3,}(?:ovich|evich|ovych|evych|ovna|evna|ivna|ichna)")
_ICU_SCRIPTS = frozenset({"Cyrillic", "Greek", "Armenian", "Georgian"})
_ABJAD_SCRIPTS = frozenset({"Arabic", "Hebrew", "Syriac", "Thaana", "Samaritan", "Nko"})
_ARABIC_ARTICLE = "\u0627\u0644"  # "ال"


# --- tokenising and transliterating ------------------------------------------------------------


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
        if chunk.startswith(_ARABIC_ARTICLE) and len(chunk) > 3:
            yield "al", Script.ABJAD
            chunk = chunk[2:]
        for form in _latin_forms(unidecode(chunk)):
            yield form, Script.ABJAD
    else:
        for form in _latin_forms(unidecode(chunk)):
            yield form, Script.LATIN


def _tokens(text: str) -> list[tuple[str, Script, str]]:
    """(form, script, surface) for every token of ``text``."""
    text = text.translate(_APOSTROPHES)
    if text.isascii():
        return [(m.group().lower(), Script.LATIN, m.group()) for m in _ASCII_WORD.finditer(text)]
    text = unicodedata.normalize("NFKC", text)
    tokens: list[tuple[str, Script, str]] = []
    for match in _ANY_WORD.finditer(text):
        chunk = match.group()
        produced = list(_chunk_tokens(chunk))
        # A chunk read syllable by syllable (Han, Hangul) gives each token its own character.
        per_character = len(produced) == len(chunk) and len(produced) > 1
        for position, (form, script) in enumerate(produced):
            tokens.append((form, script, chunk[position] if per_character else chunk))
    return tokens


# --- vocabulary lookups ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Lookups:
    legal_forms: dict[tuple[str, ...], str]
    legal_form_max_tokens: int
    dropped_person_words: frozenset[str]
    particles: frozenset[str]
    org_stopwords: frozenset[str]
    org_words: frozenset[str]
    place_words: frozenset[str]
    variant_groups: dict[str, int]
    variant_group_names: tuple[str, ...]


@cache
def _lookups() -> _Lookups:
    words = vocabulary()
    legal: dict[tuple[str, ...], str] = {}
    for legal_class in words.legal_forms:
        for variant in legal_class.variants:
            legal.setdefault(tuple(_join_single_letters(list(variant))), legal_class.code)
    groups: dict[str, int] = {}
    for number, group in enumerate(words.given_name_groups):
        for spelling in group:
            groups[spelling] = number
    return _Lookups(
        legal_forms=legal,
        legal_form_max_tokens=max(len(key) for key in legal),
        dropped_person_words=words.titles | words.suffixes,
        particles=words.particles,
        org_stopwords=words.org_stopwords,
        org_words=words.org_words,
        place_words=words.place_words,
        variant_groups=groups,
        variant_group_names=tuple(group[0] for group in words.given_name_groups),
    )


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


def variant_group(form: str) -> int | None:
    """The given-name variant group of a token ("mohammed" and "muhammad" share one), if any."""
    return _lookups().variant_groups.get(form)


def legal_form_label(code: str) -> str:
    for legal_class in vocabulary().legal_forms:
        if legal_class.code == code:
            return legal_class.label
    raise KeyError(code)


# --- analysing one name ------------------------------------------------------------------------


def _reorder_person(text: str) -> str:
    """ "AL-HASSAN, Mohammed Ali" -> "Mohammed Ali AL-HASSAN" (one comma: family name first)."""
    head, sep, rest = text.partition(",")
    if not sep or not rest.strip() or not head.strip():
        return text
    return f"{rest} {head}"


def analyze_name(text: str, mode: NameMode, keep_surfaces: bool = True) -> AnalyzedName:
    """Tokenise ``text`` as a person's or an organisation's name (see the module docstring)."""
    lookups = _lookups()
    text_for_tokens = _reorder_person(text) if mode is NameMode.PERSON else text
    raw = _tokens(text_for_tokens)
    forms = [form for form, _, _ in raw]
    scripts = [script for _, script, _ in raw]
    surfaces = [surface for _, _, surface in raw]
    legal_codes: list[str] = []
    legal_text: list[str] = []

    if mode is NameMode.PERSON:
        kept = [i for i, form in enumerate(forms) if form not in lookups.dropped_person_words]
        if kept and len(kept) < len(forms):
            forms = [forms[i] for i in kept]
            scripts = [scripts[i] for i in kept]
            surfaces = [surfaces[i] for i in kept]
        roles = [
            Role.NUMBER
            if form.isdigit()
            else Role.PARTICLE
            if form in lookups.particles
            else Role.INITIAL
            if len(form) == 1 and script is Script.LATIN
            else Role.PATRONYMIC
            if _PATRONYMIC.fullmatch(form)
            else Role.NAME
            for form, script in zip(forms, scripts, strict=True)
        ]
    else:
        forms, scripts, surfaces = _join_org_letters(forms, scripts, surfaces)
        forms, scripts, surfaces = _strip_legal_forms(forms, scripts, surfaces, legal_codes, legal_text)
        roles = [
            Role.NUMBER
            if form.isdigit()
            else Role.STOPWORD
            if form in lookups.org_stopwords
            else Role.ORG_WORD
            if form in lookups.org_words
            else Role.PLACE
            if form in lookups.place_words
            else Role.NAME
            for form in forms
        ]
    if len(set(forms)) < len(forms):
        forms, roles, scripts, surfaces = _drop_repeated(forms, roles, scripts, surfaces)
    return AnalyzedName(
        text=text,
        mode=mode,
        forms=tuple(forms),
        roles=tuple(roles),
        scripts=tuple(scripts),
        surfaces=tuple(surfaces) if keep_surfaces else (),
        legal_forms=tuple(legal_codes),
        legal_form_text=tuple(legal_text),
    )


def _drop_repeated(
    forms: list[str], roles: list[Role], scripts: list[Script], surfaces: list[str]
) -> tuple[list[str], list[Role], list[Script], list[str]]:
    """A word written twice ("Sergey Sergey Shoigu") is one name part."""
    seen: set[str] = set()
    keep: list[int] = []
    for position, form in enumerate(forms):
        if form not in seen:
            seen.add(form)
            keep.append(position)
    return (
        [forms[i] for i in keep],
        [roles[i] for i in keep],
        [scripts[i] for i in keep],
        [surfaces[i] for i in keep] if surfaces else surfaces,
    )


def _join_org_letters(
    forms: list[str], scripts: list[Script], surfaces: list[str]
) -> tuple[list[str], list[Script], list[str]]:
    if sum(1 for form in forms if len(form) == 1) < 2:
        return forms, scripts, surfaces
    out_forms: list[str] = []
    out_scripts: list[Script] = []
    out_surfaces: list[str] = []
    previous_single = False
    for form, script, surface in zip(forms, scripts, surfaces, strict=True):
        single = len(form) == 1 and form.isalpha() and script is Script.LATIN
        if single and previous_single:
            out_forms[-1] += form
            out_surfaces[-1] += "." + surface
        else:
            out_forms.append(form)
            out_scripts.append(script)
            out_surfaces.append(surface)
        previous_single = single
    return out_forms, out_scripts, out_surfaces


def _strip_legal_forms(
    forms: list[str],
    scripts: list[Script],
    surfaces: list[str],
    codes: list[str],
    written: list[str],
) -> tuple[list[str], list[Script], list[str]]:
    """Take legal forms off both ends of an organisation name, longest form first."""
    lookups = _lookups()
    table = lookups.legal_forms
    start, end = 0, len(forms)
    found = True
    while found and end - start > 1:
        found = False
        for size in range(min(lookups.legal_form_max_tokens, end - start - 1), 0, -1):
            code = table.get(tuple(forms[end - size : end]))
            if code is not None:
                codes.append(code)
                written.append(" ".join(surfaces[end - size : end]))
                end -= size
                found = True
                break
    found = True
    while found and end - start > 1:
        found = False
        for size in range(min(lookups.legal_form_max_tokens, end - start - 1), 0, -1):
            code = table.get(tuple(forms[start : start + size]))
            if code is not None:
                codes.append(code)
                written.append(" ".join(surfaces[start : start + size]))
                start += size
                found = True
                break
    if start == 0 and end == len(forms):
        return forms, scripts, surfaces
    return forms[start:end], scripts[start:end], surfaces[start:end]


def normalize_name(text: str, mode: NameMode = NameMode.ORGANIZATION) -> str:
    """The comparison form of a name as one string, e.g. "Siemens Aktiengesellschaft" -> "siemens"."""
    return " ".join(analyze_name(text, mode, keep_surfaces=False).forms)


# --- phonetic forms ------------------------------------------------------------------------------

# Ordered rewrites that map spellings of one sound in different transliteration schemes together.
# "ch" is parked as "C" first so that the rules for "c" and "h" leave it alone.
_FOLD_RULES: tuple[tuple[str, str], ...] = (
    ("sch", "sh"),
    ("tch", "C"),
    ("ch", "C"),
    ("ck", "k"),
    ("dzh", "j"),
    ("dj", "j"),
    ("zh", "z"),
    ("kh", "h"),
    ("gh", "g"),
    ("ph", "f"),
    ("th", "t"),
    ("dh", "d"),
    ("q", "k"),
    ("x", "ks"),
    ("w", "v"),
    ("ou", "u"),
    ("oo", "u"),
    ("ee", "i"),
    ("ye", "e"),
    ("iy", "i"),
    ("ij", "i"),
    ("yi", "i"),
    ("y", "i"),
    ("j", "i"),
)
_SOFT_C = re.compile(r"c(?=[eiy])")
_DOUBLED = re.compile(r"(.)\1+")


@cache
def fold(form: str) -> str:
    """Phonetic form of a Latin token: "Khodorkovskiy" and "Hodorkovsky" both fold to "hodorkovski"."""
    folded = form
    for source, target in _FOLD_RULES[:4]:
        folded = folded.replace(source, target)
    folded = _SOFT_C.sub("s", folded).replace("c", "k")
    for source, target in _FOLD_RULES[4:]:
        if source in folded:
            folded = folded.replace(source, target)
    if folded.endswith("ah") and len(folded) > 3:
        folded = folded[:-1]
    if folded.endswith("ff"):
        folded = folded[:-2] + "v"
    return _DOUBLED.sub(r"\1", folded.replace("C", "ch"))


# Consonant digraphs of Latin renderings of Arabic, as one symbol each; then vowels and the
# letters that stand for long vowels (y, w) are dropped, because an abjad does not write them.
_SKELETON_RULES: tuple[tuple[str, str], ...] = (
    ("kh", "x"),
    ("sh", "S"),
    ("ch", "S"),
    ("gh", "g"),
    ("th", "t"),
    ("dh", "d"),
    ("ph", "f"),
    ("dj", "j"),
    ("q", "k"),
    ("c", "k"),
)
_SKELETON_VOWELS = re.compile(r"[aeiouyw]")


@cache
def consonant_skeleton(form: str) -> str:
    """The consonants of a token, as an abjad writes it: "muhammad" and Arabic "mhmd" give "mhmd"."""
    skeleton = form
    for source, target in _SKELETON_RULES:
        skeleton = skeleton.replace(source, target)
    return _DOUBLED.sub(r"\1", _SKELETON_VOWELS.sub("", skeleton))


_KOREAN_RULES: tuple[tuple[str, str], ...] = (
    ("eo", "o"),
    ("eu", "u"),
    ("ae", "e"),
    ("wo", "o"),
    ("ch", "c"),
    ("j", "c"),
    ("sh", "s"),
    ("b", "p"),
    ("g", "k"),
    ("d", "t"),
    ("l", "r"),
)


@cache
def korean_fold(form: str) -> str:
    """One form for McCune-Reischauer and Revised Romanisation: "jeong", "chong", "jong" -> "cong"."""
    folded = form
    for source, target in _KOREAN_RULES:
        folded = folded.replace(source, target)
    return _DOUBLED.sub(r"\1", folded)
