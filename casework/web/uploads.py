"""Uploaded documents: type-checked by content (not by the name or the browser's say-so),
size-limited, refused when they carry active content (Word macros, PDF JavaScript or launch
actions), optionally scanned by ClamAV (`CASEWORK_CLAMD_URL`), and stored outside the web root under
random names."""

from __future__ import annotations

import hashlib
import io
import re
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 5
KINDS = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".doc": "application/msword",
}


@dataclass
class Checked:
    filename: str
    extension: str
    content_type: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def safe_name(name: str) -> str:
    base = Path(name.replace("\\", "/")).name
    base = re.sub(r"[^A-Za-z0-9._ ()-]+", "_", base).strip(" .") or "document"
    return base[:200]


def _is_docx(data: bytes) -> bool:
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "word/document.xml" in z.namelist()
    except zipfile.BadZipFile:
        return False


_OLE_MACROS = (
    "_VBA_PROJECT".encode("utf-16-le"),
    "Macros".encode("utf-16-le"),
    "VBA".encode("utf-16-le") + b"\x00\x00",
)
_PDF_ACTIVE = (b"/JavaScript", b"/JS", b"/Launch", b"/EmbeddedFile", b"/RichMedia", b"/XFA")


def _active_content(ext: str, data: bytes) -> str | None:
    """What active content the document carries, if any (macros, scripts, launch actions)."""
    if ext == ".docx":
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = {n.lower() for n in z.namelist()}
            types = z.read("[Content_Types].xml").lower() if "[content_types].xml" in names else b""
        if any(n.endswith("vbaproject.bin") for n in names) or b"macroenabled" in types:
            return "macros"
    elif ext == ".doc":
        if any(marker in data for marker in _OLE_MACROS):
            return "macros"
    elif ext == ".pdf" and (any(marker in data for marker in _PDF_ACTIVE) or _pdf_has_scripts(data)):
        return "JavaScript or other active content"
    return None


def _pdf_has_scripts(data: bytes) -> bool:
    """A parse of the PDF (names hidden in compressed object streams are found too)."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        root = reader.trailer["/Root"]
        names = root.get("/Names")
        if names is not None and any(k in names.get_object() for k in ("/JavaScript", "/EmbeddedFiles")):
            return True
        if "/OpenAction" in root or "/AA" in root or "/AcroForm" in root and "/XFA" in root["/AcroForm"]:
            return True
        for page in reader.pages:
            if "/AA" in page:
                return True
            for annot in page.get("/Annots") or []:
                action = annot.get_object().get("/A")
                if action is not None and action.get_object().get("/S") in ("/JavaScript", "/Launch"):
                    return True
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return True  # a PDF that cannot be read cannot be shown to be safe
    return False


def scan(clamd_url: str, data: bytes, timeout: float = 30.0) -> str | None:
    """ClamAV's clamd INSTREAM: None when clean, the signature's name when infected. Raises OSError
    when clamd cannot be reached (the caller refuses the upload: nothing unscanned is kept)."""
    import socket
    import struct
    from urllib.parse import urlsplit

    parts = urlsplit(clamd_url)
    if parts.scheme == "unix":
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        address: object = parts.path
    else:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        address = (parts.hostname or "127.0.0.1", parts.port or 3310)
    with sock:
        sock.settimeout(timeout)
        sock.connect(address)
        sock.sendall(b"zINSTREAM\0")
        for start in range(0, len(data), 65536):
            chunk = data[start : start + 65536]
            sock.sendall(struct.pack("!I", len(chunk)) + chunk)
        sock.sendall(struct.pack("!I", 0))
        answer = b""
        while not answer.endswith(b"\0"):
            got = sock.recv(4096)
            if not got:
                break
            answer += got
    text = answer.rstrip(b"\0").decode("utf-8", "replace")
    if text.endswith("OK"):
        return None
    if text.endswith("FOUND"):
        return text.split(":", 1)[-1].removesuffix("FOUND").strip() or "a virus"
    raise OSError(f"clamd answered {text[:80]!r}")


def check(filename: str, data: bytes, clamd_url: str | None = None) -> Checked:
    """Return the checked file, or raise ValueError with a message for the person uploading it."""
    name = safe_name(filename)
    ext = Path(name).suffix.lower()
    if ext not in KINDS:
        raise ValueError(f"'{name}' must be a PDF or a Word document (.pdf, .doc or .docx).")
    if not data:
        raise ValueError(f"'{name}' is empty.")
    if len(data) > MAX_BYTES:
        raise ValueError(f"'{name}' must be smaller than {MAX_BYTES // (1024 * 1024)} MB.")
    ok = {
        ".pdf": data.startswith(b"%PDF-"),
        ".docx": _is_docx(data),
        ".doc": data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"),
    }[ext]
    if not ok:
        raise ValueError(
            f"'{name}' is not a real {ext[1:].upper()} file. Save it as a PDF or Word document and try again."
        )
    active = _active_content(ext, data)
    if active:
        raise ValueError(
            f"'{name}' contains {active}, which we cannot accept. Save it again as a plain document (for example, "
            f"use Print to PDF, or save a Word file as .docx without macros) and try again."
        )
    if clamd_url:
        try:
            found = scan(clamd_url, data)
        except OSError:
            raise ValueError(f"'{name}' could not be checked for viruses just now. Please try again later.") from None
        if found:
            raise ValueError(f"'{name}' was refused: our virus check found {found}. Do not send it again.")
    return Checked(name, ext, KINDS[ext], data)


def store(folder: Path, advice_id: int, checked: Checked) -> str:
    """Write the file under a random name; returns the stored name (relative to folder)."""
    target = Path(folder) / str(advice_id)
    target.mkdir(parents=True, exist_ok=True, mode=0o700)
    stored = f"{advice_id}/{uuid.uuid4().hex}{checked.extension}"
    path = Path(folder) / stored
    tmp = path.with_suffix(path.suffix + ".part")
    tmp.write_bytes(checked.data)
    tmp.chmod(0o600)
    tmp.replace(path)
    return stored
