"""Write the SEN2 return as XML, one person at a time.

``write_return`` streams with ``lxml.etree.xmlfile``: the Message, Header and Persons wrappers are
opened once and each Person is built as a small element tree, written and dropped, so memory does
not grow with the number of persons. Persons can come from a generator reading the database in
batches.

The output is deterministic: the same header and persons give byte-identical files. Element order
is the ``ELEMENTS`` order of ``records`` (reporting.md section 3); the only time in the file is the
header's DateTime, which the caller passes. UTF-8, with an XML declaration. Dates are written
YYYY-MM-DD, flags 0/1, ranks and codes as given.

An element whose attribute is None is omitted. Always written (the XSD requires them, and the
records type them without None):

- Header: Collection, Year, ReferenceDate, SourceLevel, LEA, SoftwareCode, Release, SerialNo,
  DateTime, DMO, DCO, DSCO;
- Person: Surname, Forename, PersonBirthDate, Sex, Ethnicity;
- Requests: RequestOutcome;  Assessment: AssessmentOutcome;  SENneed: SENtype, SENtypeRank.

Everything else is written only when present. Repeated modules (Requests, PlanDetail,
PlacementDetail, SENneed) are written once per item, in the order given.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import BinaryIO

from lxml import etree

from casework.reports.sen2.records import Header, Person

_SERIAL_DIGITS = 3


def _text(value: object) -> str:
    # bool before int: bool is an int subclass.
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | str):
        return str(value)
    raise TypeError(f"cannot write {type(value).__name__} {value!r} in SEN2")


def _add(parent: etree._Element, record: object) -> None:
    """Append the elements of ``record`` (a records dataclass) to ``parent``, in ELEMENTS order."""
    for tag, attribute in record.ELEMENTS:  # type: ignore[attr-defined]
        value = getattr(record, attribute)
        if value is None:
            continue
        if isinstance(value, tuple):
            for item in value:
                _add(etree.SubElement(parent, tag), item)
        elif hasattr(value, "ELEMENTS"):
            _add(etree.SubElement(parent, tag), value)
        else:
            etree.SubElement(parent, tag).text = _text(value)


def header_element(header: Header) -> etree._Element:
    element = etree.Element("Header")
    for group, pairs in (("CollectionDetails", header.COLLECTION_DETAILS), ("Source", header.SOURCE)):
        parent = etree.SubElement(element, group)
        for tag, attribute in pairs:
            value = getattr(header, attribute)
            text = f"{value:0{_SERIAL_DIGITS}d}" if attribute == "serial_no" else _text(value)
            etree.SubElement(parent, tag).text = text
    return element


def person_element(person: Person) -> etree._Element:
    """The Person element (the ``key`` is not written)."""
    element = etree.Element("Person")
    _add(element, person)
    return element


def write_return(out: BinaryIO, header: Header, persons: Iterable[Person]) -> int:
    """Write the return to ``out`` (a binary file or stream), person by person. Returns the number of
    persons written."""
    count = 0
    with etree.xmlfile(out, encoding="UTF-8") as xf:
        xf.write_declaration()
        with xf.element("Message"):
            xf.write("\n")
            xf.write(header_element(header), pretty_print=True)
            with xf.element("Persons"):
                xf.write("\n")
                for person in persons:
                    xf.write(person_element(person), pretty_print=True)
                    count += 1
            xf.write("\n")
    return count
