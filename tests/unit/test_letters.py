"""The family letters as HTML: every legal item each regulation requires is there, with the computed dates,
in plain English; missing or wrong values fail loudly; councils' wording and Welsh templates are used."""

from __future__ import annotations

import ast
import datetime as dt
import statistics
import time
from pathlib import Path

import pytest

from casework.notifications import letters
from casework.notifications.letters import LETTERS, LetterError, catalogue, check_values, render_html
from casework.notifications.letters import render as render_module
from tests.unit.letter_samples import KINDS, LETTER_DATE, sample_values
from tests.unit.letter_text import blocks, flesch_reading_ease, text

LONG = "{weekday} {day} {month} {year}"
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = [dt.date(2000, m, 1).strftime("%B") for m in range(1, 13)]


def long_date(d: dt.date) -> str:
    return f"{WEEKDAYS[d.weekday()]} {d.day} {MONTHS[d.month - 1]} {d.year}"


def shown(value):
    """A value as the letter shows it: dates in long form, mappings and lists element by element."""
    if isinstance(value, dt.date):
        return long_date(value)
    if isinstance(value, dict):
        return {k: shown(v) for k, v in value.items()}
    if isinstance(value, list):
        return [shown(v) for v in value]
    return value


def letter_text(kind: str, **options) -> str:
    return text(render_html(kind, sample_values(kind), **options))


def test_every_kind_has_an_english_template_and_every_template_a_kind():
    en = Path(render_module.TEMPLATES_DIR, "en")
    templates = {p.stem for p in en.glob("*.html") if not p.name.startswith("_")}
    assert templates == set(LETTERS) == set(KINDS)
    assert len(LETTERS) == 12


@pytest.mark.parametrize(
    ("kind", "item"),
    [(kind, item) for kind in KINDS for item in LETTERS[kind].required_items],
    ids=[f"{kind}:{item.id}" for kind in KINDS for item in LETTERS[kind].required_items],
)
def test_each_required_item_is_stated(kind, item):
    """Each item the regulation (item.regulation) requires is in the letter, in the words LETTERS gives."""
    values = sample_values(kind)
    phrase = item.phrase.format(**shown(values))
    assert phrase in letter_text(kind), f"{kind}: {item.id} ({item.regulation}) should say {phrase!r}"


@pytest.mark.parametrize("kind", KINDS)
def test_every_date_the_letter_needs_is_shown_in_long_form(kind):
    values = sample_values(kind)
    body = letter_text(kind)
    for name in LETTERS[kind].required_values:
        if name in catalogue.DATE_VALUES:
            value = catalogue._lookup(values, name)
            assert long_date(value) in body, f"{kind}: {name} = {value} is not in the letter"


def test_reg_5_3_not_to_assess_appeal_by_d1_mediation_by_d3_and_where_to_get_help():
    # letter sent Wed 28 Oct 2026: + 2 months = Mon 28 Dec 2026, in 25 Dec-1 Jan, so D1 moves to
    # Mon 4 Jan 2027 (Decision 6); D3 (reg 33) has no Tribunal adjustment
    body = letter_text("decided_not_to_assess")
    assert "we decided not to carry out an EHC needs assessment" in body
    assert "You can appeal to the SEND Tribunal." in body
    assert "Your appeal must reach the Tribunal by Monday 4 January 2027." in body
    assert "Contact the mediation adviser by Monday 28 December 2026." in body
    assert "Call Anytown Mediation on 01234 567555." in body
    assert "disagreement resolution service" in body  # reg 5(3): disagreement resolution
    assert "Anytown SENDIASS gives free advice" in body  # reg 5(3): information and advice
    assert "www.ipsea.org.uk" in body


def test_reg_10_3_not_to_issue_carries_the_same_appeal_and_mediation_information():
    body = letter_text("decided_not_to_issue")
    assert "we decided not to issue an EHC plan" in body
    for phrase in (
        "You can appeal to the SEND Tribunal.",
        "Your appeal must reach the Tribunal by Monday 4 January 2027.",
        "Contact the mediation adviser by Monday 28 December 2026.",
        "disagreement resolution service",
        "Anytown SENDIASS",
    ):
        assert phrase in body


def test_reg_13_1_draft_plan_gives_at_least_15_days_a_school_request_and_a_meeting():
    # served Wed 28 Oct 2026 = day 1: representations until Wed 11 Nov, final plan not before Thu 12 Nov
    body = letter_text("draft_issued")
    assert "Please send us your comments by Wednesday 11 November 2026." in body
    assert "at least 15 days" in body
    assert "We will not finish the plan before Thursday 12 November 2026." in body
    assert "ask us to name a particular school or college" in body
    assert "ask to meet one of our officers" in body


def test_reg_14_final_plan_gives_appeal_rights_and_the_school_only_exception_d12():
    body = letter_text("final_issued")
    assert "The plan says where Zoë will go to school or college: Anytown Primary School." in body
    values = {k: v for k, v in sample_values("final_issued").items() if k != "named_setting"}  # optional (api.md)
    assert "The plan says where Zoë will go to school or college (section I)." in text(
        render_html("final_issued", values)
    )
    assert "Your appeal must reach the Tribunal by Monday 4 January 2027." in body
    assert "you do not need to contact a mediation adviser first" in body  # D12, CFA s.55


def test_reg_22_2_amendment_notice_sends_plan_changes_evidence_15_days_school_choice_and_school_information():
    body = letter_text("review_amendments_proposed")
    assert "a copy of the EHC plan as it is now" in body  # reg 22(2)(a)
    assert "a notice that sets out the changes we want to make" in body  # B7
    assert "the evidence for the changes" in body  # B7, R (L) v Devon CC
    assert "Section F: 10 hours a week of help from a teaching assistant, not 5." in body
    assert "Please send us your comments by Wednesday 11 November 2026." in body  # B8, Decision 3
    assert "at least 15 days" in body
    assert "ask us to name a particular school or college" in body
    assert "lists the schools and colleges in our area: www.anytown.gov.uk/send" in body
    assert "We will send you the amended plan by Wednesday 23 December 2026." in body  # B9: 8 weeks


@pytest.mark.parametrize("kind", ["review_maintained", "review_decided_to_cease"])
def test_b6_reg_31_maintain_or_cease_include_appeal_and_mediation(kind):
    body = letter_text(kind)
    assert "Your appeal must reach the Tribunal by Monday 4 January 2027." in body
    assert "Contact the mediation adviser by Monday 28 December 2026." in body
    assert "disagreement resolution service" in body  # reg 31(3)


def test_c6_cease_letter_says_the_plan_stays_until_the_time_to_appeal_has_passed():
    body = letter_text("review_decided_to_cease")
    assert "until at least Tuesday 5 January 2027" in body  # the day after D1
    assert "If you appeal, the plan stays in place until the Tribunal decides your appeal" in body


@pytest.mark.parametrize("kind", KINDS)
def test_every_letter_has_letterhead_address_date_child_reference_and_officer(kind):
    values = sample_values(kind)
    body = letter_text(kind)
    council = values["council"]
    for part in (council["name"], *council["address_lines"], council["phone"], council["email"], council["website"]):
        assert part in body
    assert values["recipient"]["name"] in body
    for line in values["recipient"]["address_lines"]:
        assert line in body
    assert long_date(values["letter_date"]) in body
    assert "Zoë Ó'Brien-Łukasik" in body
    assert "Monday 9 March 2015" in body  # date of birth
    assert "EHC-12" in body
    signer = values.get("new_officer", values["officer"])
    assert f"{signer['name']} Case officer Anytown Council" in body


@pytest.mark.parametrize("kind", KINDS)
def test_headings_structure_the_letter(kind):
    html = render_html(kind, sample_values(kind))
    assert html.count("<h1>") == 1
    assert html.count("<h2>") >= 3
    assert '<html lang="en">' in html


@pytest.mark.parametrize("kind", KINDS)
def test_plain_english_flesch_reading_ease_of_the_body_is_at_least_70(kind):
    # 60-70 is "plain English"; 80-90 "easy" (reading age about 11). The body is <main>: the letter itself.
    score = flesch_reading_ease(blocks(render_html(kind, sample_values(kind)), only="main"))
    assert score >= 70, f"{kind}: Flesch reading ease {score:.1f}"


# --- values --------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_each_missing_value_raises_letter_error_naming_it(kind):
    for name in LETTERS[kind].required_values:
        values = sample_values(kind)
        *parents, last = name.split(".")
        node = values
        for part in parents:
            node = node[part]
        del node[last]
        with pytest.raises(LetterError) as raised:
            render_html(kind, values)
        assert name in str(raised.value) and kind in str(raised.value)
        assert raised.value.missing == (name,)


@pytest.mark.parametrize("kind", KINDS)
def test_each_template_uses_every_value_its_spec_requires(kind):
    """Without the up-front check, StrictUndefined alone fails for each value: the contract holds nothing
    the letter does not use."""
    for name in LETTERS[kind].required_values:
        values = sample_values(kind)
        *parents, last = name.split(".")
        node = values
        for part in parents:
            node = node[part]
        del node[last]
        with pytest.raises(LetterError, match="missing value"):
            render_module._render(kind, values, language="en", large_print=False, wording_dirs=())


@pytest.mark.parametrize("blank", [None, "", "   ", []])
def test_none_or_blank_counts_as_missing(blank):
    values = sample_values("decided_not_to_assess")
    values["reason"] = blank
    with pytest.raises(LetterError, match="reason"):
        render_html("decided_not_to_assess", values)


def test_extra_values_are_ignored():
    values = sample_values("decided_to_assess") | {"appeal_by": dt.date(2027, 1, 4), "anything": object()}
    render_html("decided_to_assess", values)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"appeal_by": dt.datetime(2027, 1, 4, 9, 0)}, "appeal_by must be a datetime.date"),
        ({"appeal_by": "2027-01-04"}, "appeal_by must be a datetime.date"),
        ({"letter_date": dt.date(2027, 1, 5)}, "appeal_by .* is before letter_date"),
        ({"mediation_contact_by": dt.date(2026, 10, 1)}, "mediation_contact_by .* is before letter_date"),
        ({"recipient": {"name": "A", "address_lines": "1 High Street"}}, "recipient.address_lines must be a list"),
        ({"recipient": {"name": "A", "address_lines": ["1", "2", "3", "4", "5", "6", "7"]}}, "window holds 6"),
        ({"council": "Anytown"}, "council.name"),
    ],
)
def test_wrong_values_raise_letter_error(change, message):
    values = sample_values("decided_not_to_assess") | change
    with pytest.raises(LetterError, match=message):
        render_html("decided_not_to_assess", values)


def test_unknown_kind_and_bad_language_raise_letter_error():
    with pytest.raises(LetterError, match="unknown kind"):
        render_html("decided_to_shrug", sample_values("decided_to_assess"))
    with pytest.raises(LetterError, match="not a language tag"):
        render_html("decided_to_assess", sample_values("decided_to_assess"), language="../en")


def test_check_values_is_the_same_check_without_rendering():
    assert check_values("final_issued", sample_values("final_issued")) is LETTERS["final_issued"]
    with pytest.raises(LetterError, match="next_review_due"):
        check_values("final_issued", {k: v for k, v in sample_values("final_issued").items() if k != "next_review_due"})


def test_values_are_escaped_not_markup():
    values = sample_values("decided_not_to_assess")
    values["reason"] = "Needs are <b>met</b> & <script>alert(1)</script>"
    values["recipient"]["name"] = 'Mr "Quote" <O\'Neil>'
    html = render_html("decided_not_to_assess", values)
    assert "<b>met</b>" not in html and "<script>" not in html
    assert "&lt;b&gt;met&lt;/b&gt; &amp; &lt;script&gt;" in html
    assert "Needs are <b>met</b> & <script>alert(1)</script>" in text(html)
    assert 'Mr "Quote" <O\'Neil>' in text(html)


def test_long_date_filter_format():
    values = sample_values("decided_not_to_assess")
    assert "Your appeal must reach the Tribunal by Monday 4 January 2027." in text(
        render_html("decided_not_to_assess", values)
    )
    assert long_date(LETTER_DATE) == "Wednesday 28 October 2026"


def test_amendments_summary_is_a_list_shown_as_bullets():
    html = render_html("review_amendments_proposed", sample_values("review_amendments_proposed"))
    assert "<li>Section I: Anytown Academy from September 2027.</li>" in html


def test_large_print_marks_the_body_and_moves_the_references_into_it():
    html = render_html("final_issued", sample_values("final_issued"), large_print=True)
    assert '<body class="large-print">' in html
    main = text(html, only="main")
    assert main.startswith("Date Wednesday 28 October 2026 Our reference EHC-12")


# --- councils' wording and other languages ----------------------------------------------------------

WELSH_DECIDED_TO_ASSESS = """{% extends "en/_letter.html" %}
{% block title %}Byddwn yn cynnal asesiad o anghenion AIG ar gyfer {{ child.given_name }}{% endblock %}
{% block body %}
<section data-item="decision"><p>Ar {{ decision_on|longdate }} penderfynwyd cynnal asesiad.</p></section>
<section data-item="next_steps"><p>Byddwn yn gofyn am gyngor.</p></section>
<section data-item="final_plan_due"><p>Erbyn {{ final_plan_due|longdate }}.</p></section>
{% endblock %}
"""
WELSH_DATES = """{"weekdays": ["Dydd Llun", "Dydd Mawrth", "Dydd Mercher", "Dydd Iau", "Dydd Gwener",
 "Dydd Sadwrn", "Dydd Sul"], "months": ["Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin",
 "Gorffennaf", "Awst", "Medi", "Hydref", "Tachwedd", "Rhagfyr"], "format": "{weekday} {day} {month} {year}"}
"""


@pytest.fixture
def welsh_dir(tmp_path):
    (tmp_path / "cy").mkdir()
    (tmp_path / "cy" / "decided_to_assess.html").write_text(WELSH_DECIDED_TO_ASSESS, encoding="utf-8")
    (tmp_path / "cy" / "dates.json").write_text(WELSH_DATES, encoding="utf-8")
    return tmp_path


def test_welsh_template_is_used_for_language_cy(welsh_dir):
    html = render_html("decided_to_assess", sample_values("decided_to_assess"), language="cy", wording_dirs=[welsh_dir])
    assert '<html lang="cy">' in html
    assert "Byddwn yn cynnal asesiad o anghenion AIG ar gyfer Zoë" in text(html)
    assert "Ar Dydd Mawrth 27 Hydref 2026 penderfynwyd cynnal asesiad." in text(html)


def test_english_is_used_otherwise(welsh_dir):
    values = sample_values("decided_to_assess")
    english = render_html("decided_to_assess", values, language="en", wording_dirs=[welsh_dir])
    assert '<html lang="en">' in english and "We will carry out an EHC needs assessment for Zoë" in text(english)
    # a kind with no Welsh template falls back to English, and says so in lang
    fallback = render_html("final_issued", sample_values("final_issued"), language="cy", wording_dirs=[welsh_dir])
    assert '<html lang="en">' in fallback and "Zoë's final EHC plan" in text(fallback)
    # no Welsh folder at all
    assert render_html("decided_to_assess", values, language="cy") == render_html("decided_to_assess", values)


def test_a_councils_adjusted_wording_is_used(tmp_path):
    (tmp_path / "en").mkdir()
    own = Path(render_module.TEMPLATES_DIR, "en", "decided_to_assess.html").read_text(encoding="utf-8")
    own = own.replace("We will now ask people who know", "Our team will now ask people who know")
    (tmp_path / "en" / "decided_to_assess.html").write_text(own, encoding="utf-8")
    html = render_html("decided_to_assess", sample_values("decided_to_assess"), wording_dirs=[str(tmp_path)])
    assert "Our team will now ask people who know Zoë" in text(html)


def test_adjusted_wording_that_drops_a_required_item_is_refused(tmp_path):
    (tmp_path / "en").mkdir()
    own = Path(render_module.TEMPLATES_DIR, "en", "final_issued.html").read_text(encoding="utf-8")
    own = own.replace('{% with about_plan = true %}{% include "en/_appeal.html" %}{% endwith %}', "")
    (tmp_path / "en" / "final_issued.html").write_text(own, encoding="utf-8")
    with pytest.raises(LetterError, match="leaves out required item.*appeal_right, appeal_deadline, mediation"):
        render_html("final_issued", sample_values("final_issued"), wording_dirs=[tmp_path])


def test_a_template_error_is_a_letter_error(tmp_path):
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "decided_to_assess.html").write_text("{% if %}", encoding="utf-8")
    with pytest.raises(LetterError, match="template error"):
        render_html("decided_to_assess", sample_values("decided_to_assess"), wording_dirs=[tmp_path])


# --- purity and speed -----------------------------------------------------------------------------------


def test_the_package_imports_no_flask_sqlalchemy_or_models():
    forbidden = ("flask", "sqlalchemy", "casework.models", "casework.db", "casework.web", "casework.api")
    for path in Path(letters.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            for name in names:
                assert not name.startswith(forbidden), f"{path.name} imports {name}"


def test_render_html_is_fast_enough_to_run_when_the_decision_is_recorded():
    values = sample_values("review_amendments_proposed")
    render_html("review_amendments_proposed", values)  # compile once
    times = []
    for _ in range(30):
        start = time.perf_counter()
        render_html("review_amendments_proposed", values)
        times.append(time.perf_counter() - start)
    assert statistics.median(times) < 0.02  # measured well under 1 ms; 20 ms leaves room for a slow CI
