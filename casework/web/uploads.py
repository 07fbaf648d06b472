"""Uploaded documents: type-checked by content (not by the name or the browser's say-so),
size-limited, stored outside the web root under random names."""

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


def check(filename: str, data: bytes) -> Checked:
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
