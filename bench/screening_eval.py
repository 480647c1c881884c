"""Build the labelled screening evaluation: true matches written the ways real data differs, and
realistic non-matches. Deterministic for a given seed; used by ``bench/screening.py``.

Positives start from real entries of the loaded lists (people and organisations) and write one
of their names the way a customer or supplier record might:

- ``reformatted``: "LAST, First" written "First Last", in ordinary case (the control);
- ``typo``: one keyboard slip (substitution by a neighbouring key, deletion, insertion or swap of
  two letters) in one word of four letters or more; ``two_typos``: one in each of two words;
- ``dropped_part``: a middle name left out, or an inner word of an organisation's name that ten
  or more listed organisations use ("Trading", "International");
- ``reordered``: family name first without the comma, or parts in another order;
- ``translit_latin``: the name romanised differently: Russian names by way of Cyrillic and back
  with unidecode (another scheme than the BGN/PCGN the lists use), Arabic names with other common
  spellings (ou/u, e/a, q/k, el-/al-, ben/bin ...);
- ``cyrillic`` / ``arabic_script``: the name written in Cyrillic (reverse BGN/PCGN) or in Arabic
  script (common names from ``data/screening/arabic_script_names.yaml``, other words letter by
  letter), for listed people of Russian-, Ukrainian-, Belarusian- or Arabic-speaking countries
  whose entry has no name in that script;
- ``legal_form``: an organisation's legal form replaced by another or a translation (LLC / OOO /
  GmbH / Ltd / Co., Ltd. ...), added or dropped;
- ``abbreviated``: organisation words abbreviated as company records do (Company -> Co,
  International -> Intl, Technology -> Tech ...).

Negatives are genuinely not on the lists:

- people of 21 cultures: hand-written name components (``data/screening/person_names.yaml``)
  combined with the seed, some written in Cyrillic, Arabic or Chinese script; a combination that is
  a list name written loosely, or a list name with parts left out, is dropped (:class:`ListedNames`);
- real companies of the quantum, electronics, photonics, vacuum and cryogenics supply chain
  (``data/screening/supplier_names.txt``), with the same filter.

Every case has a split, ``dev`` or ``test``, from a seeded hash of the listed entity (positives:
all variants of one entity share a split) or of the name (negatives). The matcher was tuned on
``dev``; figures are reported on ``test``.
"""

from __future__ import annotations

import hashlib
import random
import re
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml
from unidecode import unidecode

from qgov.screening.entities import EntityKind, ListEntity, NameType

DATA = Path(__file__).resolve().parent / "data" / "screening"
DEFAULT_SEED = 20260521

RUSSIAN_SPEAKING = {"RU", "UA", "BY", "KZ", "KG"}
RUSSIAN_PROGRAMMES = ("UKRAINE", "RUSSIA", "BELARUS", "CYBER", "MAGNIT", "ELECTION")
ARABIC_SPEAKING = {"SY", "IQ", "LB", "YE", "SA", "AE", "JO", "EG", "LY", "SD", "KW", "QA", "BH", "OM", "PS"}
ARABIC_SPEAKING |= {"DZ", "MA", "TN"}
ARABIC_PROGRAMMES = ("SDGT", "SYRIA", "IRAQ", "LIBYA", "YEMEN", "FTO")


@dataclass(frozen=True, slots=True)
class EvalCase:
    case_id: str
    split: str  # "dev" or "test"
    positive: bool
    variant: str  # how the name was written (positives) or what it is (negatives)
    name: str
    kind: EntityKind
    country: str | None  # for the run with details: the entity's own (positives), a plausible one
    birth_date: str | None
    expected: tuple[str, str] | None  # (list, entity id) a positive must find


def split_of(seed: int, key: str) -> str:
    digest = hashlib.sha256(f"{seed}:{key}".encode()).digest()
    return "dev" if digest[0] % 2 == 0 else "test"


# --- loose form, for keeping list names out of the negatives -----------------------------------

_LOOSE_DROP = re.compile(r"[aeiouy]")
_LEGAL_WORDS = {
    "ltd", "llc", "inc", "corp", "co", "company", "corporation", "limited", "gmbh", "ag", "sa", "bv", "nv",
    "plc", "oy", "ab", "as", "kk", "sas", "srl", "spa", "kg", "se", "ev", "pty", "the", "of", "and",
}  # fmt: skip


def loose_tokens(name: str) -> list[str]:
    """Words with case, accents, punctuation, vowels and doubled letters ignored."""
    head, sep, rest = name.partition(",")
    ordered = f"{rest} {head}" if sep and rest.strip() else name
    words = re.findall(r"[a-z0-9]+", unidecode(ordered).lower())
    kept = [w for w in words if w not in _LEGAL_WORDS] or words
    return [re.sub(r"(.)\1+", r"\1", _LOOSE_DROP.sub("", w)) or w for w in kept]


class ListedNames:
    """The list names, written loosely, to keep them out of the negatives.

    A candidate negative is dropped when, written loosely, it equals a list name (in any word
    order, or with the spaces taken out: "Wang Xiao Ming" / "Wang Xiaoming"), or when its words
    (two or more) are a subset of a list name's words ("Olena Kostenko" / "KOSTENKO, Olena
    Mykolaivna"): by name alone such a party *is* a listed one written shorter, which is a true
    match in this evaluation (the ``dropped_part`` variant), so it cannot also be a non-match.
    """

    def __init__(self, names: Iterable[str]) -> None:
        self.joined: set[str] = set()
        self.by_token: dict[str, list[frozenset[str]]] = {}
        for name in names:
            tokens = loose_tokens(name)
            if not tokens:
                continue
            self.joined.add("".join(tokens))
            token_set = frozenset(tokens)
            for token in token_set:
                self.by_token.setdefault(token, []).append(token_set)

    def contains(self, name: str) -> bool:
        tokens = loose_tokens(name)
        if not tokens or "".join(tokens) in self.joined:
            return True
        token_set = frozenset(tokens)
        if len(token_set) < 2:
            return False
        rarest = min((self.by_token.get(token, []) for token in token_set), key=len)
        return any(token_set <= listed for listed in rarest)


# --- writing a name differently ----------------------------------------------------------------

_KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


def _neighbour(letter: str, rng: random.Random) -> str:
    lower = letter.lower()
    for row in _KEYBOARD_ROWS:
        position = row.find(lower)
        if position >= 0:
            options = [row[i] for i in (position - 1, position + 1) if 0 <= i < len(row)]
            chosen = rng.choice(options)
            return chosen.upper() if letter.isupper() else chosen
    return letter


def _pairs(text: str) -> tuple[tuple[str, str], ...]:
    """ "a=b c=d" -> (("a", "b"), ("c", "d")): the transliteration tables below, written compactly."""
    return tuple((left, right) for left, _, right in (pair.partition("=") for pair in text.split()))


def typo(word: str, rng: random.Random) -> str:
    """One keyboard slip inside ``word`` (never its first letter)."""
    position = rng.randrange(1, len(word))
    operation = rng.choice(("substitute", "delete", "insert", "swap"))
    if operation == "substitute":
        return word[:position] + _neighbour(word[position], rng) + word[position + 1 :]
    if operation == "delete":
        return word[:position] + word[position + 1 :]
    if operation == "insert":
        return word[:position] + _neighbour(word[position], rng) + word[position:]
    if position == len(word) - 1:
        position -= 1
    return word[:position] + word[position + 1] + word[position] + word[position + 2 :]


def person_parts(name: str) -> list[str]:
    """ "AL-HASSAN, Mohammed Ali" -> ["Mohammed", "Ali", "AL-HASSAN"]."""
    head, sep, rest = name.partition(",")
    ordered = f"{rest} {head}" if sep and rest.strip() else name
    return ordered.split()


def natural_case(word: str) -> str:
    if not word.isupper():
        return word
    return "-".join(part[:1] + part[1:].lower() for part in word.split("-"))


_BGN_TO_CYRILLIC = _pairs(
    "shch=щ yo=ё zh=ж kh=х ts=ц ch=ч sh=ш yu=ю ya=я ye=е iy=ий yy=ый y=ы a=а b=б v=в g=г d=д e=е z=з "
    "i=и k=к l=л m=м n=н o=о p=п r=р s=с t=т u=у f=ф h=х c=к w=в x=кс j=дж q=к "
)
_VOWELS = set("аеёиоуыэюя")


def to_cyrillic(word: str) -> str:
    """Reverse BGN/PCGN: "Yevgeniy" -> "Евгений" (close enough for a test of the other direction)."""
    lower = word.lower()
    out = ""
    position = 0
    while position < len(lower):
        for latin, cyrillic in _BGN_TO_CYRILLIC:
            if lower.startswith(latin, position):
                if latin == "y" and out and out[-1] in _VOWELS:
                    cyrillic = "й"
                if latin == "e" and not out:
                    cyrillic = "э"
                out += cyrillic
                position += len(latin)
                break
        else:
            position += 1
    return out[:1].upper() + out[1:]


_ARABIC_LETTERS = _pairs(
    "kh=خ sh=ش ch=ش th=ث dh=ذ gh=غ aa=ا ee=ي ii=ي oo=و ou=و uu=و ai=ي ay=ي ei=ي aw=و b=ب t=ت j=ج h=ح "
    "d=د r=ر z=ز s=س f=ف q=ق k=ك l=ل m=م n=ن w=و y=ي g=ج p=ب v=ف c=ك x=كس "
)


def _arabic_letters(word: str) -> str:
    """Consonants and long vowels only, as Arabic is written: a first vowel is an alif, a doubled
    consonant is written once (the shadda is left out, as it usually is), a final -a is an alif."""
    if word.lower().endswith("allah") and len(word) > 6:
        return _arabic_letters(word[:-5]) + " الله"
    lower = re.sub(r"([bcdfghjklmnpqrstvwxz])\1", r"\1", word.lower())
    out = ""
    position = 0
    while position < len(lower):
        for latin, arabic in _ARABIC_LETTERS:
            if lower.startswith(latin, position):
                out += arabic
                position += len(latin)
                break
        else:
            letter = lower[position]
            last = position == len(lower) - 1
            if not out and letter in "aeiou":
                out += "ا"
            elif last and letter in "iu":
                out += "ي" if letter == "i" else "و"
            elif last and letter == "a":
                out += "ا"
            position += 1
    return out


@dataclass(frozen=True, slots=True)
class ArabicSpelling:
    by_latin: dict[str, str]

    def write(self, words: Sequence[str]) -> str:
        out = []
        for word in words:
            lower = word.lower()
            prefix = ""
            for article in ("al-", "el-", "ad-", "as-", "ar-", "an-", "at-", "az-"):
                if lower.startswith(article) and len(lower) > len(article) + 1:
                    prefix, lower = "ال", lower[len(article) :]
                    break
            for piece in lower.split("-"):
                known = self.by_latin.get(piece)
                out.append(prefix + (known if known is not None else _arabic_letters(piece)))
                prefix = ""
        return " ".join(out)


def load_arabic_spelling() -> ArabicSpelling:
    data = yaml.safe_load((DATA / "arabic_script_names.yaml").read_text(encoding="utf-8"))
    by_latin: dict[str, str] = {}
    for arabic, spellings in data["names"].items():
        for spelling in spellings:
            by_latin.setdefault(spelling, arabic)
    return ArabicSpelling(by_latin)


# Other common spellings of Arabic names ("source>target").
_ARABIC_ROMANISATIONS = tuple(
    (rule.partition(">")[0], rule.partition(">")[2])
    for rule in (
        *("ou>u", "u>ou", "oo>u", "ee>i", "q>k", "kh>h", "al->el-", "el->al-", "bin >ben "),
        *("abd al->abdul ", "abdul >abd al-", "mohammed>muhammad", "muhammad>mohamed", "mohammad>mohamed"),
        *("ahmad>ahmed", "ahmed>ahmad", "hussein>husayn", "husayn>hussein", "yusuf>youssef", "aa>a"),
        *("dh>z", "th>s", "ei>ay", "ay>ei", "e>a", "ia>iya"),
    )
)


def arabic_romanisation(name: str, rng: random.Random) -> str | None:
    lower = " ".join(person_parts(name)).lower()
    applicable = [rule for rule in _ARABIC_ROMANISATIONS if rule[0] in lower]
    if not applicable:
        return None
    for source, target in rng.sample(applicable, min(len(applicable), rng.choice((1, 2)))):
        lower = lower.replace(source, target, 1)
    return " ".join(natural_case(word.upper()) for word in lower.split())


_LEGAL_FORMS = (
    "LLC", "Ltd", "Limited", "Co., Ltd.", "GmbH", "JSC", "OOO", "ZAO", "OAO", "PJSC", "S.A.", "Inc.", "Corp.",
    "Corporation", "Company", "K.K.", "AG", "B.V.", "S.R.L.", "FZE", "SARL", "Sdn Bhd", "Pvt Ltd",
    "Joint Stock Company", "Limited Liability Company", "Co.",
)  # fmt: skip
_LEGAL_FORM_AT_END = re.compile(
    r"[\s,]+(" + "|".join(re.escape(form) for form in sorted(_LEGAL_FORMS, key=len, reverse=True)) + r")\.?$",
    re.IGNORECASE,
)
_ABBREVIATIONS = {
    "company": "Co", "international": "Intl", "technology": "Tech", "technologies": "Tech",
    "corporation": "Corp", "group": "Grp", "communications": "Comm", "communication": "Comm",
    "services": "Svcs", "industries": "Inds", "industrial": "Indl", "trading": "Trdg", "limited": "Ltd",
    "engineering": "Eng", "investment": "Inv", "development": "Dev", "manufacturing": "Mfg",
    "national": "Natl", "management": "Mgmt", "enterprises": "Ent", "shipping": "Shpg",
    "petrochemical": "Petchem", "organization": "Org", "association": "Assn",
}  # fmt: skip


def change_legal_form(name: str, rng: random.Random) -> str:
    found = _LEGAL_FORM_AT_END.search(name)
    if found is None:
        return f"{name} {rng.choice(_LEGAL_FORMS)}"
    base = name[: found.start()]
    current = found.group(1).lower()
    if rng.random() < 0.25:
        return base
    choice = rng.choice([form for form in _LEGAL_FORMS if form.lower() != current])
    return f"{base} {choice}"


def abbreviate(name: str) -> str | None:
    words = name.split()
    changed = [_ABBREVIATIONS.get(word.lower().strip(",."), word) for word in words]
    return " ".join(changed) if changed != words else None


# --- positives ---------------------------------------------------------------------------------


def _is_latin(text: str) -> bool:
    return all(ord(ch) < 0x250 for ch in text if ch.isalpha())


def _source_name(entity: ListEntity, rng: random.Random) -> str | None:
    names = [
        n.text for n in entity.names if n.type in (NameType.PRIMARY, NameType.ALIAS) and _is_latin(n.text)
    ]
    usable = [n for n in names if len(re.findall(r"[A-Za-z]{2,}", n)) >= 2 and ";" not in n]
    if not usable:
        return None
    return names[0] if names[0] in usable and rng.random() < 0.6 else rng.choice(usable)


def _has_script(entity: ListEntity, first: str, last: str) -> bool:
    return any(first <= ch <= last for name in entity.names for ch in name.text)


def _russian(entity: ListEntity) -> bool:
    return bool(set(entity.countries) & RUSSIAN_SPEAKING) or any(
        programme.startswith(RUSSIAN_PROGRAMMES) for programme in entity.programmes
    )


def _arabic(entity: ListEntity, name: str, spelling: ArabicSpelling) -> bool:
    """From an Arabic-speaking country (or an Arabic-region programme) and with a common Arabic name part."""
    region = bool(set(entity.countries) & ARABIC_SPEAKING) or (
        not entity.countries
        and any(programme.startswith(ARABIC_PROGRAMMES) for programme in entity.programmes)
    )
    words = re.findall(r"[a-z]+", name.lower())
    return region and any(word in spelling.by_latin for word in words if word not in ("al", "bin", "abu"))


def person_variants(
    entity: ListEntity, name: str, rng: random.Random, arabic: ArabicSpelling
) -> dict[str, str | None]:
    parts = [natural_case(part) for part in person_parts(name)]
    long_words = [i for i, part in enumerate(parts) if len(part) >= 4]
    variants: dict[str, str | None] = {"reformatted": " ".join(parts)}
    if long_words:
        words = list(parts)
        chosen = rng.choice(long_words)
        words[chosen] = typo(words[chosen], rng)
        variants["typo"] = " ".join(words)
    if len(long_words) >= 2:
        words = list(parts)
        for chosen in rng.sample(long_words, 2):
            words[chosen] = typo(words[chosen], rng)
        variants["two_typos"] = " ".join(words)
    if len(parts) >= 3:
        words = list(parts)
        del words[rng.randrange(1, len(parts) - 1)]
        variants["dropped_part"] = " ".join(words)
    if len(parts) >= 2:
        variants["reordered"] = " ".join([parts[-1].upper(), *parts[:-1]])
    if _russian(entity):
        cyrillic = [to_cyrillic(part) for part in parts]
        variants["translit_latin"] = " ".join(unidecode(word) for word in cyrillic)
        if not _has_script(entity, "\u0400", "\u04ff"):
            variants["cyrillic"] = " ".join(cyrillic)
    elif _arabic(entity, name, arabic):
        variants["translit_latin"] = arabic_romanisation(name, rng)
        if not _has_script(entity, "\u0600", "\u06ff"):
            variants["arabic_script"] = arabic.write(person_parts(name))
    return variants


_RUSSIAN_ROMANISATION = re.compile(
    r"(kh|zh|shch|ts|iy|yy|skaya|skoye|oye|aya)\b|\b(ooo|zao|oao|pao|ao)\b", re.I
)


def organisation_variants(
    name: str, rng: random.Random, russian: bool, common_words: frozenset[str]
) -> dict[str, str | None]:
    words = name.split()
    long_words = [i for i, word in enumerate(words) if len(word) >= 5 and word.isalpha()]
    variants: dict[str, str | None] = {"reformatted": " ".join(natural_case(word) for word in words)}
    if long_words:
        changed = list(words)
        chosen = rng.choice(long_words)
        changed[chosen] = typo(changed[chosen], rng)
        variants["typo"] = " ".join(changed)
    variants["legal_form"] = change_legal_form(name, rng)
    variants["abbreviated"] = abbreviate(name)
    # Records leave out ordinary words ("Trading", "International"), not the name itself: only
    # an inner word that many list names use is dropped.
    droppable = [i for i in range(1, len(words) - 1) if words[i].lower().strip(",.") in common_words]
    if len(words) >= 3 and droppable:
        changed = list(words)
        del changed[rng.choice(droppable)]
        variants["dropped_part"] = " ".join(changed)
    if russian and _RUSSIAN_ROMANISATION.search(name):
        variants["translit_latin"] = " ".join(unidecode(to_cyrillic(word)) for word in words)
    return variants


def build_positives(
    entities: Sequence[ListEntity], seed: int, people: int, organisations: int
) -> list[EvalCase]:
    rng = random.Random(seed)
    arabic = load_arabic_spelling()
    persons = sorted(
        (e for e in entities if e.kind is EntityKind.PERSON), key=lambda e: (e.source, e.source_id)
    )
    orgs = sorted(
        (e for e in entities if e.kind is EntityKind.ORGANIZATION), key=lambda e: (e.source, e.source_id)
    )
    word_counts: dict[str, int] = {}
    for entity in orgs:
        for word in {w.lower().strip(",.") for n in entity.names for w in n.text.split()}:
            word_counts[word] = word_counts.get(word, 0) + 1
    common_words = frozenset(
        word for word, count in word_counts.items() if count >= 10 and word.isalpha() and len(word) >= 3
    )
    cases: list[EvalCase] = []
    for pool, count in ((persons, people), (orgs, organisations)):
        for entity in rng.sample(pool, min(count, len(pool))):
            name = _source_name(entity, rng)
            if name is None:
                continue
            if entity.kind is EntityKind.PERSON:
                variants = person_variants(entity, name, rng, arabic)
            else:
                variants = organisation_variants(name, rng, _russian(entity), common_words)
            available = {kind: text for kind, text in variants.items() if text and text.strip()}
            # Every script variant is kept (they are rare); of the others, three per entity.
            scripted = [kind for kind in available if kind in ("cyrillic", "arabic_script", "translit_latin")]
            others = [kind for kind in available if kind not in scripted]
            chosen = scripted + rng.sample(others, min(3, len(others)))
            for variant in sorted(chosen):
                text = available[variant]
                cases.append(
                    EvalCase(
                        case_id=f"pos:{entity.source}:{entity.source_id}:{variant}",
                        split=split_of(seed, f"{entity.source}:{entity.source_id}"),
                        positive=True,
                        variant=variant,
                        name=text,
                        kind=entity.kind,
                        country=entity.countries[0] if entity.countries else None,
                        birth_date=entity.birth_dates[0] if entity.birth_dates else None,
                        expected=(entity.source, entity.source_id),
                    )
                )
    return cases


# --- negatives ---------------------------------------------------------------------------------

_CULTURE_COUNTRIES = {
    "arabic": ["EG", "JO", "LB", "SA", "AE", "MA", "TN", "QA", "KW", "OM"],
    "persian": ["IR", "AE", "DE", "US", "CA"],
    "russian": ["RU", "KZ", "DE", "IL", "LV"],
    "ukrainian": ["UA", "PL", "DE", "CA"],
    "chinese": ["CN", "TW", "SG", "HK", "MY", "US"],
    "korean": ["KR", "US", "JP"],
    "japanese": ["JP"],
    "hispanic": ["ES", "MX", "CO", "AR", "PE", "CL", "US", "VE"],
    "portuguese": ["PT", "BR"],
    "anglo": ["US", "GB", "CA", "AU", "IE", "NZ"],
    "german": ["DE", "AT", "CH"],
    "french": ["FR", "BE", "CH", "CA"],
    "italian": ["IT", "CH"],
    "indian": ["IN", "GB", "US", "AE", "SG"],
    "pakistani": ["PK", "GB", "AE"],
    "turkish": ["TR", "DE"],
    "african": ["NG", "GH", "ET", "KE", "ZA", "ZW", "SN", "ML"],
    "vietnamese": ["VN", "US", "FR"],
    "indonesian": ["ID"],
    "polish_czech": ["PL", "CZ"],
    "nordic_dutch": ["SE", "NO", "DK", "FI", "NL"],
    "greek": ["GR", "CY"],
}


def _person_name(culture: dict[str, list[str]], rng: random.Random) -> str:
    template = rng.choice(culture["templates"])
    used: set[str] = set()

    def pick(slot: str) -> str:
        if slot == "initial":
            return rng.choice(string.ascii_uppercase) + "."
        options = [option for option in culture[slot] if option not in used] or culture[slot]
        chosen = rng.choice(options)
        used.add(chosen)
        return chosen

    return re.sub(r"\{(\w+)\}", lambda match: pick(match.group(1)), template)


def build_negatives(
    list_names: Iterable[str], seed: int, people: int
) -> tuple[list[EvalCase], dict[str, int]]:
    """Negative people and companies; also how many were dropped for being list names."""
    rng = random.Random(seed + 1)
    arabic = load_arabic_spelling()
    listed = ListedNames(list_names)
    cultures: dict[str, dict[str, list[str]]] = yaml.safe_load(
        (DATA / "person_names.yaml").read_text(encoding="utf-8")
    )["cultures"]
    per_culture = max(1, people // len(cultures))
    cases: list[EvalCase] = []
    dropped = {"people": 0, "companies": 0}
    seen: set[str] = set()
    for culture_name in sorted(cultures):
        culture = cultures[culture_name]
        made = 0
        attempts = 0
        while made < per_culture and attempts < per_culture * 20:
            attempts += 1
            name = _person_name(culture, rng)
            variant = f"person:{culture_name}"
            if culture_name == "chinese" and rng.random() < 0.2:
                hanzi, _, reading = rng.choice(culture["hanzi"]).partition(":")
                name, variant = (hanzi, f"{variant}:han") if rng.random() < 0.5 else (reading, variant)
            if name in seen:
                continue
            if listed.contains(name):
                dropped["people"] += 1
                continue
            if culture_name in ("russian", "ukrainian") and rng.random() < 0.2:
                name, variant = " ".join(to_cyrillic(word) for word in name.split()), f"{variant}:cyrillic"
            elif culture_name == "arabic" and rng.random() < 0.2:
                name, variant = arabic.write(name.split()), f"{variant}:arabic_script"
            seen.add(name)
            made += 1
            cases.append(
                EvalCase(
                    case_id=f"neg:{variant}:{name}",
                    split=split_of(seed, f"neg:{name}"),
                    positive=False,
                    variant=variant,
                    name=name,
                    kind=EntityKind.PERSON,
                    country=rng.choice(_CULTURE_COUNTRIES[culture_name]),
                    birth_date=f"{rng.randint(1940, 2002)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                    expected=None,
                )
            )
    for line in (DATA / "supplier_names.txt").read_text(encoding="utf-8").splitlines():
        name = line.strip()
        if not name or name.startswith("#") or name in seen:
            continue
        if listed.contains(name):
            dropped["companies"] += 1
            continue
        seen.add(name)
        cases.append(
            EvalCase(
                case_id=f"neg:supplier:{name}",
                split=split_of(seed, f"neg:{name}"),
                positive=False,
                variant="supplier",
                name=name,
                kind=EntityKind.ORGANIZATION,
                country=rng.choice(
                    ["US", "DE", "GB", "JP", "NL", "FR", "CH", "FI", "CN", "KR", "TW", "CA", "AU"]
                ),
                birth_date=None,
                expected=None,
            )
        )
    return cases, dropped


def build_evaluation(
    entities: Sequence[ListEntity],
    seed: int = DEFAULT_SEED,
    positive_people: int = 900,
    positive_organisations: int = 600,
    negative_people: int = 5000,
) -> tuple[list[EvalCase], dict[str, int]]:
    positives = build_positives(entities, seed, positive_people, positive_organisations)
    negatives, dropped = build_negatives(
        (name.text for entity in entities for name in entity.names), seed, negative_people
    )
    return positives + negatives, dropped
