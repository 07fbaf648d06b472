"""Letters a family must receive in writing (SEND Regulations 2014), as HTML and accessible PDF.

Pure: imports the standard library, Jinja2 and WeasyPrint only. See `render` for the values contract."""

from casework.notifications.letters.render import (
    LETTERS,
    LetterError,
    LetterSpec,
    RequiredItem,
    check_values,
    configure_wording_dirs,
    configured_wording_dirs,
    render_html,
    render_many_pdf,
    render_pdf,
)

__all__ = [
    "LETTERS",
    "LetterError",
    "LetterSpec",
    "RequiredItem",
    "check_values",
    "configure_wording_dirs",
    "configured_wording_dirs",
    "render_html",
    "render_many_pdf",
    "render_pdf",
]
