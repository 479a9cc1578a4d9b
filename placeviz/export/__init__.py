"""Exports of a map: a self-contained HTML page, tables (CSV, GeoPackage) and static images.

Every exporter takes a MapSpec (or several) and draws from ``placeviz.model.mapdata`` and ``placeviz.model.classify``,
so what is exported is what the desktop canvas shows.
"""

from __future__ import annotations


def export_html(*args, **kwargs):
    from placeviz.export.html import export_html as f

    return f(*args, **kwargs)


def export_html_compare(*args, **kwargs):
    from placeviz.export.html import export_html_compare as f

    return f(*args, **kwargs)


def export_csv(*args, **kwargs):
    from placeviz.export.tables import export_csv as f

    return f(*args, **kwargs)


def export_gpkg(*args, **kwargs):
    from placeviz.export.tables import export_gpkg as f

    return f(*args, **kwargs)


__all__ = ["export_csv", "export_gpkg", "export_html", "export_html_compare"]
