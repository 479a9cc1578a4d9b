"""Whole-process times of the three commands users feel most, for this checkout against another one (say,
a clone of an older commit), interleaved run by run so that both see the same load on a shared machine.
Prints figures (not a test).

    git clone -q . /tmp/before && git -C /tmp/before checkout -q <commit>
    python benchmarks/bench_checkouts.py --against /tmp/before [--runs 5]

- start-up: `placeviz gui --snapshot` to a painted Cheshire and Merseyside window;
- England PNG: `placeviz export png --place England --layer imd2019` (32,844 LSOAs, 1600 x 1200);
- England HTML: `placeviz export html --place England --layer imd2019`.
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
COMMANDS = {
    "start-up (gui --snapshot)": ["gui", "--snapshot", "{out}/snap.png"],
    "England PNG": ["export", "png", "--place", "England", "--layer", "imd2019", "-o", "{out}/england.png"],
    "England HTML": ["export", "html", "--place", "England", "--layer", "imd2019", "-o", "{out}/england.html"],
}


def timed(tree: Path, argv: list[str], out: str) -> float:
    env = {**os.environ, "PYTHONPATH": str(tree), "QT_QPA_PLATFORM": "offscreen"}
    args = [a.format(out=out) for a in argv]
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "placeviz", *args], cwd=tree, env=env, capture_output=True,
                       text=True, timeout=300)
    elapsed = time.perf_counter() - t0
    if r.returncode != 0:
        raise SystemExit(f"{tree}: placeviz {' '.join(args)} failed:\n{r.stderr}")
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--against", required=True, type=Path, help="the other checkout (a folder with placeviz/)")
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    trees = {"this": ROOT, "other": a.against.resolve()}
    print(f"this:  {trees['this']}\nother: {trees['other']}\n{a.runs} runs each, interleaved; seconds\n")
    print(f"{'command':28} {'this median':>12} {'other median':>13} {'this best':>10} {'other best':>11} "
          f"{'ratio':>6}")
    with tempfile.TemporaryDirectory() as out:
        for name, argv in COMMANDS.items():
            times: dict[str, list[float]] = {k: [] for k in trees}
            for k in trees:  # one warm-up each: file cache and .pyc files
                timed(trees[k], argv, out)
            for _ in range(a.runs):
                for k, tree in trees.items():
                    times[k].append(timed(tree, argv, out))
            med = {k: statistics.median(v) for k, v in times.items()}
            best = {k: min(v) for k, v in times.items()}
            print(f"{name:28} {med['this']:12.3f} {med['other']:13.3f} {best['this']:10.3f} "
                  f"{best['other']:11.3f} {med['this'] / med['other']:6.2f}")


if __name__ == "__main__":
    main()
