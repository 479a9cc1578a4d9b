"""One headless QGIS render, as a whole process: the peer side of bench_qgis_peer.py (not part of placeviz).

Run with the Python that has QGIS's bindings (Debian's python3-qgis: /usr/bin/python3), never the project's:

    QGIS_PREFIX_PATH=/usr QT_QPA_PLATFORM=offscreen /usr/bin/python3 benchmarks/qgis_peer_render.py \
        plain FILE.gpkg LAYER WIDTH HEIGHT OUT.png
    ... deciles FILE.gpkg LAYER WIDTH HEIGHT OUT.png COLUMN '#a50026,#d73027,...'

``plain`` draws the layer with QGIS's default single symbol (uncoloured by data); ``deciles`` colours it with a
QgsCategorizedSymbolRenderer on COLUMN, categories 1..k taking the k colours given, with a hairline white edge at alpha 170
(placeviz's own edge between neighbourhoods).
The map is rendered with QgsMapRendererParallelJob to WIDTH x HEIGHT pixels over the layer's extent, saved as
PNG, and QGIS is shut down properly (exitQgis), as a script would. With PEER_TIMINGS=1 it prints a breakdown.
"""

from __future__ import annotations

import os
import sys
import time


def main(argv: list[str]) -> int:
    t0 = time.perf_counter()
    from qgis.core import (
        QgsApplication,
        QgsCategorizedSymbolRenderer,
        QgsFillSymbol,
        QgsMapRendererParallelJob,
        QgsMapSettings,
        QgsRendererCategory,
        QgsVectorLayer,
    )
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtGui import QColor

    mode, gpkg, layer_name, width, height, out = argv[:6]
    t1 = time.perf_counter()
    QgsApplication.setPrefixPath(os.environ.get("QGIS_PREFIX_PATH", "/usr"), True)
    app = QgsApplication([], False)
    app.initQgis()
    t2 = time.perf_counter()
    layer = QgsVectorLayer(f"{gpkg}|layername={layer_name}", layer_name, "ogr")
    if not layer.isValid():
        print(f"QGIS could not open {gpkg} layer {layer_name}", file=sys.stderr)
        return 1
    if mode == "deciles":
        column, colours = argv[6], argv[7].split(",")
        categories = []
        for i, colour in enumerate(colours, start=1):
            symbol = QgsFillSymbol.createSimple(
                {"color": colour, "outline_color": "255,255,255,170", "outline_width": "0", "outline_style": "solid"})
            categories.append(QgsRendererCategory(i, symbol, str(i)))
        layer.setRenderer(QgsCategorizedSymbolRenderer(column, categories))
    elif mode != "plain":
        print(f"unknown mode {mode!r}: use plain or deciles", file=sys.stderr)
        return 1
    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(layer.crs())
    settings.setOutputSize(QSize(int(width), int(height)))
    settings.setExtent(layer.extent())
    settings.setBackgroundColor(QColor("#ffffff"))
    t3 = time.perf_counter()
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    t4 = time.perf_counter()
    if not image.save(out, "PNG"):
        print(f"QGIS could not write {out}", file=sys.stderr)
        return 1
    t5 = time.perf_counter()
    features = layer.featureCount()
    # QGIS objects must go before the application does, or the interpreter's teardown crashes (signal 11)
    del job, settings, layer
    app.exitQgis()
    del app
    t6 = time.perf_counter()
    if os.environ.get("PEER_TIMINGS"):
        print(f"imports {t1 - t0:.3f}  initQgis {t2 - t1:.3f}  open+style {t3 - t2:.3f}  render {t4 - t3:.3f}  "
              f"png {t5 - t4:.3f}  exitQgis {t6 - t5:.3f}  ({features} features)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
