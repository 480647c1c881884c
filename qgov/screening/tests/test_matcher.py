"""Scores behave the way a compliance officer expects, and every reason can be checked."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qgov.screening import index as index_module
from qgov.screening.entities import EntityKind, EntityName, Identifier, ListEntity, NameType
from qgov.screening.index import ScreeningIndex
from qgov.screening.matcher import DEFAULT_THRESHOLD, MATCHER_VERSION, Match, PartyQuery, compare, screen
from qgov.screening.names_data import data_digest
from qgov.screening.tests.screening_index import real_index
from qgov.screening.tests.shared_lists import OFAC_SDN_2021, entity, loaded

PERSON = EntityKind.PERSON
ORGANIZATION = EntityKind.ORGANIZATION


def listed(
    name: str,
    kind: EntityKind = PERSON,
    *aliases: str,
    countries: tuple[str, ...] = (),
    birth_dates: tuple[str, ...] = (),
    identifiers: tuple[Identifier, ...] = (),
) -> ListEntity:
    names = (EntityName(name), *(EntityName(alias, NameType.ALIAS) for alias in aliases))
    return ListEntity(
        "test", name, kind, names, countries=countries, birth_dates=birth_dates, identifiers=identifiers
    )


def score(query: PartyQuery | str, entity: ListEntity, kind: EntityKind | None = None) -> float:
    party = query if isinstance(query, PartyQuery) else PartyQuery(query, kind=kind or entity.kind)
    match = compare(real_index(), party, entity)
    return 0.0 if match is None else match.score


def match_of(query: str, entity: ListEntity) -> Match:
    match = compare(real_index(), PartyQuery(query, kind=entity.kind), entity)
    assert match is not None
    return match


# --- kind and name structure -----------------------------------------------------------------


def test_a_person_never_matches_an_organisation() -> None:
    bank = listed("BANK MELLI IRAN", ORGANIZATION)
    assert compare(real_index(), PartyQuery("Bank Melli Iran", kind=PERSON), bank) is None
    assert score(PartyQuery("Bank Melli Iran"), bank) == 1.0  # an unknown kind may match either


def test_the_same_name_scores_one() -> None:
    assert score("Vladimir Putin", listed("PUTIN, Vladimir")) == 1.0


def test_extra_listed_parts_cost_less_than_extra_query_parts() -> None:
    short, long = "Ivan Sergeyevich Kuzmenko", "Ivan Kuzmenko"
    list_has_more = score(long, listed(short))
    query_has_more = score(short, listed(long))
    assert list_has_more > query_has_more
    assert list_has_more >= DEFAULT_THRESHOLD


def test_a_match_on_one_of_two_names_is_not_a_match() -> None:
    match = match_of("Kostenko", listed("KOSTENKO, Olena"))
    assert match.score == 0.5
    assert any("only one name part matched" in reason for reason in match.reasons)
    assert score("Olena Brown", listed("KOSTENKO, Olena")) < 0.5


def test_common_company_words_do_not_carry_a_match() -> None:
    zhongke = listed("ZHONGKE QUANTUM TECHNOLOGIES CO., LTD.", ORGANIZATION)
    match = match_of("Quantum Technologies GmbH", zhongke)
    assert match.score <= 0.4
    assert any("only common company words matched" in reason for reason in match.reasons)
    assert score("Zhongke Quantum Technologies", zhongke) >= DEFAULT_THRESHOLD


def test_corp_alone_does_not_match() -> None:
    assert score("11420 Corp.", listed("4420 CORP.", ORGANIZATION)) < DEFAULT_THRESHOLD


def test_sister_companies_with_other_legal_forms_still_match() -> None:
    match = match_of("Deutsche Bank GmbH", listed("DEUTSCHE BANK AG", ORGANIZATION))
    assert DEFAULT_THRESHOLD <= match.score < 1.0
    assert any("differs from listed JSC" in reason and "weak evidence" in reason for reason in match.reasons)


def test_spelling_and_transliteration_variants_score_high_but_below_exact() -> None:
    entity = listed("KHODORKOVSKIY, Mikhail")
    for variant in (
        "Mikhail Hodorkovsky",
        "Michael Khodorkovskiy",
        "Mikhail Khodorkovsky",
        "Mikhial Khodorkovskiy",
    ):
        assert DEFAULT_THRESHOLD <= score(variant, entity) < 1.0, variant


def test_a_short_word_with_another_first_letter_is_another_word() -> None:
    assert score("Deng Bo", listed("PENG, Bo")) < DEFAULT_THRESHOLD


def test_a_weak_alias_counts_less() -> None:
    strong = listed("X", PERSON, "Abu Hamza Masri")
    weak = ListEntity(
        "test", "w", PERSON, (EntityName("X"), EntityName("Abu Hamza Masri", NameType.WEAK_ALIAS))
    )
    assert score("Abu Hamza Masri", weak) < score("Abu Hamza Masri", strong) == 1.0


# --- details ---------------------------------------------------------------------------------


def test_country_agreeing_raises_and_differing_lowers_the_score() -> None:
    entity = listed("ZHANG, Wei Dong", countries=("IR",))
    plain = score(PartyQuery("Zhang Weidong", kind=PERSON), entity)
    agrees = compare(real_index(), PartyQuery("Zhang Weidong", kind=PERSON, country="IR"), entity)
    differs = compare(real_index(), PartyQuery("Zhang Weidong", kind=PERSON, country="CN"), entity)
    assert agrees is not None and differs is not None
    assert differs.score < plain <= agrees.score
    assert "country IR agrees" in agrees.reasons
    assert "country CN differs from listed IR" in differs.reasons


@pytest.mark.parametrize(
    ("birth_date", "moves", "reason"),
    [
        ("1962-05-01", 1, "birth date 1962-05-01 agrees"),
        ("1962", 1, "birth year 1962 agrees"),
        ("1963", -1, "birth year 1963 is one year from listed 1962"),
        ("1975-01-01", -1, "birth year 1975 differs from listed 1962"),
        ("1962-11-30", -1, "birth date 1962-11-30 differs from listed 1962-05-01"),
    ],
)
def test_birth_dates_move_the_score_and_say_why(birth_date: str, moves: int, reason: str) -> None:
    entity = listed("HASSAN, Ali Mahmoud", birth_dates=("1962-05-01",))
    base = score("Ali Mahmoud Hassan", entity)
    match = compare(
        real_index(), PartyQuery("Ali Mahmoud Hassan", kind=PERSON, birth_date=birth_date), entity
    )
    assert match is not None
    assert (match.score - base) * moves > 0 or match.score == base == 1.0
    assert reason in match.reasons


def test_an_identifier_the_list_publishes_is_strong_evidence() -> None:
    passport = Identifier("Passport", "63N9437545", "RU")
    entity = listed("AL-ZEYDI, Issa", identifiers=(passport,))
    query = PartyQuery("I. Zeidi", kind=PERSON, identifiers=("63N 9437545",))
    match = compare(real_index(), query, entity)
    assert match is not None and match.score >= 0.95
    assert "identifier 63N 9437545 equals listed Passport 63N9437545" in match.reasons


# --- reasons ---------------------------------------------------------------------------------


def test_reasons_name_the_variant_the_officer_can_check() -> None:
    match = match_of("Mohammed Makhluf", listed("MAKHLUF, Muhammad"))
    assert "'Mohammed' matched 'Muhammad' as a given-name variant" in match.reasons
    assert "'Makhluf' matched 'MAKHLUF' exactly" in match.reasons


def test_reasons_name_what_is_missing_and_what_is_extra() -> None:
    match = match_of("Ahmed Hassan", listed("AL-HASSAN, Ahmed Yusuf"))
    assert "listed name has extra parts 'Yusuf', 'AL' (low weight)" in match.reasons


def test_reasons_show_the_transliteration_of_other_scripts() -> None:
    match = match_of("Евгений Пригожин", listed("PRIGOZHIN, Yevgeniy Viktorovich"))
    assert "'Пригожин' (prigozhin) matched 'PRIGOZHIN' exactly" in match.reasons
    assert match.score >= DEFAULT_THRESHOLD


_PAIR_REASON = re.compile(r"^'(?P<query>[^']+)'(?: \([a-z0-9]+\))? matched '(?P<listed>[^']+)' ")


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("Saddam Husayn al-Tikriti", "AL-TIKRITI, Saddam Hussein"),
        ("Rosoboronexprot JSC", "ROSOBORONEKSPORT OAO"),
        ("Hua Wei Technologies", "HUAWEI TECHNOLOGIES CO., LTD."),
        ("Jang Do-hyun", "JANG, Hyon U"),
    ],
)
def test_every_token_reason_quotes_words_of_the_two_names(query: str, name: str) -> None:
    kind = ORGANIZATION if "Tech" in query or "JSC" in query else PERSON
    match = match_of(query, listed(name, kind))
    pair_reasons = [_PAIR_REASON.match(reason) for reason in match.reasons]
    found = [reason for reason in pair_reasons if reason is not None]
    assert found
    for reason in found:
        assert all(word.lower() in query.lower() for word in reason["query"].split())
        assert all(word.lower() in name.lower() for word in reason["listed"].split())
    assert match.reasons[0].startswith(f"name score {match.name_score:.2f}: '{query}' against listed name")


# --- screening a whole index -----------------------------------------------------------------


def test_screen_finds_a_listed_party_among_ten_thousand() -> None:
    matches = screen(real_index(), PartyQuery("Rosoboronexport", kind=ORGANIZATION))
    assert matches[0].entity.source_id == "18782"
    assert matches[0].entity == entity(OFAC_SDN_2021, "18782")


def test_screen_orders_best_first_and_respects_threshold_and_limit() -> None:
    matches = screen(real_index(), PartyQuery("Mohammed Ali"), threshold=0.6, limit=5)
    assert 0 < len(matches) <= 5
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)
    assert all(m.score >= 0.6 for m in matches)


def test_screen_uses_aliases_of_the_query() -> None:
    query = PartyQuery("Concord Catering Boss", kind=PERSON, aliases=("Yevgeniy Prigozhin",))
    matches = screen(real_index(), query)
    assert matches[0].entity.source_id == "21171"
    assert matches[0].query_name == "Yevgeniy Prigozhin"


def test_a_clean_supplier_is_not_an_alert() -> None:
    for supplier in (
        "Bluefors Oy",
        "Oxford Instruments plc",
        "Zurich Instruments AG",
        "Quantum Machines Ltd",
    ):
        assert screen(real_index(), PartyQuery(supplier, kind=ORGANIZATION)) == [], supplier


def test_match_dictionary_has_the_contract_keys() -> None:
    match = screen(real_index(), PartyQuery("Saddam Hussein al-Tikriti", kind=PERSON))[0]
    data = match.to_dict()
    assert {"score", "list", "entity_id", "entity_name", "matched_name", "kind", "reasons"} <= set(data)
    assert data["list"] == match.entity.source and data["kind"] == "person"
    assert data["matcher_version"] == MATCHER_VERSION


def test_the_matcher_version_changes_with_its_data_files() -> None:
    assert MATCHER_VERSION.startswith("qgov-screen/")
    assert MATCHER_VERSION.endswith(data_digest()[:12])


_NAMES = st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyz  -'."), min_size=1, max_size=30)


@settings(max_examples=80, deadline=None)
@given(first=_NAMES, second=_NAMES)
def test_scores_stay_between_zero_and_one(first: str, second: str) -> None:
    index = ScreeningIndex.build([listed("anchor")])
    entity = listed(second)
    match = compare(index, PartyQuery(first, kind=PERSON), entity)
    assert match is None or 0.0 <= match.score <= 1.0
    if any(ch.isalpha() for ch in second):
        same = compare(index, PartyQuery(second, kind=PERSON), entity)
        assert same is not None and same.score == pytest.approx(1.0)


# --- a threshold only cuts the list ------------------------------------------------------------
# screen() skips list names whose score bound cannot reach the threshold: it must never skip one
# that would have reached it.


def _cut(matches: list[Match], threshold: float) -> list[Match]:
    return [match for match in matches if match.score >= threshold]


@pytest.mark.parametrize(
    "query",
    [
        PartyQuery("Mohamad Ali Hasan"),
        PartyQuery("Rosoboronexprot", kind=ORGANIZATION),
        PartyQuery("Abdul Rahman Yasin", kind=PERSON),
        PartyQuery("Bank Mellat Iran International", kind=ORGANIZATION, country="IR"),
        PartyQuery("Kim Jong Un", kind=PERSON, birth_date="1984-01-08"),
    ],
)
def test_a_threshold_only_cuts_the_matches_of_the_real_lists(query: PartyQuery) -> None:
    everything = screen(real_index(), query, threshold=0.0, limit=1000)
    assert everything
    for threshold in (0.5, DEFAULT_THRESHOLD, 0.9):
        assert screen(real_index(), query, threshold=threshold, limit=1000) == _cut(everything, threshold)


_WORDS = st.sampled_from(
    ["mohammed", "muhammad", "ali", "al", "hasan", "hassan", "abdul", "rahman", "abdulrahman", "bin",
     "trading", "company", "ivanov", "ivanova", "petrov", "j", "john", "smith", "smyth", "kim", "jong"]
)  # fmt: skip
_NAME_WORDS = st.lists(_WORDS, min_size=1, max_size=4).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(
    query=_NAME_WORDS,
    names=st.lists(st.lists(_NAME_WORDS, min_size=1, max_size=3), min_size=1, max_size=6),
    threshold=st.sampled_from([0.3, 0.5, DEFAULT_THRESHOLD, 0.9]),
)
def test_a_threshold_only_cuts_the_matches(query: str, names: list[list[str]], threshold: float) -> None:
    entities = [
        ListEntity(
            "test",
            str(number),
            PERSON if number % 2 else ORGANIZATION,
            tuple(
                EntityName(text, NameType.WEAK_ALIAS if position == 2 else NameType.PRIMARY)
                for position, text in enumerate(texts)
            ),
        )
        for number, texts in enumerate(names)
    ]
    index = ScreeningIndex.build(entities)
    party = PartyQuery(query)
    everything = screen(index, party, threshold=0.0, limit=100)
    assert screen(index, party, threshold=threshold, limit=100) == _cut(everything, threshold)


def test_an_index_too_large_to_prepare_its_names_scores_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    entities = loaded(OFAC_SDN_2021).entities[:3000]
    prepared = ScreeningIndex.build(entities)
    monkeypatch.setattr(index_module, "PREPARED_NAMES_UP_TO", 0)
    on_use = ScreeningIndex.build(entities)
    for query in (
        PartyQuery("Mohamad Ali Hasan"),
        PartyQuery("Banco Nacional de Cuba", kind=ORGANIZATION),
        PartyQuery("Hua Wei Technologies", kind=ORGANIZATION),
    ):
        assert screen(on_use, query, threshold=0.0) == screen(prepared, query, threshold=0.0)
