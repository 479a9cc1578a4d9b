"""The shortcuts that keep a whole export process fast give exactly what the libraries they avoid give:
ColorBrewer colours without importing branca, quantile and equal-interval breaks without mapclassify (and
scipy), arrow columns without pyarrow's pandas-importing ``to_numpy``, and batched fill paths that cover the
same areas as the per-area paths."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import glob
import warnings

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from placeviz.model.bundle import layers_dir


def test_brewer_colours_equal_branca():
    from branca.utilities import color_brewer

    from placeviz.model.palettes import PALETTES, _brewer

    for p in PALETTES.values():
        for k in range(3, 13):
            assert list(_brewer(p.brewer, k)) == list(color_brewer(p.brewer, k)), (p.name, k)


def _layer_columns():
    for f in sorted(glob.glob(str(layers_dir() / "tables" / "*.parquet"))):
        t = pq.read_table(f)
        for c in t.column_names:
            if str(t.schema.field(c).type) in ("double", "int64"):
                yield f, c, t.column(c)


def test_breaks_equal_mapclassify_on_every_bundled_column_and_odd_data():
    import mapclassify

    from placeviz.model.classify import equal_interval_bins, quantile_bins

    rng = np.random.default_rng(7)
    sets = [rng.normal(size=n) for n in (7, 50, 333, 32_844)]
    sets += [rng.integers(0, 5, size=400).astype(float), np.round(rng.gamma(1.6, 14, 32_844), 3)]
    for _f, _c, col in _layer_columns():
        a = col.to_numpy(zero_copy_only=False).astype(float)
        a = a[np.isfinite(a)]
        if len(np.unique(a)) > 12:
            sets.append(a)
    assert len(sets) > 30
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for v in sets:
            for k in (2, 3, 5, 7, 10, 12):
                assert np.array_equal(quantile_bins(v, k), mapclassify.Quantiles(v, k=k).bins), (len(v), k)
                assert np.array_equal(equal_interval_bins(v, k), mapclassify.EqualInterval(v, k=k).bins)


def test_arrow_values_equal_to_numpy_with_nulls_and_slices():
    from placeviz.model.arrow import arrow_values

    checked = 0
    for _f, _c, col in _layer_columns():
        want = col.to_numpy(zero_copy_only=False).astype(float)
        got = arrow_values(col).astype(float)
        assert np.array_equal(got, want, equal_nan=True)
        checked += 1
    assert checked > 20
    a = pa.array([1.5, None, 3.0, None, 5.0, 6.0, None, 8.0, 9.0, 10.0])
    for s in (a, a.slice(1), a.slice(3, 5)):
        assert np.array_equal(arrow_values(s), s.to_numpy(zero_copy_only=False).astype(float), equal_nan=True)


def test_batched_paths_cover_the_same_areas_as_per_area_paths(qapp):
    from PyQt6.QtCore import QPointF

    from placeviz.render.geometry import RenderGeometry

    geo = RenderGeometry.for_set("lsoa11")
    rows = np.arange(5000, 5400)  # 400 neighbourhoods, holes and islands included
    geo.ensure_paths(rows)
    batches = geo.batched_paths(rows, chunk=64)
    assert len(batches) == 7
    assert sum(b.elementCount() for b in batches) == sum(geo.paths[r].elementCount() for r in rows)
    pts = geo.label_points()[rows]
    for r, (x, y) in zip(rows.tolist(), pts, strict=True):
        q = QPointF(float(x), float(y))
        assert geo.paths[r].contains(q)
        assert batches[(r - 5000) // 64].contains(q)
    # a point outside every one of these areas is outside every batch
    far = QPointF(float(geo.bounds[rows, 2].max() + 10_000), float(geo.bounds[rows, 3].max() + 10_000))
    assert not any(b.contains(far) for b in batches)


def test_cli_england_png_never_imports_pandas(tmp_path):
    """The command line adds no pandas import to the England PNG path (place lookup and layer-or-file
    checks stay light), so the whole process stays well under a second."""
    import subprocess
    import sys

    out = tmp_path / "e.png"
    code = ("import sys; from placeviz.cli import main; "
            f"rc = main(['export', 'png', '--place', 'england', '--layer', 'imd2019', '-o', {str(out)!r}]); "
            "print(rc, 'pandas' in sys.modules, 'geopandas' in sys.modules)")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert res.stdout.split()[-3:] == ["0", "False", "False"], res.stdout + res.stderr
    assert out.stat().st_size > 100_000
