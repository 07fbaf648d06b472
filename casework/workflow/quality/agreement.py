"""Agreement between a first auditor and a moderator (pure: standard library only).

Each pair is the two grades one section (or one overall grade) was given by the two auditors.
- Percent agreement: the share of pairs with the same grade.
- Cohen's kappa: (po - pe) / (1 - pe), where po is the observed agreement and pe the agreement
  expected by chance from each auditor's own spread of grades (sum over grades of
  p_first(grade) x p_moderator(grade)); 1 is perfect agreement, 0 what chance alone gives. When
  pe is 1 (both gave one and the same grade throughout) kappa is not defined: None.
- Within one grade: the share of pairs at most one step apart on the scale.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class Agreement:
    pairs: int
    agreed: int
    percent: float | None
    kappa: float | None
    within_one: float | None


def agreement(pairs: Sequence[tuple[str, str]], scale: Sequence[str] = ()) -> Agreement:
    n = len(pairs)
    if not n:
        return Agreement(0, 0, None, None, None)
    agreed = sum(1 for a, b in pairs if a == b)
    po = Fraction(agreed, n)
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    pe = sum(Fraction(first[g], n) * Fraction(second[g], n) for g in set(first) | set(second))
    kappa = None if pe == 1 else round(float((po - pe) / (1 - pe)), 3)
    within = None
    if scale:
        pos = {g: i for i, g in enumerate(scale)}
        close = sum(1 for a, b in pairs if a in pos and b in pos and abs(pos[a] - pos[b]) <= 1)
        within = round(100.0 * close / n, 1)
    return Agreement(n, agreed, round(100.0 * agreed / n, 1), kappa, within)
