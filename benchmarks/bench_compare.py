"""How fast comparisons, change over time and bivariate maps are: prints figures (not a test).

    python benchmarks/bench_compare.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path


def timed(label: str, fn, n: int = 3) -> None:
    t = time.perf_counter()
    fn()
    first = time.perf_counter() - t
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    print(f"  {label:<58} first {first * 1000:7.0f} ms   then best {min(times) * 1000:7.0f} ms")


def main() -> None:
    from placeviz.analysis.bivariate import bivariate_map
    from placeviz.analysis.change import imd_change_2015_2019, imd_change_2019_2025
    from placeviz.analysis.compare import compare_areas, ranking_table

    print("area comparisons and ranking tables:")
    timed("compare 2 LAs x 3 layers (LSOA, MSOA, LA sources)",
          lambda: compare_areas(["Liverpool", "Manchester"], ["imd2019", "life_expectancy_male", "air_quality"]))
    timed("compare an LSOA, an LA, a region and England on IMD 2019",
          lambda: compare_areas(["E01006512", "Wirral", "North West", "England"], ["imd2019"]))
    timed("ranking table, England, IMD 2019 (32,844 LSOAs)", lambda: ranking_table("England", "imd2019"))
    print("change over time:")
    timed("IMD 2015 -> 2019, England (32,844 LSOAs)", lambda: imd_change_2015_2019("England"))
    timed("IMD 2019 -> 2025 through the lookup, England (33,755 LSOAs)", lambda: imd_change_2019_2025("England"))
    timed("IMD 2019 -> 2025, Liverpool", lambda: imd_change_2019_2025("Liverpool"))
    print("bivariate:")
    timed("England, IMD 2019 x income (LSOA), without geometry",
          lambda: bivariate_map("England", "imd2019", "imd2019_income", geometry=False))
    timed("Cheshire and Merseyside, IMD 2019 x life expectancy (MSOA)",
          lambda: bivariate_map("Cheshire and Merseyside", "imd2019", "life_expectancy_male"))
    print("command line (fresh process each, so includes start-up):")
    with tempfile.TemporaryDirectory() as d:
        for args, name in ((["--place", "Liverpool", "--place", "Manchester", "--layer", "imd2019"], "places.csv"),
                           (["--place", "Liverpool", "--layer", "imd2019", "--layer", "imd2025"], "change.csv"),
                           (["--place", "Liverpool", "--layer", "imd2019", "--layer", "imd2025"], "change.html")):
            out = Path(d) / name
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "placeviz", "compare", *args, "-o", str(out)], check=True,
                           capture_output=True)
            print(f"  placeviz compare ... -o {name:<12} {time.perf_counter() - t:6.2f} s, "
                  f"{out.stat().st_size / 1e3:7.1f} kB")


if __name__ == "__main__":
    main()
