"""Desktop app timings on the real bundle (not a test): prints figures against the targets.

    python benchmarks/bench_gui.py

- start to a painted Cheshire and Merseyside map (a fresh process: `placeviz gui --snapshot`), target <= 1.5 s
- with all of England's 32,844 LSOAs shown: switching layer, scheme or palette until repainted, <= 150 ms
- a pan or zoom frame, <= 30 ms (and the full redraw after the motion settles, for information)
- a hover lookup (which LSOA is under the mouse), <= 5 ms
- resident memory with England loaded, <= 800 MB
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def line(name: str, value: float, unit: str, target: float | None = None) -> None:
    mark = "" if target is None else ("  ok" if value <= target else "  OVER")
    tgt = "" if target is None else f"  (target <= {target:g} {unit})"
    print(f"{name:<62} {value:9.{1 if value >= 1 else 3}f} {unit}{tgt}{mark}")


def start_time(repeats: int = 3) -> float:
    times = []
    with tempfile.TemporaryDirectory() as d:
        for _ in range(repeats):
            out = Path(d) / "s.png"
            t = time.perf_counter()
            r = subprocess.run([sys.executable, "-m", "placeviz", "gui", "--snapshot", str(out)],
                               capture_output=True, text=True, cwd=ROOT,
                               env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
            wall = time.perf_counter() - t
            if r.returncode != 0:
                raise SystemExit(r.stderr)
            times.append(wall)
    return min(times)


def wait(app, cond, timeout=60.0):
    t = time.perf_counter()
    while not cond():
        app.processEvents()
        time.sleep(0.001)
        if time.perf_counter() - t > timeout:
            raise TimeoutError
    return time.perf_counter() - t


def main() -> None:
    print("placeviz desktop app benchmark")
    s = start_time()
    line("start to painted C&M map (process start to PNG saved)", s * 1000, "ms", 1500)

    from PyQt6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from placeviz.gui.window import MainWindow
    from placeviz.model.spec import MapSpec

    t = time.perf_counter()
    win = MainWindow(MapSpec(place="England"))
    win.resize(1440, 900)
    win.show()
    wait(app, lambda: win.scene is not None and win.canvas._cache is not None)
    line("England: load (worker thread) and first paint", (time.perf_counter() - t) * 1000, "ms")
    c = win.canvas
    n = len(win.scene.data.frame)
    print(f"  areas shown: {n:,}; full map redraw {c.last_render_ms:.1f} ms")

    def timed_repaint(change) -> float:
        done = {"ok": False}

        def mark():
            done["ok"] = True

        win.map_ready.connect(mark)
        t0 = time.perf_counter()
        change()
        wait(app, lambda: done["ok"])
        c.repaint()
        dt = (time.perf_counter() - t0) * 1000
        win.map_ready.disconnect(mark)
        return dt

    from placeviz.model import viewstate as state

    # layers whose national values are already joined (the first join of a table is a one-off read)
    layer_times, scheme_times, palette_times = [], [], []
    for lid in ("imd2019_income", "imd2019_health", "imd2019"):
        state_spec = state.with_layer(win.spec, lid)
        layer_times.append(timed_repaint(lambda s=state_spec: win.apply_spec(s)))
    for lid in ("imd2019_income", "imd2019_health", "imd2019"):
        state_spec = state.with_layer(win.spec, lid)
        layer_times.append(timed_repaint(lambda s=state_spec: win.apply_spec(s)))
    line("England: switch layer, repainted (first of 3 incl. table read)", layer_times[0], "ms")
    line("England: switch layer, repainted (median, table read before)", statistics.median(layer_times[3:]), "ms", 150)
    for scheme in ("quantiles", "equal_interval", "std_mean", "quantiles"):
        scheme_times.append(timed_repaint(lambda sc=scheme: win.guarded(state.with_classification, scheme=sc, k=5)))
    line("England: switch scheme (quantiles/equal/std), repainted", statistics.median(scheme_times), "ms", 150)
    t0 = time.perf_counter()
    jt = timed_repaint(lambda: win.guarded(state.with_classification, scheme="fisher_jenks", k=5))
    line("England: natural breaks (Fisher-Jenks, 32,844 values), repainted", jt, "ms")
    for pal in ("viridis", "YlOrRd", "Blues", "RdYlBu"):
        palette_times.append(timed_repaint(lambda p=pal: win.guarded(state.with_classification, palette=p)))
    line("England: switch palette, repainted", statistics.median(palette_times), "ms", 150)

    # pan and zoom frames: each frame moves the cached pixmap; the full redraw waits for a pause
    c.zoom_to_scene()
    c.repaint()
    frames = []
    for i in range(30):
        t0 = time.perf_counter()
        c.pan_by(7 if i % 2 else -5, 3)
        c.repaint()
        frames.append((time.perf_counter() - t0) * 1000)
    line("England: pan frame (median of 30)", statistics.median(frames), "ms", 30)
    line("England: pan frame (worst of 30)", max(frames), "ms")
    frames = []
    for i in range(20):
        t0 = time.perf_counter()
        c.zoom_by(1.1 if i % 2 else 1 / 1.1)
        c.repaint()
        frames.append((time.perf_counter() - t0) * 1000)
    line("England: zoom frame (median of 20)", statistics.median(frames), "ms", 30)
    c._settle.stop()
    t0 = time.perf_counter()
    c._rerender()  # what the settle timer does when the motion pauses: a new view, drawn afresh
    c.repaint()
    line(f"England: full redraw when the motion pauses ({c.lod})", (time.perf_counter() - t0) * 1000, "ms")
    c.zoom_to_extent((330_000, 380_000, 350_000, 400_000))
    c._settle.stop()
    t0 = time.perf_counter()
    c._rerender()
    c.repaint()
    line(f"Liverpool zoomed in (England loaded): full redraw ({c.lod})", (time.perf_counter() - t0) * 1000, "ms")

    # hover lookups at random points over England
    import numpy as np

    geo = win.scene.geometry
    geo.tree()
    rng = np.random.default_rng(0)
    pts = rng.uniform((150_000, 50_000), (650_000, 650_000), size=(2000, 2))
    t0 = time.perf_counter()
    for x, y in pts:
        c.area_at(x, y)
    line("hover lookup (mean of 2,000 random points)", (time.perf_counter() - t0) / len(pts) * 1000, "ms", 5)
    # the whole hover path: lookup, outline, tooltip text
    from PyQt6.QtCore import QPointF

    t0 = time.perf_counter()
    for x, y in pts[:200]:
        code = c.area_at(x, y)
        c.scene = c.scene.with_selection((), code)
        if code:
            c.tooltip_html(code)
        c.repaint()
    line("hover: lookup + tooltip + repaint (mean of 200)", (time.perf_counter() - t0) / 200 * 1000, "ms")
    _ = QPointF
    line("resident memory with England loaded", rss_mb(), "MB", 800)
    # and with the 2021 LSOAs of England too (IMD 2025): two boundary sets in memory
    switched = {"ok": False}
    win.scene_loaded.connect(lambda: switched.update(ok=True))
    win.apply_spec(state.with_layer(win.spec, "imd2025"))
    wait(app, lambda: switched["ok"])
    c.repaint()
    line("resident memory with England at LSOA 2011 and 2021", rss_mb(), "MB", 800)
    win.close()
    from placeviz.gui.workers import wait_for_all

    wait_for_all()


if __name__ == "__main__":
    main()
