"""Delivery channels. Embedded mode writes each message to a file in the local outbox folder
(viewable in the app); letters land there too, to be printed."""
from __future__ import annotations

from pathlib import Path
from typing import Any


class FileChannel:
    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def __call__(self, row: Any, subject: str, body: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        name = f"{row.id:08d}-{row.channel}-{row.template.replace('.', '-')}.txt"
        tmp = self.folder / (name + ".part")
        head = f"To: {row.recipient}\nChannel: {row.channel}\nReference: outbox-{row.id}\n"
        if subject:
            head += f"Subject: {subject}\n"
        tmp.write_text(head + "\n" + body, encoding="utf-8")
        tmp.replace(self.folder / name)  # atomic: a crash leaves no half-written message


def channel_for(config: Any) -> FileChannel:
    return FileChannel(config.outbox_dir)
