"""Country choices for forms and filters (ISO 3166-1 alpha-2 with English names), built once."""

from __future__ import annotations

from functools import cache

import pycountry


@cache
def country_choices() -> list[tuple[str, str]]:
    return sorted(((c.alpha_2, f"{c.name} ({c.alpha_2})") for c in pycountry.countries), key=lambda p: p[1])
