"""Benchmark placeviz.model.jenks.fisher_jenks_breaks.

Prints:
* the time for 32,844 IMD-like values (skewed, ~0.5-93, 3 dp, many ties) at k = 5, 7, 10;
* the time of ours and of mapclassify.FisherJenks on the same 2,000-value sample, and the ratio.

Run:  python benchmarks/bench_jenks.py [--k-sample 5] [--repeat 5]
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from placeviz.model.jenks import fisher_jenks_breaks

N_LSOA = 32_844


def imd_like(rng: np.random.Generator, n: int) -> np.ndarray:
    return np.clip(rng.gamma(1.6, 14.0, n) + 0.5, 0.5, 93.0).round(3)


def best_time(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5, help="timing repeats (best is reported)")
    parser.add_argument("--k-sample", type=int, default=5, help="k for the 2,000-value comparison")
    parser.add_argument("--seed", type=int, default=12345)
    args = parser.parse_args()

    rng = np.random.default_rng(args.seed)
    values = imd_like(rng, N_LSOA)
    print(f"{N_LSOA:,} values, {np.unique(values).size:,} distinct, range {values.min()}-{values.max()}")

    for k in (5, 7, 10):
        t0 = time.perf_counter()
        fisher_jenks_breaks(values, k)
        first = time.perf_counter() - t0
        best = best_time(lambda k=k: fisher_jenks_breaks(values, k), args.repeat)
        print(f"  placeviz  k={k:2d}: {best * 1e3:8.1f} ms (first call {first * 1e3:.1f} ms)")

    import mapclassify

    sample = rng.choice(values, 2000, replace=False)
    k = args.k_sample
    ours = best_time(lambda: fisher_jenks_breaks(sample, k), args.repeat)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "Numba not installed..."
        t0 = time.perf_counter()
        theirs_bins = mapclassify.FisherJenks(sample, k).bins
        theirs = time.perf_counter() - t0
    same = np.array_equal(theirs_bins, fisher_jenks_breaks(sample, k))
    print(f"2,000-value sample, k={k}:")
    print(f"  placeviz:                {ours * 1e3:10.2f} ms")
    print(f"  mapclassify.FisherJenks: {theirs * 1e3:10.2f} ms")
    print(f"  ratio mapclassify/ours:  {theirs / ours:10.0f}x   (identical bins: {same})")


if __name__ == "__main__":
    main()
