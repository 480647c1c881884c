"""One screening index over the real OFAC SDN 2021 and UN lists, built once per test session."""

from __future__ import annotations

import functools

from qgov.screening.index import ScreeningIndex
from qgov.screening.tests.shared_lists import OFAC_SDN_2021, UN_2026, loaded


@functools.cache
def real_index() -> ScreeningIndex:
    return ScreeningIndex.build([*loaded(OFAC_SDN_2021).entities, *loaded(UN_2026).entities])
