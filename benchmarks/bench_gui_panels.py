"""How long the desktop app takes to show a place profile and a comparison once asked (not a test): prints
figures against the targets of issue 16 (content within 0.5 s of asking).

    python benchmarks/bench_gui_panels.py [--runs 3]

- profile panel: View > Place profile on the opening map (Cheshire and Merseyside), from the click until
  its figures are in the panel; first time in the session (asked --think seconds after the map painted, as
  the app's window works the profile out ahead once idle), then again for another place (Liverpool);
- compare window: View > Compare side by side, from the click until both maps are drawn (``first maps``)
  and until the tables under them are filled too (``all content``); first time, then again;
- the meeting (issue 18, "about a second"): File > Brief and File > Slide deck for the map's place, and the
  compare window's Slides… for its two places, each until the file is written.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def wait(app, cond, timeout: float = 60.0) -> float:
    """Seconds until ``cond()`` holds, processing events meanwhile."""
    t = time.perf_counter()
    while not cond():
        app.processEvents()
        time.sleep(0.001)
        if time.perf_counter() - t > timeout:
            raise SystemExit("timed out")
    return time.perf_counter() - t


def line(name: str, seconds: float, target: float = 0.5) -> None:
    print(f"{name:<52} {seconds:6.3f} s  (target <= {target:g} s){'  ok' if seconds <= target else '  OVER'}",
          flush=True)


def meeting(app, w, c, out: str, tag: str) -> None:
    """File > Brief and File > Slide deck in window ``w``, and Slides… in its compare window ``c``; a failure
    is printed as one, never as a time."""
    steps = ((f"File > Brief (pdf), {w.spec.place}", lambda: w.export_brief(f"{out}/b.pdf")),
             (f"File > Slide deck, {w.spec.place}", lambda: w.export_slides(f"{out}/d.pptx")),
             (f"compare window: Slides, {c.specs[0].place} and {c.specs[1].place}",
              lambda: c.export_slides(f"{out}/pair.pptx")))  # through the main window, its parent
    for name, ask in steps:
        w.last_error = c.last_error = None
        t = time.perf_counter()
        ask()
        wait(app, lambda: w.jobs_running == 0)
        error = w.last_error or c.last_error
        if error:
            print(f"{name} ({tag}): FAILED: {error}", flush=True)
        else:
            line(f"{name} ({tag})", time.perf_counter() - t, 1.0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=1, help="windows to open in turn (fresh windows, one process)")
    ap.add_argument("--think", type=float, default=1.5,
                    help="seconds between the painted map and asking for the profile (a user looking first)")
    a = ap.parse_args()
    from PyQt6.QtWidgets import QApplication

    from placeviz.gui.window import MainWindow
    from placeviz.model.viewstate import with_place

    app = QApplication.instance() or QApplication([])
    for run in range(a.runs):
        w = MainWindow()
        w.prepare_profile_when_idle()  # as the app's window does
        painted = []
        w.map_ready.connect(lambda painted=painted: painted.append(True))
        w.resize(1400, 900)
        w.show()
        wait(app, lambda w=w, painted=painted: bool(painted) and w.jobs_running == 0)
        until = time.perf_counter() + a.think
        wait(app, lambda until=until: time.perf_counter() >= until)
        tag = "first" if run == 0 else "again"

        t = time.perf_counter()
        w.show_profile()
        wait(app, lambda w=w: getattr(w, "profile_figures", None) is not None)
        line(f"profile panel, C&M ({tag} in the session)", time.perf_counter() - t)
        w.apply_spec(with_place(w.spec, "Liverpool"))
        wait(app, lambda w=w: w.jobs_running == 0 and w.scene.data.place.name == "Liverpool")
        w.profile_figures = None
        t = time.perf_counter()
        w.show_profile()
        wait(app, lambda w=w: getattr(w, "profile_figures", None) is not None)
        line(f"profile panel, {w.spec.place} (after another)", time.perf_counter() - t)

        t = time.perf_counter()
        c = w.compare()
        wait(app, lambda c=c: c.pair is not None and not c.busy)
        line(f"compare window: first maps ({tag})", time.perf_counter() - t)
        wait(app, c.is_loaded)
        line(f"compare window: all content ({tag})", time.perf_counter() - t)
        # the meeting: a brief and a slide deck from the app, where start-up and England's tables are behind it
        c.set_spec(1, c.specs[0].with_(place="Wirral"))
        wait(app, c.is_loaded)
        with tempfile.TemporaryDirectory() as out:
            meeting(app, w, c, out, tag)
        c.close()
        w.close()
        app.processEvents()


if __name__ == "__main__":
    main()
