"""Whole-process times of the commands that build on maps (profiles, atlases, comparisons), median of N runs,
against the targets of issue 16. Prints a table (a benchmark, not a test).

    python benchmarks/bench_commands.py [--runs 5] [--only profile]

Add a command by adding a line to COMMANDS: a name, the arguments after `placeviz` ({out} is a temporary
folder) and the target in seconds.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CM = "Cheshire and Merseyside"
#: (name, arguments after `placeviz`, target in seconds)
COMMANDS = [
    ("profile Liverpool text", ["profile", "--place", "Liverpool", "--format", "text"], 1.0),
    ("profile C&M text", ["profile", "--place", CM, "--format", "text"], 1.0),
    ("profile England text", ["profile", "--place", "England", "--format", "text"], 2.0),
    ("profile Liverpool pdf", ["profile", "--place", "Liverpool", "--format", "pdf", "-o", "{out}/p.pdf"], 1.0),
    ("atlas C&M pdf", ["export", "pdf", "--place", CM, "--atlas", "-o", "{out}/a.pdf"], 2.0),
    ("compare Liverpool/Wirral png",
     ["compare", "--place", "Liverpool", "--place", "Wirral", "--layer", "imd2019", "-o", "{out}/c.png"], 1.0),
    ("compare Liverpool/Wirral html",
     ["compare", "--place", "Liverpool", "--place", "Wirral", "--layer", "imd2019", "-o", "{out}/c.html"], 1.0),
]


def timed(argv: list[str], out: str) -> float:
    """Seconds for one whole `placeviz` process, from start to exit."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    args = [a.format(out=out) for a in argv]
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "placeviz", *args], cwd=ROOT, env=env, capture_output=True,
                       text=True, timeout=300)
    elapsed = time.perf_counter() - t0
    if r.returncode != 0:
        raise SystemExit(f"placeviz {' '.join(args)} failed:\n{r.stderr}")
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--only", help="run only the commands whose name contains this text")
    a = ap.parse_args()
    chosen = [c for c in COMMANDS if not a.only or a.only.lower() in c[0].lower()]
    print(f"{ROOT}\n{a.runs} runs each after one warm-up; whole process, seconds\n")
    print(f"{'command':32} {'median':>7} {'best':>6} {'target':>7}  ok")
    with tempfile.TemporaryDirectory() as out:
        for name, argv, target in chosen:
            timed(argv, out)  # warm-up: file cache and .pyc files
            times = [timed(argv, out) for _ in range(a.runs)]
            median = statistics.median(times)
            print(f"{name:32} {median:7.2f} {min(times):6.2f} {target:7.1f}  {'yes' if median <= target else 'NO'}",
                  flush=True)


if __name__ == "__main__":
    main()
