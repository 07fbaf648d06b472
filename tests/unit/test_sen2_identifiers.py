"""UPN and ULN validation (casework.workflow.sen2.identifiers) and the code lists' shape.

Known-good values come from published examples: B801200005001 (python-stdnum's UPN doctest),
X00180001701A (a temporary UPN given as an example by an MIS supplier), 9276308686 (the ULN worked
example HESA publishes with the field).
"""

from __future__ import annotations

import pytest

from casework.workflow.sen2 import codes
from casework.workflow.sen2.identifiers import (
    UPN_LETTERS,
    is_temporary_upn,
    is_valid_uln,
    is_valid_upn,
    make_uln,
    make_upn,
    uln_problem,
    upn_check_letter,
    upn_problem,
)


def test_the_23_check_letters_leave_out_i_o_and_s():
    assert UPN_LETTERS == "ABCDEFGHJKLMNPQRTUVWXYZ"
    assert len(UPN_LETTERS) == 23


@pytest.mark.parametrize("upn", ["B801200005001", "X00180001701A"])
def test_published_upns_are_valid(upn):
    assert upn_problem(upn) is None
    assert is_valid_upn(upn) is True


def test_check_letter_worked_by_hand():
    # 2*2 + 4*7 + 9*1 + 10*6 + 12*4 + 13*9 = 266; 266 mod 23 = 13 -> P (A=0 ... H=7, J=8 ... N=12, P=13)
    assert upn_check_letter("207000016049") == "P"
    assert upn_problem("P207000016049") is None


def test_temporary_upn_final_letter_counts_as_its_position_in_the_list():
    # digits 2 0 1 0 0 0 0 2 5 0 0 at weights 2..12: 2*2 + 1*4 + 2*9 + 5*10 = 76;
    # B (1) at weight 13 adds 13: 89 mod 23 = 20 -> X; Z (22) adds 286: 362 mod 23 = 17 -> U.
    assert upn_check_letter("20100002500B") == "X"
    assert upn_check_letter("20100002500Z") == "U"
    assert is_temporary_upn("X20100002500B") is True
    assert is_temporary_upn("B801200005001") is False


def test_wrong_check_letter_gives_the_letter_expected():
    assert upn_problem("A801200005001") == (
        "the check letter is A but the other 12 characters give B, so a character has probably been mistyped"
    )
    assert is_valid_upn("A801200005001") is False


@pytest.mark.parametrize(
    ("upn", "reason"),
    [
        ("B80120000500", "a UPN has 13 characters; this one has 12"),
        ("B8012000050012", "a UPN has 13 characters; this one has 14"),
        ("", "a UPN has 13 characters; this one has 0"),
        ("I801200005001", "the first character must be the check letter: a capital letter other than I, O or S"),
        ("O801200005001", "the first character must be the check letter: a capital letter other than I, O or S"),
        ("S801200005001", "the first character must be the check letter: a capital letter other than I, O or S"),
        ("b801200005001", "the first character must be the check letter: a capital letter other than I, O or S"),
        ("1801200005001", "the first character must be the check letter: a capital letter other than I, O or S"),
        ("B80120000A001", "characters 2 to 12 must all be digits"),
        ("B8012 0005001", "characters 2 to 12 must all be digits"),
        (
            "B80120000500I",
            "the last character must be a digit, or for a temporary UPN a capital letter other than I, O or S",
        ),
        (
            "B80120000500O",
            "the last character must be a digit, or for a temporary UPN a capital letter other than I, O or S",
        ),
        (
            "B80120000500S",
            "the last character must be a digit, or for a temporary UPN a capital letter other than I, O or S",
        ),
        (
            "B80120000500a",
            "the last character must be a digit, or for a temporary UPN a capital letter other than I, O or S",
        ),
    ],
)
def test_malformed_upns_say_why(upn, reason):
    assert upn_problem(upn) == reason
    assert is_valid_upn(upn) is False


def test_make_upn_puts_the_check_letter_in_front():
    assert make_upn("801200005001") == "B801200005001"
    assert make_upn("00180001701A") == "X00180001701A"
    assert make_upn("207000016049") == "P207000016049"


def test_make_upn_refuses_a_malformed_body():
    with pytest.raises(ValueError, match="^a UPN without its check letter has 12 characters, not 11$"):
        make_upn("80120000500")
    with pytest.raises(ValueError, match="^characters 2 to 12 must all be digits$"):
        make_upn("8012000X5001")


def test_every_made_upn_is_valid_and_every_other_check_letter_is_not():
    for serial in range(0, 1000, 37):
        upn = make_upn(f"201000025{serial:03d}")
        assert is_valid_upn(upn) is True
        others = [letter for letter in UPN_LETTERS if letter != upn[0]]
        assert [is_valid_upn(letter + upn[1:]) for letter in others] == [False] * 22


def test_published_uln_is_valid():
    # (9*10)+(2*9)+(7*8)+(6*7)+(3*6)+(0*5)+(8*4)+(6*3)+(8*2)+(6*1) = 296; 296 mod 11 = 10
    assert uln_problem("9276308686") is None
    assert is_valid_uln("9276308686") is True


@pytest.mark.parametrize(
    ("uln", "reason"),
    [
        ("9276308687", "the last digit is not the right check digit, so a digit has probably been mistyped"),
        ("9276308685", "the last digit is not the right check digit, so a digit has probably been mistyped"),
        ("927630868", "a ULN is 10 digits"),
        ("92763086860", "a ULN is 10 digits"),
        ("92763O8686", "a ULN is 10 digits"),
        ("0276308686", "a ULN does not start with 0"),
    ],
)
def test_bad_ulns_say_why(uln, reason):
    assert uln_problem(uln) == reason
    assert is_valid_uln(uln) is False


def test_make_uln():
    assert make_uln("927630868") == "9276308686"
    # 1*10 = 10, remainder 10 -> check digit 0
    assert make_uln("100000000") == "1000000000"
    assert is_valid_uln("1000000000") is True


def test_make_uln_refuses_when_no_check_digit_fits():
    # 200000001: 2*10 + 1*2 = 22, remainder 0, so the check digit would have to be 10
    with pytest.raises(ValueError, match="^no check digit makes a valid ULN from 200000001$"):
        make_uln("200000001")


def test_code_lists_named_in_the_brief():
    assert codes.REQUEST_SOURCE.codes == ("1", "2", "3", "4", "5")
    assert dict(codes.PRODUCT_REQUEST_SOURCE) == {
        "parent": "1",
        "young_person": "1",
        "school": "2",
        "health": "3",
        "social_care": "4",
        "other": "5",
    }
    assert codes.request_source("young_person") == "1"
    assert codes.REQUEST_OUTCOME.codes == ("Y", "N", "A", "W", "H")
    assert codes.ASSESSMENT_OUTCOME.codes == ("Y", "N", "A", "W", "H")
    assert "S" not in codes.ASSESSMENT_OUTCOME
    assert codes.CEASE_REASON.codes == tuple("123456789")
    assert codes.SEN_SETTING.codes == ("OLA", "OPA", "EHE", "EYP", "OTH", "NEET", "NIEC", "NIEO")
    assert codes.SEN_TYPE.codes == (
        "SPLD", "MLD", "SLD", "PMLD", "SEMH", "SLCN", "HI", "VI", "MSI", "PD", "ASD", "DS", "OTH",
    )  # fmt: skip
    assert codes.RESIDENTIAL.codes == ("A", "B")
    assert codes.SEX.codes == ("M", "F")
    assert codes.ETHNICITY.codes == (
        "WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND",
        "APKN", "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT",
    )  # fmt: skip
    assert codes.UPN_UNKNOWN.codes == ("UN1", "UN2", "UN3", "UN5", "UN8", "UN9", "UN10")
    assert codes.LA_ROLE.codes == ("Y", "N", "R")
    assert codes.LA_ROLE.label("R") == "Recruiting"
    assert codes.FLAG.codes == ("1", "0")


def test_unknown_codes_are_named():
    with pytest.raises(KeyError, match="'Q' is not a RequestOutcome code"):
        codes.REQUEST_OUTCOME.label("Q")
    with pytest.raises(KeyError, match="unknown request source 'gp'"):
        codes.request_source("gp")
