#!/usr/bin/env python
"""The capacity what-if (issue 17) at a council of 4,000 plans: 200 replications of a year.

    python -m benchmarks.simulation [--plans 4000] [--replications 200] [--processes 1]

Target: under a minute on the project's machine (2 cores, shared). The council is
`simulation.synthetic.council` (1,000 requests and 4,000 reviews a year, 40 officers, the cases in
progress on the day). Prints the seconds, the replications a second and the load average."""

from __future__ import annotations

import argparse
import os
import time


def main() -> None:
    from casework.simulation import synthetic
    from casework.simulation.runs import compare
    from casework.simulation.scenarios import BASELINE

    p = argparse.ArgumentParser()
    p.add_argument("--plans", type=int, default=4000)
    p.add_argument("--replications", type=int, default=200)
    p.add_argument("--processes", type=int, default=1, help="forked processes (the machine has 2 cores)")
    args = p.parse_args()
    cal = synthetic.council(args.plans)
    load = os.getloadavg()[0]
    started = time.perf_counter()
    outcome = compare(cal, [BASELINE], 12, args.replications, seed=1, processes=args.processes)[0]
    seconds = time.perf_counter() - started
    print(
        f"{args.replications} replications of 12 months, a council of {args.plans} plans, "
        f"{args.processes} process(es): {seconds:.1f} s "
        f"({args.replications / seconds:.1f} a second; load average before {load:.2f})"
    )
    print(f"expected share within 20 weeks over the year: {outcome.year['within_20_weeks']}%")


if __name__ == "__main__":
    main()
