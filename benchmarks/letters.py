#!/usr/bin/env python
"""Time to write each family letter: render_html (run when a decision is recorded) and render_pdf.

    python benchmarks/letters.py [--repeat 20]

Uses the tests' complete sample values. Prints, per kind, the median of --repeat runs after one warm-up
run (templates compiled, WeasyPrint and its fonts loaded), then the cold first render_pdf of a fresh
process and a 20-letter print run (render_many_pdf)."""

from __future__ import annotations

import argparse
import io
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pypdf import PdfReader  # noqa: E402

from casework.notifications.letters import render_html, render_many_pdf, render_pdf  # noqa: E402
from tests.unit.letter_samples import KINDS, sample_values  # noqa: E402


def median_ms(fn, kind: str, values: dict, repeat: int) -> float:
    fn(kind, values)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn(kind, values)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    print(f"{'kind':30} {'html ms':>8} {'pdf ms':>8} {'pages':>5}")
    for kind in KINDS:
        values = sample_values(kind)
        html = median_ms(render_html, kind, values, args.repeat * 10)
        pdf = median_ms(render_pdf, kind, values, args.repeat)
        pages = [len(PdfReader(io.BytesIO(render_pdf(kind, values, large_print=lp))).pages) for lp in (False, True)]
        print(f"{kind:30} {html:8.3f} {pdf:8.1f} {pages[0]:>5} (large print {pages[1]})")
    cold = subprocess.run(
        [
            sys.executable,
            "-c",
            "import time; t = time.perf_counter();"
            "from casework.notifications.letters import render_pdf;"
            "from tests.unit.letter_samples import sample_values;"
            "render_pdf('final_issued', sample_values('final_issued'));"
            "print(round((time.perf_counter() - t) * 1000))",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    print(f"cold first render_pdf in a new process (imports included): {cold.stdout.strip()} ms")
    run = [(kind, sample_values(kind)) for kind in (KINDS * 2)[:20]]
    start = time.perf_counter()
    render_many_pdf(run)
    print(f"render_many_pdf of 20 letters: {(time.perf_counter() - start) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
