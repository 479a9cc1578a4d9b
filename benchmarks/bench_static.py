"""Benchmark print exports (not a test: it prints figures).

Prints:
* whole-process times (best and median of N runs, as a user would see them) of
  ``python -m placeviz export png --place England --layer imd2019 -o england.png`` (1600 x 1200, all 32,844
  LSOAs), and of the same export called directly (``export_static``), which skips the CLI's own imports;
* an in-process breakdown of one England PNG: imports, Qt start, scene (data + classification + geometry),
  page drawing (layout and map), PNG encoding;
* the time of an SVG and an A4 PDF of England, and of the Cheshire and Merseyside atlas (10 pages).

Run:  python benchmarks/bench_static.py [--runs 5]
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
ENV = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}


def process_times(cmd: list[str], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        r = subprocess.run(cmd, cwd=ROOT, env=ENV, capture_output=True, text=True)
        out.append(time.perf_counter() - t)
        if r.returncode != 0:
            raise SystemExit(f"failed: {' '.join(cmd)}\n{r.stderr}")
    return out


def show(label: str, times: list[float]) -> None:
    print(f"{label:<58} best {min(times):.3f} s   median {statistics.median(times):.3f} s   (n={len(times)})")


BREAKDOWN = r"""
import time, sys
t0 = time.perf_counter()
from placeviz.model.spec import MapSpec
from placeviz.export import static as st
from placeviz.render.arrow_scene import scene_for
from placeviz.render.devices import ensure_qt
from placeviz.render.layout import layout_for, paint_page
from placeviz.render.pages import page_text
t1 = time.perf_counter()
ensure_qt()
t2 = time.perf_counter()
spec = MapSpec(place="England", layer="imd2019")
scene = scene_for(spec)
t3 = time.perf_counter()
from PyQt6.QtGui import QColor, QImage, QPainter
size = st.page_size("png", 1600, 1200, 150, None, "landscape")
img = QImage(1600, 1200, QImage.Format.Format_ARGB32_Premultiplied)
img.setDotsPerMeterX(5906); img.setDotsPerMeterY(5906); img.fill(QColor("#ffffff"))
p = QPainter(img)
text = page_text(scene, spec)
paint_page(p, scene, text, layout_for(p, text, 1600, 1200, 150))
p.end()
t4 = time.perf_counter()
from placeviz.render.png import png_bytes
open(sys.argv[1], "wb").write(png_bytes(img))
t5 = time.perf_counter()
print(f"  imports {t1-t0:.3f}  qt {t2-t1:.3f}  scene {t3-t2:.3f}  page {t4-t3:.3f}  png encode {t5-t4:.3f}  "
      f"total {t5-t0:.3f} s;  pandas imported: {'pandas' in sys.modules}")
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    py = sys.executable
    with tempfile.TemporaryDirectory() as d:
        png = os.path.join(d, "england.png")
        print(f"placeviz print exports, {os.cpu_count()} cores\n")
        show("CLI: placeviz export png --place England (1600x1200)",
             process_times([py, "-m", "placeviz", "export", "png", "--place", "England", "--layer", "imd2019",
                            "-o", png], args.runs))
        direct = ("import sys; from placeviz.model.spec import MapSpec; from placeviz.export.static import export_static;"
                  " export_static(MapSpec(place='England', layer='imd2019'), sys.argv[1])")
        show("process: export_static(England) PNG", process_times([py, "-c", direct, png], args.runs))
        show("process: python -c pass (interpreter start)", process_times([py, "-c", "pass"], args.runs))
        print("\nIn-process breakdown of one England PNG:")
        subprocess.run([py, "-c", BREAKDOWN, png], cwd=ROOT, env=ENV, check=True)
        print(f"  file size {os.path.getsize(png) / 1e3:.0f} KB\n")
        for fmt, extra in (("svg", []), ("pdf", ["--paper", "A4"])):
            out = os.path.join(d, f"england.{fmt}")
            show(f"CLI: export {fmt} --place England {' '.join(extra)}".rstrip(),
                 process_times([py, "-m", "placeviz", "export", fmt, "--place", "England", "--layer", "imd2019",
                                *extra, "-o", out], max(1, args.runs // 2)))
            print(f"  file size {os.path.getsize(out) / 1e6:.1f} MB")
        atlas = os.path.join(d, "atlas.pdf")
        show('CLI: export pdf --place "Cheshire and Merseyside" --atlas',
             process_times([py, "-m", "placeviz", "export", "pdf", "--place", "Cheshire and Merseyside", "--layer",
                            "imd2019", "--atlas", "-o", atlas], max(1, args.runs // 2)))
        print(f"  file size {os.path.getsize(atlas) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
