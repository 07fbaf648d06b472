"""Letters leave as PDFs the product renders itself: through GOV.UK Notify's precompiled-letter API
(`CASEWORK_LETTERS_BY=notify`), or into the print queue, from which an officer prints the day's letters
and marks them posted. The letter, its copy and its date are kept by the workflow (workflow/letters.py,
workflow/posting.py); this module is only the way out."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from casework.channels.base import PermanentFailure, reference_for

# (row) -> the letter's PDF, produced and kept by whoever builds the channel; then the way it went
Produce = Callable[[Any], bytes]


class LetterPost:
    """Sends an outbox row whose template is `letter.<kind>`: `produce(row)` renders and keeps the
    PDF (dated today), then `send(row, pdf)` takes it away (GOV.UK Notify), or, when there is no
    `send`, it waits in the print queue. `done(row, how)` records that it went."""

    def __init__(self, produce: Produce, done: Callable[[Any, str], None], send: Callable[[Any, bytes], Any] | None):
        self.produce, self.done, self.send = produce, done, send

    def __call__(self, row: Any, subject: str, body: str) -> str | None:
        """Returns GOV.UK Notify's id for the letter (kept on the row for its delivery receipts)."""
        if not row.template.startswith("letter."):
            raise PermanentFailure(f"{reference_for(row)}: {row.template!r} is not a letter")
        pdf = self.produce(row)
        if self.send is None:
            self.done(row, "print")
            return None
        notify_id = self.send(row, pdf)
        self.done(row, "notify")
        return notify_id
