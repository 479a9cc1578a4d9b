"""Benchmark the meeting commands (not a test: it prints figures).

Prints whole-process times (best and median of N runs, as a user would see them) for a local authority of
``placeviz brief`` (one place, and two side by side), ``placeviz slides`` (with --compare) and
``placeviz export png --layer overlap``. With ``--render`` and LibreOffice installed, it also converts the deck
to PDF and two slides to PNG (``slides-2.png``, ``slides-7.png`` in --out) for looking at: that is a manual
check, not part of CI.

Run:  python benchmarks/bench_meeting.py [--runs 3] [--place Knowsley] [--compare Halton] [--render]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
from pathlib import Path

from bench_static import ENV, ROOT, process_times, show


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--place", default="Knowsley")
    ap.add_argument("--compare", default="Halton")
    ap.add_argument("--render", action="store_true", help="render the deck with LibreOffice to look at")
    ap.add_argument("--out", default=None, help="folder for the files (default: a temporary one)")
    a = ap.parse_args()
    out = Path(a.out or tempfile.mkdtemp(prefix="placeviz-meeting-"))
    out.mkdir(parents=True, exist_ok=True)
    pv = ["python", "-m", "placeviz"]
    cases = [
        (f"brief --place {a.place} (PDF)", [*pv, "brief", "--place", a.place, "-o", str(out / "brief.pdf")]),
        (f"brief --place {a.place} (PNG)", [*pv, "brief", "--place", a.place, "-o", str(out / "brief.png")]),
        (f"brief --place {a.place} --place {a.compare}",
         [*pv, "brief", "--place", a.place, "--place", a.compare, "-o", str(out / "pair.pdf")]),
        (f"slides --place {a.place} --compare {a.compare}",
         [*pv, "slides", "--place", a.place, "--compare", a.compare, "-o", str(out / "deck.pptx")]),
        (f"export png --layer overlap --place {a.place}",
         [*pv, "export", "png", "--layer", "overlap", "--place", a.place, "-o", str(out / "overlap.png")]),
    ]
    for label, cmd in cases:
        show(label, process_times(cmd, a.runs))
    if a.render:
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if soffice is None:
            print("LibreOffice is not installed: the deck was not rendered.")
        else:
            subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{out}/lo-profile",
                            "--convert-to", "pdf", "--outdir", str(out), str(out / "deck.pptx")],
                           check=True, capture_output=True, env=ENV, cwd=ROOT)
            for n in (2, 7):
                subprocess.run(["pdftoppm", "-f", str(n), "-l", str(n), "-r", "96", "-png", "-singlefile",
                                str(out / "deck.pdf"), str(out / f"slides-{n}")], check=True)
    print(f"Files in {out}")


if __name__ == "__main__":
    main()
