"""Tables of values by area code: read a file, find its layout, match its codes to England's areas, read
its values, and make the layer. Nothing is added to the catalog here (see imports.catalog).

Downloads as UK analysts get them (Nomis, Fingertips) work as they are: title lines above the header and
notes below the data are skipped, long-format files are cut to one row per area, and every decision is
written into the ValidationReport.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from placeviz.imports.cells import cell_text, parse_number
from placeviz.imports.codes import (
    GSS_CODE,
    NATIONS,
    OTHER_AREA_KINDS,
    SETS_BY_PREFIX,
    SIBLING_SETS,
    area_words,
    boundary_year_hints,
    code_set,
    detect_geography,
    level_of,
    normalise_code,
)
from placeviz.imports.errors import ImportFileError
from placeviz.imports.files import checked_path, sha256_file
from placeviz.imports.layers import make_layer, with_source
from placeviz.imports.report import ImportResult, ValidationReport
from placeviz.imports.table_layout import (
    DataRows,
    TableLayout,
    choose_value_column,
    data_columns,
    data_rows,
    decimal_marks,
    find_layout,
    indicator_title,
    keep_rows_where,
    one_row_per_area,
    one_series,
    period,
    refuse_mixed_groups,
    refuse_uncalculated,
    table_width,
)
from placeviz.imports.table_reader import RawTable, read_raw_table
from placeviz.model.catalog import Layer
from placeviz.model.geography import BOUNDARY_COUNTS

_SUM_HINT = re.compile(r"\b(count|number|total|people|persons|residents|population|households|jobs|claimants)\b")


def import_table(path: str | Path, code_column: str | None = None, value_column: str | None = None,
                 sheet: str | int | None = None, name: str | None = None, where: dict[str, str] | None = None,
                 aggregate: str | None = None, higher_is_worse: bool | None = None) -> ImportResult:
    """Read and validate a table of values by area code. Nothing is added to the catalog (see add_to_catalog).

    ``code_column``/``value_column`` name columns (or number them from 1) when detection picks the wrong
    ones; ``where`` keeps only rows whose column equals a value (e.g. ``{"Sex": "Persons"}``);
    ``aggregate`` is 'mean' (rates, shares: population-weighted when areas are combined) or 'sum' (counts).
    Raises ImportFileError when the file cannot be read as a table; returns a result whose ``report.ok`` is
    False when it was read but no row matched an area.
    """
    p = checked_path(path)
    raw = read_raw_table(p, sheet)
    result = interpret_table(raw, code_column=code_column, value_column=value_column, name=name, where=where,
                             aggregate=aggregate, higher_is_worse=higher_is_worse)
    result.source_path = str(p.resolve())
    result.source_sha256 = sha256_file(p)
    result.options = {k: v for k, v in dict(code_column=code_column, value_column=value_column, sheet=sheet,
                                            name=name, where=where, aggregate=aggregate,
                                            higher_is_worse=higher_is_worse).items() if v is not None}
    if result.layer is not None:
        result.layer = with_source(result.layer, p.name, result.source_sha256)
    return result


_TEXT = {str}


def interpret_table(raw: RawTable, code_column=None, value_column=None, name=None, where=None,
                    aggregate=None, higher_is_worse=None) -> ImportResult:
    """Find the header, the code and value columns, match the codes and read the values of a RawTable."""
    # cells as text; a row already all text (every workbook row, most CSV rows) is copied at C speed
    rows = [list(r) if set(map(type, r)) <= _TEXT else [c if isinstance(c, str) else cell_text(c) for c in r]
            for r in raw.rows]
    report = ValidationReport(file=raw.source, sheet=raw.sheet, encoding=raw.encoding, sheets=list(raw.sheets))
    report.notes += raw.notes
    ncols = table_width(rows, raw.source, raw.delimiter)
    layout = find_layout(rows, ncols, code_column, report)
    data = data_rows(rows, layout, ncols, report)
    data = keep_rows_where(data, layout.header, where, report)
    one_series(data, layout.header, layout.code_column, report)
    refuse_uncalculated(raw.uncalculated, layout, value_column, report)
    semicolons = raw.delimiter == ";"
    columns = data_columns(data) if data else []
    marks = decimal_marks(data, ncols, semicolons, columns)
    v = choose_value_column(data, layout, value_column, marks, report, semicolons, columns)
    data = one_row_per_area(data, layout.header, layout.code_column, v, report)
    refuse_mixed_groups(data, layout.header, layout.code_column, v, report)
    values, decimals, percent_cells = _match_areas(data, layout, v, (semicolons, marks[v].mark), report)
    _warn_about_matches(report)
    frame = pd.DataFrame({"value": pd.Series(values, dtype="float64")})
    frame.index.name = "code"
    layer = None
    if report.ok and report.with_value:  # a layer with no value at all is never offered
        percent = _percent_unit(report, percent_cells) or v in raw.percent_columns
        layer = _table_layer(data, layout, report, percent, decimals, name=name, aggregate=aggregate,
                             higher_is_worse=higher_is_worse)
        report.layer_id = layer.id
    return ImportResult(report=report, frame=frame, layer=layer)


def _match_areas(data: DataRows, layout: TableLayout, v: int, reading: tuple[bool, str | None],
                 report: ValidationReport) -> tuple[dict[str, float], int, int]:
    """Each area's value, keyed by code, with the report's counts of what matched and what did not;
    ``reading`` is (semicolon-separated file, the value column's decimal mark) for parse_number.

    Also the most decimals a value was written with (at most 3) and how many cells with a number had a
    percent sign.
    """
    j = layout.code_column
    codes = [normalise_code(r[j]) for _, r in data]
    set_name = _boundary_set(codes, layout, report)
    valid = code_set(set_name) if set_name else frozenset()
    siblings = {s: code_set(s) for s in SIBLING_SETS.get(set_name, ())} if set_name else {}
    seen: dict[str, int] = {}
    dup_lines: dict[str, list[int]] = {}
    values: dict[str, float] = {}
    decimals, percent_cells = 0, 0
    for (ln, r), code in zip(data, codes, strict=True):
        if code and code in seen:  # a blank code is no code, each one reported on its own line, not a duplicate
            dup_lines.setdefault(code, [seen[code]]).append(ln)
            continue
        seen[code] = ln
        if code not in valid:
            report.unmatched.append((ln, r[j].strip(), _why_unmatched(code, siblings, report)))
            continue
        cell = r[v]
        val, status = parse_number(cell, *reading)
        if status == "value":
            percent_cells += "%" in cell
            values[code] = val
            m = re.search(r",(\d+)" if reading[1] == "," else r"\.(\d+)", cell.replace("%", ""))
            decimals = max(decimals, min(len(m.group(1)), 3) if m else 0)
        else:
            values[code] = np.nan
            if status == "invalid":
                report.non_numeric.append((ln, code, cell.strip()[:40]))
    report.duplicates = list(dup_lines.items())
    report.matched = len(values)
    report.with_value = int(sum(1 for x in values.values() if x == x))
    report.no_data = report.matched - report.with_value - len(report.non_numeric)
    return values, decimals, percent_cells


def _boundary_set(codes: list[str], layout: TableLayout, report: ValidationReport) -> str | None:
    """The boundary set the codes belong to (a year named in the header or titles breaks ties)."""
    english = [c for c in codes if c[:3] in SETS_BY_PREFIX]
    hints = boundary_year_hints([layout.header[layout.code_column], *layout.titles])
    set_name, _ = detect_geography(english, hints)
    report.rows = len(codes)
    report.boundary_set = set_name
    report.expected = BOUNDARY_COUNTS.get(set_name, 0) if set_name else 0
    return set_name


def _why_unmatched(code: str, siblings: dict[str, set], report: ValidationReport) -> str:
    """Why a code matched no area of the boundary set, noted in the report's lists as well."""
    for s, codes in siblings.items():
        if code in codes:
            report.other_year.setdefault(s, []).append(code)
            return "other year"
    if code[:1] in NATIONS and GSS_CODE.match(code):
        report.outside_england.append(code)
        return "outside England"
    if code[:3] in OTHER_AREA_KINDS:
        report.other_areas.setdefault(OTHER_AREA_KINDS[code[:3]], []).append(code)
        return "other area"
    level = level_of(code)
    if level and level != area_words(report.boundary_set):
        report.other_areas.setdefault(level, []).append(code)
        return "other area"
    if not code:
        return "no code"
    if GSS_CODE.match(code):
        return "not a current area code"
    return "not an area code"


def _warn_about_matches(report: ValidationReport) -> None:
    """Warnings for a poor match or a column without numbers, and the offer to convert LSOA 2011 data."""
    if report.boundary_set and report.matched:
        rate = report.matched / max(report.rows, 1)
        if rate < 0.5:
            report.warnings.append(f"Only {rate:.0%} of the rows matched {report.boundary_name} areas: check that "
                                   f"{report.code_column!r} is the right column and the codes are for England.")
        if report.boundary_set == "lsoa11" and not report.other_year:
            report.conversion = ("These are LSOA 2011 areas. placeviz can convert them to LSOA 2021 through the ONS "
                                 "lookup (split areas share the value, merged areas are population-weighted): "
                                 "use --to-lsoa21, or 'Convert to LSOA 2021' in the app.")
    if report.matched and report.with_value == 0:
        report.warnings.append(f"No matched area has a number in {report.value_column!r}: choose another column "
                               "with --value-column.")


_HEADER_PERCENT = re.compile(r"%|percent|per cent", re.I)
#: a header that names a unit other than percent: the cells' % signs do not make the layer's unit
_HEADER_OTHER_UNIT = re.compile(r"\bper\s+(1|10|100|1,?000|10,?000|100,?000|head|capita|person|km|hectare)\b|"
                                r"£|\bpounds?\b|\byears?\b|\bcount\b|\bnumber\b|\bscore\b", re.I)


def _percent_unit(report: ValidationReport, percent_cells: int) -> bool:
    """Whether the values are percentages: from the header first ('% of pupils', 'rate per 1,000'), from
    the cells only when the header names no unit and most cells with a number carry a % sign."""
    column = report.value_column or ""
    if _HEADER_PERCENT.search(column):
        return True
    if not percent_cells:
        return False
    cells = f"{percent_cells:,} of {report.with_value:,} cells in {column!r} carry a % sign"
    if _HEADER_OTHER_UNIT.search(column):
        report.notes.append(f"{cells}, but the unit comes from the header, so the layer is not in %.")
        return False
    if 2 * percent_cells > report.with_value:
        return True
    report.notes.append(f"Only {cells}, so the layer is not in %: most are plain numbers.")
    return False


def _table_layer(data: DataRows, layout: TableLayout, report: ValidationReport, percent: bool, decimals: int,
                 name: str | None, aggregate: str | None, higher_is_worse: bool | None) -> Layer:
    """The layer for a table's values: unit, aggregation, period and title from what the table says."""
    unit = "%" if percent else ""
    how = aggregate or ("sum" if _SUM_HINT.search(report.value_column.lower()) and unit != "%" else "mean")
    if how not in ("mean", "sum"):
        raise ImportFileError(f"Unknown aggregation {how!r}: use 'mean' for rates and shares or 'sum' for counts.")
    when = period(data, layout.header, layout.titles, layout.header.index(report.value_column))
    title = (name or indicator_title(data, layout.header, layout.titles) or report.value_column).strip()[:120]
    return make_layer(title or Path(report.file).stem, report.boundary_set, report.file, unit=unit, period=when,
                      aggregate=how, higher_is_worse=higher_is_worse, decimals=decimals, report=report)
