"""Size of the bundle and how fast it loads: prints figures (not a test).

    python benchmarks/bench_bundle.py
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def best_of(fn, n=5):
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    sizes = {p.relative_to(ROOT): p.stat().st_size for d in ("boundaries", "layers") for p in (ROOT / d).rglob("*")
             if p.is_file()}
    total = sum(sizes.values())
    print(f"bundle: {len(sizes)} files, {total / 1e6:.1f} MB "
          f"(boundaries {sum(v for k, v in sizes.items() if k.parts[0] == 'boundaries') / 1e6:.1f} MB, "
          f"layers {sum(v for k, v in sizes.items() if k.parts[0] == 'layers') / 1e6:.1f} MB)")

    import geopandas as gpd
    import pyarrow.parquet as pq

    from placeviz.model.geography import BOUNDARY_SETS

    print("\nload one boundary set (best of 5):")
    for name in BOUNDARY_SETS:
        path = ROOT / "boundaries" / f"{name}.parquet"
        t_gdf = best_of(lambda p=path: gpd.read_parquet(p))
        t_arrow = best_of(lambda p=path: pq.read_table(p, columns=["geometry"]))
        print(f"  {name:7s} {path.stat().st_size / 1e6:5.2f} MB  GeoDataFrame {t_gdf * 1000:6.1f} ms   "
              f"GeoArrow coordinates only {t_arrow * 1000:5.1f} ms")

    print("\nmap_data (first call in a fresh process, includes imports and reading):")
    for place, level, layer in (("Cheshire and Merseyside", "lsoa", "imd2019"), ("England", "lsoa", "imd2019"),
                                ("England", "msoa", "imd2025"), ("England", "la", "life_expectancy_male")):
        code = (f"import time; t=time.perf_counter(); from placeviz.model.mapdata import map_data; "
                f"md=map_data({place!r}, {level!r}, {layer!r}); "
                f"print(len(md.frame), round(time.perf_counter()-t, 3))")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT).stdout.split()
        print(f"  {place} / {level} / {layer}: {out[0]} areas in {float(out[1]) * 1000:.0f} ms")

    from placeviz.model.mapdata import clear_cache, map_data

    map_data("England", "lsoa", "imd2019")
    t = best_of(lambda: (clear_cache(), map_data("England", "lsoa", "imd2019")))
    print(f"\nmap_data England LSOA imd2019, warm (data read, values rejoined): {t * 1000:.0f} ms")


if __name__ == "__main__":
    main()
