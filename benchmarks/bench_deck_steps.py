"""Where the time of `placeviz slides` goes (not a test): each step of a deck made in a new process, timed by
wrapping the deck's own functions (no profiler, which would slow the Python steps more than the C ones), the
median of N processes.

    python benchmarks/bench_deck_steps.py [--place Knowsley] [--compare Halton] [--runs 5]

Steps on the main thread add up to the process's time, less Python's start and exit; the PNG compression runs on the
deck's second thread, beside them, and only its last picture holds the deck up. ``bench_commands.py`` gives
the whole command against its target.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import gc, json, sys, time
from collections import defaultdict
t0 = time.perf_counter()
from placeviz.cli import ONE_SHOT_GC_THRESHOLDS
gc.set_threshold(*ONE_SHOT_GC_THRESHOLDS)  # as `placeviz slides` sweeps (placeviz.cli.entry)
import placeviz.export.slides as S
import placeviz.render.slide_maps as M
steps = defaultdict(float)
steps["imports (pandas, Qt, placeviz)"] = time.perf_counter() - t0

def wrap(owner, name, step):
    f = getattr(owner, name)
    def timed(*a, **k):
        t = time.perf_counter()
        try:
            return f(*a, **k)
        finally:
            steps[step] += time.perf_counter() - t
    setattr(owner, name, timed)

wrap(S, "place_profile", "the two places' profiles")
wrap(S, "_open_deck", "python-pptx: import, template")
wrap(S, "change_slide", "the change slide's figures")
wrap(M, "scene_for", "map scenes (values, classes, boundaries)")
wrap(M, "build_scene", "map scenes (values, classes, boundaries)")
wrap(M, "map_image", "map pictures: painting")
wrap(M, "pair_image", "map pictures: painting")
wrap(M, "png_bytes", "PNG compression (second thread, beside)")
wrap(S, "write_via", "python-pptx: saving the file")
t = time.perf_counter()
S.export_slides(sys.argv[1], sys.argv[3], compare=sys.argv[2] or None)
run = time.perf_counter() - t
main_thread = sum(v for k, v in steps.items() if "second thread" not in k and not k.startswith("imports"))
steps["slides' text into python-pptx, waits"] = run - main_thread
print(json.dumps(steps))
import gc
gc.freeze()  # and out as `placeviz` goes (placeviz.cli.entry): no last sweep for cycles
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--place", default="Knowsley")
    ap.add_argument("--compare", default="Halton", help="'' for a deck of one place")
    ap.add_argument("--runs", type=int, default=5)
    a = ap.parse_args()
    runs: list[dict] = []
    walls = []
    with tempfile.TemporaryDirectory() as d:
        for _ in range(a.runs + 1):  # the first warms the file cache and is not counted
            t = time.perf_counter()
            out = subprocess.run([sys.executable, "-c", CHILD, a.place, a.compare, str(Path(d) / "deck.pptx")],
                                 capture_output=True, text=True, cwd=ROOT, check=True)
            walls.append(time.perf_counter() - t)
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    runs, walls = runs[1:], walls[1:]
    print(f"placeviz slides --place {a.place}" + (f" --compare {a.compare}" if a.compare else "")
          + f": median of {a.runs} processes")
    for step in runs[0]:
        print(f"  {step:48s} {statistics.median(r.get(step, 0.0) for r in runs):6.3f} s")
    print(f"  {'the whole process (Python start included)':48s} {statistics.median(walls):6.3f} s")


if __name__ == "__main__":
    main()
