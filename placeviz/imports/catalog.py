"""The catalog side of an import: adding its layer (so it maps, classifies, compares and exports like any
bundled layer), removing it, remembering what this session added (what a workspace saves), and
``layer_from_file`` for command lines that take a file where a layer id goes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from placeviz.imports.any_file import import_file
from placeviz.imports.boundaries import AreasImport
from placeviz.imports.errors import ImportFileError
from placeviz.imports.layers import free_id, slug
from placeviz.imports.lsoa_conversion import convert_lsoa11_to_lsoa21
from placeviz.imports.report import ImportResult
from placeviz.model.catalog import Layer, is_bundled_id, is_placeviz_dataset, is_placeviz_id, load_catalog
from placeviz.model.mapdata import clear_cache

#: imports added to the catalog in this session, by layer id (what a workspace saves)
_IMPORTED: dict[str, ImportResult] = {}


def add_to_catalog(result: ImportResult) -> Layer:
    """Register an import's layer and values so map_data, classify, compare, profile and export use it.

    The layer never takes the id of a layer placeviz itself holds (a bundled one, an IMD change layer, or
    one made in this session by anything but an import) nor a bundled source's id: such a layer, carried by
    a workspace or a caller, gets an id of its own ('imported_imd2019', ...) and keeps its own source text.
    The layer returned (also ``result.layer``) is the one registered: callers that named the layer by its
    old id use the returned ``layer.id``.
    """
    if not result.report.ok:
        raise ImportFileError(f"Nothing from {result.report.file} can be added: no row matched an area in England.")
    if result.layer is None:
        raise ImportFileError(f"Nothing from {result.report.file} can be added: no matched area has a number "
                              f"in {result.report.value_column!r}; choose another column with --value-column.")
    result.layer = _own_identity(result.layer)
    result.report.layer_id = result.layer.id
    frame = result.frame[[c for c in result.frame.columns if c == result.layer.column or c == "value"]]
    load_catalog().add(result.layer, frame)
    clear_cache(result.layer.id)
    _IMPORTED[result.layer.id] = result
    return result.layer


def _own_identity(layer: Layer) -> Layer:
    """The layer with an id no layer of placeviz's own has, and a source id no bundled source has."""
    cat = load_catalog()

    def taken(layer_id: str) -> bool:
        if layer_id in cat and layer_id not in _IMPORTED:
            return True  # a bundled layer, or one made this session (IMD change), not an import
        return not layer_id.startswith("imported_") and is_placeviz_id(layer_id)

    if taken(layer.id):
        layer = replace(layer, id=free_id("imported_" + slug(layer.id), taken))
    if is_placeviz_dataset(layer.dataset.id):
        layer = replace(layer, dataset=replace(layer.dataset, id=f"user_{layer.id}"))
    return layer


def remove_from_catalog(layer_id: str) -> None:
    """Take an imported layer out of the catalog (and out of what this session's workspace saves).
    A layer of placeviz's own (bundled) is not an import and stays."""
    if layer_id not in _IMPORTED and is_bundled_id(layer_id):
        raise ImportFileError(f"{layer_id!r} is one of placeviz's own layers, not an import: only layers imported "
                              "from your files can be removed.")
    load_catalog().remove(layer_id)
    clear_cache(layer_id)
    _IMPORTED.pop(layer_id, None)


def imported_results() -> list[ImportResult]:
    """The imports added to the catalog in this session and still in it, oldest first."""
    cat = load_catalog()
    return [r for lid, r in _IMPORTED.items() if lid in cat and cat.get(lid) is r.layer]


def layer_from_file(path: str | Path, to_lsoa21: bool = False, **options) -> Layer:
    """Import a table or raster and add it to the catalog in one step; the layer, ready for any map or export.

    For front ends that accept a file where a layer id is expected (``placeviz export --layer FILE``).
    Raises ImportFileError when the file is boundaries, or when nothing in it matched an area.
    """
    result = import_file(path, **options)
    name = Path(path).name
    if isinstance(result, AreasImport):
        raise ImportFileError(f"{name} holds boundaries, not values for areas: import a table or raster as a layer, "
                              "or give your areas a layer with 'placeviz import FILE --layer LAYER'.")
    if not result.report.ok:
        raise ImportFileError(f"Nothing in {name} matched an area in England: run 'placeviz import {name}' to see "
                              "the report.")
    if to_lsoa21:
        result = convert_lsoa11_to_lsoa21(result)
    return add_to_catalog(result)
