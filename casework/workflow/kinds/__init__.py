"""The kinds of case, one module each, registered here. Adding a kind is one module (its machine,
deadline rules, facts, plan effects, stages and labels: see `base.Kind`) and one line below."""

from __future__ import annotations

from casework.workflow.kinds import (
    assessment,
    commissioning_change,
    dispute,
    reassessment,
    review,
    transfer_in,
    transfer_out,
    tribunal_order,
)
from casework.workflow.kinds.base import Kind, Stage

KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        assessment.KIND,
        review.KIND,
        reassessment.KIND,
        dispute.KIND,
        tribunal_order.KIND,
        transfer_in.KIND,
        transfer_out.KIND,
        commissioning_change.KIND,
    )
}

__all__ = ["KINDS", "Kind", "Stage", "get"]


def get(name: str) -> Kind:
    return KINDS[name]
