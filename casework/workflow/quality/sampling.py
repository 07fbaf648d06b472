"""The monthly audit sample (pure: standard library only).

The population is the plans issued in the month, each with the team of the officer who made it. The
sample is stratified by team: from each team, `ceil(percent x plans / 100)` plans (at least one from
every team that issued any), drawn at random with a generator seeded by the sample's recorded seed and
the team, from the team's plans in id order. So the same seed and population give the same sample on
any machine, and a team's draw does not change when another team's plans change. Which audits are
also moderated is drawn the same way (`moderated`), from the seed and the plan.
"""

from __future__ import annotations

import math
import random
import secrets
from collections.abc import Iterable

NO_TEAM = "No team"


def new_seed() -> str:
    return secrets.token_hex(8)


def per_team(count: int, percent: int) -> int:
    """How many of a team's `count` plans are drawn."""
    if count <= 0:
        return 0
    return min(count, max(1, math.ceil(count * percent / 100)))


def draw(population: Iterable[tuple[int, str | None]], seed: str, percent: int) -> dict[str, list[int]]:
    """{team: [plan ids drawn]} from (plan id, team) pairs."""
    by_team: dict[str, list[int]] = {}
    for plan_id, team in population:
        by_team.setdefault(team or NO_TEAM, []).append(int(plan_id))
    out: dict[str, list[int]] = {}
    for team in sorted(by_team):
        ids = sorted(set(by_team[team]))
        rng = random.Random(f"{seed}|team|{team}")
        out[team] = sorted(rng.sample(ids, per_team(len(ids), percent)))
    return out


def moderated(seed: str, plan_id: int, percent: int) -> bool:
    """Whether the audit of `plan_id` in the sample with `seed` is also moderated: a draw with
    probability `percent`/100, reproducible from the seed."""
    return random.Random(f"{seed}|moderation|{int(plan_id)}").random() < percent / 100
