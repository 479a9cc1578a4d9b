"""An imported LSOA 2011 table moved to LSOA 2021 areas by model.lsoa_apportion's one rule (the ONS best-fit
lookup, apportioned by population), with a report saying so."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from placeviz.imports.errors import ImportFileError
from placeviz.imports.layers import make_layer
from placeviz.imports.report import ImportResult
from placeviz.model.geography import BOUNDARY_COUNTS, lsoa_lookup
from placeviz.model.lsoa_apportion import lsoa11_to_lsoa21


def convert_lsoa11_to_lsoa21(result: ImportResult) -> ImportResult:
    """The import's LSOA 2011 values moved to LSOA 2021 areas by ``model.lsoa_apportion``: unchanged
    areas keep their value; a split area's parts each take its value when it is a rate (mean) or a
    population share of it when it is a count (sum); merged and irregular areas get the population-weighted
    mean (or the sum) of their parts. The report says so.
    """
    rep = result.report
    if rep.boundary_set == "lsoa11" and rep.ok and result.layer is None:
        raise ImportFileError(f"No matched area of {rep.file} has a number in {rep.value_column!r}, so there is "
                              "nothing to convert: choose another column with --value-column.")
    if rep.boundary_set != "lsoa11" or result.layer is None:
        raise ImportFileError(f"Only LSOA 2011 data can be converted to LSOA 2021; {rep.file} is {rep.boundary_name}.")
    col = result.layer.column
    v = result.frame[col]
    lk = lsoa_lookup()
    lk = lk[lk.lsoa11_code.isin(v.index)]
    out = lsoa11_to_lsoa21(v, how=result.layer.aggregate)
    all21 = pd.Index(lk.lsoa21_code.unique())
    frame = pd.DataFrame({col: out.reindex(all21)})
    frame.index.name = "code"
    changes = lk.drop_duplicates("lsoa11_code").change_code.value_counts()
    # the rows matched are the file's (the 2011 areas), not the 2021 areas they became ("105 of 100 rows")
    report = replace(rep, boundary_set="lsoa21", covered=len(frame), with_value=int(frame[col].notna().sum()),
                     conversion=None,
                     notes=list(rep.notes), warnings=list(rep.warnings), other_year={},
                     expected=BOUNDARY_COUNTS["lsoa21"])
    report.no_data = len(frame) - report.with_value
    how = ("split areas' parts each take the 2011 value, merged and irregular areas take the population-weighted "
           "mean of their parts" if result.layer.aggregate == "mean" else
           "split areas' counts are shared among their parts by population, merged areas' counts are summed")
    report.notes.append(
        f"Converted from LSOA 2011 to LSOA 2021 through the ONS lookup: the {rep.matched:,} matched rows became "
        f"{len(frame):,} LSOA 2021 areas ({int(changes.get('U', 0)):,} unchanged, "
        f"{int(changes.get('S', 0)):,} split, {int(changes.get('M', 0)):,} merged and {int(changes.get('X', 0)):,} "
        f"irregular 2011 areas); {how}, apportioned by population (mid-2020 estimates).")
    already = rep.other_year.get("lsoa21", [])
    if already:  # rows the file gave 2021 codes: not converted, and said to be left out (they vanished unsaid)
        report.warnings.append(
            f"{len(already):,} row{'s' if len(already) != 1 else ''} of {rep.file} already had LSOA 2021 codes and "
            f"{'were' if len(already) != 1 else 'was'} left out: only the LSOA 2011 rows were converted. Give every "
            "row one boundary year to use them all: " + ", ".join(already[:5]) + (", ..." if len(already) > 5 else ""))
    caveat = ("Converted from LSOA 2011 to 2021 areas through the ONS best-fit lookup, apportioned by population: "
              "values for split and merged areas are estimates.")
    layer = make_layer(result.layer.title + " (LSOA 2021)", "lsoa21", result.layer.dataset.title,
                       unit=result.layer.unit, period=result.layer.period, aggregate=result.layer.aggregate,
                       higher_is_worse=result.layer.higher_is_worse, decimals=result.layer.decimals, report=report)
    layer = replace(layer, dataset=result.layer.dataset, caveats=(*layer.caveats, caveat))
    report.layer_id = layer.id
    return ImportResult(report=report, frame=frame, layer=layer, source_path=result.source_path,
                        source_sha256=result.source_sha256, options={**result.options, "to_lsoa21": True})

