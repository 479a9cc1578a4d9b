"""The user's own data: tables, boundaries and rasters, validated before anything is added.

Three kinds of file come in:

- **Tables** (CSV, TSV, text, XLSX), including downloads as UK analysts get them (Nomis, Fingertips): title
  lines above the header and notes below the data are skipped. :func:`import_table` finds the column of ONS
  area codes and the boundary set they belong to (LSOA/MSOA 2011/2021, local authorities 2019/2021/2024) by
  the match rate against the bundled boundaries, reads the values (thousands separators, percent signs and
  suppression markers such as ``*``, ``..``, ``c``, ``x``, ``-``, ``!``, ``#`` become values or no data; a
  column's decimal mark is decided from all its cells) and
  returns an :class:`ImportResult`: a :class:`ValidationReport` (plain-English ``text()``), the values, and a
  :class:`~placeviz.model.catalog.Layer` that :func:`add_to_catalog` registers so it maps, classifies, compares and
  exports like any bundled layer. :func:`convert_lsoa11_to_lsoa21` moves LSOA 2011 values to 2021 areas
  through the ONS lookup.
- **Boundaries** (GeoPackage, GeoJSON, Shapefile as a folder or zip) in any CRS: :func:`read_boundaries`
  reprojects them to EPSG:27700 (a folder of several files or a GeoPackage of several layers needs
  ``layer=``, ``--boundary-layer``); :func:`layer_for_areas` gives the user's own areas (wards, primary care
  networks) the value of any layer, aggregated from the layer's small areas, population-weighted.
- **Rasters** (GeoTIFF and what rasterio reads): :func:`import_raster` summarises one to LSOAs, MSOAs or local
  authorities (zonal mean, nodata and untagged fill values respected) as a new layer; a picture (RGB or a
  colour table) is refused unless a ``band`` is named; a rotated grid is resampled north-up, and the report
  says so.

Every problem a user can cause raises an :class:`ImportFileError` (a UserError) whose message names the
problem and the fix. No Qt here. A file that holds several things to choose from (indicators, groups without
a total, boundary files, layers) is never mixed: the error's ``choices`` maps the option (a ``where`` column,
or ``boundary_layer``) to the values it takes, for a picker that re-runs the import with one of them.

How a front end uses it (the desktop app's import dialog, ``placeviz import``):

1. ``result = import_file(path, code_column=None, value_column=None, sheet=None, where=None, ...)`` in a
   worker thread (a national LSOA table takes about 0.6 s as CSV, 1.7 s as XLSX). A table or raster gives an
   :class:`ImportResult`; boundaries give an :class:`AreasImport`.
2. Show ``result.report.text()`` (or its fields: ``matched``, ``unmatched``, ``duplicates``,
   ``non_numeric``, ``other_year``, ``outside_england``, ``warnings``); offer ``report.columns`` and
   ``report.sheets`` as pickers that re-run step 1 with ``code_column``/``value_column``/``sheet``; when
   ``report.conversion`` is set, offer :func:`convert_lsoa11_to_lsoa21`. Nothing is added yet.
3. On "Add" (on the GUI thread: the catalog is shared): ``layer = add_to_catalog(result)``; then
   ``MapSpec(layer=layer.id, ...)`` maps it like any layer (use the returned id: a layer that carried one
   of placeviz's own ids is given its own). ``result.ok`` False (nothing matched, or no matched area has a
   number) means there is nothing to add.
4. For an :class:`AreasImport`: draw ``areas`` (EPSG:27700) and give them a layer's values with
   ``layer_for_areas(areas, layer_id)``.
5. ``layer_from_file(path)`` does 1-3 at once, for a command line that takes a file where a layer id goes.

The modules, bottom up (each imports only those above it in this list, and placeviz.model):

- ``errors``: ImportFileError. ``files``: path checks, size limits, zip archives, sniffing, decoding text.
- ``cells``: parse_number and suppression markers. ``codes``: GSS codes and detect_geography.
- ``report``: ValidationReport and ImportResult. ``layers``: make_layer, the Layer an import becomes.
- ``workbook``: one XLSX sheet streamed into rows of cells. ``table_reader``: a file into rows of cells. ``table_layout``: header, code, data and value columns.
- ``tables``: import_table, interpret_table. ``rasters``: import_raster. ``boundaries``: read_boundaries.
- ``area_values``: layer_for_areas. ``lsoa_conversion``: convert_lsoa11_to_lsoa21.
- ``any_file``: import_file. ``catalog``: add_to_catalog, remove_from_catalog, imported_results,
  layer_from_file.

Callers import the public names from ``placeviz.imports``; they are re-exported here.
"""

from placeviz.imports.any_file import import_file
from placeviz.imports.area_values import layer_for_areas
from placeviz.imports.boundaries import AreasImport, read_boundaries
from placeviz.imports.catalog import add_to_catalog, imported_results, layer_from_file, remove_from_catalog
from placeviz.imports.cells import parse_number
from placeviz.imports.codes import detect_geography
from placeviz.imports.errors import ImportFileError
from placeviz.imports.files import check_archive, sha256_file, sniff_kind
from placeviz.imports.layers import OWN_DATA, described, make_layer, suggested_title
from placeviz.imports.lsoa_conversion import convert_lsoa11_to_lsoa21
from placeviz.imports.rasters import import_raster
from placeviz.imports.report import ImportResult, ValidationReport
from placeviz.imports.table_reader import RawTable
from placeviz.imports.tables import import_table, interpret_table
from placeviz.model.geography import lsoa_lookup

__all__ = [
    "OWN_DATA", "AreasImport", "ImportFileError", "ImportResult", "RawTable", "ValidationReport", "add_to_catalog",
    "check_archive", "convert_lsoa11_to_lsoa21", "described", "detect_geography", "import_file", "import_raster",
    "import_table", "imported_results", "interpret_table", "layer_for_areas", "layer_from_file",
    "lsoa_lookup", "make_layer", "parse_number", "read_boundaries", "remove_from_catalog", "sha256_file",
    "sniff_kind", "suggested_title",
]
