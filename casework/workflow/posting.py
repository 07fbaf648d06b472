"""Letters leaving: produced as PDF on the day they go, kept, and marked sent (posted from the print
queue, or taken by GOV.UK Notify). A decision letter sent later than the decision moves the case's
appeal window to run from the letter (`decision_letter_sent`, recorded through the engine)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from casework.models import Letter
from casework.notifications import letters as wording
from casework.workflow import engine
from casework.workflow.context import Result
from casework.workflow.letters import APPEAL_LETTERS, LETTER_EVENT, render_values


def produce(
    letter: Letter, letter_date: dt.date, letterhead: Mapping[str, Any], wording_dirs: Iterable[str] = ()
) -> bytes:
    """The letter as a PDF dated `letter_date`, kept on the letter (the copy is what was sent)."""
    pdf = wording.render_pdf(
        letter.kind, render_values(letter.kind, letter.values, letter_date, letterhead), language=letter.language,
        large_print=letter.large_print, wording_dirs=tuple(wording_dirs),
    )  # fmt: skip
    letter.pdf, letter.letter_date = pdf, letter_date
    return pdf


def mark_sent(
    session: Session, letter: Letter, sent_on: dt.date, how: str, *, actor: Any, settings: Any
) -> Result | None:
    """The letter went on `sent_on` (`how`: post or notify). A decision letter sent after the decision
    records it on the case (the appeal window then runs from the letter); returns that event's result."""
    letter.status, letter.how, letter.sent_on = "sent", how, sent_on
    session.flush()
    if letter.kind in APPEAL_LETTERS and letter.event_id is not None:
        decided = dt.date.fromisoformat(letter.values["decision_on"])
        if sent_on > decided:
            return engine.record(session, letter.case_id, LETTER_EVENT, sent_on, actor=actor, settings=settings,
                                 details={"letter_id": letter.id, "kind": letter.kind})  # fmt: skip
    return None


def post(
    session: Session, letter_ids: Iterable[int], posted_on: dt.date, *, letterhead: Mapping[str, Any],
    wording_dirs: Iterable[str] = (), actor: Any, settings: Any,
) -> tuple[list[Result], list[Letter]]:  # fmt: skip
    """The officer posted these letters on `posted_on`: each is dated that day (its kept copy is
    produced again, so the copy is what went in the envelope) and marked sent."""
    letters = list(session.execute(select(Letter).where(Letter.id.in_(list(letter_ids)),
                                                        Letter.status == "to_print")).scalars())  # fmt: skip
    results = []
    for letter in letters:
        if letter.letter_date != posted_on:
            produce(letter, posted_on, letterhead, wording_dirs)
        result = mark_sent(session, letter, posted_on, "post", actor=actor, settings=settings)
        if result is not None:
            results.append(result)
    return results, letters


def to_print(session: Session) -> list[Letter]:
    """The print queue: letters produced for posting and not yet posted, oldest first."""
    return list(session.execute(select(Letter).where(Letter.status == "to_print").order_by(Letter.id)).scalars())


def of_case(session: Session, case_id: int) -> list[Letter]:
    return list(session.execute(select(Letter).where(Letter.case_id == case_id).order_by(Letter.id)).scalars())


def print_run(letters: Iterable[Letter], letter_date: dt.date, letterhead: Mapping[str, Any],
              wording_dirs: Iterable[str] = ()) -> bytes:  # fmt: skip
    """One PDF of the letters dated `letter_date`, each starting a new page (and a new sheet, printed
    double-sided), to print and post that day."""
    return wording.render_many_pdf(
        [(letter.kind, render_values(letter.kind, letter.values, letter_date, letterhead),
          {"language": letter.language, "large_print": letter.large_print}) for letter in letters],
        wording_dirs=tuple(wording_dirs), duplex=True,
    )  # fmt: skip
