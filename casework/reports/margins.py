"""The margin of error of a satisfaction rate (reporting.md section 4: 25 answers a month give a
margin of about 20 points, a quarter about 11). The method is the Wilson score interval at 95%
(z = 1.96): unlike the textbook "p plus or minus 1.96 standard errors" it stays within 0-100% and
behaves at small counts and at rates near 0 or 100%. Standard library only."""

from __future__ import annotations

import math

Z95 = 1.96


def wilson(successes: int, n: int, z: float = Z95) -> tuple[float, float] | None:
    """The interval (low, high) of the proportion, in percent to one decimal place; None when n is 0."""
    if n <= 0:
        return None
    if not 0 <= successes <= n:
        raise ValueError("successes must be between 0 and n")
    p = successes / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator
    return round(100 * max(0.0, centre - half), 1), round(100 * min(1.0, centre + half), 1)


def margin_points(successes: int, n: int) -> float | None:
    """Half the interval's width, in percentage points (what "plus or minus" reads as)."""
    interval = wilson(successes, n)
    return None if interval is None else round((interval[1] - interval[0]) / 2, 1)
