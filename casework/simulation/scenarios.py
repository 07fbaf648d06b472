"""A scenario: what a manager changes from the baseline ("as now"). Pure; `parse` reads a form or a
command line and names the field of any bad value."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from casework.words import long_date


@dataclass(frozen=True)
class Scenario:
    name: str = "As now"
    officers_change: int = 0  # officers added (negative: fewer) ...
    officers_from: dt.date | None = None  # ... from this day (None: from the start)
    provider_id: int | None = None  # whose advice changes (None: every provider's) ...
    advice_days: int = 0  # ... by this many days (negative: quicker)
    arrivals_percent: int = 100  # requests, as a percentage of the fitted rate
    within_6_weeks: int | None = None  # share of decisions whether to assess within 6 weeks, percent

    @property
    def baseline(self) -> bool:
        return self == Scenario(name=self.name)


BASELINE = Scenario()


class ScenarioError(ValueError):
    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def _int(form: dict, key: str, label: str, low: int, high: int, errors: dict, default: int | None) -> int | None:
    raw = str(form.get(key) or "").strip()
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        errors[key] = f"{label} must be a whole number, like {min(max(low, 0), high)}"
        return default
    if not low <= value <= high:
        errors[key] = f"{label} must be between {low} and {high}"
        return default
    return value


def parse(form: dict, providers: dict[int, tuple[str, str]], start: dt.date, end: dt.date) -> Scenario:
    """A scenario from a form's strings; ScenarioError naming each bad field."""
    errors: dict[str, str] = {}
    name = str(form.get("name") or "").strip() or "Scenario"
    if len(name) > 80:
        errors["name"] = "Name must be 80 characters or fewer"
    officers = _int(form, "officers_change", "Change in officers", -50, 50, errors, 0)
    when = None
    raw_when = str(form.get("officers_from") or "").strip()
    if raw_when:
        try:
            when = dt.date.fromisoformat(raw_when)
        except ValueError:
            errors["officers_from"] = "Date the change starts must be a real date written YYYY-MM-DD"
        else:
            if not start <= when <= end:
                errors["officers_from"] = (
                    f"Date the change starts must be between {long_date(start)} and {long_date(end)}"
                )
    provider = None
    raw_provider = str(form.get("provider_id") or "").strip()
    if raw_provider:
        if not raw_provider.isdigit() or int(raw_provider) not in providers:
            errors["provider_id"] = "Select a provider from the list"
        else:
            provider = int(raw_provider)
    advice = _int(form, "advice_days", "Change in advice days", -120, 365, errors, 0)
    arrivals = _int(form, "arrivals_percent", "Requests as a percentage of now", 10, 300, errors, 100)
    within = _int(form, "within_6_weeks", "Decisions within 6 weeks", 0, 100, errors, None)
    if errors:
        raise ScenarioError(errors)
    return Scenario(name, officers or 0, when, provider, advice or 0, arrivals or 100, within)
