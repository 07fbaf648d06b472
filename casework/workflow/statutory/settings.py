"""Per-LA settings (spec section 1: Decisions 2, 4, 5, 7 and "Other settings").

Each setting is the strict default reading of the specification, with the
alternatives listed beside it. Standard library only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields

_CHOICES: dict[str, tuple[str, ...]] = {
    "receipt_on_non_working_day": ("calendar", "next_working_day"),  # Decision 2
    "review_clock_restarts_on": ("meeting", "decision"),  # Decision 4
    "phase_transfer_deadline": ("before", "by"),  # Decision 5
    "tribunal_order_clock_starts_on": ("made", "sent"),  # E9
    "health_mediation_day_type": ("calendar", "working"),  # D6
}
_POSITIVE_INTS = ("early_years_review_months", "recommendation_response_weeks")


@dataclass(frozen=True)
class Settings:
    """Per-LA settings. Defaults are the strict readings chosen in the spec."""

    receipt_on_non_working_day: str = "calendar"  # or "next_working_day"
    review_clock_restarts_on: str = "meeting"  # or "decision"
    phase_transfer_deadline: str = "before"  # or "by"
    early_years_review_months: int = 6  # positive int (Decision 7)
    tribunal_order_clock_starts_on: str = "made"  # or "sent"
    health_mediation_day_type: str = "calendar"  # or "working"
    recommendation_response_weeks: int = 5  # positive int (E11)

    def __post_init__(self) -> None:
        for name, allowed in _CHOICES.items():
            value = getattr(self, name)
            if value not in allowed:
                raise ValueError(
                    f"setting {name!r} is {value!r}; allowed values: " + ", ".join(repr(a) for a in allowed)
                )
        for name in _POSITIVE_INTS:
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"setting {name!r} is {value!r}; allowed values: a positive whole number")

    @classmethod
    def from_mapping(cls, m: Mapping[str, object]) -> Settings:
        """Build settings from a mapping such as ``os.environ``.

        Keys may be the field name (``review_clock_restarts_on``) or the
        environment form (``CASEWORK_REVIEW_CLOCK_RESTARTS_ON``), in any case.
        Unknown keys are ignored. Whole numbers may be given as strings.
        Two keys naming the same setting with different values raise
        ``ValueError``.
        """
        names = {f.name for f in fields(cls)}
        found: dict[str, object] = {}
        for key, raw in m.items():
            if not isinstance(key, str):
                continue
            name = key.strip().lower()
            if name.startswith("casework_"):
                name = name[len("casework_") :]
            if name not in names:
                continue
            value: object = raw.strip() if isinstance(raw, str) else raw
            if name in _POSITIVE_INTS and isinstance(value, str):
                try:
                    value = int(value, 10)
                except ValueError:
                    raise ValueError(f"setting {name!r} is {raw!r}; allowed values: a positive whole number") from None
            if name in found and found[name] != value:
                raise ValueError(
                    f"setting {name!r} is given twice with different values: {found[name]!r} and {value!r}"
                )
            found[name] = value
        return cls(**found)  # type: ignore[arg-type]


DEFAULT_SETTINGS = Settings()
