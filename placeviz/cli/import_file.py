"""`placeviz import FILE`: validate the user's own table, boundaries or raster and print the report.

Exit status: 0 when rows matched areas (the file can become a layer), 1 when nothing matched or no matched
area has a number, 2 when the file cannot be read at all (the one-sentence reason goes to stderr).

Imports of analysis, export and the importer sit inside the functions that use them, on purpose: `placeviz`
builds every command's parser at start-up, and pandas or Qt must not load for a command that does not
need them (the England PNG export stays pandas-free).
"""

from __future__ import annotations

import argparse

HELP = ("Check your own file (CSV, XLSX, GeoPackage, GeoJSON, Shapefile, GeoTIFF) and print what "
        "matched England's areas, before it becomes a layer.")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", help="the table, boundary file (file, folder or zip) or raster to import")
    p.add_argument("--code-column", metavar="C", help="the column that holds area codes (name or number from 1)")
    p.add_argument("--value-column", metavar="V", help="the column that holds the values (name or number from 1)")
    p.add_argument("--sheet", metavar="S", help="the XLSX sheet to read (name or number from 1)")
    p.add_argument("--name", metavar="N", help="a title for the new layer")
    p.add_argument("--where", metavar="COLUMN=VALUE", action="append", default=[],
                   help="keep only rows where COLUMN equals VALUE (repeatable), e.g. --where Sex=Persons")
    p.add_argument("--sum", action="store_true",
                   help="the values are counts: add them up when areas are combined (default: guessed from the "
                        "column name; rates and shares become population-weighted means)")
    worse = p.add_mutually_exclusive_group()
    worse.add_argument("--higher-is-worse", dest="higher_is_worse", action="store_const", const=True,
                       help="colour high values as the bad end and rank them first")
    worse.add_argument("--higher-is-better", dest="higher_is_worse", action="store_const", const=False,
                       help="colour low values as the bad end and rank them first")
    p.add_argument("--to-lsoa21", action="store_true",
                   help="convert LSOA 2011 values to LSOA 2021 areas through the ONS lookup")
    p.add_argument("--level", choices=["lsoa", "msoa", "la"], default="lsoa",
                   help="rasters: the areas to summarise to (default lsoa)")
    p.add_argument("--vintage", type=int, choices=[2011, 2021], default=2011,
                   help="rasters: 2011 or 2021 boundaries (default 2011)")
    p.add_argument("--band", type=int, metavar="N",
                   help="rasters: the band that holds the values (from 1), for a raster of several bands")
    p.add_argument("--nodata", type=float, metavar="VALUE",
                   help="rasters: treat cells holding VALUE as no data (e.g. --nodata 0), besides the file's own tag")
    p.add_argument("--no-nodata-guess", dest="guess_nodata", action="store_false",
                   help="rasters: keep values such as -9999 that the file does not tag as nodata (by default a "
                        "conventional fill value far from the other values is taken as no data, and the report says so)")
    p.add_argument("--boundary-layer", metavar="B",
                   help="boundaries: the file in a folder or zip (e.g. wards/2023.shp), or the layer of a "
                        "GeoPackage (FILE.gpkg:LAYER in a folder), when there are several")
    p.add_argument("--layer", metavar="L", help="boundaries: give your areas this layer's value")
    p.add_argument("-o", "--output", metavar="OUT.csv",
                   help="write the matched values (or your areas with the layer's value) as CSV or GeoPackage")


def _where(items: list[str]) -> dict[str, str]:
    from placeviz.imports import ImportFileError

    out = {}
    for item in items:
        if "=" not in item:
            raise ImportFileError(f"--where {item!r} needs the form COLUMN=VALUE, e.g. --where Sex=Persons.")
        k, v = item.split("=", 1)
        out[k.strip()] = v.strip()
    return out


def run(args) -> int:
    from pathlib import Path

    from placeviz.imports import (
        AreasImport,
        ImportFileError,
        convert_lsoa11_to_lsoa21,
        import_file,
        layer_for_areas,
    )

    if args.output:  # before reading: never write over the file being imported
        _check_output(Path(args.output), args.file)
    result = import_file(
        args.file, code_column=args.code_column, value_column=args.value_column, sheet=args.sheet,
        name=args.name, where=_where(args.where) or None, aggregate="sum" if args.sum else None,
        higher_is_worse=args.higher_is_worse, level=args.level, vintage=args.vintage,
        boundary_layer=args.boundary_layer, band=args.band, nodata=args.nodata, guess_nodata=args.guess_nodata,
    )
    if isinstance(result, AreasImport):
        print(result.report.text())
        if args.layer:
            out = layer_for_areas(result.areas, args.layer)
            from placeviz.model.catalog import get_layer

            layer = get_layer(args.layer)
            print(f"\n{layer.title} ({layer.period}) for your {len(out):,} areas "
                  f"(population-weighted from {out.attrs['source_set']}):")
            for r in out.head(30).itertuples():
                print(f"  {r.code:<14} {str(r.name)[:40]:<40} {layer.format_value(r.value)}")
            if len(out) > 30:
                print(f"  ... and {len(out) - 30:,} more")
            if args.output:
                _write(out, Path(args.output))
        return 0
    if args.to_lsoa21:
        result = convert_lsoa11_to_lsoa21(result)
    print(result.report.text())
    if not result.report.ok or result.layer is None:  # nothing matched, or nothing with a number
        return 1
    print(f"Layer id when added: {result.layer.id} ({result.layer.title}, {result.layer.geography_name}).")
    if args.output:
        out = result.frame.rename(columns={result.layer.column: "value"}).reset_index()
        if not str(args.output).lower().endswith(".csv"):
            raise ImportFileError("Write the matched values to a .csv file (e.g. -o values.csv).")
        _write(out, Path(args.output))
    return 0


def _check_output(path, source) -> None:
    """Never over the file being imported (nor another the user imported, nor the bundled data)."""
    from placeviz.export.outputs import check_output

    check_output(path, [source])


def _write(frame, path) -> None:
    """The matched values as CSV (text cells defused, the OWASP way: a name such as ``=HYPERLINK(...)`` from
    the user's file is written ``'=HYPERLINK(...)``) or GeoPackage, whole or not at all: a failure leaves any
    previous file as it was."""
    from pyogrio.errors import DataLayerError, DataSourceError

    from placeviz.imports import ImportFileError
    from placeviz.model.safe_files import defuse_formulas, write_via

    if path.suffix.lower() == ".gpkg":
        # the layer named after the file the user asked for, not the temporary file it is written to first
        write_via(path, lambda tmp: frame.to_file(tmp, driver="GPKG", layer=path.stem),
                  errors=(DataSourceError, DataLayerError))
    elif path.suffix.lower() == ".csv":
        table = defuse_formulas(frame.drop(columns=["geometry"], errors="ignore"))
        write_via(path, lambda tmp: table.to_csv(tmp, index=False))
    else:
        raise ImportFileError(f"placeviz writes .csv or .gpkg, not {path.suffix or 'files without a suffix'}: "
                              "choose another output name.")
    print(f"Wrote {path}")
