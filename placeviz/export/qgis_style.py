"""A map's classes and colours as a QGIS style, so an exported GeoPackage opens in QGIS looking like the map.

QGIS keeps a layer's default style inside a GeoPackage in a table named ``layer_styles`` (one row per layer,
the style as QML text, ``useAsDefault`` set); QGIS loads that style when the layer is added. The renderer is
categorised on the ``class`` column that every placeviz export writes (1 = the first legend class), with a
catch-all category for areas without a value, so any scheme (national deciles included) is reproduced
exactly. QGIS is not needed to write it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from xml.sax.saxutils import quoteattr

from placeviz.model.classify import Classified

#: the QGIS version the QML is written for; 3.x reads it (QGIS 3.16 and later at least)
QGIS_VERSION = "3.34.0"
OUTLINE = "255,255,255,255"  # thin white outlines, as on the placeviz map


def _rgba(hex_colour: str) -> str:
    h = hex_colour.lstrip("#")
    return f"{int(h[0:2], 16)},{int(h[2:4], 16)},{int(h[4:6], 16)},255"


def _symbol(name: int, colour: str) -> str:
    options = {"color": _rgba(colour), "outline_color": OUTLINE, "outline_style": "solid",
               "outline_width": "0.1", "outline_width_unit": "MM", "style": "solid",
               "joinstyle": "bevel"}
    opts = "".join(f'<Option name={quoteattr(k)} type="QString" value={quoteattr(v)}/>' for k, v in options.items())
    return (f'<symbol type="fill" name="{name}" alpha="1" clip_to_extent="1" force_rhr="0">'
            f'<layer class="SimpleFill" enabled="1" locked="0" pass="0"><Option type="Map">{opts}</Option>'
            "</layer></symbol>")


def style_qml(classified: Classified) -> str:
    """The QML of a categorised renderer on ``class``: one category per legend class, in its colour and
    with its label, and 'no data' for the rest."""
    classes = [e for e in classified.legend if not e.nodata]
    nodata = next((e for e in classified.legend if e.nodata), None)
    categories, symbols = [], []
    for i, entry in enumerate(classes):
        categories.append(f'<category symbol="{i}" value="{i + 1}" label={quoteattr(entry.label)} render="true"/>')
        symbols.append(_symbol(i, entry.colour))
    if nodata is not None:
        n = len(classes)
        categories.append(f'<category symbol="{n}" value="" label={quoteattr(nodata.label)} render="true"/>')
        symbols.append(_symbol(n, nodata.colour))
    return ("<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
            f'<qgis version="{QGIS_VERSION}" styleCategories="Symbology">\n'
            '<renderer-v2 type="categorizedSymbol" attr="class" symbollevels="0" enableorderby="0" '
            'forceraster="0">\n'
            f"<categories>{''.join(categories)}</categories>\n<symbols>{''.join(symbols)}</symbols>\n"
            "</renderer-v2>\n</qgis>\n")


_CREATE = """CREATE TABLE IF NOT EXISTS layer_styles (
    id INTEGER PRIMARY KEY AUTOINCREMENT, f_table_catalog TEXT(256), f_table_schema TEXT(256),
    f_table_name TEXT(256), f_geometry_column TEXT(256), styleName TEXT(30), styleQML TEXT, styleSLD TEXT,
    useAsDefault BOOLEAN, description TEXT, owner TEXT(30), ui TEXT(30),
    update_time DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))"""


def write_layer_styles(gpkg: Path, styles: dict[str, tuple[str, str]]) -> None:
    """Store ``styles`` (table name -> (style name, QML)) as the default styles of a GeoPackage's layers,
    and register ``layer_styles`` as an attributes table, as QGIS does."""
    with sqlite3.connect(gpkg) as db:
        db.execute(_CREATE)
        db.execute("INSERT OR REPLACE INTO gpkg_contents (table_name, data_type, identifier, description, "
                   "last_change) VALUES ('layer_styles', 'attributes', 'layer_styles', 'QGIS layer styles', "
                   "strftime('%Y-%m-%dT%H:%M:%fZ','now'))")
        for table, (name, qml) in styles.items():
            column = db.execute("SELECT column_name FROM gpkg_geometry_columns WHERE table_name = ?",
                                (table,)).fetchone()
            db.execute("DELETE FROM layer_styles WHERE f_table_name = ?", (table,))
            db.execute("INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, "
                       "f_geometry_column, styleName, styleQML, styleSLD, useAsDefault, description, owner) "
                       "VALUES ('', '', ?, ?, ?, ?, '', 1, ?, 'placeviz')",
                       (table, column[0] if column else "geom", name, qml,
                        f"{name}: the classes and colours of the placeviz map"))
