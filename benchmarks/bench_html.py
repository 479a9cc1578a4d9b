"""HTML export: size and write time against geopandas' GeoDataFrame.explore() on the same data, and how
long headless Chromium takes from launch to a rendered page. Prints figures (not a test).

    python benchmarks/bench_html.py            # Cheshire and Merseyside and England
    python benchmarks/bench_html.py --quick    # Cheshire and Merseyside only

Targets (issue 4): Cheshire and Merseyside <= 400 KB; England <= 4 MB, written in <= 2.5 s; England
rendered in headless Chromium <= 3 s from launch.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

COLD = """
import sys, time, json
t = time.perf_counter()
from placeviz.export.html import export_html
from placeviz.model.spec import MapSpec
export_html(MapSpec(place=sys.argv[1], layer="imd2019"), sys.argv[2])
print(json.dumps(time.perf_counter() - t))
"""


def best_of(fn, n=3) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def kb(n: int) -> str:
    return f"{n / 1e6:.2f} MB" if n >= 1e6 else f"{n / 1e3:.0f} KB"


def bench_place(place: str, out: Path, browser: bool) -> dict:
    from placeviz.export.html import export_html
    from placeviz.model.mapdata import map_data
    from placeviz.model.spec import MapSpec

    spec = MapSpec(place=place, layer="imd2019")
    ours = out / f"placeviz_{place[:3]}.html"
    # a fresh process: imports, boundaries, data, classes, topology and the page, all counted
    cold = json.loads(subprocess.run([sys.executable, "-c", COLD, place, str(ours)], check=True,
                                     capture_output=True, text=True, cwd=ROOT).stdout)
    md = map_data(place, "lsoa", "imd2019")
    warm = best_of(lambda: export_html(spec, ours, mapdata=md))
    size = ours.stat().st_size

    gdf = md.frame[["code", "name", "lad_name", "value", "rank", "decile", "geometry"]]
    theirs = out / f"explore_{place[:3]}.html"

    def explore():
        m = gdf.explore(column="value", scheme="Quantiles", k=10, cmap="RdYlBu_r",
                        tooltip=["name", "code", "lad_name", "value", "rank", "decile"])
        m.save(theirs)

    t_explore = best_of(explore, n=1 if len(gdf) > 5000 else 3)
    size_explore = theirs.stat().st_size
    row = {"place": place, "areas": len(gdf), "size": size, "cold": cold, "warm": warm,
           "size_explore": size_explore, "t_explore": t_explore}
    if browser:
        from browser import Browser, missing_reason

        if missing_reason():
            print(f"  (no browser timing: {missing_reason()})")
        else:
            runs = []
            for _ in range(3):
                with Browser() as b:
                    runs.append(b.open(ours))
                    assert b.eval("placeviz.drawnCount") == len(gdf)
                    assert b.external_requests(ours.resolve().as_uri()) == []
            row["chromium"] = min(runs)
            row["chromium_runs"] = runs
    return row


def bench_topojson(places: list[str]) -> None:
    """Our numpy arc extraction against the topojson package on the same polygons."""
    import warnings

    import topojson

    from placeviz.export.topology import build_topology
    from placeviz.model.mapdata import map_data

    for place in places:
        g = map_data(place, "lsoa", "imd2019").frame[["code", "geometry"]]
        t = time.perf_counter()
        ours = build_topology(g.geometry.values)
        ours.encode_arcs()
        t_ours = time.perf_counter() - t
        t = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            theirs = json.loads(topojson.Topology(g, prequantize=False, toposimplify=False).to_json())
        t_theirs = time.perf_counter() - t
        print(f"{place}: arcs by placeviz.export.topology {ours.n_arcs:,} in {t_ours:.2f} s; "
              f"by topojson {len(theirs['arcs']):,} in {t_theirs:.2f} s ({t_theirs / t_ours:.0f}x slower)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="Cheshire and Merseyside only")
    ap.add_argument("--no-browser", action="store_true")
    ap.add_argument("--topojson", action="store_true",
                    help="also time the topojson package's arc extraction (pip install topojson)")
    args = ap.parse_args()
    if args.topojson:
        bench_topojson(["Cheshire and Merseyside"] + ([] if args.quick else ["England"]))
    places = ["Cheshire and Merseyside"] + ([] if args.quick else ["England"])
    with tempfile.TemporaryDirectory() as d:
        for place in places:
            r = bench_place(place, Path(d), browser=not args.no_browser)
            print(f"\n{place} ({r['areas']:,} LSOAs, IMD 2019)")
            print(f"  placeviz export_html: {kb(r['size'])} with Leaflet embedded; written in {r['warm']:.2f} s "
                  f"(data cached), {r['cold']:.2f} s in a fresh process")
            print(f"  GeoDataFrame.explore(): {kb(r['size_explore'])} (Leaflet from the web); {r['t_explore']:.2f} s")
            print(f"  ratios: explore/placeviz size {r['size_explore'] / r['size']:.1f}x, "
                  f"time {r['t_explore'] / r['warm']:.1f}x (warm), {r['t_explore'] / r['cold']:.1f}x (cold)")
            if "chromium" in r:
                runs = ", ".join(f"{x:.2f}" for x in r["chromium_runs"])
                print(f"  headless Chromium, launch to rendered page (all areas drawn): best {r['chromium']:.2f} s "
                      f"(runs {runs})")


if __name__ == "__main__":
    main()
