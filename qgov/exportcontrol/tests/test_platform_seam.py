"""The screening seam: who answers, in what order, and what the licence engine is told."""

from __future__ import annotations

import pytest

from qgov.exportcontrol.services.screening import (
    ALERTS_OPEN,
    CLEAR,
    PROHIBITED,
    UNKNOWN,
    ScreeningAnswer,
    combined_prohibited,
    register_screening_provider,
    screening_status,
)
from qgov.exportcontrol.tests.platform_support import organisation

pytestmark = pytest.mark.django_db


def test_a_registered_provider_answers_before_the_apps_and_can_be_removed(officer):
    party = organisation(officer, "Nordstadt Lab", "DE")
    remove = register_screening_provider(lambda p: {"status": PROHIBITED, "detail": f"{p.name} is listed"})
    try:
        answer = screening_status(party)
    finally:
        remove()
    assert answer == ScreeningAnswer(PROHIBITED, "Nordstadt Lab is listed", "<lambda>")
    assert screening_status(party).detail != "Nordstadt Lab is listed"


def test_a_provider_without_an_answer_passes_to_the_next_one(officer):
    party = organisation(officer, "Nordstadt Lab", "DE")
    removers = [
        register_screening_provider(lambda p: None),
        register_screening_provider(lambda p: ScreeningAnswer(CLEAR, "screened", "test")),
    ]
    try:
        assert screening_status(party).status == CLEAR
    finally:
        for remove in removers:
            remove()


def test_an_answer_outside_the_vocabulary_is_refused_naming_the_provider(officer):
    party = organisation(officer, "Nordstadt Lab", "DE")

    def sloppy(p):
        return {"status": "probably fine"}

    remove = register_screening_provider(sloppy)
    try:
        with pytest.raises(ValueError, match="screening provider sloppy answered status 'probably fine'"):
            screening_status(party)
    finally:
        remove()


@pytest.mark.parametrize(
    ("statuses", "stated", "expected"),
    [
        ([CLEAR, CLEAR], None, False),  # screened clear: not prohibited
        ([CLEAR, PROHIBITED], False, True),  # a true match wins over what was stated
        ([UNKNOWN], True, True),  # the requester knows better than no screening
        ([UNKNOWN], False, False),  # screened outside qgov, as stated
        ([UNKNOWN], None, None),  # nobody knows: the determination asks
        ([ALERTS_OPEN], False, None),  # open alerts are not "not prohibited", whatever was stated
        ([], None, None),
    ],
)
def test_what_the_licence_engine_is_told(statuses, stated, expected):
    answers = [ScreeningAnswer(status, "", "test") for status in statuses]
    assert combined_prohibited(answers, stated) is expected
