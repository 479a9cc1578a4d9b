"""Benchmark placeviz's PNG writer (placeviz.render.png) against Qt's, on the pictures placeviz writes.

Prints, for England's map (1600 x 1200), Liverpool's, a one-page brief (A4 at 150 dpi) and a slide's map
(1720 x 1120): the best of N times and the file size of Qt's writer at its default and at zlib's fastest level
(quality 80, which placeviz used before), and of placeviz's; the ratio of the times; and whether placeviz's file
holds exactly the same pixels.

Run:  python benchmarks/bench_png.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PyQt6.QtCore import QBuffer, QByteArray, QIODevice
from PyQt6.QtGui import QImage, QPainter

from placeviz.export.slides import _spec
from placeviz.model.spec import MapSpec
from placeviz.render.arrow_scene import scene_for
from placeviz.render.brief import brief_for, paint_brief
from placeviz.render.devices import PageSize, ensure_qt, page_image
from placeviz.render.png import png_bytes
from placeviz.render.scene import paint_map
from placeviz.render.slide_maps import map_image


def qt_png(img: QImage, quality: int) -> bytes:
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    img.convertToFormat(QImage.Format.Format_RGB32).save(buf, "PNG", quality)
    return bytes(data)


def best(fn, repeat: int) -> tuple[float, bytes]:
    times, out = [], b""
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def painted(size: PageSize, paint) -> QImage:
    img = page_image(size)
    p = QPainter(img)
    try:
        paint(p, size)
    finally:
        p.end()
    return img


def pictures() -> dict[str, QImage]:
    def a_map(place: str, layer: str) -> QImage:
        scene = scene_for(MapSpec(place=place, layer=layer))
        return painted(PageSize(1600, 1200, 150, None, "landscape"),
                       lambda p, s: paint_map(p, scene, page_image(s).rect()))

    return {
        "England map, IMD 2019": a_map("England", "imd2019"),
        "Liverpool map, IMD 2025": a_map("Liverpool", "imd2025"),
        "brief, Knowsley": painted(PageSize(1754, 1240, 150, "A4", "landscape"),
                                   lambda p, s: paint_brief(p, s, [brief_for("Knowsley")])),
        "slide map, Knowsley overlap": map_image(scene_for(_spec("Knowsley", "overlap"))),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5, help="timing repeats (the best is reported)")
    args = parser.parse_args()
    ensure_qt()
    print(f"{'picture':30s} {'Qt default':>16s} {'Qt fastest (80)':>18s} {'placeviz':>16s}  ratio  same pixels")
    for name, img in pictures().items():
        t_def, qt_def = best(lambda img=img: qt_png(img, -1), args.repeat)
        t_80, qt_80 = best(lambda img=img: qt_png(img, 80), args.repeat)
        t_own, own = best(lambda img=img: png_bytes(img), args.repeat)
        same = QImage.fromData(own).convertToFormat(QImage.Format.Format_RGB32) == \
            img.convertToFormat(QImage.Format.Format_RGB32)
        cells = [f"{t * 1e3:5.1f} ms {len(b) / 1024:5.0f} KB" for t, b in ((t_def, qt_def), (t_80, qt_80), (t_own, own))]
        print(f"{name:30s} {cells[0]:>16s} {cells[1]:>18s} {cells[2]:>16s}  {t_own / t_80:5.2f}  {same}")
    print("ratio: placeviz's time over Qt's at its fastest level, in the same run")


if __name__ == "__main__":
    main()
