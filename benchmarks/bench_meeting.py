"""Render the slide deck with LibreOffice to look at (a manual check, not part of CI; the meeting commands'
times are in bench_commands.py).

Writes ``placeviz slides --place P --compare Q``'s deck to --out, converts it to PDF and two slides to PNG
(``slides-2.png``, ``slides-7.png``) for looking at.

Run:  python benchmarks/bench_meeting.py [--place Knowsley] [--compare Halton] [--out DIR]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_static import ENV, ROOT


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--place", default="Knowsley")
    ap.add_argument("--compare", default="Halton")
    ap.add_argument("--out", default=None, help="folder for the files (default: a temporary one)")
    a = ap.parse_args()
    out = Path(a.out or tempfile.mkdtemp(prefix="placeviz-meeting-"))
    out.mkdir(parents=True, exist_ok=True)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice is not installed: the deck cannot be rendered.")
    subprocess.run([sys.executable, "-m", "placeviz", "slides", "--place", a.place, "--compare", a.compare,
                    "-o", str(out / "deck.pptx")], check=True, env=ENV, cwd=ROOT)
    subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{out}/lo-profile",
                    "--convert-to", "pdf", "--outdir", str(out), str(out / "deck.pptx")],
                   check=True, capture_output=True, env=ENV, cwd=ROOT)
    for n in (2, 7):
        subprocess.run(["pdftoppm", "-f", str(n), "-l", str(n), "-r", "96", "-png", "-singlefile",
                        str(out / "deck.pdf"), str(out / f"slides-{n}")], check=True)
    print(f"Files in {out}")


if __name__ == "__main__":
    main()
