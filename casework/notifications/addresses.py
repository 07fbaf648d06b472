"""Postal addresses as their lines (letters, GOV.UK Notify's address fields, the envelope window)."""

from __future__ import annotations

import re

_UK_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})$", re.IGNORECASE)


def address_lines(address: str) -> list[str]:
    """A postal address as its lines: one per line of the stored text (or, for an address typed on one
    line, one per comma), blanks dropped; a UK postcode on the last line is written in capitals with
    one space ("wr1 2ab" -> "WR1 2AB")."""
    text = (address or "").strip()
    parts = text.splitlines() if "\n" in text or "\r" in text else text.split(",")
    lines = [" ".join(p.split()).strip(" ,") for p in parts]
    lines = [line for line in lines if line]
    if lines:
        match = _UK_POSTCODE.match(lines[-1].replace(" ", ""))
        if match:
            lines[-1] = f"{match.group(1)} {match.group(2)}".upper()
    return lines
