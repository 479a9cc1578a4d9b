"""The user's own data: tables, boundaries and rasters, validated before anything is added.

Three kinds of file come in:

- **Tables** (CSV, TSV, text, XLSX), including downloads as UK analysts get them (Nomis, Fingertips): title
  lines above the header and notes below the data are skipped. :func:`import_table` finds the column of ONS
  area codes and the boundary set they belong to (LSOA/MSOA 2011/2021, local authorities 2019/2021/2024) by
  the match rate against the bundled boundaries, reads the values (thousands separators, percent signs and
  suppression markers such as ``*``, ``..``, ``c``, ``x``, ``-``, ``!``, ``#`` become values or no data) and
  returns an :class:`ImportResult`: a :class:`ValidationReport` (plain-English ``text()``), the values, and a
  :class:`~placeviz.model.catalog.Layer` that :func:`add_to_catalog` registers so it maps, classifies, compares and
  exports like any bundled layer. :func:`convert_lsoa11_to_lsoa21` moves LSOA 2011 values to 2021 areas
  through the ONS lookup.
- **Boundaries** (GeoPackage, GeoJSON, Shapefile as a folder or zip) in any CRS: :func:`read_boundaries`
  reprojects them to EPSG:27700; :func:`layer_for_areas` gives the user's own areas (wards, primary care
  networks) the value of any layer, aggregated from the layer's small areas, population-weighted.
- **Rasters** (GeoTIFF and what rasterio reads): :func:`import_raster` summarises one to LSOAs, MSOAs or local
  authorities (zonal mean, nodata respected) as a new layer.

Every problem a user can cause raises an :class:`ImportFileError` (a UserError) whose message names the
problem and the fix. No Qt here.

How a front end uses it (the desktop app's import dialog, ``placeviz import``):

1. ``result = import_file(path, code_column=None, value_column=None, sheet=None, where=None, ...)`` in a
   worker thread (a national LSOA table takes about 0.6 s as CSV, 1.7 s as XLSX). A table or raster gives an
   :class:`ImportResult`; boundaries give an :class:`AreasImport`.
2. Show ``result.report.text()`` (or its fields: ``matched``, ``unmatched``, ``duplicates``,
   ``non_numeric``, ``other_year``, ``outside_england``, ``warnings``); offer ``report.columns`` and
   ``report.sheets`` as pickers that re-run step 1 with ``code_column``/``value_column``/``sheet``; when
   ``report.conversion`` is set, offer :func:`convert_lsoa11_to_lsoa21`. Nothing is added yet.
3. On "Add" (on the GUI thread: the catalog is shared): ``layer = add_to_catalog(result)``; then
   ``MapSpec(layer=layer.id, ...)`` maps it like any layer. ``report.ok`` False means there is nothing to add.
4. For an :class:`AreasImport`: draw ``areas`` (EPSG:27700) and give them a layer's values with
   ``layer_for_areas(areas, layer_id)``.
5. ``layer_from_file(path)`` does 1-3 at once, for a command line that takes a file where a layer id goes.
"""

from __future__ import annotations

import getpass
import math
import re
import tempfile
import warnings
from collections import Counter
from dataclasses import dataclass, replace
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
    is_gss_code,
    level_of,
    normalise_code,
)
from placeviz.imports.errors import ImportFileError, first_line
from placeviz.imports.files import (
    TABLE_SUFFIXES,
    VECTOR_SUFFIXES,
    check_archive,
    checked_path,
    extract_archive,
    read_errors,
    read_file_bytes,
    sha256_file,
    sniff_kind,
    zip_is_xlsx,
)
from placeviz.imports.report import ImportResult, ValidationReport
from placeviz.imports.table_reader import RawTable, read_raw_table
from placeviz.model.catalog import GEOGRAPHY_NAMES, Dataset, Layer, load_catalog
from placeviz.model.geography import lsoa_lookup
from placeviz.model.names import normalise, suggestion


def _find_column(header: list[str], wanted: str, file_name: str, what: str) -> int:
    w = str(wanted).strip()
    for j, h in enumerate(header):
        if h.strip() == w:
            return j
    for j, h in enumerate(header):
        if normalise(h) == normalise(w) and normalise(w):
            return j
    if w.isdigit() and 1 <= int(w) <= len(header):
        return int(w) - 1
    names = [h for h in header if h.strip()]
    raise ImportFileError(suggestion(w, names, f"{what} column in {file_name}")
                          + f" The columns are: {', '.join(repr(n) for n in names[:30])}.")


def _header_for(rows: list[list[str]], first_data: int) -> int | None:
    """The header row: the nearest row above the data with at least two filled cells and no area code."""
    for i in range(first_data - 1, max(-1, first_data - 30), -1):
        cells = [c for c in rows[i] if c.strip()]
        if len(cells) >= 2 and not any(is_gss_code(c) for c in cells):
            return i
        if len(cells) >= 2:
            return None
    return None


_VALUE_PREFER = re.compile(r"%|percent|rate|value|score|proportion|share|per\b|ratio|mean|average|median")
_VALUE_AVOID = re.compile(r"\b(conf|ci|lci|uci|lower|upper|se|sd|numerator|denominator|rank|decile|quintile|"
                          r"year|date|period|time|id|code|flag|note|sample|n)\b|confidence|interval|limit")
_PERIOD_COL = re.compile(r"time|period|date|year")
_SEX_COL = re.compile(r"^(sex|gender)$")
_BREAKDOWN_COL = re.compile(r"^(age|age group|category|category type|breakdown|ethnicity|ethnic group)$")
_ALL_VALUES = ("persons", "all", "total", "all persons", "people", "all ages", "all people", "")
_SUM_HINT = re.compile(r"\b(count|number|total|people|persons|residents|population|households|jobs|claimants)\b")


def _latest_key(v: str):
    years = [int(y) for y in re.findall(r"(?<!\d)(19\d\d|20\d\d)(?!\d)", v)]
    return (max(years) if years else -1, v)


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
        result.layer = _with_source(result.layer, p.name, result.source_sha256)
    return result


def _with_source(layer: Layer, file_name: str, sha: str) -> Layer:
    d = replace(layer.dataset, attribution=f"Imported from {file_name} (sha256 {sha[:12]}); figures as supplied.")
    return replace(layer, dataset=d)


def interpret_table(raw: RawTable, code_column=None, value_column=None, name=None, where=None,
                    aggregate=None, higher_is_worse=None) -> ImportResult:
    """Find the header, the code and value columns, match the codes and read the values of a RawTable."""
    rows = [[c if isinstance(c, str) else cell_text(c) for c in r] for r in raw.rows]
    fname = raw.source
    report = ValidationReport(file=fname, sheet=raw.sheet, encoding=raw.encoding, sheets=list(raw.sheets))
    report.notes += raw.notes
    if not any(any(c.strip() for c in r) for r in rows):
        raise ImportFileError(f"{fname} is empty: choose a file with a header row and one row per area.")
    ncols = max(len(r) for r in rows)
    if ncols < 2:
        if raw.delimiter and sum(1 for r in rows if r and any(d in r[0] for d in ",;\t|")) == 0:
            raise ImportFileError(f"{fname} has only one column: placeviz needs a column of area codes and a column "
                                  "of values, separated by commas, tabs or semicolons.")
        raise ImportFileError(f"{fname} has only one column: separate the area codes and the values with commas, "
                              "tabs or semicolons, or save it again as CSV.")

    # --- code column and header row ---
    if code_column is not None and str(code_column).strip():
        header_i = None
        for i, r in enumerate(rows[:200]):
            if any(c.strip() == str(code_column).strip() or normalise(c) == normalise(code_column)
                   for c in r if c.strip()):
                header_i = i
                break
        if header_i is None:
            header_i = _first_header_guess(rows)
        header = _pad(rows[header_i], ncols)
        j = _find_column(header, code_column, fname, "code")
        first = header_i + 1
    else:
        counts = Counter()
        for r in rows:
            for jj, c in enumerate(r):
                if c and is_gss_code(c):
                    counts[jj] += 1
        if not counts:
            first_header = _pad(rows[_first_header_guess(rows)], ncols)
            cols = [h for h in first_header if h.strip()]
            raise ImportFileError(
                f"No column of {fname} holds ONS area codes (like E01012345 or E08000012): add a column of codes, "
                "or name the one that holds them with --code-column"
                + (f" (the columns are {', '.join(repr(c) for c in cols[:12])})." if cols else "."))
        j = _code_column(rows, counts)
        first = next(i for i, r in enumerate(rows) if len(r) > j and is_gss_code(r[j]))
        header_i = _header_for(rows, first)
        header = _pad(rows[header_i], ncols) if header_i is not None else [f"column {k + 1}" for k in range(ncols)]
        if header_i is None:
            report.notes.append("No header row found: columns are numbered from 1.")
    header = [h.strip() or f"column {k + 1}" for k, h in enumerate(header)]
    header = _unique(header)
    report.code_column = header[j]
    report.columns = list(header)
    report.header_line = (header_i + 1) if header_i is not None else None
    top = header_i if header_i is not None else first
    titles = [" ".join(c for c in r if c.strip()) for r in rows[:top] if any(c.strip() for c in r)]
    if titles:
        report.notes.append(f"Skipped {len(titles)} title line(s) above the header: "
                            + "; ".join(t[:80] for t in titles[:3]) + ("; ..." if len(titles) > 3 else "") + ".")

    # --- data rows: from the first code to the last code-like row; below that, notes ---
    last = max(i for i, r in enumerate(rows) if len(r) > j and is_gss_code(r[j])) if any(
        len(r) > j and is_gss_code(r[j]) for r in rows) else len(rows) - 1
    data: list[tuple[int, list[str]]] = []
    for i in range(first, len(rows)):
        r = _pad(rows[i], ncols)
        if not any(c.strip() for c in r):
            continue
        if i > last:
            filled = [c for c in r if c.strip()]
            cell = r[j].strip()
            if len(filled) >= 2 and cell and len(cell) <= 15 and " " not in cell:
                data.append((i + 1, r))
            continue
        data.append((i + 1, r))
    notes_below = sum(1 for i in range(last + 1, len(rows)) if any(c.strip() for c in rows[i])) - sum(
        1 for ln, _ in data if ln - 1 > last)
    if notes_below > 0:
        report.notes.append(f"Ignored {notes_below} line(s) of notes below the data.")
    if not data:
        raise ImportFileError(f"{fname} has a header but no data rows: add one row per area below the header.")

    # --- filters ---
    if where:
        for col, val in where.items():
            k = _find_column(header, col, fname, "filter")
            before = len(data)
            data = [(ln, r) for ln, r in data if normalise(r[k]) == normalise(val)]
            report.notes.append(f"Kept the {len(data):,} of {before:,} rows where {header[k]!r} is {val!r}.")
            if not data:
                raise ImportFileError(f"No row of {fname} has {header[k]!r} equal to {val!r}: check the value.")

    # --- value column ---
    decimal_comma = raw.delimiter == ";"
    numeric: list[tuple[int, int, int]] = []  # (column, values, invalid)
    for k in range(ncols):
        if k == j:
            continue
        statuses = Counter(parse_number(r[k], decimal_comma)[1] for _, r in data)
        if statuses["value"] and 4 * statuses["value"] >= statuses["value"] + statuses["invalid"]:
            numeric.append((k, statuses["value"], statuses["invalid"]))
    report.numeric_columns = [header[k] for k, _, _ in numeric]
    if value_column is not None and str(value_column).strip():
        v = _find_column(header, value_column, fname, "value")
        if v == j:
            raise ImportFileError(f"{header[v]!r} is the code column, so it cannot also be the value column: "
                                  "choose another with --value-column.")
    else:
        if not numeric:
            raise ImportFileError(
                f"No column of {fname} holds numbers placeviz can use (the cells are text, infinite or implausibly "
                "large): check that the file holds figures, or name the value column with --value-column.")
        v = max(numeric, key=lambda t: (_value_preference(header[t[0]]), t[1], -t[0]))[0]
    report.value_column = header[v]

    # --- periods and sexes: one row per area ---
    data = _one_row_per_area(data, header, j, v, report)

    # --- codes and geography ---
    codes = [normalise_code(r[j]) for _, r in data]
    english = [c for c in codes if c[:3] in SETS_BY_PREFIX]
    hints = boundary_year_hints([header[j], *titles])
    set_name, _ = detect_geography(english, hints)
    report.rows = len(data)
    from placeviz.model.geography import BOUNDARY_COUNTS

    valid = code_set(set_name) if set_name else frozenset()
    siblings = {s: code_set(s) for s in SIBLING_SETS.get(set_name, ())} if set_name else {}
    report.boundary_set = set_name
    report.expected = BOUNDARY_COUNTS.get(set_name, 0) if set_name else 0

    seen: dict[str, int] = {}
    dup_lines: dict[str, list[int]] = {}
    values: dict[str, float] = {}
    decimals = 0
    pct_seen = v in raw.percent_columns
    for (ln, r), code in zip(data, codes, strict=True):
        if code in seen:
            dup_lines.setdefault(code, [seen[code]]).append(ln)
            continue
        seen[code] = ln
        if code not in valid:
            why = _why_unmatched(code, siblings, report)
            report.unmatched.append((ln, r[j].strip(), why))
            continue
        cell = r[v]
        val, status = parse_number(cell, decimal_comma)
        if "%" in cell:
            pct_seen = True
        if status == "value":
            values[code] = val
            m = re.search(r"\.(\d+)", cell.replace("%", ""))
            decimals = max(decimals, min(len(m.group(1)), 3) if m else 0)
        else:
            values[code] = np.nan
            if status == "invalid":
                report.non_numeric.append((ln, code, cell.strip()[:40]))
    report.duplicates = list(dup_lines.items())
    report.matched = len(values)
    report.with_value = int(sum(1 for x in values.values() if x == x))
    report.no_data = report.matched - report.with_value - len(report.non_numeric)
    if set_name and report.matched:
        rate = report.matched / max(report.rows, 1)
        if rate < 0.5:
            report.warnings.append(f"Only {rate:.0%} of the rows matched {report.boundary_name} areas: check that "
                                   f"{report.code_column!r} is the right column and the codes are for England.")
        if set_name == "lsoa11" and not report.other_year:
            report.conversion = ("These are LSOA 2011 areas. placeviz can convert them to LSOA 2021 through the ONS "
                                 "lookup (split areas share the value, merged areas are population-weighted): "
                                 "use --to-lsoa21, or 'Convert to LSOA 2021' in the app.")
    if report.matched and report.with_value == 0:
        report.warnings.append(f"No matched area has a number in {report.value_column!r}: choose another column "
                               "with --value-column.")

    frame = pd.DataFrame({"value": pd.Series(values, dtype="float64")})
    frame.index.name = "code"
    layer = None
    if report.ok:
        unit = "%" if pct_seen or re.search(r"%|percent|per cent", report.value_column, re.I) else ""
        how = aggregate or ("sum" if _SUM_HINT.search(report.value_column.lower()) and unit != "%" else "mean")
        if how not in ("mean", "sum"):
            raise ImportFileError(f"Unknown aggregation {how!r}: use 'mean' for rates and shares or 'sum' for counts.")
        period = _period(data, header, titles)
        title = (name or _indicator_title(data, header, titles) or report.value_column).strip()[:120] or Path(
            fname).stem
        layer = make_layer(title, set_name, fname, unit=unit, period=period, aggregate=how,
                           higher_is_worse=higher_is_worse, decimals=decimals, report=report)
        report.layer_id = layer.id
    return ImportResult(report=report, frame=frame, layer=layer)


def _code_column(rows: list[list[str]], counts: Counter) -> int:
    """Of the columns holding area codes, the one with the most different codes (a 'parent code' column
    repeats a few), preferring a header that does not say 'parent'."""
    top = max(counts.values())
    best, best_key = None, None
    for jj, n in counts.items():
        if n < 0.5 * top:
            continue
        distinct = len({normalise_code(r[jj]) for r in rows if len(r) > jj and is_gss_code(r[jj])})
        head = " ".join(r[jj].lower() for r in rows[:50] if len(r) > jj and not is_gss_code(r[jj]))
        key = (distinct, "parent" not in head, -jj)
        if best_key is None or key > best_key:
            best, best_key = jj, key
    return best


def _first_header_guess(rows: list[list[str]]) -> int:
    for i, r in enumerate(rows[:200]):
        if sum(1 for c in r if c.strip()) >= 2:
            return i
    return 0


def _pad(r: list[str], n: int) -> list[str]:
    return list(r) + [""] * (n - len(r)) if len(r) < n else list(r)


def _unique(names: list[str]) -> list[str]:
    seen: Counter = Counter()
    out = []
    for n in names:
        seen[n] += 1
        out.append(n if seen[n] == 1 else f"{n} ({seen[n]})")
    return out


def _value_preference(h: str) -> int:
    t = h.lower()
    score = 0
    if _VALUE_PREFER.search(t):
        score += 2
    if _VALUE_AVOID.search(t):
        score -= 3
    return score


def _one_row_per_area(data, header, j, v, report) -> list:
    """When a long-format file repeats areas across periods or sexes, keep the latest period / all persons."""
    codes = [normalise_code(r[j]) for _, r in data]
    if len(set(codes)) == len(codes):
        return data
    for k, h in enumerate(header):
        if k in (j, v):
            continue
        hl = h.strip().lower()
        group_col = _SEX_COL.match(hl) or _BREAKDOWN_COL.match(hl)
        if not (_PERIOD_COL.search(hl) or group_col):
            continue
        distinct = {r[k].strip() for _, r in data}
        if not 1 < len(distinct) <= 200:
            continue
        if group_col:
            keep = next((a for a in _ALL_VALUES for d in distinct if d.lower() == a), None)
            if keep is None:
                continue
            keep = next(d for d in distinct if d.lower() == keep)
            why = (f"the file has rows for {len(distinct)} groups in {h!r}: kept "
                   + (f"{keep!r}" if keep else "the rows where it is blank (all groups)"))
        else:
            keep = max(distinct, key=_latest_key)
            why = f"the file has {len(distinct)} periods in {h!r}: kept the latest, {keep!r}"
        data = [(ln, r) for ln, r in data if r[k].strip() == keep]
        report.notes.append(f'One row per area: {why} (choose another with --where "{h}=VALUE").')
        codes = [normalise_code(r[j]) for _, r in data]
        if len(set(codes)) == len(codes):
            break
    return data


def _why_unmatched(code: str, siblings: dict[str, set], report: ValidationReport) -> str:
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


_INDICATOR_COL = re.compile(r"^(indicator|indicator name|indicator_name|variable|measure|measure name)$")


def _indicator_title(data, header, titles) -> str | None:
    """What the values measure, when the file says: an indicator-name column with one value (Fingertips)
    or a 'Variable :' title line (Nomis)."""
    for k, h in enumerate(header):
        if _INDICATOR_COL.match(h.strip().lower()):
            distinct = {r[k].strip() for _, r in data if r[k].strip()}
            if len(distinct) == 1:
                return next(iter(distinct))
    for t in titles:
        m = re.match(r"^\s*(variable|indicator|measure)\s*:?\s+(.+)$", t, re.I)
        if m and len(m.group(2).strip()) > 3:
            return m.group(2).strip()
    return None


def _period(data, header, titles) -> str:
    for k, h in enumerate(header):
        if _PERIOD_COL.search(h.lower()):
            distinct = {r[k].strip() for _, r in data if r[k].strip()}
            if len(distinct) == 1:
                return next(iter(distinct))[:40]
    for t in titles:
        m = re.search(r"(?:[A-Z][a-z]{2} )?(19|20)\d\d(?:\s*[-–/]\s*(?:[A-Z][a-z]{2} )?(19|20)?\d\d)?", t)
        if m:
            return m.group(0)[:40]
    return "as supplied"


def _slug(text: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "_", normalise(text)).strip("_")
    return s[:40] or "data"


def _user() -> str:
    try:
        return getpass.getuser() or "you"
    except Exception:  # no login name in some sandboxes
        return "you"


def make_layer(title: str, geography: str, file_name: str, unit: str = "", period: str = "as supplied",
               aggregate: str = "mean", higher_is_worse: bool | None = None, decimals: int = 1,
               report: ValidationReport | None = None, description: str | None = None) -> Layer:
    """A catalog Layer for imported values (theme 'imported', the user as publisher), with a free id."""
    cat = load_catalog()
    base = f"imported_{_slug(title)}"
    layer_id, n = base, 1
    while layer_id in cat:
        n += 1
        layer_id = f"{base}_{n}"
    caveats = ["Your own data, imported from a file: placeviz has not checked the figures themselves."]
    if report is not None and report.no_data:
        caveats.append(f"{report.no_data:,} areas had suppressed or blank values and are shown as no data.")
    if report is not None and report.expected and report.matched < report.expected:
        caveats.append(f"The file covers {report.matched:,} of England's {report.expected:,} "
                       f"{GEOGRAPHY_NAMES[geography]} areas: national ranks compare those areas only.")
    dataset = Dataset(id=f"user_{layer_id}", title=file_name, publisher=f"{_user()} (your own data)",
                      licence="as supplied by the user", attribution=f"Imported from {file_name}.")
    return Layer(
        id=layer_id, title=title, short_title=title[:40], theme="imported", unit=unit, period=period,
        geography=geography, dataset=dataset, column="value", kind="table", table=None,
        weight="population" if aggregate == "mean" else None, aggregate=aggregate,
        higher_is_worse=higher_is_worse, default_scheme="quantiles", decimals=max(0, min(int(decimals), 3)),
        description=description or (f"{title}, imported from {file_name} ({GEOGRAPHY_NAMES.get(geography, geography)})."
                                    + (f" {report.summary()}" if report else "")),
        caveats=tuple(caveats),
    )


def add_to_catalog(result: ImportResult) -> Layer:
    """Register an import's layer and values so map_data, classify, compare, profile and export use it."""
    from placeviz.model.mapdata import clear_cache

    if result.layer is None or not result.report.ok:
        raise ImportFileError(f"Nothing from {result.report.file} can be added: no row matched an area in England.")
    frame = result.frame[[c for c in result.frame.columns if c == result.layer.column or c == "value"]]
    load_catalog().add(result.layer, frame)
    clear_cache(result.layer.id)
    _IMPORTED[result.layer.id] = result
    return result.layer


def remove_from_catalog(layer_id: str) -> None:
    from placeviz.model.mapdata import clear_cache

    load_catalog().remove(layer_id)
    clear_cache(layer_id)
    _IMPORTED.pop(layer_id, None)


#: imports added to the catalog in this session, by layer id (what a workspace saves)
_IMPORTED: dict[str, ImportResult] = {}


def imported_results() -> list[ImportResult]:
    """The imports added to the catalog in this session and still in it, oldest first."""
    cat = load_catalog()
    return [r for lid, r in _IMPORTED.items() if lid in cat and cat.get(lid) is r.layer]


# --------------------------------------------------------------------------------------------------
# LSOA 2011 -> LSOA 2021


def convert_lsoa11_to_lsoa21(result: ImportResult) -> ImportResult:
    """The import's LSOA 2011 values moved to LSOA 2021 areas through the ONS lookup.

    Each 2011 area's share of each 2021 area it overlaps is apportioned by population (mid-2020 estimates
    at 2021 areas): unchanged areas keep their value; a split area's parts each take its value when it is a
    rate (mean) or a population share of it when it is a count (sum); merged and irregular areas get the
    population-weighted mean (or the sum) of their parts. The report says so.
    """
    from placeviz.model.mapdata import population

    rep = result.report
    if rep.boundary_set != "lsoa11" or result.layer is None:
        raise ImportFileError(f"Only LSOA 2011 data can be converted to LSOA 2021; {rep.file} is {rep.boundary_name}.")
    lk = lsoa_lookup()
    col = result.layer.column
    v = result.frame[col]
    lk = lk[lk.lsoa11_code.isin(v.index)].copy()
    pop21 = population("lsoa21").reindex(lk.lsoa21_code).to_numpy()
    pop21 = np.where(np.isfinite(pop21) & (pop21 > 0), pop21, 1.0)
    lk["pop21"] = pop21
    lk["share"] = lk.pop21 / lk.groupby("lsoa11_code").pop21.transform("sum")
    pop11 = population("lsoa11").reindex(lk.lsoa11_code).to_numpy()
    lk["w"] = np.where(np.isfinite(pop11), pop11, 0.0) * lk.share
    lk["v"] = v.reindex(lk.lsoa11_code).to_numpy()
    ok = lk.v.notna()
    if result.layer.aggregate == "sum":
        out = (lk.v * lk.share)[ok].groupby(lk.lsoa21_code[ok]).sum()
    else:
        num = (lk.v * lk.w)[ok].groupby(lk.lsoa21_code[ok]).sum()
        den = lk.w[ok].groupby(lk.lsoa21_code[ok]).sum()
        out = num / den.where(den > 0)
    all21 = pd.Index(lk.lsoa21_code.unique())
    frame = pd.DataFrame({col: out.reindex(all21)})
    frame.index.name = "code"
    changes = lk.drop_duplicates("lsoa11_code").change_code.value_counts()
    report = replace(rep, boundary_set="lsoa21", matched=len(frame), with_value=int(frame[col].notna().sum()),
                     conversion=None, notes=list(rep.notes), warnings=list(rep.warnings), other_year={},
                     expected=33_755)
    report.no_data = report.matched - report.with_value
    how = ("split areas' parts each take the 2011 value, merged and irregular areas take the population-weighted "
           "mean of their parts" if result.layer.aggregate == "mean" else
           "split areas' counts are shared among their parts by population, merged areas' counts are summed")
    report.notes.append(
        f"Converted from LSOA 2011 to LSOA 2021 through the ONS lookup: {int(changes.get('U', 0)):,} unchanged, "
        f"{int(changes.get('S', 0)):,} split, {int(changes.get('M', 0)):,} merged and {int(changes.get('X', 0)):,} "
        f"irregular 2011 areas; {how}, apportioned by population (mid-2020 estimates).")
    caveat = ("Converted from LSOA 2011 to 2021 areas through the ONS best-fit lookup, apportioned by population: "
              "values for split and merged areas are estimates.")
    layer = make_layer(result.layer.title + " (LSOA 2021)", "lsoa21", result.layer.dataset.title,
                       unit=result.layer.unit, period=result.layer.period, aggregate=result.layer.aggregate,
                       higher_is_worse=result.layer.higher_is_worse, decimals=result.layer.decimals, report=report)
    layer = replace(layer, dataset=result.layer.dataset, caveats=(*layer.caveats, caveat))
    report.layer_id = layer.id
    return ImportResult(report=report, frame=frame, layer=layer, source_path=result.source_path,
                        source_sha256=result.source_sha256, options={**result.options, "to_lsoa21": True})


# --------------------------------------------------------------------------------------------------
# boundaries: the user's own areas


@dataclass
class AreasImport:
    """The user's own areas, in EPSG:27700, with an id and a name column, and a report."""

    areas: object  # GeoDataFrame: code, name, geometry (+ the file's other columns)
    report: ValidationReport
    source_path: str = ""
    source_sha256: str = ""


def _vector_in(folder: Path, name: str) -> Path:
    found = sorted(p for p in folder.rglob("*") if p.suffix.lower() in VECTOR_SUFFIXES and p.is_file()
                   and "__MACOSX" not in p.parts)
    shp = [p for p in found if p.suffix.lower() == ".shp"]
    found = shp or found
    if not found:
        raise ImportFileError(f"{name} holds no boundary file (.shp, .gpkg or .geojson): choose the folder or zip "
                              "that holds your areas.")
    if len(found) > 1:
        raise ImportFileError(f"{name} holds {len(found)} boundary files ({', '.join(p.relative_to(folder).as_posix() for p in found[:5])}): "
                              "import the one you want directly.")
    return found[0]


def read_boundaries(path: str | Path, layer: str | None = None, id_column: str | None = None,
                    name_column: str | None = None) -> AreasImport:
    """The user's areas from a GeoPackage, GeoJSON or Shapefile (file, folder or zip), reprojected to EPSG:27700."""
    import geopandas as gpd

    p = checked_path(path, allow_dir=True)
    with tempfile.TemporaryDirectory(prefix="placeviz-import-") as tmp:
        src = p
        if p.is_dir():
            src = _vector_in(p, p.name)
        elif p.suffix.lower() == ".zip" or (p.is_file() and sniff_kind(p) == "archive"):
            extract_archive(p, Path(tmp))
            src = _vector_in(Path(tmp), p.name)
        if src.suffix.lower() == ".shp":
            missing = [ext for ext in (".shx", ".dbf") if not src.with_suffix(ext).exists()
                       and not src.with_suffix(ext.upper()).exists()]
            if missing:
                raise ImportFileError(f"The shapefile {src.name} is missing its {' and '.join(missing)} file: a shapefile "
                                      "is several files; copy them all (or a zip of them) and try again.")
            if not src.with_suffix(".prj").exists() and not src.with_suffix(".PRJ").exists():
                raise ImportFileError(f"The shapefile {src.name} has no .prj file, so its coordinate system is unknown: "
                                      "copy the .prj that came with it, or save it from a GIS with its CRS.")
        if src.suffix.lower() in (".geojson", ".json"):
            _check_geojson_text(src)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # GDAL's remarks on odd features: the checks below speak instead
                g = gpd.read_file(src, layer=layer) if layer else gpd.read_file(src)
        except Exception as exc:  # pyogrio/fiona raise their own types for unreadable data
            raise ImportFileError(f"{src.name} is not a boundary file placeviz can read ({first_line(exc)}): export it "
                                  "again as GeoPackage, GeoJSON or a zipped Shapefile.") from exc
        report = ValidationReport(file=p.name, kind="boundaries")
        areas = _clean_areas(g, src.name, id_column, name_column, report)
    return AreasImport(areas=areas, report=report, source_path=str(p.resolve()),
                       source_sha256=sha256_file(p) if p.is_file() else "")


def _check_geojson_text(src: Path) -> None:
    import json

    data = read_file_bytes(src)
    if not data.strip():
        raise ImportFileError(f"{src.name} is empty: export your areas again as GeoJSON.")
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise ImportFileError(f"{src.name} is not a GeoJSON file (it is not valid JSON): export your areas again as "
                              "GeoJSON.") from exc
    if not isinstance(doc, dict) or doc.get("type") not in ("FeatureCollection", "Feature", "Polygon",
                                                              "MultiPolygon", "GeometryCollection"):
        raise ImportFileError(f"{src.name} is JSON but not GeoJSON (no FeatureCollection of areas): export your areas "
                              "again as GeoJSON.")


def _clean_areas(g, src_name: str, id_column, name_column, report: ValidationReport):
    import geopandas as gpd
    import shapely

    if len(g) == 0:
        raise ImportFileError(f"{src_name} holds no areas: choose a file with at least one polygon.")
    if g.crs is None:
        raise ImportFileError(f"{src_name} has no coordinate reference system: save it with its CRS (e.g. EPSG:27700 "
                              "or EPSG:4326) and try again.")
    geom = g.geometry
    kinds = set(geom.geom_type.dropna())
    if not kinds & {"Polygon", "MultiPolygon"}:
        raise ImportFileError(f"{src_name} holds {', '.join(sorted(kinds)) or 'no'} geometries, not areas: placeviz "
                              "needs polygons (wards, networks, neighbourhoods).")
    keep = ~geom.isna() & ~geom.is_empty & geom.geom_type.isin(["Polygon", "MultiPolygon", "GeometryCollection"])
    dropped = int((~keep).sum())
    g = g[keep].copy()
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        try:
            g = g.to_crs("EPSG:27700")
        except Exception as exc:  # pyproj raises CRSError and ProjError
            raise ImportFileError(f"{src_name} is in a coordinate system placeviz cannot convert ({first_line(exc)}): save "
                                  "it in EPSG:27700 or EPSG:4326.") from exc
        minx, miny, maxx, maxy = g.total_bounds
        if not (np.isfinite([minx, miny, maxx, maxy]).all() and -10_000 < minx and maxx < 720_000
                and -10_000 < miny and maxy < 1_300_000):
            raise ImportFileError(f"{src_name}'s areas do not fall in Great Britain once reprojected: its coordinate "
                                  "system (.prj or CRS) is probably wrong; set the right one in a GIS and save again.")
        invalid = ~g.geometry.is_valid
        if invalid.any():
            g.loc[invalid, "geometry"] = shapely.make_valid(g.geometry[invalid].values)
            report.notes.append(f"Repaired {int(invalid.sum())} invalid geometries.")
    cols = [c for c in g.columns if c != g.geometry.name]
    idc = id_column or _guess_column(g, cols, ("code", "cd", "id", "fid", "ref"))
    namec = name_column or _guess_column(g, cols, ("name", "nm", "label", "title"))
    for wanted, what in ((id_column, "id"), (name_column, "name")):
        if wanted and wanted not in g.columns:
            raise ImportFileError(suggestion(wanted, cols, f"{what} column in {src_name}") +
                                  f" The columns are: {', '.join(cols[:20])}.")
    out = gpd.GeoDataFrame({
        "code": g[idc].astype(str).to_numpy() if idc else [f"area {i + 1}" for i in range(len(g))],
        "name": g[namec].astype(str).to_numpy() if namec else (g[idc].astype(str).to_numpy() if idc else
                                                               [f"Area {i + 1}" for i in range(len(g))]),
    }, geometry=g.geometry.to_numpy(), crs="EPSG:27700")
    for c in cols:
        if c not in ("code", "name"):
            out[c] = g[c].to_numpy()
    if not out["code"].is_unique:
        report.warnings.append(f"The id column {idc!r} repeats values: areas are kept as separate rows.")
    report.rows = len(g) + dropped
    report.matched = len(out)
    report.code_column, report.value_column = idc, None
    report.notes.append(f"{len(out):,} areas read and reprojected to British National Grid (EPSG:27700)"
                        + (f"; {dropped} empty or non-polygon features skipped." if dropped else "."))
    report.notes.append(f"Id column: {idc!r}; name column: {namec!r}." if idc or namec else
                        "No id or name column found: areas are numbered.")
    return out


def _guess_column(g, cols: list[str], words: tuple[str, ...]) -> str | None:
    for w in words:
        for c in cols:
            cl = c.lower()
            if (cl == w or cl.endswith(w) or cl.startswith(w)) and g[c].dtype == object:
                return c
    for w in words:
        for c in cols:
            if c.lower() == w or c.lower().endswith(w):
                return c
    return None


def layer_for_areas(areas_gdf, layer_id: str, year: str | None = None, method: str = "overlay"):
    """The user's areas with a layer's value each, aggregated from the layer's own areas.

    Each of the layer's source areas (LSOAs for most layers) is shared among the user's areas it overlaps in
    proportion to the share of its land in each (``method='overlay'``, area-weighted: right for areas whose
    edges do not follow LSOAs, such as primary care networks drawn round practices), or given whole to the
    user area holding its representative point (``method='point'``: faster; exact when the user's areas are
    built from whole LSOAs, as most wards nearly are). The value is then the population-weighted mean of
    the source values (or their sum, for count layers such as residents). Population is assumed even across
    each LSOA. An area gets no value when parts holding less than half its population have one.

    Returns a GeoDataFrame: the user's columns plus ``value``, ``coverage`` (share of population with a
    value) and ``population`` (residents assigned, mid-2020).
    """
    import geopandas as gpd
    import shapely

    from placeviz.model.geography import boundaries
    from placeviz.model.mapdata import MIN_WEIGHT_SHARE, population, source_values

    if method not in ("overlay", "point"):
        raise ImportFileError(f"Unknown method {method!r}: use 'overlay' (area-weighted) or 'point'.")
    layer = load_catalog().get(layer_id) if isinstance(layer_id, str) else layer_id
    src_set, src = source_values(layer, year)
    if areas_gdf is None or len(areas_gdf) == 0:
        raise ImportFileError("There are no areas to give values to: import a boundary file first.")
    user = areas_gdf if areas_gdf.crs is not None else None
    if user is None:
        raise ImportFileError("Your areas have no coordinate reference system: import them again from a file with one.")
    user = areas_gdf.to_crs("EPSG:27700")
    base = boundaries(src_set)
    xmin, ymin, xmax, ymax = user.total_bounds
    cand = base.cx[xmin:xmax, ymin:ymax]
    weights = population(src_set) if src_set.startswith(("lsoa", "msoa", "lad")) else None
    geoms_u = user.geometry.values
    geoms_s = cand.geometry.values
    if method == "point":
        pts = shapely.point_on_surface(geoms_s)
        tree = shapely.STRtree(geoms_u)
        s_idx, u_idx = tree.query(pts, predicate="within")
        frac = np.ones(len(s_idx))
    else:
        tree = shapely.STRtree(geoms_s)
        u_idx, s_idx = tree.query(geoms_u, predicate="intersects")
        inter = shapely.area(shapely.intersection(geoms_u[u_idx], geoms_s[s_idx]))
        frac = inter / np.maximum(shapely.area(geoms_s[s_idx]), 1e-9)
        keep = frac > 1e-6
        u_idx, s_idx, frac = u_idx[keep], s_idx[keep], frac[keep]
    codes = cand["code"].to_numpy()[s_idx]
    vals = src["value"].reindex(codes).to_numpy(dtype="float64")
    pop = (weights.reindex(codes).to_numpy(dtype="float64") if weights is not None else np.ones(len(codes)))
    pop = np.where(np.isfinite(pop), pop, 0.0) * frac
    # the same weights the maps use when they aggregate this layer (mapdata.national_values)
    if "weight" in src and layer.aggregate != "sum":
        w = src["weight"].reindex(codes).to_numpy(dtype="float64")
        w = np.where(np.isfinite(w), w, 0.0) * frac
    elif layer.weight is None and layer.aggregate != "sum":
        w = frac.astype("float64")
    else:
        w = pop
    n = len(user)
    ok = np.isfinite(vals)
    total = np.bincount(u_idx, weights=w, minlength=n)
    got = np.bincount(u_idx[ok], weights=w[ok], minlength=n)
    if layer.aggregate == "sum":
        value = np.bincount(u_idx[ok], weights=(vals * frac)[ok], minlength=n)
    else:
        num = np.bincount(u_idx[ok], weights=(vals * w)[ok], minlength=n)
        with np.errstate(invalid="ignore", divide="ignore"):
            value = num / got
    with np.errstate(invalid="ignore", divide="ignore"):
        coverage = np.where(total > 0, got / total, 0.0)
    value = np.where(coverage >= MIN_WEIGHT_SHARE, value, np.nan)
    out = gpd.GeoDataFrame(user.drop(columns=["value", "coverage", "population"], errors="ignore").copy(),
                           geometry=user.geometry.name, crs="EPSG:27700")
    out["value"] = value
    out["coverage"] = np.round(coverage, 4)
    out["population"] = np.round(np.bincount(u_idx, weights=pop, minlength=n), 1)
    out.attrs["layer_id"] = layer.id
    out.attrs["source_set"] = src_set
    out.attrs["method"] = method
    return out


# --------------------------------------------------------------------------------------------------
# rasters


RASTER_LEVELS = {"lsoa": {2011: "lsoa11", 2021: "lsoa21"}, "msoa": {2011: "msoa11", 2021: "msoa21"},
                 "la": {2011: "lad21", 2021: "lad24"}}


def import_raster(path: str | Path, level: str = "lsoa", vintage: int = 2011, name: str | None = None,
                  higher_is_worse: bool | None = None) -> ImportResult:
    """A raster summarised to areas (zonal mean, nodata respected) as a new layer at ``level``.

    Areas less than half covered by valid cells get no data. The raster is reprojected to EPSG:27700 first.
    """
    from placeviz.model.geography import BOUNDARY_COUNTS, boundaries
    from placeviz.model.raster import RasterError, read_grid, zonal_mean

    p = checked_path(path)
    if level not in RASTER_LEVELS:
        raise ImportFileError(f"Unknown level {level!r}: use lsoa, msoa or la.")
    set_name = RASTER_LEVELS[level][2021 if int(vintage) == 2021 else 2011]
    try:
        grid = read_grid(p)
    except RasterError:
        raise
    except Exception as exc:  # rasterio/GDAL raise various errors on unusual files
        raise ImportFileError(f"{p.name} is not a raster placeviz can read ({first_line(exc)}): save it as a GeoTIFF "
                              "with a coordinate system and try again.") from exc
    if not np.isfinite(grid.values).any():
        raise ImportFileError(f"{p.name} holds no values (every cell is nodata): check the file and its nodata setting.")
    g = boundaries(set_name)
    minx, miny, maxx, maxy = grid.bounds
    sub = g.cx[minx:maxx, miny:maxy]
    if len(sub) == 0:
        raise ImportFileError(f"{p.name} does not overlap England once reprojected: check its coordinate system.")
    cells = grid.values.size
    supersample = max(1, min(10, int(math.sqrt(40_000_000 / max(cells, 1)))))
    means, _cover = zonal_mean(grid, sub, supersample=supersample)
    frame = pd.DataFrame({"value": means}, index=pd.Index(sub["code"].to_numpy(), name="code"))
    report = ValidationReport(file=p.name, kind="raster", boundary_set=set_name, rows=len(sub), matched=len(sub),
                              expected=BOUNDARY_COUNTS[set_name])
    report.with_value = int(np.isfinite(means).sum())
    report.no_data = report.matched - report.with_value
    report.notes.append(f"Raster {grid.values.shape[1]:,} x {grid.values.shape[0]:,} cells"
                        + (f" in {grid.units}" if grid.units else "") + ", in British National Grid; "
                        f"zonal mean over {len(sub):,} {GEOGRAPHY_NAMES[set_name]} areas that overlap it "
                        f"(sampled {supersample}x{supersample} per cell; areas less than half covered by valid "
                        "cells get no data).")
    if report.with_value == 0:
        report.warnings.append("No area is at least half covered by valid cells.")
    title = (name or p.stem).strip()[:120]
    layer = make_layer(title, set_name, p.name, unit=grid.units or "", period="as supplied",
                       aggregate="mean", higher_is_worse=higher_is_worse, decimals=2, report=report,
                       description=f"Zonal mean of the raster {p.name} over {GEOGRAPHY_NAMES[set_name]} areas.")
    report.layer_id = layer.id
    sha = sha256_file(p)
    # the grid itself, for a canvas that draws it under the areas (render reads ``layer.raster``)
    layer = replace(_with_source(layer, p.name, sha), raster=str(p.resolve()))
    return ImportResult(report=report, frame=frame, layer=layer, source_path=str(p.resolve()),
                        source_sha256=sha, options={"level": level, "vintage": int(vintage), "name": name,
                                                    "kind": "raster"})


# --------------------------------------------------------------------------------------------------
# one entry point


def import_file(path: str | Path, **options):
    """Import any supported file: a table or raster gives an ImportResult, boundaries an AreasImport.

    A zip is looked into: boundary files inside are read as areas, a single table inside as a table.
    """
    p = checked_path(path, allow_dir=True)
    with read_errors(p.name, " (or a file inside it)"):
        return _import_any(p, options)


def _import_any(p: Path, options: dict):
    kind = sniff_kind(p)
    table_opts = {k: options[k] for k in ("code_column", "value_column", "sheet", "name", "where", "aggregate",
                                          "higher_is_worse") if options.get(k) is not None}
    if kind == "table":
        return import_table(p, **table_opts)
    if kind == "raster":
        return import_raster(p, level=options.get("level") or "lsoa", vintage=options.get("vintage") or 2011,
                             name=options.get("name"), higher_is_worse=options.get("higher_is_worse"))
    if kind == "archive":
        if zip_is_xlsx(p):
            return import_table(p, **table_opts)
        infos = check_archive(p)
        names = [i.filename for i in infos if not i.is_dir() and not i.filename.startswith("__MACOSX/")]
        if any(n.lower().endswith(VECTOR_SUFFIXES) for n in names):
            return read_boundaries(p)
        tables = [n for n in names if n.lower().endswith(TABLE_SUFFIXES)]
        if len(tables) == 1:
            with tempfile.TemporaryDirectory(prefix="placeviz-import-") as tmp:
                extract_archive(p, Path(tmp))
                inner = Path(tmp) / tables[0]
                result = import_table(inner, **table_opts)
                result.source_path, result.source_sha256 = str(p.resolve()), sha256_file(p)
                return result
        raise ImportFileError(f"{p.name} holds no single table or boundary file placeviz can import "
                              f"({len(names)} files): unpack it and import the file you need.")
    return read_boundaries(p, id_column=options.get("id_column"), name_column=options.get("name_column"))


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


__all__ = [
    "AreasImport", "ImportFileError", "ImportResult", "RawTable", "ValidationReport", "add_to_catalog",
    "check_archive", "convert_lsoa11_to_lsoa21", "detect_geography", "import_file", "import_raster",
    "import_table", "imported_results", "interpret_table", "layer_for_areas", "layer_from_file",
    "lsoa_lookup", "make_layer", "parse_number", "read_boundaries", "remove_from_catalog", "sha256_file",
    "sniff_kind",
]
