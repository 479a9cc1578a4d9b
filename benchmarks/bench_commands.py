"""Whole-process times of the commands that build on maps (profiles, atlases, comparisons), median of N runs,
against the targets of issue 16. Prints a table (a benchmark, not a test).

    python benchmarks/bench_commands.py [--runs 5] [--only profile] [--against OTHER_CHECKOUT] [--pyc]

Add a command by adding a line to COMMANDS: a name, the arguments after `placeviz` ({out} is a temporary
folder) and the target in seconds. Besides the wall time (the target), the table gives the CPU time of the
process (user + system): on a machine shared with other work the wall time grows with the load, the CPU
time much less. ``--against`` runs another checkout too, interleaved, and gives the ratios. ``--pyc`` lets
Python keep the compiled modules (in a folder of the benchmark's own), as an installed placeviz does: where
PYTHONDONTWRITEBYTECODE is set, every run otherwise compiles placeviz's modules again (about 0.1 s).
"""

from __future__ import annotations

import argparse
import os
import resource
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
    # the meeting commands of issue 18: "about a second" for a local authority
    ("brief Knowsley pdf", ["brief", "--place", "Knowsley", "-o", "{out}/brief.pdf"], 1.0),
    ("brief Knowsley png", ["brief", "--place", "Knowsley", "-o", "{out}/brief.png"], 1.0),
    ("brief Knowsley/Halton pdf", ["brief", "--place", "Knowsley", "--place", "Halton", "-o", "{out}/pair.pdf"], 1.0),
    ("slides Knowsley", ["slides", "--place", "Knowsley", "-o", "{out}/deck1.pptx"], 1.0),
    ("slides Knowsley --compare Halton",
     ["slides", "--place", "Knowsley", "--compare", "Halton", "-o", "{out}/deck.pptx"], 1.0),
    ("export png overlap Knowsley",
     ["export", "png", "--layer", "overlap", "--place", "Knowsley", "-o", "{out}/overlap.png"], 1.0),
]


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def timed(argv: list[str], out: str, tree: Path = ROOT, pycache: Path | None = None) -> tuple[float, float]:
    """(wall, CPU) seconds for one whole `placeviz` process of checkout ``tree``, from start to exit (``{out}``
    in ``argv``: the folder ``out``). With ``pycache``, compiled modules are kept there, outside the
    checkouts, as an installed placeviz keeps them; without, as this machine's environment says. Shared with
    bench_checkouts.py, so both measure the same way."""
    env = {**os.environ, "PYTHONPATH": str(tree), "QT_QPA_PLATFORM": "offscreen"}
    if pycache is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(pycache)
    args = [a.format(out=out) for a in argv]
    cpu0, t0 = _children_cpu(), time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "placeviz", *args], cwd=tree, env=env, capture_output=True,
                       text=True, timeout=300)
    elapsed, cpu = time.perf_counter() - t0, _children_cpu() - cpu0
    if r.returncode != 0:
        raise SystemExit(f"{tree}: placeviz {' '.join(args)} failed:\n{r.stderr}")
    return elapsed, cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--only", help="run only the commands whose name contains this text")
    ap.add_argument("--against", type=Path, help="another checkout (a folder with placeviz/), run interleaved")
    ap.add_argument("--pyc", action="store_true", help="keep compiled modules between runs, as an installed "
                    "placeviz does (else PYTHONDONTWRITEBYTECODE, where set, has every run compile them)")
    a = ap.parse_args()
    chosen = [c for c in COMMANDS if not a.only or a.only.lower() in c[0].lower()]
    trees = [ROOT] + ([a.against.resolve()] if a.against else [])
    print(f"{ROOT}" + (f" against {trees[1]}" if a.against else "") +
          f"\n{a.runs} runs each after one warm-up; whole process, median seconds" +
          ("; compiled modules kept" if a.pyc else "") + "\n")
    head = f"{'command':32} {'wall':>6} {'cpu':>6} {'target':>7}  ok"
    print(head + (f" {'other wall':>11} {'other cpu':>10} {'wall ratio':>11} {'cpu ratio':>10}" if a.against else ""))
    with tempfile.TemporaryDirectory() as out:
        pycache = Path(out) / "pycache" if a.pyc else None  # beside the outputs, not in the checkouts
        for name, argv, target in chosen:
            for tree in trees:
                timed(argv, out, tree, pycache)  # warm-up: file cache and .pyc files
            runs = {tree: [] for tree in trees}
            for _ in range(a.runs):
                for tree in trees:
                    runs[tree].append(timed(argv, out, tree, pycache))
            wall = {t: statistics.median(w for w, _ in r) for t, r in runs.items()}
            cpu = {t: statistics.median(c for _, c in r) for t, r in runs.items()}
            row = (f"{name:32} {wall[ROOT]:6.2f} {cpu[ROOT]:6.2f} {target:7.1f}  "
                   f"{'yes' if wall[ROOT] <= target else 'NO ':3}")
            if a.against:
                other = trees[1]
                row += (f" {wall[other]:11.2f} {cpu[other]:10.2f} {wall[ROOT] / wall[other]:11.2f} "
                        f"{cpu[ROOT] / cpu[other]:10.2f}")
            print(row, flush=True)


if __name__ == "__main__":
    main()
