"""The letters a family must receive in writing, rendered to HTML and to accessible PDF.

Pure: no database, no Flask. The product calls `render_html` when it records a decision, so a letter
that cannot be written fails then (as a bug), not on the day of the print run; `render_pdf` and
`render_many_pdf` make the paper.

Wording lives in templates, never here: `templates/<language>/<kind>.html` (Jinja2, autoescaped,
`StrictUndefined`), sharing `templates/base.html` (layout only, no words), `templates/en/_letter.html`
(the English frame: letterhead labels, greeting, help, contact, sign-off), the English partials
`templates/en/_*.html`, `templates/letter.css`, and `templates/<language>/dates.json` (day and month
names for the `longdate` filter). A council adjusts wording by passing `wording_dirs`: folders searched
before the package's own, holding files at the same relative paths (for example `en/final_issued.html`
or `cy/final_issued.html` for Welsh). A kind without a template in the requested language falls back to
English, and the letter's `lang` says which language was actually used.

Each legal item a letter must carry is wrapped in an element with `data-item="<item id>"`; after
rendering, every item id in `LETTERS[kind].required_items` must be present, so adjusted wording that
drops (say) the appeal deadline raises `LetterError` when the decision is recorded. The phrase in each
`RequiredItem` is what the package's own English wording says; the tests check it.

Values contract (a mapping; extra keys are ignored; a missing, None or blank value raises `LetterError`
naming it; dates are `datetime.date`, never `datetime`; lists are lists of non-blank strings):

Every letter:
    council          {name, address_lines: [str], phone, email, website}  (the letterhead; the website is
                     where the family finds the local offer: schools, disagreement resolution)
    recipient        {name, address_lines: [str]}           (the window-envelope address block)
    child            {given_name, family_name, date_of_birth: date}
    case_ref         "EHC-12"
    letter_date      date: the date the letter is sent (appeal deadlines count from it)
    decision_on      date of the decision or event the letter reports (for `draft_issued`, the date the
                     draft was served; for `officer_changed`, the date the new officer takes over)
    officer          {name, phone, email}: the case officer, who signs the letter (for `officer_changed`
                     the officer before the change)
    advice_services  {sendiass_name, sendiass_phone, sendiass_website, ipsea_website}

Letters with appeal rights (decided_not_to_assess, decided_not_to_issue, final_issued, review_maintained,
review_decided_to_cease, review_amended_plan_issued) also need:
    appeal_by              date: D1, 2 months after the letter is sent, Tribunal-adjusted (Decision 6)
    mediation_contact_by   date: D3, 2 months after the letter is sent (no adjustment)
    mediation              {name, phone}: the mediation service

And per kind:
    decided_not_to_assess       reason
    decided_to_assess           final_plan_due (A7)
    decided_not_to_issue        reason
    draft_issued                representations_until (S + 14), earliest_final_on (S + 15), final_plan_due
    final_issued                named_setting, next_review_due (B1)
    review_maintained           meeting_on, next_review_due
    review_amendments_proposed  meeting_on, amendments_summary: [str], representations_until,
                                earliest_final_on, amended_plan_due (B9)
    review_decided_to_cease     meeting_on, reason, earliest_cease_on (C6)
    review_plan_ceased          ceased_on
    review_amended_plan_issued  named_setting, next_review_due
    officer_changed             new_officer {name, phone, email}; of `officer`, only the name

This module computes no dates: `casework.workflow.statutory` does, and passes them in. It only checks
that a family's deadline (appeal_by, mediation_contact_by, representations_until) is not before the
letter date.

Fonts. The package ships DejaVu Sans 2.37, regular and bold (`fonts/`, with `fonts/LICENSE.txt`), and the
stylesheet loads them with @font-face from the package folder; URLs other than file: and data: are
refused, so nothing is ever fetched at run time. Why ship rather than rely on a Debian font package:
the PDF is then the same on every server (Debian, RHEL, a container, a developer's Mac), it cannot
silently fall back to whatever fonts a council's server has, and the tests can prove every character
is covered. Why DejaVu Sans: its licence (the Bitstream Vera licence; DejaVu's changes are public
domain) allows redistribution, also inside a larger package that is sold, provided the notice is kept
and the font is not renamed or sold by itself; it is a plain, open sans-serif with a large x-height;
and it covers Latin Extended (Welsh ŵ ŷ, Irish Ó, Polish Ł), Greek and Cyrillic. Liberation Sans, the
other candidate on the machine, is version 1.07 here, under GPLv2 with a font exception: usable, but a
GPL component in an MIT package needs more explaining than a permissive one. The two files add about
1.4 MB to the package; a PDF embeds only the glyphs it uses.

PDF: WeasyPrint with `pdf_variant="pdf/ua-1"` (tagged: a structure tree and /MarkInfo /Marked true),
the document language from the template's `lang`, the title from its <title>, real text, 12pt body
(18pt for large print).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context

__all__ = [
    "LETTERS",
    "LetterError",
    "LetterSpec",
    "RequiredItem",
    "check_values",
    "render_html",
    "render_many_pdf",
    "render_pdf",
]

PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"
DEFAULT_LANGUAGE = "en"
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}
_CONFIGURED: tuple[str, ...] = ()


def configure_wording_dirs(dirs: Iterable[str | Path]) -> None:
    """The council's own wording folders for this process (set once at start-up from the settings)."""
    global _CONFIGURED
    _CONFIGURED = tuple(str(d) for d in dirs)


def configured_wording_dirs() -> tuple[str, ...]:
    return _CONFIGURED


from casework.notifications.letters.catalogue import (  # noqa: E402
    LETTERS,
    LetterError,
    LetterSpec,
    RequiredItem,
    check_values,
    is_date,
)

# --- templates ---------------------------------------------------------------------------------------

_LANGUAGE_RE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


@pass_context
def _longdate(context: jinja2.runtime.Context, value: Any) -> str:
    """Monday 4 January 2027, with the day and month names of the letter's language (dates.json)."""
    if isinstance(value, jinja2.Undefined):
        str(value)  # StrictUndefined: raises UndefinedError naming the value
    if not is_date(value):
        raise TypeError(f"longdate needs a datetime.date, got {type(value).__name__}")
    names = context["date_names"]
    return names["format"].format(
        weekday=names["weekdays"][value.weekday()],
        day=value.day,
        month=names["months"][value.month - 1],
        year=value.year,
    )


@lru_cache(maxsize=16)
def _environment(search_path: tuple[str, ...]) -> Environment:
    env = Environment(
        loader=FileSystemLoader(list(search_path)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["longdate"] = _longdate
    return env


def _search_path(wording_dirs: Iterable[str | Path]) -> tuple[str, ...]:
    dirs = tuple(str(Path(d).resolve()) for d in wording_dirs)
    return (*dirs, str(TEMPLATES_DIR))


@lru_cache(maxsize=64)
def _parse_date_names(filename: str, mtime_ns: int) -> dict[str, Any]:
    return json.loads(Path(filename).read_text(encoding="utf-8"))


def _date_names(env: Environment, language: str) -> dict[str, Any]:
    for lang in dict.fromkeys((language, DEFAULT_LANGUAGE)):
        try:
            _, filename, _ = env.loader.get_source(env, f"{lang}/dates.json")
        except jinja2.TemplateNotFound:
            continue
        return _parse_date_names(filename, Path(filename).stat().st_mtime_ns)
    raise jinja2.TemplateNotFound(f"{language}/dates.json")


def render_html(
    kind: str,
    values: Mapping[str, Any],
    *,
    language: str = DEFAULT_LANGUAGE,
    large_print: bool = False,
    wording_dirs: Iterable[str | Path] = (),
) -> str:
    """The letter as a complete HTML document (styles inline). Raises LetterError if it cannot be written."""
    spec = check_values(kind, values)
    html = _render(kind, values, language=language, large_print=large_print, wording_dirs=wording_dirs)
    absent = [item.id for item in spec.required_items if f'data-item="{item.id}"' not in html]
    if absent:
        raise LetterError(kind, f"the wording leaves out required item(s): {', '.join(absent)}")
    return html


def _render(
    kind: str,
    values: Mapping[str, Any],
    *,
    language: str,
    large_print: bool,
    wording_dirs: Iterable[str | Path],
) -> str:
    """The template alone, unchecked: StrictUndefined is the only guard (the tests use this to prove that
    each letter's template uses every value its spec requires)."""
    if not _LANGUAGE_RE.match(language):
        raise LetterError(kind, f"language {language!r} is not a language tag")
    env = _environment(_search_path(wording_dirs))
    try:
        template = env.select_template([f"{language}/{kind}.html", f"{DEFAULT_LANGUAGE}/{kind}.html"])
        used = template.name.split("/", 1)[0]
        context = {
            **values,
            "kind": kind,
            "letter_language": used,
            "large_print": large_print,
            "date_names": _date_names(env, used),
        }
        return template.render(context)
    except jinja2.UndefinedError as exc:
        raise LetterError(kind, f"missing value: {exc.message}") from exc
    except jinja2.TemplateSyntaxError as exc:
        raise LetterError(kind, f"template error in {exc.filename} line {exc.lineno}: {exc.message}") from exc
    except jinja2.TemplateNotFound as exc:
        raise LetterError(kind, f"no template {exc.name}") from exc
    except (TypeError, KeyError, IndexError, ValueError) as exc:
        raise LetterError(kind, f"cannot render: {exc}") from exc


# --- PDF -----------------------------------------------------------------------------------------------


def _weasyprint_document(html: str) -> Any:
    import weasyprint  # imported here: render_html (on the hot path) does not need it

    fetcher = weasyprint.URLFetcher(allowed_protocols={"file", "data"})
    return weasyprint.HTML(string=html, base_url=PACKAGE_DIR.as_uri() + "/", url_fetcher=fetcher).render(**PDF_OPTIONS)


def _write(document: Any, pages: Sequence[Any] | None = None) -> bytes:
    if pages is not None:
        document = document.copy(pages)
    return document.write_pdf(**PDF_OPTIONS)


def render_pdf(
    kind: str,
    values: Mapping[str, Any],
    *,
    language: str = DEFAULT_LANGUAGE,
    large_print: bool = False,
    wording_dirs: Iterable[str | Path] = (),
) -> bytes:
    """The letter as a tagged PDF (PDF/UA-1)."""
    html = render_html(kind, values, language=language, large_print=large_print, wording_dirs=wording_dirs)
    return _write(_weasyprint_document(html))


def render_many_pdf(
    letters: Iterable[tuple[str, Mapping[str, Any]] | tuple[str, Mapping[str, Any], Mapping[str, Any]]],
    *,
    language: str = DEFAULT_LANGUAGE,
    large_print: bool = False,
    wording_dirs: Iterable[str | Path] = (),
    duplex: bool = False,
) -> bytes:
    """One PDF holding several letters (the day's print run), each starting on a new page.

    Each entry is (kind, values) or (kind, values, options), where options may override `language` and
    `large_print` for that letter. With `duplex=True` a blank page follows each letter with an odd number
    of pages, so that no sheet printed on both sides carries two families' letters. The document's title
    and language are the first letter's."""
    wording_dirs = tuple(wording_dirs)
    documents = []
    for entry in letters:
        kind, values, *rest = entry
        options = {"language": language, "large_print": large_print, **(rest[0] if rest else {})}
        html = render_html(kind, values, wording_dirs=wording_dirs, **options)
        documents.append(_weasyprint_document(html))
    if not documents:
        raise ValueError("render_many_pdf needs at least one letter")
    pages = []
    for document in documents:
        pages.extend(document.pages)
        if duplex and len(document.pages) % 2:
            pages.append(_blank_page())
    return _write(documents[0], pages)


def _blank_page() -> Any:
    html = (TEMPLATES_DIR / "blank.html").read_text(encoding="utf-8")
    return _weasyprint_document(html).pages[0]
