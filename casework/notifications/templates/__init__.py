"""Plain-English message templates, one file per message: `<name>.email.txt` (first line
`Subject: ...`) and `<name>.sms.txt`. Placeholders are `$name` (string.Template)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from string import Template
from typing import Any

HERE = Path(__file__).parent


@cache
def _load(name: str) -> tuple[Template, Template]:
    path = HERE / f"{name}.txt"
    text = path.read_text(encoding="utf-8")
    subject = ""
    if text.startswith("Subject:"):
        first, _, text = text.partition("\n")
        subject = first[len("Subject:") :].strip()
    return Template(subject), Template(text.strip() + "\n")


class _Templates:
    def names(self) -> list[str]:
        return sorted(p.name[:-4] for p in HERE.glob("*.txt"))

    def render(self, name: str, values: Mapping[str, Any]) -> tuple[str, str]:
        subject, body = _load(name)
        data = {k: "" if v is None else str(v) for k, v in values.items()}
        return subject.substitute(data), body.substitute(data)


TEMPLATES = _Templates()
