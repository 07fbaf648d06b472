"""Plain-English message templates, one file per message: `<name>.email.txt` (first line
`Subject: ...`) and `<name>.sms.txt`. Placeholders are `$name` (string.Template).

Every message is checked when it is written (`check`, called by `outbox.add` in the transaction of
whatever caused it): each placeholder of its template must have a value that is not empty, or be one
of the values filled in only at sending time (`send_time`). So a template that asks for a value its
message does not carry is a bug the tests find, not a message that fails for good when it is sent."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from functools import cache
from pathlib import Path
from string import Template
from typing import Any

HERE = Path(__file__).parent


class TemplateError(Exception):
    """A message cannot be written or rendered: no such template, or a placeholder without a value."""


@cache
def _load(name: str) -> tuple[Template, Template]:
    path = HERE / f"{name}.txt"
    if "/" in name or not path.is_file():
        raise TemplateError(f"there is no message template {name!r}")
    text = path.read_text(encoding="utf-8")
    subject = ""
    if text.startswith("Subject:"):
        first, _, text = text.partition("\n")
        subject = first[len("Subject:") :].strip()
    return Template(subject), Template(text.strip() + "\n")


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class _Templates:
    def names(self) -> list[str]:
        return sorted(p.name[:-4] for p in HERE.glob("*.txt"))

    def placeholders(self, name: str) -> set[str]:
        subject, body = _load(name)
        for t in (subject, body):
            if not t.is_valid():
                raise TemplateError(f"{name}: a '$' that is not a placeholder (write '$$' for a dollar sign)")
        return set(subject.get_identifiers()) | set(body.get_identifiers())

    def check(self, name: str, values: Mapping[str, Any], send_time: Collection[str] = ()) -> None:
        """Raise TemplateError unless every placeholder of `name` has a value that is not empty (or
        is filled in at sending time)."""
        missing = sorted(p for p in self.placeholders(name) if p not in send_time and _missing(values.get(p)))
        if missing:
            raise TemplateError(f"{name}: no value for {', '.join('$' + m for m in missing)}")

    def subject(self, name: str, values: Mapping[str, Any]) -> str:
        """The subject line as filled in (for lists of messages; "" for texts)."""
        subject, _ = _load(name)
        return subject.safe_substitute({k: "" if v is None else str(v) for k, v in values.items()})

    def render(self, name: str, values: Mapping[str, Any]) -> tuple[str, str]:
        """(subject, body). TemplateError if a placeholder has no value: that never gets better by
        trying again."""
        self.check(name, values)
        subject, body = _load(name)
        data = {k: "" if v is None else str(v) for k, v in values.items()}
        return subject.substitute(data), body.substitute(data)


TEMPLATES = _Templates()
