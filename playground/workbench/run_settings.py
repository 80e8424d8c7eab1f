"""What the window runs programs under: the limits and the engine, as the Settings dialog edits them. No Qt.

`RunSettings` pairs a `Limits` (wasm/limits.py, where the defaults live)
with the engine choice: "auto" (the session's own choice: the fast engine
for runs and continues, the step engine for single steps) or a name from
the engine registry (`engine_names()`), and the WebAssembly features a
program may use (`--features`' spelling, wasm/features.py: "3.0", "2.0",
"3.0,-gc", ...). The window keeps it in its
QSettings as a flat mapping of strings (`to_mapping` / `from_mapping`,
keys `run/fuel`, `run/timeout`, ... and `run/engine`); a value of "none"
lifts that one limit. Reading validates every value: a damaged or
hand-edited settings file gives a `RunSettingsError` naming the key, and
the window falls back to the defaults with that message.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Mapping

from playground.errors import PlaygroundError
from playground.wasm.engines import engine_names
from playground.wasm.features import DEFAULT_PROFILE, Features, FeatureSpecError
from playground.wasm.limits import DEFAULT_LIMITS, LIMITS, Limits

AUTO = "auto"
PREFIX = "run/"
ENGINE_KEY = PREFIX + "engine"
FEATURES_KEY = PREFIX + "features"
FEATURE_CHOICES = ("3.0", "2.0")  # the profiles; a profile with +name/-name items is typed
LIFTED = "none"

# The largest value each limit accepts in the dialog (beyond it, "no limit" says what is meant).
MAXIMUM = {
    "fuel": 10**15,
    "max_call_depth": 10**7,
    "max_memory_pages": 65_536,  # 4 GiB, all a 32-bit memory can address
    "max_table_entries": 10**9,
    "timeout": 86_400.0,
    "max_input_bytes": 1 << 40,
    "max_output_bytes": 1 << 40,
}


class RunSettingsError(PlaygroundError):
    """A stored or typed setting that cannot be used; the message names it."""


def engine_choices() -> tuple[str, ...]:
    """"auto" first, then every registered engine."""
    return (AUTO, *engine_names())


def check_limit(name: str, value) -> int | float | None:
    """`value` as the limit `name` takes it (None lifts it); RunSettingsError when it is out of range."""
    if name not in LIMITS:
        raise RunSettingsError(f"unknown limit {name!r}")
    if value is None:
        return None
    kind = float if name == "timeout" else int
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise RunSettingsError(f"{LIMITS[name].label}: expected a number, got {value!r}")
    if kind is int and value != int(value):
        raise RunSettingsError(f"{LIMITS[name].label}: expected a whole number, got {value!r}")
    value = kind(value)
    if not 0 < value <= MAXIMUM[name]:
        raise RunSettingsError(f"{LIMITS[name].label}: {value:,} is out of range (1 to {MAXIMUM[name]:,}, or no limit)")
    return value


@dataclass(frozen=True)
class RunSettings:
    """The limits of the window's runs and the engine that runs them."""

    limits: Limits = field(default_factory=lambda: DEFAULT_LIMITS)
    engine: str = AUTO
    features: str = DEFAULT_PROFILE  # as --features takes it; `wasm_features` parses it

    def __post_init__(self) -> None:
        if self.engine not in engine_choices():
            raise RunSettingsError(f"unknown engine {self.engine!r}: choose one of {', '.join(engine_choices())}")
        self.wasm_features  # raises RunSettingsError for a value --features would refuse
        for f in fields(Limits):
            check_limit(f.name, getattr(self.limits, f.name))

    def to_mapping(self) -> dict[str, str]:
        """Flat string keys and values, as QSettings keeps them."""
        out = {PREFIX + f.name: _text(getattr(self.limits, f.name)) for f in fields(Limits)}
        out[ENGINE_KEY] = self.engine
        out[FEATURES_KEY] = self.features
        return out

    @property
    def wasm_features(self) -> Features:
        """The features as wasm/features.py's `Features`."""
        try:
            return Features.parse(self.features)
        except FeatureSpecError as exc:
            raise RunSettingsError(f"WebAssembly features: {exc}") from None

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, object]) -> "RunSettings":
        """Read `to_mapping`'s keys back; a missing key keeps its default, a bad value is a RunSettingsError."""
        changes = {}
        for f in fields(Limits):
            key = PREFIX + f.name
            if key in mapping and mapping[key] is not None:
                changes[f.name] = check_limit(f.name, _number(key, mapping[key], f.name == "timeout"))
        engine = mapping.get(ENGINE_KEY)
        features = mapping.get(FEATURES_KEY)
        return cls(DEFAULT_LIMITS.but(**changes), AUTO if engine in (None, "") else str(engine),
                   DEFAULT_PROFILE if features in (None, "") else str(features))


def _text(value) -> str:
    if value is None:
        return LIFTED
    return f"{value:g}" if isinstance(value, float) else str(value)


def _number(key: str, raw, decimal: bool):
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return raw
    text = str(raw).strip().replace(",", "").replace("_", "")
    if text.lower() == LIFTED:
        return None
    try:
        return float(text) if decimal else int(text)
    except ValueError:
        raise RunSettingsError(f"setting {key}: {raw!r} is not a {'number' if decimal else 'whole number'}") from None
