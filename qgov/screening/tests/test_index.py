"""The candidate index hands the scorer tens of names out of tens of thousands, and the right ones."""

from __future__ import annotations

import pytest

from qgov.screening.entities import EntityKind, EntityName, ListEntity, NameType
from qgov.screening.index import DEFAULT_CANDIDATES, ScreeningIndex
from qgov.screening.normalize import AnalyzedName, NameMode, analyze_name
from qgov.screening.tests.screening_index import real_index


def person(text: str) -> list[AnalyzedName]:
    return [analyze_name(text, NameMode.PERSON)]


def organisation(text: str) -> list[AnalyzedName]:
    return [analyze_name(text, NameMode.ORGANIZATION)]


def found_ids(index: ScreeningIndex, queries: list[AnalyzedName]) -> set[str]:
    return {index.name(name_id).entity.source_id for name_id in index.candidates(queries)}


QUERIES = [
    person("Mohammed Ali"),
    person("Ahmed Hassan Abdullah"),
    person("Kim Jong Un"),
    person("John Smith"),
    person("محمد مخلوف"),
    organisation("International Trading Company"),
    organisation("Bank Melli Iran"),
    organisation("Quantum Technologies GmbH"),
]


def test_the_real_lists_are_indexed_whole() -> None:
    index = real_index()
    assert len(index.entities) > 9_000
    assert index.name_count > 25_000


@pytest.mark.parametrize("queries", QUERIES, ids=[q[0].text for q in QUERIES])
def test_a_query_touches_tens_of_names_not_the_whole_list(queries: list[AnalyzedName]) -> None:
    index = real_index()
    candidates = index.candidates(queries)
    entities = {index.name(name_id).entity_number for name_id in candidates}
    assert len(entities) <= DEFAULT_CANDIDATES
    assert len(candidates) <= 100  # of more than 25,000


def test_exact_and_common_names_are_found() -> None:
    index = real_index()
    assert "25578" in found_ids(index, organisation("Bank Melli Iran"))
    # Both words are very common on the lists: found by intersecting their postings.
    assert "20157" in found_ids(index, person("Kim Jong Un"))


def test_a_word_one_slip_away_is_found() -> None:
    index = real_index()
    assert "18782" in found_ids(index, organisation("Rosoboronexprot"))  # swapped letters
    assert "21171" in found_ids(index, person("Yevgeniy Prigozjin"))  # one wrong letter


def test_list_words_one_slip_either_way_are_near() -> None:
    entities = [
        ListEntity("test", "1", EntityKind.PERSON, (EntityName("IVANOV, Ali"),)),
        ListEntity("test", "2", EntityKind.PERSON, (EntityName("SMITH, John"),)),
    ]
    index = ScreeningIndex.build(entities)
    assert index.near_words("ivnov") == ["ivanov"]  # a letter missing
    assert index.near_words("ivanovv") == ["ivanov"]  # one too many
    assert index.near_words("ivaxov") == ["ivanov"]  # one wrong
    assert index.near_words("ivnaov") == ["ivanov"]  # two swapped
    assert index.near_words("alii") == ["ali"]  # a three-letter list word, the query one letter longer
    assert index.near_words("jonh") == ["john"]
    assert index.near_words("xohn") == []  # a short word keeps its first letter
    assert index.near_words("ivanov") == []  # the word itself is not near


def test_another_script_is_found_by_its_sound() -> None:
    index = real_index()
    assert "13002" in found_ids(index, person("محمد مخلوف"))  # by consonant skeleton
    assert "21171" in found_ids(index, person("Евгений Пригожин"))  # Cyrillic, ICU spelling


def test_words_written_together_or_apart_find_each_other() -> None:
    entities = [
        ListEntity("test", "1", EntityKind.ORGANIZATION, (EntityName("HUAWEI TECHNOLOGIES CO LTD"),)),
        ListEntity("test", "2", EntityKind.PERSON, (EntityName("ABDUL RAHMAN, Yasin"),)),
    ]
    index = ScreeningIndex.build(entities)
    assert found_ids(index, organisation("Hua Wei Technologies")) == {"1"}
    assert found_ids(index, person("Yasin Abdulrahman")) == {"2"}


def test_unrelated_names_find_nothing() -> None:
    entities = [ListEntity("test", "1", EntityKind.PERSON, (EntityName("SMITH, John"),))]
    index = ScreeningIndex.build(entities)
    assert index.candidates(person("Olena Kostenko")) == []


def test_rarity_weighs_common_words_less() -> None:
    index = real_index()
    assert index.document_frequency("mohammed") > 100
    assert index.rarity("mohammed") < 0.6 < index.rarity("prigozhin") <= 1.0
    assert index.rarity("a-word-no-list-has") == 1.0


def test_names_of_one_entity_are_kept_with_their_type() -> None:
    entity = ListEntity(
        "test",
        "1",
        EntityKind.PERSON,
        (
            EntityName("HUSSEIN, Saddam"),
            EntityName("Abu Ali", NameType.WEAK_ALIAS),
            EntityName("Saddam Hussein"),
        ),
    )
    index = ScreeningIndex.build([entity])
    assert index.name_count == 2  # the third name is the first written in another order
    assert [index.name(i).name_type for i in range(index.name_count)] == [
        NameType.PRIMARY,
        NameType.WEAK_ALIAS,
    ]
    assert index.name(0).text == "HUSSEIN, Saddam"
