"""Plan quality audits: the framework's overall grade against hand-computed examples, the sample's
reproducibility and stratification, and agreement figures on known sets."""

from __future__ import annotations

import copy
from fractions import Fraction

import pytest

from casework.workflow.quality import framework as fw
from casework.workflow.quality import sampling
from casework.workflow.quality.agreement import agreement

O, G, R, I, NA = "outstanding", "good", "requires_improvement", "inadequate", fw.NOT_APPLICABLE  # noqa: E741
SECTIONS = "ABCDEFGHIJK"  # weights A2 B2 C1 D1 E3 F3 G1 H1 I1 J1 K1 = 17; B, E, F limiting


def grades(**given):
    return {k: given.get(k, G) for k in SECTIONS}


def test_the_default_framework_is_complete():
    assert fw.check(fw.DEFAULT) == []
    assert [s["key"] for s in fw.DEFAULT["sections"]] == list(SECTIONS)
    assert sum(s["weight"] for s in fw.DEFAULT["sections"]) == 17
    assert all(c["guidance"] for s in fw.DEFAULT["sections"] for c in s["criteria"])


@pytest.mark.parametrize(
    "given, grade, score, limited",
    [
        # all good, J not applicable: 3 x 16 / 16 = 3 -> good
        (grades(J=NA), G, Fraction(3), False),
        # A 4x2=8, B 3x2=6, C 3, D 2, E 4x3=12, F 4x3=12, G 3, H 3, I 4, K 3 = 56 over 16 = 3.5 -> outstanding
        (grades(A=O, D=R, E=O, F=O, I=O, J=NA), O, Fraction(56, 16), False),
        # the same with I good: 55/16 = 3.4375 -> good (3.5 is the line, inclusive)
        (grades(A=O, D=R, E=O, F=O, J=NA), G, Fraction(55, 16), False),
        # E inadequate (limiting), the rest outstanding: (4 x 14 + 1 x 3) / 17 = 59/17 = 3.47 -> good, held to RI
        ({**dict.fromkeys(SECTIONS, O), "E": I}, R, Fraction(59, 17), True),
        # C inadequate (not limiting), the rest good: (3 x 16 + 1) / 17 = 49/17 = 2.88 -> good
        (grades(C=I), G, Fraction(49, 17), False),
        # A outstanding, the rest inadequate: (8 + 15) / 17 = 23/17 = 1.35 -> inadequate
        ({**dict.fromkeys(SECTIONS, I), "A": O}, I, Fraction(23, 17), False),
        # all requires improvement but B, E, F good:
        # A 2x2=4, B 3x2=6, C 2, D 2, E 3x3=9, F 3x3=9, G 2, H 2, I 2, J 2, K 2 = 42 / 17 = 2.47 -> RI
        ({**dict.fromkeys(SECTIONS, R), "B": G, "E": G, "F": G}, R, Fraction(42, 17), False),
    ],
)
def test_the_overall_grade_against_hand_computed_examples(given, grade, score, limited):
    result = fw.overall(fw.DEFAULT, given)
    assert (result.grade, result.score, result.limited) == (grade, score, limited)


def test_a_section_must_be_graded_and_only_some_may_be_not_applicable():
    missing = grades()
    del missing["K"]
    with pytest.raises(fw.GradingError) as e:
        fw.overall(fw.DEFAULT, missing)
    assert e.value.section == "K"
    with pytest.raises(fw.GradingError) as e:
        fw.overall(fw.DEFAULT, grades(B=NA))
    assert e.value.section == "B"
    with pytest.raises(fw.GradingError):
        fw.overall(fw.DEFAULT, grades(A="excellent"))


def test_other_weights_give_another_grade_and_leave_the_default_alone():
    before = copy.deepcopy(fw.DEFAULT)
    heavier = copy.deepcopy(fw.DEFAULT)
    for s in heavier["sections"]:
        s["weight"] = 30 if s["key"] == "D" else 1
    given = grades(A=O, D=R, E=O, F=O, I=O, J=NA)
    # the nine others score 4+3+3+4+4+3+3+4+3 = 31 at weight 1; D 2 x 30 = 60: 91/39 = 2.33 -> RI
    assert fw.overall(heavier, given).score == Fraction(91, 39)
    assert fw.overall(heavier, given).grade == R
    assert fw.overall(fw.DEFAULT, given).grade == O
    assert before == fw.DEFAULT


def test_a_broken_framework_is_refused():
    broken = copy.deepcopy(fw.DEFAULT)
    broken["sections"][1]["key"] = "A"
    assert fw.check(broken)
    assert fw.check({"grades": []})
    assert fw.check({**fw.DEFAULT, "sections": []}) == ["the framework needs at least one section"]


POPULATION = [(i, "North") for i in range(1, 41)] + [(i, "South") for i in range(41, 51)] + [(51, None)]


def test_the_sample_is_reproducible_from_its_seed():
    one = sampling.draw(POPULATION, "seed-2026-11", 10)
    assert one == sampling.draw(list(reversed(POPULATION)), "seed-2026-11", 10)
    assert one != sampling.draw(POPULATION, "another-seed", 10)
    assert one == {"No team": [51], "North": one["North"], "South": one["South"]}


def test_the_sample_is_stratified_by_team():
    drawn = sampling.draw(POPULATION, "s", 10)
    assert len(drawn["North"]) == 4 and set(drawn["North"]) <= set(range(1, 41))
    assert len(drawn["South"]) == 1 and set(drawn["South"]) <= set(range(41, 51))
    assert drawn["No team"] == [51]  # every team that issued a plan is audited
    # a team's draw does not move when another team's plans change
    more = POPULATION + [(i, "South") for i in range(60, 80)]
    assert sampling.draw(more, "s", 10)["North"] == drawn["North"]
    assert [sampling.per_team(n, 10) for n in (0, 1, 10, 11, 40)] == [0, 1, 1, 2, 4]


def test_moderation_is_drawn_from_the_seed_at_about_its_share():
    picks = [sampling.moderated("s", i, 20) for i in range(2000)]
    assert picks == [sampling.moderated("s", i, 20) for i in range(2000)]
    assert 0.17 < sum(picks) / 2000 < 0.23
    assert not any(sampling.moderated("s", i, 0) for i in range(100))


def test_agreement_on_a_known_set():
    # 50 pairs: 20 both good, 5 good/RI, 10 RI/good, 15 both RI: po = 0.7, pe = 0.5x0.6 + 0.5x0.4 = 0.5,
    # kappa = (0.7 - 0.5) / (1 - 0.5) = 0.4
    pairs = [(G, G)] * 20 + [(G, R)] * 5 + [(R, G)] * 10 + [(R, R)] * 15
    a = agreement(pairs, fw.grade_keys(fw.DEFAULT))
    assert (a.pairs, a.agreed, a.percent, a.kappa, a.within_one) == (50, 35, 70.0, 0.4, 100.0)


def test_agreement_edge_cases():
    assert agreement([]).percent is None
    assert agreement([(G, G)] * 3).kappa is None  # chance agreement is 1: kappa not defined
    a = agreement([(O, I), (G, G)], fw.grade_keys(fw.DEFAULT))
    assert (a.percent, a.within_one) == (50.0, 50.0)
    # perfect disagreement on two grades used equally: kappa -1
    assert agreement([(G, R), (R, G)]).kappa == -1.0
