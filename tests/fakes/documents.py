"""Real documents for upload tests: a valid one-page PDF, and ones carrying active content."""

from __future__ import annotations

import io


def pdf(javascript: str | None = None) -> bytes:
    """A valid one-page PDF; with `javascript`, one that runs it when opened."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if javascript:
        from pypdf.actions import JavaScript

        writer.add_open_action(JavaScript(javascript))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx(macros: bool = False) -> bytes:
    """A minimal Word document; with `macros`, one carrying a VBA project (as a .docm saved as .docx)."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        kind = "application/vnd.ms-word.document.macroEnabled.main+xml" if macros else (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml")  # fmt: skip
        z.writestr(
            "[Content_Types].xml", f'<Types><Override PartName="/word/document.xml" ContentType="{kind}"/></Types>'
        )
        z.writestr("word/document.xml", "<w:document/>")
        if macros:
            z.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 not really a VBA project")
    return out.getvalue()
