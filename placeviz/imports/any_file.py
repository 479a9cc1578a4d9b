"""One entry point for any supported file: ``import_file`` sniffs its kind and hands it to the table,
raster or boundary importer (looking inside a zip for what it holds)."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

from placeviz.imports.boundaries import AreasImport, read_boundaries
from placeviz.imports.errors import ImportFileError
from placeviz.imports.files import (
    TABLE_SUFFIXES,
    VECTOR_SUFFIXES,
    check_archive,
    checked_path,
    extract_archive,
    read_errors,
    read_stream,
    sha256_file,
    sniff_kind,
    suffix_for,
    zip_is_xlsx,
)
from placeviz.imports.rasters import import_raster
from placeviz.imports.report import ImportResult
from placeviz.imports.tables import import_table

TABLE_OPTIONS = ("code_column", "value_column", "sheet", "name", "where", "aggregate", "higher_is_worse")


def import_file(path: str | Path, **options) -> ImportResult | AreasImport:
    """Import any supported file: a table or raster gives an ImportResult, boundaries an AreasImport.

    A zip is looked into: boundary files inside are read as areas, a single table inside as a table.
    """
    if str(path) == "-":
        return _import_stdin(options)
    p = checked_path(path, allow_dir=True)
    with read_errors(p.name, " (or a file inside it)"):
        return _import_any(p, options)


def _import_stdin(options: dict) -> ImportResult | AreasImport:
    """Standard input (``placeviz import -``), kept whole in a temporary file named for what it holds."""
    import sys

    data = read_stream(sys.stdin.buffer)
    if not data.strip():
        raise ImportFileError("Nothing came in on standard input: pipe a table to 'placeviz import -', "
                              "e.g. 'cat values.csv | placeviz import -'.")
    tmp = Path(tempfile.mkdtemp(prefix="placeviz-stdin-"))
    p = tmp / f"stdin{suffix_for(data)}"
    result = None
    try:
        p.write_bytes(data)
        with read_errors("stdin"):
            result = _import_any(p, options)
        return result
    finally:
        # a raster's grid is drawn from its file: that copy stays for the session (a saved workspace copies it
        # beside itself, workspace.grids); anything else read from the stream is gone once read
        if getattr(getattr(result, "layer", None), "raster", None) is None:
            shutil.rmtree(tmp, ignore_errors=True)
        else:  # kept for this process only: never left in the temporary folder for good
            atexit.register(shutil.rmtree, tmp, True)


def _import_any(p: Path, options: dict) -> ImportResult | AreasImport:
    kind = sniff_kind(p)
    table_opts = {k: options[k] for k in TABLE_OPTIONS if options.get(k) is not None}
    if kind == "table":
        return import_table(p, **table_opts)
    if kind == "raster":
        return import_raster(p, level=options.get("level") or "lsoa", vintage=options.get("vintage") or 2011,
                             name=options.get("name"), higher_is_worse=options.get("higher_is_worse"),
                             band=options.get("band"), nodata=options.get("nodata"),
                             guess_nodata=options.get("guess_nodata", True) is not False)
    if kind == "archive":
        return _import_archive(p, table_opts, _boundary_options(options))
    return read_boundaries(p, **_boundary_options(options))


def _boundary_options(options: dict) -> dict:
    """read_boundaries' options: the file or layer chosen (``boundary_layer``), the id and name columns."""
    return {"layer": options.get("boundary_layer"), "id_column": options.get("id_column"),
            "name_column": options.get("name_column")}


def _import_archive(p: Path, table_opts: dict, boundary_opts: dict) -> ImportResult | AreasImport:
    """A zip: a workbook (XLSX is a zip), boundary files, or one table, credited to the zip itself."""
    if zip_is_xlsx(p):
        return import_table(p, **table_opts)
    infos = check_archive(p)
    names = [i.filename for i in infos if not i.is_dir() and not i.filename.startswith("__MACOSX/")]
    if any(n.lower().endswith(VECTOR_SUFFIXES) for n in names):
        return read_boundaries(p, **boundary_opts)
    tables = [n for n in names if n.lower().endswith(TABLE_SUFFIXES)]
    if len(tables) == 1:
        with tempfile.TemporaryDirectory(prefix="placeviz-import-") as tmp:
            extract_archive(p, Path(tmp))
            result = import_table(Path(tmp) / tables[0], **table_opts)
            result.source_path, result.source_sha256 = str(p.resolve()), sha256_file(p)
            return result
    raise ImportFileError(f"{p.name} holds no single table or boundary file placeviz can import "
                          f"({len(names)} files): unpack it and import the file you need.")
