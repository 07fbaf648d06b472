"""Render the machines as Mermaid diagrams into docs/machines.md (`casework diagrams`)."""

from __future__ import annotations

from pathlib import Path

from casework.workflow.kinds import KINDS

DOC = Path(__file__).resolve().parents[2] / "docs" / "machines.md"


def render() -> str:

    parts = [
        "# The case machines",
        "",
        "Generated from the `transitions` definitions by `casework diagrams`; a test fails when this file is stale.",
        "Self-loops marked `[internal]` are events recorded without a change of state; `[guard]` names a statutory guard.",
        "",
    ]
    for name, kind in KINDS.items():
        parts += [f"## {name}", "", "```mermaid", kind.machine.mermaid().rstrip(), "```", ""]
    return "\n".join(parts)


def write(path: Path = DOC) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(), encoding="utf-8")
    return path
