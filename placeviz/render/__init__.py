"""QPainter drawing shared by the desktop app's canvas and the static PNG/SVG/PDF exports.

Public API::

    RenderGeometry.for_set(set_name)   # a boundary set as cached QPainterPaths (+ hit testing)
    build_scene(spec) -> MapScene       # values, classes, geometry rows, LA outlines, raster grid
    scene.recolour(classified)          # new classification, same geometry
    paint_map(painter, scene, target_rect, extent)   # or transform=QTransform (metres -> pixels)
    paint_legend(painter, rect, classified, layer, title=None, note=None, period=None) -> height
    render_image(spec, width, height, legend=False) -> QImage

Qt is imported only inside functions that draw, so importing this package is cheap.
"""

from placeviz.render.geometry import RenderGeometry
from placeviz.render.scene import (
    MapScene,
    Outlines,
    build_scene,
    extent_transform,
    fit_extent,
    grid_to_image,
    legend_lines,
    light_map_data,
    paint_highlights,
    paint_legend,
    paint_map,
    render_image,
    render_scene_image,
    view_transform,
)

__all__ = [
    "MapScene", "Outlines", "RenderGeometry", "build_scene", "extent_transform", "fit_extent", "grid_to_image",
    "legend_lines", "light_map_data", "paint_highlights", "paint_legend", "paint_map", "render_image", "render_scene_image",
    "view_transform",
]
