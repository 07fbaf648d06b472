"""The SEN2 writer, the XSD and the validator (casework.reports.sen2.writer / validate / schema)."""

from __future__ import annotations

import ast
import datetime as dt
import io
import tracemalloc
from pathlib import Path

from lxml import etree

from casework.reports.sen2 import records
from casework.reports.sen2.records import (
    Assessment,
    NamedPlan,
    Person,
    PlacementDetail,
    PlanDetail,
    Request,
)
from casework.reports.sen2.validate import SCHEMA_PATH, validate
from casework.reports.sen2.writer import write_return
from casework.workflow.sen2 import codes
from casework.workflow.sen2.identifiers import make_uln, make_upn
from tests.unit.sen2_samples import AMIRA_UPN, HEADER, amira, amira_active_plan, amira_request

D = dt.date
XS = "{http://www.w3.org/2001/XMLSchema}"


def _write(persons) -> bytes:
    out = io.BytesIO()
    write_return(out, HEADER, persons)
    return out.getvalue()


def _small_return() -> list[Person]:
    """Three people: Amira (active plan), Ben (a temporary UPN, a request refused, a plan that ceased
    in the year), Chloé (a young person with a ULN and no UPN, placed in two settings, one of them
    a type of setting only)."""
    ben = Person(
        key=2,
        surname="Okafor",
        forename="Ben",
        person_birth_date=D(2012, 11, 30),
        sex="M",
        ethnicity="BAFR",
        upn=make_upn("20100002500B"),
        requests=(
            Request(received_date=D(2025, 1, 6), request_outcome="N", request_outcome_date=D(2025, 2, 14)),
            Request(
                request_outcome="H",
                assessment=Assessment(
                    assessment_outcome="H",
                    named_plan=NamedPlan(
                        start_date=D(2019, 3, 1),
                        plan_res="A",
                        cease_date=D(2025, 7, 18),
                        cease_reason="5",
                        plan_details=(PlanDetail(ukprn="10001234", placement_rank=1),),
                    ),
                ),
            ),
        ),
    )
    chloe = Person(
        key=3,
        surname="Davies",
        forename="Chloé",
        person_birth_date=D(2007, 2, 2),
        sex="F",
        ethnicity="WBRI",
        postcode="ZZ9 9ZZ",
        unique_learner_number=make_uln("927630868"),
        requests=(
            amira_request(
                active_plan=amira_active_plan(
                    transfer_la="202",
                    res="B",
                    wbp="S",
                    review_meeting=D(2025, 11, 3),
                    review_outcome="A",
                    last_review=D(2025, 11, 20),
                    review_draft=D(2025, 12, 1),
                    phase_transfer_due_date=D(2026, 3, 31),
                    placement_details=(
                        PlacementDetail(sen_setting="OTH", sen_setting_other="Farm school", placement_rank=1),
                        PlacementDetail(ukprn="10005678", placement_rank=2, entry_date=D(2025, 9, 1)),
                    ),
                ),
            ),
        ),
    )
    return [amira(key=1), ben, chloe]


def test_a_small_return_is_written_and_valid_against_the_xsd():
    out = io.BytesIO()
    assert write_return(out, HEADER, _small_return()) == 3
    data = out.getvalue()
    assert validate(data) == []
    root = etree.fromstring(data)
    assert [person.findtext("Forename") for person in root.iter("Person")] == ["Amira", "Ben", "Chloé"]
    assert root.findtext("Header/Source/SerialNo") == "007"
    assert root.findtext("Header/Source/DateTime") == "2026-01-20T09:30:00"
    assert [request.findtext("RequestOutcome") for request in root.iter("Requests")] == ["Y", "N", "H", "Y"]


def test_the_file_starts_with_a_utf8_declaration_and_keeps_non_ascii_names():
    data = _write(_small_return())
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n<Message>\n<Header>\n")
    assert "<Forename>Chloé</Forename>".encode() in data
    assert data.endswith(b"</Persons>\n</Message>")


def test_exact_output_for_one_minimal_person():
    person = Person(
        key="never-written",
        surname="Khan",
        forename="Amira",
        person_birth_date=D(2015, 5, 1),
        sex="F",
        ethnicity="APKN",
        upn=AMIRA_UPN,
        requests=(Request(received_date=D(2025, 12, 1), request_outcome="A", rya=True),),
    )
    data = _write([person]).decode()
    expected_person = (
        "<Persons>\n"
        "<Person>\n"
        "  <Surname>Khan</Surname>\n"
        "  <Forename>Amira</Forename>\n"
        "  <PersonBirthDate>2015-05-01</PersonBirthDate>\n"
        "  <Sex>F</Sex>\n"
        "  <Ethnicity>APKN</Ethnicity>\n"
        f"  <UPN>{AMIRA_UPN}</UPN>\n"
        "  <Requests>\n"
        "    <ReceivedDate>2025-12-01</ReceivedDate>\n"
        "    <RYA>1</RYA>\n"
        "    <RequestOutcome>A</RequestOutcome>\n"
        "  </Requests>\n"
        "</Person>\n"
        "</Persons>\n"
        "</Message>"
    )
    assert data.endswith(expected_person)
    assert "never-written" not in data
    assert validate(data.encode()) == []


def test_header_elements_in_order():
    root = etree.fromstring(_write([]))
    assert [(el.tag, el.text) for el in root.find("Header/CollectionDetails")] == [
        ("Collection", "SEN2"),
        ("Year", "2026"),
        ("ReferenceDate", "2026-01-15"),
    ]
    assert [(el.tag, el.text) for el in root.find("Header/Source")] == [
        ("SourceLevel", "L"),
        ("LEA", "201"),
        ("SoftwareCode", "casework"),
        ("Release", "0.1.0"),
        ("SerialNo", "007"),
        ("DateTime", "2026-01-20T09:30:00"),
        ("DMO", "Y"),
        ("DCO", "N"),
        ("DSCO", "R"),
    ]


def test_writing_twice_gives_byte_identical_files():
    first = _write(_small_return())
    second = _write(iter(_small_return()))
    assert first == second
    assert len(first) > 4000


def test_validate_reports_errors_with_line_numbers():
    data = _write([amira()])
    broken = data.replace(b"<Sex>F</Sex>", b"<Sex>X</Sex>").replace(b"<Week20>0</Week20>", b"<Week20>2</Week20>")
    lines = broken.decode().splitlines()
    sex_line = next(number for number, line in enumerate(lines, 1) if "<Sex>" in line)
    week20_line = next(number for number, line in enumerate(lines, 1) if "<Week20>" in line)
    assert validate(broken) == [
        f"line {sex_line}: Element 'Sex': [facet 'enumeration'] The value 'X' is not an element of the set {{'M', 'F'}}.",
        f"line {week20_line}: Element 'Week20': [facet 'enumeration'] The value '2' is not an element of the set {{'1', '0'}}.",
    ]


def test_validate_reads_a_path_and_reports_malformed_xml(tmp_path):
    path = tmp_path / "sen2.xml"
    path.write_bytes(_write([amira()]))
    assert validate(path) == []
    assert validate(str(path)) == []
    assert validate(b"<Message><Header>") == ["line 1: Premature end of data in tag Header line 1, line 1, column 18"]


def test_xsd_rejects_a_upn_with_i_o_or_s_and_wrong_element_order():
    data = _write([amira()])
    bad_upn = data.replace(AMIRA_UPN.encode(), b"I" + AMIRA_UPN[1:].encode())
    [message] = validate(bad_upn)
    assert "Element 'UPN'" in message and "is not accepted by the pattern" in message
    swapped = data.replace(b"<Sex>F</Sex>\n  <Ethnicity>APKN</Ethnicity>", b"<Ethnicity>APKN</Ethnicity><Sex>F</Sex>")
    [message] = validate(swapped)
    assert "Element 'Ethnicity': This element is not expected. Expected is ( Sex )." in message


def _xsd() -> etree._ElementTree:
    return etree.parse(str(SCHEMA_PATH))


def test_xsd_code_lists_equal_codes_py():
    enumerations = {
        simple.get("name"): tuple(e.get("value") for e in simple.iter(f"{XS}enumeration"))
        for simple in _xsd().getroot().findall(f"{XS}simpleType")
    }
    expected = {
        "RequestSourceType": codes.REQUEST_SOURCE,
        "RequestOutcomeType": codes.REQUEST_OUTCOME,
        "AssessmentOutcomeType": codes.ASSESSMENT_OUTCOME,
        "CeaseReasonType": codes.CEASE_REASON,
        "SENSettingType": codes.SEN_SETTING,
        "SENtypeType": codes.SEN_TYPE,
        "ResidentialType": codes.RESIDENTIAL,
        "WorkBasedType": codes.WORK_BASED,
        "ReviewOutcomeType": codes.REVIEW_OUTCOME,
        "SexType": codes.SEX,
        "EthnicityType": codes.ETHNICITY,
        "UPNunknownType": codes.UPN_UNKNOWN,
        "LARoleType": codes.LA_ROLE,
        "FlagType": codes.FLAG,
    }
    assert {name: enumerations[name] for name in expected} == {name: cl.codes for name, cl in expected.items()}
    assert set(expected.values()) == set(codes.ALL)


def test_xsd_element_order_is_the_records_element_order():
    complex_types = {
        ct.get("name"): [el.get("name") for el in ct.iter(f"{XS}element")]
        for ct in _xsd().getroot().findall(f"{XS}complexType")
    }
    assert complex_types["CollectionDetailsType"] == [tag for tag, _ in records.Header.COLLECTION_DETAILS]
    assert complex_types["SourceType"] == [tag for tag, _ in records.Header.SOURCE]
    for type_name, record in [
        ("PersonType", records.Person),
        ("RequestsType", records.Request),
        ("AssessmentType", records.Assessment),
        ("NamedPlanType", records.NamedPlan),
        ("PlanDetailType", records.PlanDetail),
        ("ActivePlansType", records.ActivePlan),
        ("PlacementDetailType", records.PlacementDetail),
        ("SENneedType", records.SENNeed),
    ]:
        assert complex_types[type_name] == [tag for tag, _ in record.ELEMENTS], type_name


def test_xsd_cardinalities():
    def occurs(type_name: str, element: str) -> tuple[str, str]:
        ct = _xsd().getroot().find(f"{XS}complexType[@name='{type_name}']")
        el = ct.find(f".//{XS}element[@name='{element}']")
        return el.get("minOccurs", "1"), el.get("maxOccurs", "1")

    assert occurs("PersonType", "Requests") == ("0", "unbounded")
    assert occurs("RequestsType", "Assessment") == ("0", "1")
    assert occurs("AssessmentType", "NamedPlan") == ("0", "1")
    assert occurs("NamedPlanType", "PlanDetail") == ("0", "unbounded")
    assert occurs("RequestsType", "ActivePlans") == ("0", "1")
    assert occurs("ActivePlansType", "PlacementDetail") == ("0", "unbounded")
    assert occurs("ActivePlansType", "SENneed") == ("0", "unbounded")


class _Sink:
    """A /dev/null that counts bytes."""

    def __init__(self) -> None:
        self.size = 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        return len(data)


def _lean_persons(count: int, sink: _Sink, sizes: list[int]):
    for number in range(count):
        if number % 5000 == 0:
            sizes.append(sink.size)
        yield Person(
            key=number,
            surname="Khan",
            forename=f"Child{number}",
            person_birth_date=D(2015, 5, 1),
            sex="F",
            ethnicity="APKN",
            requests=(Request(received_date=D(2025, 2, 3), request_outcome="A"),),
        )


def _peak(count: int) -> tuple[int, int, int, list[int]]:
    sink, sizes = _Sink(), []
    tracemalloc.start()
    try:
        written = write_return(sink, HEADER, _lean_persons(count, sink, sizes))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return written, sink.size, peak, sizes


def test_memory_does_not_grow_with_the_number_of_persons():
    small = _peak(5_000)
    large = _peak(50_000)
    assert small[0] == 5_000
    assert large[0] == 50_000
    # Every person is the same size bar its number: the file is about ten times bigger...
    assert large[1] > 9 * small[1]
    # ...but the peak of Python memory is small and the same, give or take 32 KiB.
    assert small[2] < 256 * 1024
    assert large[2] < 256 * 1024
    assert large[2] < small[2] + 32 * 1024
    # And the bytes leave as the persons are made (lxml does not hold the document): by the time
    # person 45,000 is asked for, most of the file has reached the sink.
    assert len(large[3]) == 10
    assert large[3] == sorted(large[3])
    assert large[3][-1] > 0.85 * large[1]


def test_the_sen2_modules_import_no_flask_sqlalchemy_or_models():
    # Static. The SEN2 core is pure (records in, XML out); the dashboard's modules beside it in
    # casework/reports read the database through models, as docs/architecture.md allows.
    package = Path(records.__file__).parent
    imported = set()
    for path in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                imported.add(node.module)
    assert {name for name in imported if name.startswith("casework")} == {
        "casework.reports.sen2.records",
        "casework.workflow.sen2",  # the code lists and identifier checks, pure, shared with the pages
        "casework.workflow.sen2.identifiers",
    }
    assert {name.split(".")[0] for name in imported if not name.startswith("casework")} <= {
        "__future__", "collections", "dataclasses", "datetime", "functools", "lxml", "os", "pathlib",
        "threading", "types", "typing",
    }  # fmt: skip
