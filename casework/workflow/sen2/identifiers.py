"""Unique Pupil Numbers (UPN) and Unique Learner Numbers (ULN): validation with a reason, and makers.

**UPN** (13 characters: a check letter, then 12 characters). The school census algorithm, as given
by the DfE's data standard for the UPN (UK Government Data Standards Catalogue, "Unique Pupil
Number" v2.0, owner the Department for Education) and by the census validation rule 1510 "UPN
invalid (wrong check letter at character 1)" (as quoted in data-to-insight's CIN census validator,
which cites the DfE's "Unique pupil numbers (UPNs): a guide for schools and local authorities",
UPN_Guide_1.2.pdf; the guide itself was not available to read):

- business format ``Annnnnnnnnnnn``, or ``AnnnnnnnnnnnA`` for a temporary UPN;
- multiply character 2 by 2, character 3 by 3, ... character 13 by 13 and add the results; for a
  temporary UPN the final letter counts as its position in the letter list below (A = 0, B = 1, ...);
- divide by 23 and take the remainder; 0 -> A, 1 -> B, ... 22 -> Z over the 23 letters
  ``A B C D E F G H J K L M N P Q R T U V W X Y Z`` (I, O and S are never used, neither as the
  check letter nor as the last character of a temporary UPN).

The census also checks that characters 2-4 are a known LA code; that is not done here (the LA list
changes with reorganisations and is not part of the spec).

**ULN** (10 digits, issued by the Learning Records Service). As published with the ULN field by
HESA (after the LRS): the first digit is not zero; multiply the digits by 10, 9, ... 1 and add; the
remainder on dividing by 11 must be 10 (worked example there: 9276308686). Equivalently the check
digit is 10 minus the remainder of the first nine digits weighted 10..2, and a remainder of 0 means
no ULN can end that way (the school census rule 1575, as an MIS supplier quotes it: "if remainder
equals zero then reject ULN").
"""

from __future__ import annotations

UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
_UPN_LENGTH = 13
_ULN_LENGTH = 10


def _upn_value(char: str) -> int:
    return int(char) if char.isdigit() else UPN_LETTERS.index(char)


def _body_problem(body: str) -> str | None:
    """Why characters 2-13 of a UPN are malformed, or None."""
    if not (body[:11].isascii() and body[:11].isdigit()):
        return "characters 2 to 12 must all be digits"
    last = body[11]
    if not ((last.isascii() and last.isdigit()) or last in UPN_LETTERS):
        return "the last character must be a digit, or for a temporary UPN a capital letter other than I, O or S"
    return None


def upn_check_letter(body: str) -> str:
    """The check letter for characters 2-13 of a UPN (``body``, 12 characters)."""
    if len(body) != _UPN_LENGTH - 1:
        raise ValueError(f"a UPN without its check letter has 12 characters, not {len(body)}")
    problem = _body_problem(body)
    if problem:
        raise ValueError(problem)
    total = sum(weight * _upn_value(char) for weight, char in enumerate(body, start=2))
    return UPN_LETTERS[total % 23]


def upn_problem(upn: str) -> str | None:
    """None when ``upn`` is a valid UPN (permanent or temporary), else the reason in plain English."""
    if len(upn) != _UPN_LENGTH:
        return f"a UPN has 13 characters; this one has {len(upn)}"
    if upn[0] not in UPN_LETTERS:
        return "the first character must be the check letter: a capital letter other than I, O or S"
    problem = _body_problem(upn[1:])
    if problem:
        return problem
    expected = upn_check_letter(upn[1:])
    if upn[0] != expected:
        return (
            f"the check letter is {upn[0]} but the other 12 characters give {expected}, "
            "so a character has probably been mistyped"
        )
    return None


def is_valid_upn(upn: str) -> bool:
    return upn_problem(upn) is None


def is_temporary_upn(upn: str) -> bool:
    """A valid UPN whose last character is a letter."""
    return is_valid_upn(upn) and upn[-1] in UPN_LETTERS


def make_upn(body: str) -> str:
    """A valid UPN from its last 12 characters (11 digits then a digit, or a letter for a temporary
    UPN): the check letter is put in front. For tests and the demo data."""
    return upn_check_letter(body) + body


def _uln_weighted(digits: str) -> int:
    return sum(int(char) * weight for char, weight in zip(digits, range(10, 0, -1), strict=False))


def uln_problem(uln: str) -> str | None:
    """None when ``uln`` is a valid ULN, else the reason in plain English."""
    if len(uln) != _ULN_LENGTH or not (uln.isascii() and uln.isdigit()):
        return "a ULN is 10 digits"
    if uln[0] == "0":
        return "a ULN does not start with 0"
    if _uln_weighted(uln) % 11 != 10:
        return "the last digit is not the right check digit, so a digit has probably been mistyped"
    return None


def is_valid_uln(uln: str) -> bool:
    return uln_problem(uln) is None


def make_uln(first_nine: str) -> str:
    """A valid ULN from its first nine digits. ValueError when no check digit fits (the weighted sum
    of the nine digits divides by 11) or the digits are malformed. For tests and the demo data."""
    if len(first_nine) != _ULN_LENGTH - 1 or not (first_nine.isascii() and first_nine.isdigit()):
        raise ValueError("a ULN without its check digit is 9 digits")
    if first_nine[0] == "0":
        raise ValueError("a ULN does not start with 0")
    remainder = _uln_weighted(first_nine) % 11
    if remainder == 0:
        raise ValueError(f"no check digit makes a valid ULN from {first_nine}")
    return first_nine + str(10 - remainder)
