"""All QPainter drawing: the desktop app's canvas and the static PNG/SVG/PDF exports.

Public API::

    RenderGeometry.for_set(set_name)   # a boundary set as cached QPainterPaths (+ hit testing)
    build_scene(spec) -> MapScene       # values, classes, geometry rows, LA outlines, raster grid
    scene.recolour(classified)          # new classification, same geometry
    paint_map(painter, scene, target_rect, extent)   # or transform=QTransform (metres -> pixels)
    paint_legend(painter, rect, classified, layer, title=None, note=None, period=None) -> height
    render_image(spec, width, height, legend=False) -> QImage

The print exports' pages: ``pages`` (a map page, an atlas), ``compare_page`` (maps side by side),
``profile_document`` (a place profile), painted into files by ``devices``; ``arrow_scene`` builds all
England's scene without pandas. Qt is imported at the top of these modules: everything that imports
render draws.
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
