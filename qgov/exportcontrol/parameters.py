"""The item parameters qgov understands, per item category, with their kind and canonical unit.

This is the table of shared/contracts/export-control.md ("Describing an item") as data, so that the
item parser (what a user may write) and the rule-pack validator (what a rule may test) agree on one
vocabulary: a rule that names a parameter its category does not have, or a threshold of the wrong
dimension, is refused when the pack loads, and an item value of the wrong dimension is refused when the
item is read. `electric_field_sensor` is an addition to the contract's table so that 6A006.b can be
encoded; everything else is the contract's.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Kind(Enum):
    QUANTITY = "quantity"  # a number with a unit (canonical unit below); bare numbers are in that unit
    COUNT = "count"  # a non-negative whole number
    BOOLEAN = "boolean"
    CHOICE = "choice"  # one string from `choices`


@dataclass(frozen=True)
class ParameterSpec:
    name: str
    kind: Kind
    unit: str = ""  # canonical unit (quantities only); "" means a plain fraction
    choices: tuple[str, ...] = ()
    description: str = ""
    default: str | None = None  # a choice assumed when the item does not give one
    unit_caveat: str | None = None  # why a value given in another unit than `unit` needs a person's check

    @property
    def unit_label(self) -> str:
        return self.unit or "fraction"


ITEM_KINDS = ("commodity", "software", "technology")
PURPOSES = ("development", "production", "use")


def _q(name: str, unit: str, description: str = "") -> ParameterSpec:
    return ParameterSpec(name, Kind.QUANTITY, unit=unit, description=description)


def _count(name: str, description: str = "") -> ParameterSpec:
    return ParameterSpec(name, Kind.COUNT, description=description)


def _bool(name: str, description: str = "") -> ParameterSpec:
    return ParameterSpec(name, Kind.BOOLEAN, description=description)


def _choice(name: str, *choices: str, default: str | None = None, description: str = "") -> ParameterSpec:
    return ParameterSpec(name, Kind.CHOICE, choices=choices, default=default, description=description)


_SPECIALLY_DESIGNED = _bool(
    "specially_designed_for_controlled_quantum_computer",
    "specially designed for a quantum computer of 4A906.a",
)

_CATEGORY_PARAMETERS: dict[str, tuple[ParameterSpec, ...]] = {
    "quantum_computer": (
        _choice("paradigm", "gate_based", "measurement_based", "annealing", "analog_simulator"),
        _count("physical_qubits", "fully controlled, connected, working physical qubits"),
        _q("cnot_error", "", "average nearest-neighbour C-NOT error, a fraction"),
        _choice("cnot_error_statistic", "mean", "median", "best", default="mean"),
    ),
    "qubit_device": (_SPECIALLY_DESIGNED,),
    "quantum_control_component": (_SPECIALLY_DESIGNED,),
    "integrated_circuit": (
        _choice("technology", "cmos", "other"),
        _q("design_ambient_temperature", "K"),
    ),
    "amplifier": (
        _choice("amplifier_type", "parametric", "hemt", "other"),
        _q("ambient_temperature", "K"),
        _q("frequency_min", "GHz"),
        _q("frequency_max", "GHz"),
        _q("noise_figure", "dB"),
    ),
    "cryogenic_cooling_system": (
        _q("cooling_power", "W"),
        _q("cooling_power_temperature", "K"),
        _q("sustained_duration", "h"),
    ),
    "cryocooler": (
        _choice("cryocooler_type", "pulse_tube", "gifford_mcmahon", "stirling", "joule_thomson"),
        _count("stages"),
        _q("base_temperature", "K"),
        _q("cooling_power_at_4_2K", "W"),
    ),
    "wafer_prober": (
        _q("test_temperature", "K"),
        _q("wafer_diameter", "mm"),
    ),
    "scanning_electron_microscope": (
        _q("stage_placement_accuracy", "nm"),
        _bool("laser_interferometer_stage"),
        _bool("laser_interferometer_calibration"),
        _count("image_pixels"),
        _q("fov_overlap", "%"),
        _q("stitching_overlap", "nm"),
        _q("accelerating_voltage", "kV"),
        _bool("accepts_foup_200mm_or_larger"),
    ),
    "isotopic_material": (
        _choice("element", "Si", "Ge"),
        _choice("form", "epitaxial_substrate", "compound", "bulk"),
        _q("isotopic_impurity", "%"),
    ),
    "magnetometer": (
        _choice(
            "magnetometer_type",
            "squid",
            "optically_pumped",
            "nuclear_precession",
            "fluxgate",
            "induction_coil",
            "fibre_optic",
            "other",
        ),
        _q("sensitivity", "T/√Hz", "rms noise floor at 1 Hz (induction coil: at `frequency`)"),
        _bool("in_motion_noise_reduction"),
        _q("frequency", "Hz"),
        _bool("medical_biomagnetic"),
        _bool("fishery"),
    ),
    "magnetic_gradiometer": (
        _choice("gradiometer_type", "multiple_magnetometers", "fibre_optic_intrinsic", "intrinsic"),
        _bool("uses_controlled_magnetometers"),
        _q("gradient_sensitivity", "T/m/√Hz"),
        _bool("medical_biomagnetic"),
        _bool("fishery"),
    ),
    "electric_field_sensor": (
        _bool("underwater"),
        _q("sensitivity", "V/m/√Hz", "rms noise floor at 1 Hz"),
        _bool("medical_biomagnetic"),
        _bool("fishery"),
    ),
    "gravimeter": (
        _choice("platform", "ground", "mobile"),
        _q("static_accuracy", "Gal"),
        _bool("worden_quartz"),
        _q("in_service_accuracy", "Gal"),
        _q("time_to_steady_state", "s"),
    ),
    "gravity_gradiometer": (),
    "atomic_frequency_standard": (
        _bool("space_qualified"),
        _bool("rubidium"),
        ParameterSpec(
            "long_term_stability",
            Kind.QUANTITY,
            unit="1/month",
            description="fractional frequency change per month",
            unit_caveat="long_term_stability was not given per month; the conversion assumes linear drift, "
            "so check it against a per-month figure",
        ),
        _q("power_consumption", "W"),
    ),
    "qkd_system": (),
    "other": (),
}

CATEGORY_PARAMETERS: dict[str, dict[str, ParameterSpec]] = {
    category: {spec.name: spec for spec in specs} for category, specs in _CATEGORY_PARAMETERS.items()
}
CATEGORIES: tuple[str, ...] = tuple(CATEGORY_PARAMETERS)
OPEN_CATEGORY = "other"  # accepts any parameters, read as given


def parameter_spec(category: str, name: str) -> ParameterSpec | None:
    return CATEGORY_PARAMETERS.get(category, {}).get(name)
