"""Local folders (the embedded mode): each message as a .txt file in the outbox folder (viewable in
the demo), and letters as printable files in its letters/ folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from casework.channels.base import address_lines, reference_for

LETTERS_SUBDIR = "letters"


def _file_name(row: Any) -> str:
    return f"{row.id:08d}-{row.channel}-{row.template.replace('.', '-')}.txt"


def _write_atomically(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / (name + ".part")
    tmp.write_text(text, encoding="utf-8")
    return tmp.replace(folder / name)  # atomic: a crash leaves no half-written message


class FileChannel:
    """Writes each message to one .txt file in a folder (the embedded mode's outbox, viewable in the app)."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def __call__(self, row: Any, subject: str, body: str) -> None:
        head = f"To: {row.recipient}\nChannel: {row.channel}\nReference: {reference_for(row)}\n"
        if subject:
            head += f"Subject: {subject}\n"
        _write_atomically(self.folder, _file_name(row), head + "\n" + body)


class LetterFileChannel:
    """Writes each letter as a printable text file: the address block at the top, then the subject and
    the body. An officer prints these from the letters list (``list_letters``)."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def __call__(self, row: Any, subject: str, body: str) -> None:
        parts = ["\n".join(address_lines(row.recipient)), ""]
        if subject:
            parts += [subject, ""]
        parts += [body.rstrip("\n"), "", f"Our reference: {reference_for(row)}", ""]
        _write_atomically(self.folder, _file_name(row), "\n".join(parts))


def letters_dir(config: Any) -> Path:
    """Where letters for printing are written when GOV.UK Notify does not send them."""
    return Path(config.outbox_dir) / LETTERS_SUBDIR


def list_letters(folder: Path) -> list[Path]:
    """The letters waiting in a letters folder (``letters_dir(config)``), oldest outbox row first."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.txt") if p.is_file())
