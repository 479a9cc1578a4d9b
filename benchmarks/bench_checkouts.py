"""Whole-process times of the three commands users feel most, for this checkout against others (say, clones
of older commits), interleaved run by run so that all see the same load on a shared machine. Prints figures
(not a test).

    git clone -q . /tmp/before && git -C /tmp/before checkout -q <commit>
    python benchmarks/bench_checkouts.py --against /tmp/before [--against /tmp/other ...] [--runs 5]

- start-up: `placeviz gui --snapshot` to a painted Cheshire and Merseyside window;
- England PNG: `placeviz export png --place England --layer imd2019` (32,844 LSOAs, 1600 x 1200);
- England HTML: `placeviz export html --place England --layer imd2019`.

Wall time is what a user waits; CPU time (user + system, of the process and its threads) is what the work
costs, and moves far less than wall time when other jobs share the machine: compare both. Each checkout runs
with its own compiled bytecode (a cache folder per checkout, filled by the warm-up), as an installed package
does: with PYTHONDONTWRITEBYTECODE set, as on some shared machines, every run would compile every module it
imports, and a checkout with more source would look slower for that alone.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from bench_commands import timed  # the one way both benchmarks time a process

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = {
    "start-up (gui --snapshot)": ["gui", "--snapshot", "{out}/snap.png"],
    "England PNG": ["export", "png", "--place", "England", "--layer", "imd2019", "-o", "{out}/england.png"],
    "England HTML": ["export", "html", "--place", "England", "--layer", "imd2019", "-o", "{out}/england.html"],
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--against", required=True, type=Path, action="append",
                    help="another checkout (a folder with placeviz/); repeat to compare with several")
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    trees = {"this": ROOT, **{f"other{i + 1}": p.resolve() for i, p in enumerate(a.against)}}
    for name, tree in trees.items():
        print(f"{name:7} {tree}")
    print(f"{a.runs} runs each, interleaved; seconds (median, and best); ratios are this / other, of medians\n")
    with tempfile.TemporaryDirectory() as out:
        pycache = {k: Path(out) / "pycache" / k for k in trees}
        for name, argv in COMMANDS.items():
            times: dict[str, list[tuple[float, float]]] = {k: [] for k in trees}
            for k in trees:  # one warm-up each: file cache and compiled bytecode
                timed(argv, out, trees[k], pycache[k])
            for _ in range(a.runs):
                for k, tree in trees.items():
                    times[k].append(timed(argv, out, tree, pycache[k]))
            print(name)
            wall = {k: statistics.median(w for w, _ in v) for k, v in times.items()}
            cpu = {k: statistics.median(c for _, c in v) for k, v in times.items()}
            for k, v in times.items():
                line = (f"  {k:7} wall {wall[k]:6.3f} (best {min(w for w, _ in v):6.3f})   "
                        f"CPU {cpu[k]:6.3f} (best {min(c for _, c in v):6.3f})")
                if k != "this":
                    line += f"   this/{k}: wall {wall['this'] / wall[k]:.2f}, CPU {cpu['this'] / cpu[k]:.2f}"
                print(line)


if __name__ == "__main__":
    main()
