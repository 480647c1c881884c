"""Physical quantities for export-control thresholds: one shared pint registry and the text forms users write.

Control texts state thresholds in many units (µW, mK, fT/√Hz, µGal, °C, dB, "per month") and vendors
quote figures in others; a wrong conversion decides an export licence. pint does the unit algebra; this
module only adds what pint does not read by itself: the spellings of √Hz ("rtHz", "sqrt(Hz)", "√Hz"),
"(rms)" annotations, "per month", the micro sign, offset temperatures written with a sign ("-268.65 degC",
which pint's expression parser would treat as a product), and decibels (logarithmic, so only dB itself is
accepted for them). Comparisons treat values equal to nine significant digits as equal, so the float
rounding of a unit conversion (0.6 mW -> 600.0000000000001 uW) can never flip a boundary.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any, cast

import pint

REGISTRY: pint.UnitRegistry[Any] = pint.UnitRegistry()
if "Gal" not in REGISTRY:  # pint ships "galileo = Gal"; keep the alias if a future pint drops it
    REGISTRY.define("galileo = 0.01 m / s ** 2 = Gal")
Quantity = REGISTRY.Quantity

RELATIVE_TOLERANCE = 1e-9
_LOGARITHMIC_UNITS = frozenset({"decibel"})


class QuantityError(ValueError):
    """A quantity that cannot be read: the message says why, in words a user can act on."""


_NUMBER = r"[+\-−]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+\-−]?\d+)?"
_VALUE_RE = re.compile(rf"^\s*(?P<number>{_NUMBER})\s*(?P<unit>.*?)\s*$")
_SQRT_HZ_RE = re.compile(r"(?:√\s*\(?\s*Hz\s*\)?|rt\s*\(?\s*Hz\s*\)?|sqrt\s*\(\s*Hz\s*\))", re.IGNORECASE)
_RMS_RE = re.compile(r"\(\s*rms\s*\)|\brms\b", re.IGNORECASE)
_PER_RE = re.compile(r"\bper\s+", re.IGNORECASE)


def normalise_unit_text(unit: str) -> str:
    """Rewrite the spellings people use into pint syntax ("50 fT/√Hz" -> "fT/Hz**0.5")."""
    text = unit.strip()
    text = _RMS_RE.sub("", text)
    text = _SQRT_HZ_RE.sub("(Hz**0.5)", text)
    text = text.replace("µ", "u").replace("μ", "u").replace("°C", "degC").replace("°F", "degF")
    text = text.replace("°K", "K").replace("%", "percent").replace("·", "*").replace("−", "-")
    text = _PER_RE.sub("/ ", text)
    return " ".join(text.split())


@lru_cache(maxsize=512)
def parse_unit(unit: str) -> pint.Unit:
    """The pint unit for a written unit ("" is dimensionless); QuantityError if pint does not know it."""
    text = normalise_unit_text(unit)
    if not text:
        return REGISTRY.dimensionless
    if text.startswith("/"):
        text = "1 " + text
    try:
        parsed = REGISTRY.parse_expression(text)
    except (pint.errors.PintError, SyntaxError, TypeError, ValueError, AttributeError) as exc:
        raise QuantityError(f"unknown unit {unit!r}") from exc
    if isinstance(parsed, pint.Quantity):
        if not math.isclose(float(parsed.magnitude), 1.0):
            raise QuantityError(f"unit {unit!r} contains a number")
        return cast(pint.Unit, parsed.units)
    if isinstance(parsed, pint.Unit):
        return parsed
    raise QuantityError(f"unknown unit {unit!r}")


def _parse_number(text: str) -> float:
    value = float(text.replace("−", "-"))
    if not math.isfinite(value):
        raise QuantityError(f"{text!r} is not a finite number")
    return value


def split_number_unit(text: str) -> tuple[float, str]:
    """'600 uW' -> (600.0, 'uW'); '1e-4' -> (0.0001, ''). QuantityError if it does not start with a number."""
    match = _VALUE_RE.match(text)
    if match is None:
        raise QuantityError(f"{text!r} is not a number followed by a unit")
    return _parse_number(match["number"]), match["unit"]


def parse_quantity(given: Any, canonical_unit: str) -> pint.Quantity[Any]:
    """Read a number (in `canonical_unit`) or "NUMBER UNIT" text into a quantity of the canonical dimension.

    Raises QuantityError naming the problem: not a number, unknown unit, or a unit of another dimension.
    """
    canonical = parse_unit(canonical_unit)
    if isinstance(given, bool):
        raise QuantityError(f"expected a number with a unit of {describe_unit(canonical_unit)}, not {given}")
    if isinstance(given, int | float):
        if not math.isfinite(float(given)):
            raise QuantityError(f"{given!r} is not a finite number")
        return Quantity(float(given), canonical)
    if not isinstance(given, str):
        raise QuantityError(f"expected a number or 'NUMBER UNIT' text, not {type(given).__name__}")
    magnitude, unit_text = split_number_unit(given)
    unit = parse_unit(unit_text) if unit_text else canonical
    if _is_logarithmic(canonical) != _is_logarithmic(unit):
        raise QuantityError(f"{given!r} must be given as {describe_unit(canonical_unit)}")
    if unit.dimensionality != canonical.dimensionality:
        raise QuantityError(
            f"{given!r} has the dimension of {_dimension_words(unit)}, but {describe_unit(canonical_unit)} "
            "is needed"
        )
    return Quantity(magnitude, unit)


def _is_logarithmic(unit: pint.Unit) -> bool:
    return any(name in _LOGARITHMIC_UNITS for name in unit._units)


_DIMENSION_NAMES = {
    "W": "power",
    "K": "temperature",
    "s": "time",
    "Hz": "frequency",
    "m": "length",
    "V": "voltage",
    "T/√Hz": "magnetic noise density",
    "T/m/√Hz": "magnetic-gradient noise density",
    "V/m/√Hz": "electric-field noise density",
    "Gal": "acceleration",
    "1/month": "rate per time",
    "": "a plain number",
}


@lru_cache(maxsize=1)
def _dimension_names() -> dict[str, str]:
    return {str(parse_unit(unit).dimensionality): name for unit, name in _DIMENSION_NAMES.items()}


def _dimension_words(unit: pint.Unit) -> str:
    if _is_logarithmic(unit):
        return "a logarithmic ratio"
    dimensionality = str(unit.dimensionality)
    return _dimension_names().get(dimensionality, dimensionality)


def describe_unit(unit: str) -> str:
    """'W (power)'-style words for error messages."""
    if not unit:
        return "a plain fraction"
    if unit == "%":
        return "a percentage"
    return f"{unit} ({_dimension_words(parse_unit(unit))})"


def same_dimension(unit_a: str, unit_b: str) -> bool:
    a, b = parse_unit(unit_a), parse_unit(unit_b)
    return _is_logarithmic(a) == _is_logarithmic(b) and a.dimensionality == b.dimensionality


def magnitude_in(quantity: pint.Quantity[Any], unit: str) -> float:
    """The magnitude of `quantity` expressed in `unit` (offset temperatures converted properly)."""
    return float(quantity.to(parse_unit(unit)).magnitude)


def compare(left: float, op: str, right: float) -> bool:
    """Apply a legal comparator, treating values equal to nine significant digits as equal."""
    equal = math.isclose(left, right, rel_tol=RELATIVE_TOLERANCE, abs_tol=0.0)
    if op == "<":
        return left < right and not equal
    if op == "<=":
        return left < right or equal
    if op == ">":
        return left > right and not equal
    if op == ">=":
        return left > right or equal
    if op == "==":
        return equal
    if op == "!=":
        return not equal
    raise ValueError(f"unknown comparator {op!r}")


def format_number(value: float) -> str:
    """Short human form without float noise: 600, 0.0001, 1e-5, 2e8."""
    if float(value).is_integer() and abs(value) < 1e7:
        return str(int(value))
    text = f"{value:.9g}" if abs(value) < 1e7 else f"{value:.9e}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        if "." in mantissa:
            mantissa = mantissa.rstrip("0").rstrip(".")
        text = f"{mantissa}e{int(exponent)}"
    return text


def format_quantity(value: float, unit: str) -> str:
    """'600 uW' style text of a magnitude in a rule's unit (a bare number for fractions and counts)."""
    number = format_number(value)
    return f"{number} {unit}" if unit else number
