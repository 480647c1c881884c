"""Quantities: the unit spellings users and legal texts write, read to the same value in any unit."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qgov.exportcontrol.quantities import (
    QuantityError,
    compare,
    format_number,
    format_quantity,
    magnitude_in,
    parse_quantity,
    same_dimension,
)


@pytest.mark.parametrize(
    ("given", "canonical", "expected"),
    [
        ("600 uW", "W", 600e-6),
        ("600 µW", "W", 600e-6),
        ("0.6 mW", "W", 600e-6),
        (0.0006, "W", 600e-6),
        ("100 mK", "K", 0.1),
        ("-268.65 degC", "K", 4.5),
        ("−268.65 °C", "K", 4.5),
        ("-273.05 degC", "K", 0.1),
        ("50 fT/√Hz", "T/√Hz", 50e-15),
        ("50 fT/rtHz", "T/√Hz", 50e-15),
        ("5e-5 nT/sqrt(Hz)", "T/√Hz", 50e-15),
        ("50 fT (rms)/√Hz", "T/√Hz", 50e-15),
        ("0.3 nT/m/√Hz", "T/m/√Hz", 0.3e-9),
        ("8 nV/m/rtHz", "V/m/√Hz", 8e-9),
        ("10 µGal", "Gal", 10e-6),
        ("0.7 mGal", "Gal", 0.7e-3),
        ("2 min", "s", 120),
        ("2 d", "h", 48),
        ("1e-11 per month", "1/month", 1e-11),
        ("1e-11/month", "1/month", 1e-11),
        (1e-11, "1/month", 1e-11),
        ("0.08 %", "%", 0.08),
        ("800 ppm", "%", 0.08),
        ("0.01 %", "", 1e-4),
        (1e-4, "", 1e-4),
        ("0.015 dB", "dB", 0.015),
        ("2 GHz", "GHz", 2),
        ("2000 MHz", "GHz", 2),
        ("21000 V", "kV", 21),
    ],
)
def test_values_are_read_in_any_unit_of_the_right_dimension(
    given: object, canonical: str, expected: float
) -> None:
    assert magnitude_in(parse_quantity(given, canonical), canonical) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    ("given", "canonical", "words"),
    [
        ("600 uV", "W", "voltage"),
        ("3 K", "T/√Hz", "temperature"),
        ("3 m", "%", "length"),
        ("600 furlongs per fortnight", "W", "[length] / [time]"),
        ("600 zorks", "W", "unknown unit"),
        ("lots", "W", "not a number"),
        ("nan W", "W", "not a number"),
        (float("inf"), "W", "finite"),
        (True, "W", "not True"),
        (["600", "uW"], "W", "not list"),
        ("0.015 %", "dB", "dB"),
        ("1 dB", "", "plain fraction"),
    ],
)
def test_unreadable_values_are_refused_with_the_reason(given: object, canonical: str, words: str) -> None:
    with pytest.raises(QuantityError) as raised:
        parse_quantity(given, canonical)
    assert words in str(raised.value)


def test_offset_temperatures_convert_both_ways() -> None:
    assert magnitude_in(parse_quantity("4.5 K", "K"), "degC") == pytest.approx(-268.65)
    assert magnitude_in(parse_quantity("-272.15 degC", "K"), "mK") == pytest.approx(1000)


@pytest.mark.parametrize(
    ("left", "op", "right", "expected"),
    [
        (1.0, "<", 2.0, True),
        (2.0, "<", 2.0, False),
        (2.0, "<=", 2.0, True),
        (2.0000001, "<=", 2.0, False),
        (2.0, ">", 2.0, False),
        (2.0000001, ">", 2.0, True),
        (2.0, ">=", 2.0, True),
        (1.9999999, ">=", 2.0, False),
        (2.0, "==", 2.0, True),
        (3.0, "==", 2.0, False),
        # float noise of a unit conversion is equality, never a crossed boundary
        (600.0000000000001, ">=", 600.0, True),
        (599.9999999999999, ">=", 600.0, True),
        (600.0000000000001, ">", 600.0, False),
        (0.00010000000000000002, "<=", 1e-4, True),
    ],
)
def test_comparators_follow_the_legal_wording(left: float, op: str, right: float, expected: bool) -> None:
    assert compare(left, op, right) is expected


def test_an_unknown_comparator_is_an_error() -> None:
    with pytest.raises(ValueError, match="comparator"):
        compare(1, "=<", 2)


@given(
    st.floats(min_value=1e-9, max_value=10.0, allow_nan=False), st.sampled_from(["<", "<=", ">", ">=", "=="])
)
def test_the_same_power_in_three_units_compares_the_same(watts: float, op: str) -> None:
    threshold = 600.0  # uW
    answers = {
        compare(magnitude_in(parse_quantity(text, "W"), "uW"), op, threshold)
        for text in (f"{watts!r} W", f"{watts * 1e3!r} mW", f"{watts * 1e6!r} uW")
    }
    assert len(answers) == 1


def test_dimensions_are_compared_with_logarithmic_units_apart() -> None:
    assert same_dimension("mK", "degC")
    assert same_dimension("fT/rtHz", "T/√Hz")
    assert not same_dimension("dB", "%")
    assert not same_dimension("W", "J")


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (600.0000000000001, "uW", "600 uW"),
        (1e-4, "", "0.0001"),
        (1e-5, "", "1e-5"),
        (2e8, "", "2e8"),
        (-273.05, "degC", "-273.05 degC"),
    ],
)
def test_quantities_print_without_float_noise(value: float, unit: str, text: str) -> None:
    assert format_quantity(value, unit) == text


def test_numbers_print_short() -> None:
    assert format_number(48.0) == "48"
    assert format_number(0.015) == "0.015"
