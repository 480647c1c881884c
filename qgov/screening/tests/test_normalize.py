"""Names in every script, order and legal form become the tokens the matcher compares."""

from __future__ import annotations

import pytest

from qgov.screening.names_data import NameDataError, _entries, vocabulary
from qgov.screening.normalize import NameMode, Role, Script, analyze_name, normalize_name, variant_group
from qgov.screening.phonetic import consonant_skeleton, fold, korean_fold

PERSON = NameMode.PERSON
ORG = NameMode.ORGANIZATION


def forms(text: str, mode: NameMode = PERSON) -> tuple[str, ...]:
    return analyze_name(text, mode).forms


# --- scripts ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Владимир Путин", ("vladimir", "putin")),  # Cyrillic, ICU transform
        ("Олександр Шевченко", ("oleksandr", "shevchenko")),  # Ukrainian Cyrillic
        ("Σωκράτης Παπαδόπουλος", ("sokratis", "papadopoulos")),  # Greek
        ("Ալեքսանդր", ("aleksandr",)),  # Armenian
        ("Müller-Lüdenscheidt", ("muller", "ludenscheidt")),  # Latin with diacritics
        ("Straßburger Ørsted Łukasz", ("strassburger", "orsted", "lukasz")),  # letters that do not decompose
        ("ＡＢＣ Ｓｍｉｔｈ", ("abc", "smith")),  # full-width forms
    ],
)
def test_alphabets_are_transliterated_letter_by_letter(text: str, expected: tuple[str, ...]) -> None:
    assert forms(text) == expected


def test_chinese_names_are_read_in_pinyin_one_syllable_per_token() -> None:
    name = analyze_name("习近平", PERSON)
    assert name.forms == ("xi", "jin", "ping")
    assert set(name.scripts) == {Script.HAN}
    assert name.surfaces == ("习", "近", "平")


def test_chinese_company_legal_form_is_recognised_in_pinyin() -> None:
    name = analyze_name("华为技术有限公司", ORG)
    assert name.forms[:2] == ("hua", "wei")
    assert name.legal_forms == ("LLC",)


def test_korean_is_read_one_syllable_at_a_time() -> None:
    name = analyze_name("김정은", PERSON)
    assert name.forms == ("gim", "jeong", "eun")
    assert set(name.scripts) == {Script.HANGUL}


def test_arabic_script_keeps_consonants_and_splits_the_article() -> None:
    name = analyze_name("عبد الرحمن الحسن", PERSON)
    assert name.forms[:3] == ("abd", "al", "rhmn")
    assert set(name.scripts) == {Script.ABJAD}
    assert name.roles[1] is Role.PARTICLE
    # A word starting with alif or ayn keeps a leading vowel: Ahmad is not Hamid.
    assert consonant_skeleton(forms("أحمد")[0]) == consonant_skeleton("ahmad") != consonant_skeleton("hamid")


def test_hebrew_is_an_abjad_too() -> None:
    assert analyze_name("דוד", PERSON).scripts == (Script.ABJAD,)


# --- name order, honorifics, particles -------------------------------------------------------


def test_family_name_first_with_a_comma_is_put_last() -> None:
    name = analyze_name("PUTIN, Vladimir Vladimirovich", PERSON)
    assert name.forms == ("vladimir", "vladimirovich", "putin")
    assert name.roles == (Role.NAME, Role.PATRONYMIC, Role.NAME)
    assert name.surfaces == ("Vladimir", "Vladimirovich", "PUTIN")


def test_honorifics_and_suffixes_are_dropped_from_person_names() -> None:
    assert forms("Sheikh Dr. Ahmed bin Ali Al-Hassan Jr.") == ("ahmed", "bin", "ali", "al", "hassan")
    assert forms("Shaykjh Sa'id") == ("said",)  # a title misspelled by one letter
    assert forms("شيخ محمد") == ("mhmd",)  # a title in Arabic script
    assert forms("Mr") == ("mr",)  # a name that is only a title is kept


def test_short_titles_are_not_matched_loosely() -> None:
    assert forms("Majer Smith") == ("majer", "smith")  # not "Major"
    assert forms("امر حسن") == ("amr", "hsn")  # Arabic Amr is a name, not "Mr"


def test_european_particles_only_count_when_written_apart() -> None:
    assert analyze_name("Pedro do Carmo", PERSON).roles[1] is Role.PARTICLE
    assert analyze_name("Kim Do-hyun", PERSON).roles[1] is Role.NAME
    assert analyze_name("Ahmed al-Hassan", PERSON).roles[1] is Role.PARTICLE


def test_initials_and_numbers_have_their_roles() -> None:
    assert analyze_name("J. Smith", PERSON).roles == (Role.INITIAL, Role.NAME)
    assert analyze_name("Brigade 44", ORG).roles == (Role.NAME, Role.NUMBER)


def test_a_repeated_word_is_one_part() -> None:
    assert forms("Sergey Sergey Shoigu") == ("sergey", "shoigu")


# --- organisations ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "base", "legal"),
    [
        ("HUAWEI TECHNOLOGIES CO., LTD.", ("huawei", "technology"), ("LLC",)),
        ("Siemens Aktiengesellschaft", ("siemens",), ("JSC",)),
        ("Siemens AG", ("siemens",), ("JSC",)),
        ("OOO Ромашка", ("romashka",), ("LLC",)),
        ("ZAO Sibirskiy Kholding", ("sibirskiy", "kholding"), ("JSC",)),
        ("Grupo Bimbo, S.A.B. de C.V.", ("group", "bimbo"), ("JSC",)),
        ("Grupo Bimbo SAB DE CV", ("group", "bimbo"), ("JSC",)),
        ("ACME Sp. z o.o.", ("acme",), ("LLC",)),
        ("Hamamatsu Photonics K.K.", ("hamamatsu", "photonics"), ("JSC",)),
        ("Rohde & Schwarz GmbH & Co. KG", ("rohde", "schwarz"), ("PARTNERSHIP",)),
        ("Acme Corp.", ("acme",), ("CORP",)),
        ("GROUP GRAND LIMITRED", ("group", "grand"), ("LLC",)),  # misspelled by one letter
        ("TOYS FACTORY, S.A. DE C.V. S.A.", ("toys", "factory"), ("JSC",)),  # two forms in a row
    ],
)
def test_legal_forms_are_taken_off_and_classified(
    text: str, base: tuple[str, ...], legal: tuple[str, ...]
) -> None:
    name = analyze_name(text, ORG)
    assert name.forms == base
    assert name.legal_forms == legal


def test_a_name_that_is_only_a_legal_form_keeps_its_word() -> None:
    assert forms("Limited", ORG) == ("limited",)


def test_legal_forms_are_not_stripped_from_person_names() -> None:
    assert forms("Li Ao") == ("li", "ao")


def test_sister_companies_share_their_base_name() -> None:
    assert normalize_name("Deutsche Bank AG") == normalize_name("DEUTSCHE BANK GmbH") == "deutsche bank"


def test_company_words_are_read_in_one_spelling() -> None:
    name = analyze_name("GUANGZHOU HAIGE COMM GRP", ORG)
    assert name.forms == ("guangzhou", "haige", "communications", "group")
    assert name.roles == (Role.PLACE, Role.NAME, Role.ORG_WORD, Role.ORG_WORD)
    assert forms("North Wood Indystry Company", ORG) == ("north", "wood", "industries")


def test_sector_words_are_common_words_not_name_parts() -> None:
    name = analyze_name("Quantum Instruments International", ORG)
    assert set(name.roles) == {Role.ORG_WORD}


def test_dotted_abbreviations_are_joined_but_ampersands_are_not() -> None:
    assert forms("U.S.A. Trading", ORG) == ("usa", "trading")
    assert forms("A & B Trading", ORG) == ("a", "b", "trading")


# --- variants and phonetic forms -------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second"),
    [("mohammed", "muhammad"), ("aleksandr", "alexander"), ("yusuf", "joseph"), ("kim", "gim")],
)
def test_spellings_of_one_given_name_share_a_group(first: str, second: str) -> None:
    assert variant_group(first) is not None
    assert variant_group(first) == variant_group(second)


def test_different_names_are_not_variants() -> None:
    assert variant_group("hassan") != variant_group("hussein")
    assert variant_group("smith") is None


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("khodorkovskiy", "hodorkovsky"),
        ("dmitriy", "dmitry"),
        ("dmitrij", "dmitri"),
        ("qadhafi", "kadhafi"),
        ("sergey", "sergei"),
        ("mohammed", "mohamed"),
    ],
)
def test_transliteration_variants_fold_alike(first: str, second: str) -> None:
    assert fold(first) == fold(second)


@pytest.mark.parametrize(
    ("form", "folded"),
    [
        ("kvangkhun", "kvangun"),  # kh -> h makes a gh, which folds too
        ("dhj", "di"),  # dh -> d comes after dj -> j: "dj" made late stays, then j -> i
        ("abdullah", "abdula"),  # "ah" at the end, then doubled letters
        ("tchaikovsky", "chaikovski"),
        ("yevgeniy", "evgeni"),
        ("maxxim", "maksksim"),
        ("youssef", "iusef"),
        ("cecilia", "sesilia"),
        ("jeff", "iev"),
    ],
)
def test_fold_applies_its_rules_in_order(form: str, folded: str) -> None:
    assert fold(form) == folded


def test_different_names_fold_apart() -> None:
    assert fold("smirnov") != fold("ivanov")
    assert fold("chong") != fold("hong")  # "ch" is kept as one sound


def test_korean_romanisations_fold_alike() -> None:
    assert korean_fold("jeong") == korean_fold("jong") == korean_fold("chong")
    assert korean_fold("ri") == korean_fold("li")


# --- the data files --------------------------------------------------------------------------


def test_every_data_file_names_its_source() -> None:
    files = dict(vocabulary().sources)
    assert set(files) == {"legal_forms.yaml", "honorifics.yaml", "name_words.yaml", "given_names.yaml"}
    assert all(citation.strip() for citation in files.values())


def test_a_spelling_is_in_one_variant_group_only() -> None:
    spellings = [spelling for group in vocabulary().given_name_groups for spelling in group]
    assert len(spellings) == len(set(spellings))


def test_data_entries_must_be_normalised() -> None:
    with pytest.raises(NameDataError, match="not a normalised token list"):
        _entries("names.yaml", {"words": ["Not Normalised"]}, "words")
    with pytest.raises(NameDataError, match="missing or empty"):
        _entries("names.yaml", {}, "words")
