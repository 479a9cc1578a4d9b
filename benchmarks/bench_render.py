"""Renderer timings on the real bundle (not a test): geometry to Qt paths, painting, recolouring.

    python benchmarks/bench_render.py
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def ms(fn, repeats: int = 5) -> float:
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def line(name: str, value: float, unit: str = "ms") -> None:
    print(f"{name:<60} {value:9.1f} {unit}")


def main() -> None:
    from PyQt6.QtCore import QRectF
    from PyQt6.QtGui import QColor, QImage, QPainter
    from PyQt6.QtWidgets import QApplication

    _app = QApplication.instance() or QApplication([])
    from placeviz.model.bundle import boundaries_dir
    from placeviz.model.geoarrow import read_geoarrow
    from placeviz.model.spec import Classification, MapSpec
    from placeviz.render import RenderGeometry, build_scene, extent_transform, paint_legend, paint_map
    from placeviz.render.scene import OVER, UNDER, classify_scene_data

    print("placeviz renderer benchmark")
    line("read lsoa11 GeoArrow coordinates (pyarrow, no WKB)", ms(lambda: read_geoarrow(boundaries_dir() / "lsoa11.parquet"), 3))
    t = time.perf_counter()
    geo = RenderGeometry.build("lsoa11")
    line("lsoa11 RenderGeometry (coordinates, bounds, codes)", (time.perf_counter() - t) * 1000)
    t = time.perf_counter()
    geo.ensure_paths()
    line(f"QPainterPaths for all {len(geo):,} LSOAs (once, cached)", (time.perf_counter() - t) * 1000)
    t = time.perf_counter()
    geo.tree()
    line("STRtree spatial index for hover (once, cached)", (time.perf_counter() - t) * 1000)

    for place, w, h in (("Cheshire and Merseyside", 1000, 800), ("England", 1000, 800), ("England", 2400, 1800)):
        t = time.perf_counter()
        scene = build_scene(MapSpec(place=place))
        line(f"build_scene {place} (values, classes, rows, outlines)", (time.perf_counter() - t) * 1000)
        img = QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied)
        rect = QRectF(0, 0, w, h)
        tr = extent_transform(rect, scene.extent(), 0.02)

        def paint(parts=None, sc=scene, img=img, rect=rect, tr=tr):
            img.fill(QColor("#ffffff"))
            p = QPainter(img)
            paint_map(p, sc, rect, transform=tr, parts=parts)
            p.end()

        paint()
        line(f"paint_map {place} {w}x{h}, everything", ms(paint))
        line(f"paint_map {place} {w}x{h}, under the outlines (a recolour)", ms(lambda f=paint: f(UNDER)))
        line(f"paint_map {place} {w}x{h}, outlines and names", ms(lambda f=paint: f(OVER)))
        cls = Classification("quantiles", 7, palette="viridis")
        line(f"reclassify {place} (quantiles, 7 classes)", ms(lambda sc=scene, c=cls: sc.recolour(classify_scene_data(sc.data, c))))

    import placeviz.render.scene as scene_module
    from placeviz.render.slide_maps import map_image

    slide = build_scene(MapSpec(place="Knowsley", layer="imd2025"))
    snap = scene_module.HAIRLINE_SNAP
    for label, value in (("lines just over a pixel drawn one pixel wide", snap), ("each line at its width", 1.0)):
        scene_module.HAIRLINE_SNAP = value
        line(f"a slide's map picture, Knowsley 1720x1120: {label}", ms(lambda: map_image(slide)))
    scene_module.HAIRLINE_SNAP = snap

    scene = build_scene(MapSpec())
    img = QImage(320, 600, QImage.Format.Format_ARGB32_Premultiplied)

    def legend():
        p = QPainter(img)
        paint_legend(p, QRectF(10, 10, 300, 580), scene.classified, scene.layer)
        p.end()

    line("paint_legend", ms(legend))
    import subprocess

    tif = "layers/rasters/no2_2023.tif"
    first = {"NumPy file (model.bundled_grid)": "from placeviz.model.bundled_grid import read_bundled_grid as r; "
                                                f"r(Path('{tif}').with_suffix('.npz'))",
             "GeoTIFF with rasterio (model.raster)": f"from placeviz.model.raster import read_grid as r; r('{tif}')"}
    for label, code in first.items():  # in a new process each time: rasterio's import and GDAL's start count
        # (numpy and placeviz.model.raster are loaded before the clock starts, as in any map-drawing process)
        timer = ("import time, numpy, placeviz.model.raster; from pathlib import Path; t = time.perf_counter(); "
                 f"{code}; print(time.perf_counter() - t)")
        runs = [float(subprocess.run([sys.executable, "-c", timer], capture_output=True, text=True, check=True,
                                     cwd=Path(__file__).resolve().parents[1]).stdout) * 1000 for _ in range(5)]
        line(f"the bundled NO2 grid, first read in a process: {label}", statistics.median(runs))

    raster = build_scene(MapSpec(layer="no2_2023", classification=Classification("quantiles", 7, palette="YlOrRd")))
    from placeviz.render import grid_to_image

    line("raster grid to classified QImage (NO2, 1 km)", ms(lambda: grid_to_image(raster.grid, raster.classified)))


if __name__ == "__main__":
    main()
