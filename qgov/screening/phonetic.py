"""Phonetic forms of name tokens, for spellings that differ by transliteration scheme, not by slip.

- :func:`fold` maps spellings of one sound in different romanisation schemes together
  (kh/h, -iy/-y/-ij/-i, ou/u, q/k, w/v, ph/f, dzh/j, doubled letters): "Khodorkovskiy",
  "Hodorkovsky" and "Chodorkowskij"-style variants fold alike.
- :func:`consonant_skeleton` keeps the consonants only, as Arabic and Hebrew script write a name
  (no short vowels; ya and waw as long vowels are dropped too), with a mark for a word that
  starts with a vowel, alif or ayn ("Ahmad" and "أحمد" give "'hmd", "Hamid" gives "hmd").
- :func:`korean_fold` joins McCune-Reischauer (the UN and OFAC lists' DPRK spellings) and Revised
  Romanisation: "Jong", "Jeong" and "Chong" fold alike.

The rules are written here because no maintained library offers them for matching across schemes
(jellyfish's Soundex and Metaphone fold far more, merging different names); the schemes are those
documented on Wikipedia "Romanization of Russian" (BGN/PCGN, ISO 9, ICU), "Romanization of Arabic"
and "McCune-Reischauer" / "Revised Romanization of Korean".

Pure module: no Django, no database.
"""

from __future__ import annotations

import re
from functools import lru_cache
from operator import itemgetter

# Ordered rewrites, applied one after the other: "ch" is parked as "C" first so that the rules for
# "c" and "h" leave it alone; a rule is only tried when its first letter is in the word.
_FOLD_C_RULES: tuple[tuple[str, str], ...] = (("sch", "sh"), ("tch", "C"), ("ch", "C"), ("ck", "k"))
_FOLD_D_RULES: tuple[tuple[str, str], ...] = (("dzh", "j"), ("dj", "j"))
_FOLD_H_RULES: tuple[tuple[str, str], ...] = (
    ("zh", "z"),
    ("kh", "h"),
    ("gh", "g"),
    ("ph", "f"),
    ("th", "t"),
    ("dh", "d"),
)
_FOLD_VOWEL_RULES: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("o", (("ou", "u"), ("oo", "u"))),
    ("e", (("ee", "i"), ("ye", "e"))),
    ("i", (("iy", "i"), ("ij", "i"), ("yi", "i"))),
)
# Single letters last: none of q, x, w (nor k, s, v) takes part in the vowel rules above.
_FOLD_LETTERS: tuple[tuple[str, str], ...] = (("q", "k"), ("x", "ks"), ("w", "v"), ("y", "i"), ("j", "i"))
_SOFT_C = re.compile(r"c(?=[eiy])")
_DOUBLED = re.compile(r"(.)\1+")
# Words seen by a long-running process (a web worker screening for months) must not grow memory
# without bound; a quarter of a million words is about 40 MB and holds any real vocabulary.
WORD_CACHE_SIZE = 1 << 18
_FIRST_GROUP = itemgetter(1)  # as a re.sub replacement: the letter repeated, once (r"\1", faster)


@lru_cache(maxsize=WORD_CACHE_SIZE)
def fold(form: str) -> str:
    """Phonetic form of a Latin token: "khodorkovskiy" and "hodorkovsky" both give "hodorkovski"."""
    folded = form
    if "c" in folded:
        for source, target in _FOLD_C_RULES:
            folded = folded.replace(source, target)
        if "c" in folded:
            folded = _SOFT_C.sub("s", folded).replace("c", "k")
    if "d" in folded:
        for source, target in _FOLD_D_RULES:
            folded = folded.replace(source, target)
    if "h" in folded:
        for source, target in _FOLD_H_RULES:
            folded = folded.replace(source, target)
    for letter, rules in _FOLD_VOWEL_RULES:
        if letter in folded:
            for source, target in rules:
                folded = folded.replace(source, target)
    for source, target in _FOLD_LETTERS:
        folded = folded.replace(source, target)
    if folded.endswith("ah") and len(folded) > 3:
        folded = folded[:-1]
    if folded.endswith("ff"):
        folded = folded[:-2] + "v"
    return _DOUBLED.sub(_FIRST_GROUP, folded.replace("C", "ch"))


# Latin digraphs for single Arabic letters, as one symbol each.
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
VOWEL_START = "'"


@lru_cache(maxsize=WORD_CACHE_SIZE)
def consonant_skeleton(form: str) -> str:
    """The consonants of a token as an abjad writes them: "muhammad" and Arabic "mhmd" give "mhmd";
    a token starting with a vowel (or, in Arabic script, an alif or ayn) starts with "'"."""
    if not form:
        return ""
    skeleton = form
    for source, target in _SKELETON_RULES:
        skeleton = skeleton.replace(source, target)
    consonants = _DOUBLED.sub(_FIRST_GROUP, _SKELETON_VOWELS.sub("", skeleton))
    return VOWEL_START + consonants if form[0] in "aeiou" else consonants


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


@lru_cache(maxsize=WORD_CACHE_SIZE)
def korean_fold(form: str) -> str:
    """One form for McCune-Reischauer and Revised Romanisation: "jeong", "chong", "jong" -> "cong"."""
    folded = form
    for source, target in _KOREAN_RULES:
        folded = folded.replace(source, target)
    return _DOUBLED.sub(_FIRST_GROUP, folded)
