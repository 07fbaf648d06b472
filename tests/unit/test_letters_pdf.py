"""The family letters as PDF: tagged (PDF/UA-1), language and title set, real text in the shipped font with
no missing glyphs, 12pt body (18pt in large print), and a print run with each letter on a new page."""

from __future__ import annotations

import collections
import io
import re

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from casework.notifications.letters import render_html, render_many_pdf, render_pdf
from tests.unit.letter_samples import KINDS, sample_values
from tests.unit.letter_text import text

ACCENTED = "Zoë Ó'Brien-Łukasik"


@pytest.fixture(scope="module")
def pdfs() -> dict[str, PdfReader]:
    return {kind: PdfReader(io.BytesIO(render_pdf(kind, sample_values(kind)))) for kind in KINDS}


def pdf_text(reader: PdfReader) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def font_sizes_pt(reader: PdfReader) -> collections.Counter:
    """How many text runs use each font size, in points (WeasyPrint draws in CSS px under a 0.75 scale)."""
    sizes: collections.Counter = collections.Counter()
    for page in reader.pages:
        content = page.get_contents().get_data().decode("latin-1")
        assert "0.75 0 0 0.75 0 0 cm" in content
        for match in re.finditer(r"/\S+ ([\d.]+) Tf", content):
            sizes[round(float(match.group(1)) * 0.75, 1)] += 1
    return sizes


def embedded_fonts(reader: PdfReader) -> dict[str, set[int]]:
    """Each embedded font's name and the code points its cmap covers."""
    fonts = {}
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            data = descendant["/FontDescriptor"]["/FontFile2"].get_object().get_data()
            fonts[str(font["/BaseFont"])] = set(TTFont(io.BytesIO(data)).getBestCmap())
    return fonts


@pytest.mark.parametrize("kind", KINDS)
def test_pdf_is_tagged_with_language_and_title(kind, pdfs):
    reader = pdfs[kind]
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert catalog["/Lang"] == "en"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    html = render_html(kind, sample_values(kind))
    title = re.search(r"<title>(.*?)</title>", html).group(1).replace("&#39;", "'")
    assert reader.metadata.title == title
    assert b"pdfuaid" in catalog["/Metadata"].get_object().get_data()  # PDF/UA-1 identification


@pytest.mark.parametrize("kind", KINDS)
def test_pdf_text_is_real_and_holds_the_council_and_the_address(kind, pdfs):
    values = sample_values(kind)
    body = pdf_text(pdfs[kind])
    assert values["council"]["name"] in body
    for line in values["recipient"]["address_lines"]:
        assert line in body
    assert ACCENTED in body
    assert "EHC-12" in body


@pytest.mark.parametrize("kind", KINDS)
def test_no_missing_glyphs_every_character_is_in_the_shipped_fonts_cmaps(kind, pdfs):
    reader = pdfs[kind]
    fonts = embedded_fonts(reader)
    assert fonts and all("Letter-Sans" in name for name in fonts), fonts  # no fallback to a system font
    covered = set().union(*fonts.values())
    missing = {ch for ch in pdf_text(reader) if not ch.isspace() and ord(ch) not in covered}
    assert not missing, f"{kind}: no glyph for {sorted(missing)}"


def test_the_glyph_check_would_catch_a_character_the_font_lacks():
    values = sample_values("decided_to_assess")
    values["child"]["given_name"] = "陈"  # not in DejaVu Sans: a fallback font or a blank box
    reader = PdfReader(io.BytesIO(render_pdf("decided_to_assess", values)))
    fonts = embedded_fonts(reader)
    covered = set().union(*(cmap for name, cmap in fonts.items() if "Letter-Sans" in name))
    assert ord("陈") not in covered


def test_body_is_12pt_and_large_print_18pt(pdfs):
    standard = font_sizes_pt(pdfs["final_issued"])
    large = font_sizes_pt(
        PdfReader(io.BytesIO(render_pdf("final_issued", sample_values("final_issued"), large_print=True)))
    )
    assert standard.most_common(1)[0][0] == 12.0
    assert large.most_common(1)[0][0] == 18.0
    assert min(standard) >= 12.0 and min(large) >= 12.0  # nothing smaller, the envelope window included
    assert max(large) > max(standard)


def test_print_run_puts_each_letter_on_a_new_page():
    kinds = ["decided_not_to_assess", "review_plan_ceased", "officer_changed"]
    singles = [len(PdfReader(io.BytesIO(render_pdf(kind, sample_values(kind)))).pages) for kind in kinds]
    reader = PdfReader(io.BytesIO(render_many_pdf([(kind, sample_values(kind)) for kind in kinds])))
    assert len(reader.pages) == sum(singles) >= 3
    starts = [i for i, page in enumerate(reader.pages) if "Dear Ms Zoë" in page.extract_text()]
    assert starts == [0, singles[0], singles[0] + singles[1]]
    for start, kind in zip(starts, kinds, strict=True):
        first = reader.pages[start].extract_text()
        assert first.lstrip().startswith("Anytown Council")  # the letterhead opens the page
        title = re.search(r"<title>(.*?)</title>", render_html(kind, sample_values(kind))).group(1)
        assert title.replace("&#39;", "'") in " ".join(first.split())
    assert reader.trailer["/Root"]["/StructTreeRoot"] and reader.trailer["/Root"]["/Lang"] == "en"


def test_print_run_for_duplex_starts_each_letter_on_the_front_of_a_sheet():
    kinds = ["decided_not_to_assess", "review_plan_ceased", "officer_changed"]
    letters = [(kind, sample_values(kind)) for kind in kinds]
    reader = PdfReader(io.BytesIO(render_many_pdf(letters, duplex=True)))
    starts = [i for i, page in enumerate(reader.pages) if "Dear Ms Zoë" in page.extract_text()]
    assert len(starts) == 3 and all(i % 2 == 0 for i in starts)
    assert len(reader.pages) % 2 == 0


def test_print_run_options_per_letter():
    letters = [
        ("decided_to_assess", sample_values("decided_to_assess")),
        ("decided_to_assess", sample_values("decided_to_assess"), {"large_print": True}),
    ]
    reader = PdfReader(io.BytesIO(render_many_pdf(letters)))
    small = PdfReader(io.BytesIO(render_pdf("decided_to_assess", sample_values("decided_to_assess"))))
    assert len(reader.pages) > 2 * len(small.pages) - 1  # the large-print copy takes more pages
    with pytest.raises(ValueError):
        render_many_pdf([])


def test_welsh_pdf_declares_welsh(tmp_path):
    (tmp_path / "cy").mkdir()
    (tmp_path / "cy" / "review_plan_ceased.html").write_text(
        '{% extends "en/review_plan_ceased.html" %}{% block title %}Mae cynllun AIG {{ child.given_name }} wedi dod i ben{% endblock %}',
        encoding="utf-8",
    )
    values = sample_values("review_plan_ceased")
    reader = PdfReader(io.BytesIO(render_pdf("review_plan_ceased", values, language="cy", wording_dirs=[tmp_path])))
    assert reader.trailer["/Root"]["/Lang"] == "cy"
    assert "Mae cynllun AIG Zoë wedi dod i ben" in pdf_text(reader)


def test_html_and_pdf_say_the_same(pdfs):
    html_words = text(render_html("review_amendments_proposed", sample_values("review_amendments_proposed")), "main")
    pdf_words = pdf_text(pdfs["review_amendments_proposed"])
    for sentence in ("Please send us your comments by Wednesday 11 November 2026.", "at least 15 days"):
        assert sentence in html_words and sentence in pdf_words
