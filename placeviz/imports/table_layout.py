"""Where things are in a table as UK analysts download it: the header row (below any title lines), the
column of area codes, the data rows (above any notes), the column of values, and one row per area when a
long-format file repeats areas across periods or sexes. Also what the table says about itself: the
indicator's name and the period.

Every function here reads rows of text cells (see table_reader) and writes what it decided into the
ValidationReport, so the user sees why.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass

from placeviz.imports.cells import DecimalMark, decimal_mark, parse_number
from placeviz.imports.codes import is_gss_code, normalise_code
from placeviz.imports.errors import ImportFileError
from placeviz.imports.report import ValidationReport
from placeviz.model.names import normalise, suggestion

#: the rows of a table that hold data: (1-based line, cells padded to the table's width)
DataRows = list[tuple[int, list[str]]]

_VALUE_PREFER = re.compile(r"%|percent|rate|value|score|proportion|share|per\b|ratio|mean|average|median")
_VALUE_AVOID = re.compile(r"\b(conf|ci|lci|uci|lower|upper|se|sd|numerator|denominator|rank|decile|quintile|"
                          r"year|date|period|time|id|code|flag|note|sample|n)\b|confidence|interval|limit")
_PERIOD_COL = re.compile(r"time|period|date|year")
_SEX_COL = re.compile(r"^(sex|gender)$")
_BREAKDOWN_COL = re.compile(r"^(age|age group|category|category type|breakdown|ethnicity|ethnic group)$")
_ALL_VALUES = ("persons", "all", "total", "all persons", "people", "all ages", "all people", "")
#: a cell that may hold an area code somewhere in it (is_gss_code decides)
_MAYBE_CODE = re.compile(r"[EWSNKLM]\d{8}", re.I)
#: a number parse_number reads as it is, below its largest plausible value (at most 15 digits before the point)
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d{1,15}(?:\.\d*)?|\.\d+)")
#: a whole column (cells joined by line breaks) of plain numbers and blank cells
_PLAIN_OR_BLANK_COLUMN = re.compile(r"(?:[+-]?(?:\d{1,15}(?:\.\d*)?|\.\d+))?(?:\n(?:[+-]?(?:\d{1,15}(?:\.\d*)?|\.\d+))?)*")
_INDICATOR_COL = re.compile(r"^(indicator|indicator name|indicator_name|variable|measure|measure name)$")
#: columns that say which series (indicator, measure) a row belongs to; a file may hold several
_SERIES_COL = re.compile(r"^(indicator|indicator name|indicator id|indicator code|indicatorid|variable|variable name|"
                         r"measure|measures|measure name|measures name)$")
_SERIES_ID_COL = re.compile(r"^(indicator id|indicator code|indicatorid)$")
#: columns that split an area's rows into groups (sexes, ages, categories, periods, series)
_GROUP_COL = re.compile(r"\b(sex|gender|age|ages|age group|age band|category|breakdown|ethnicity|ethnic group|"
                        r"group|period|time|year|date|quarter|month|indicator|measure|measures|variable)\b")


@dataclass
class TableLayout:
    """Where the header, the area codes and the data are in a table's rows."""

    header: list[str]  # one unique name per column; blank ones are 'column N'
    code_column: int  # index of the column of area codes
    header_row: int | None  # 0-based row of the header; None when the table has none
    first_data: int  # 0-based row of the first data row
    titles: list[str]  # the title lines above the header, each joined into one string


def table_width(rows: list[list[str]], file_name: str, delimiter: str) -> int:
    """The number of columns, after refusing a table that is empty or has only one column."""
    if not any(any(c.strip() for c in r) for r in rows):
        raise ImportFileError(f"{file_name} is empty: choose a file with a header row and one row per area.")
    ncols = max(len(r) for r in rows)
    if ncols < 2:
        if delimiter and sum(1 for r in rows if r and any(d in r[0] for d in ",;\t|")) == 0:
            raise ImportFileError(f"{file_name} has only one column: placeviz needs a column of area codes and a "
                                  "column of values, separated by commas, tabs or semicolons.")
        raise ImportFileError(f"{file_name} has only one column: separate the area codes and the values with "
                              "commas, tabs or semicolons, or save it again as CSV.")
    return ncols


def find_layout(rows: list[list[str]], ncols: int, code_column, report: ValidationReport) -> TableLayout:
    """The header row and the code column: the one the user named, else the one holding area codes."""
    if code_column is not None and str(code_column).strip():
        header_i, j = _named_code_column(rows, ncols, code_column, report.file)
        first = header_i + 1
        header = _pad(rows[header_i], ncols)
    else:
        j, first, header_i = _detected_code_column(rows, ncols, report.file)
        header = _pad(rows[header_i], ncols) if header_i is not None else [f"column {k + 1}" for k in range(ncols)]
        if header_i is None:
            report.notes.append("No header row found: columns are numbered from 1.")
    # a header cell quoted over several lines ("Rate per 1,000\n(2021)") is one name on one line
    header = _unique([re.sub(r"\s*\n\s*", " ", h.strip()) or f"column {k + 1}" for k, h in enumerate(header)])
    report.code_column = header[j]
    report.columns = list(header)
    report.header_line = (header_i + 1) if header_i is not None else None
    top = header_i if header_i is not None else first
    titles = [" ".join(c for c in r if c.strip()) for r in rows[:top] if any(c.strip() for c in r)]
    if titles:
        report.notes.append(f"Skipped {len(titles)} title line(s) above the header: "
                            + "; ".join(t[:80] for t in titles[:3]) + ("; ..." if len(titles) > 3 else "") + ".")
    return TableLayout(header=header, code_column=j, header_row=header_i, first_data=first, titles=titles)


def _named_code_column(rows: list[list[str]], ncols: int, code_column, file_name: str) -> tuple[int, int]:
    """(header row, code column) for a code column the user named: the first row with a cell of that name."""
    wanted = str(code_column).strip()
    header_i = next((i for i, r in enumerate(rows[:200])
                     if any(c.strip() == wanted or normalise(c) == normalise(code_column) for c in r if c.strip())),
                    None)
    if header_i is None:
        header_i = _first_header_guess(rows)
    return header_i, find_column(_pad(rows[header_i], ncols), code_column, file_name, "code")


def _detected_code_column(rows: list[list[str]], ncols: int, file_name: str) -> tuple[int, int, int | None]:
    """(code column, first data row, header row or None) found from where the area codes are."""
    counts = _code_counts(rows)
    if not counts:
        first_header = _pad(rows[_first_header_guess(rows)], ncols)
        cols = [h for h in first_header if h.strip()]
        raise ImportFileError(
            f"No column of {file_name} holds ONS area codes (like E01012345 or E08000012): add a column of codes, "
            "or name the one that holds them with --code-column"
            + (f" (the columns are {', '.join(repr(c) for c in cols[:12])})." if cols else "."))
    _refuse_transposed(rows, counts, file_name)
    j = _code_column(rows, counts)
    first = next(i for i, r in enumerate(rows) if len(r) > j and is_gss_code(r[j]))
    return j, first, _header_for(rows, first, j)


def _refuse_transposed(rows: list[list[str]], counts: Counter, file_name: str) -> None:
    """Refuse a table with its areas across the top (one column per area), which would otherwise be read as
    one area with no number."""
    if max(counts.values()) > 2:  # a column holds codes: the areas run down it (counting rows would cost seconds)
        return
    by_row = Counter(i for i, r in enumerate(rows) for c in r if c and is_gss_code(c))
    if not by_row:
        return
    i, n = by_row.most_common(1)[0]
    if n >= 3:  # codes across a row (no column holds more than two: returned above)
        shown = ", ".join(normalise_code(c) for c in rows[i] if c and is_gss_code(c))
        raise ImportFileError(
            f"{file_name} has its areas across the top: row {i + 1} holds {n:,} area codes as column headings "
            f"({shown[:60]}{', ...' if len(shown) > 60 else ''}), but placeviz needs one row per area with the "
            "codes down a column. Transpose the table (in Excel or LibreOffice: copy it, then Paste Special > "
            "Transpose) and save it again.")


def _code_counts(rows: list[list[str]]) -> Counter:
    """Column -> cells holding an area code. Column by column, and a column in which no cell has a letter
    and eight digits anywhere (one regular-expression search over the whole column) is not looked at cell by
    cell: a wide table of figures is mostly such columns."""
    counts: Counter = Counter()
    for jj, col in enumerate(itertools.zip_longest(*rows, fillvalue="")):
        if not _MAYBE_CODE.search("\x1f".join(col)):
            continue
        n = sum(1 for c in col if c and is_gss_code(c))
        if n:
            counts[jj] = n
    return counts


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


def _header_for(rows: list[list[str]], first_data: int, j: int) -> int | None:
    """The header row: the nearest row above the data with at least two filled cells and no area code in
    the code column (other columns may be named by area codes, as a matrix of areas against areas is)."""
    for i in range(first_data - 1, max(-1, first_data - 30), -1):
        cells = [c for c in rows[i] if c.strip()]
        if len(cells) >= 2 and not (len(rows[i]) > j and is_gss_code(rows[i][j])):
            return i
        if len(cells) >= 2:
            return None
    return None


def _first_header_guess(rows: list[list[str]]) -> int:
    for i, r in enumerate(rows[:200]):
        if sum(1 for c in r if c.strip()) >= 2:
            return i
    return 0


def find_column(header: list[str], wanted: str, file_name: str, what: str) -> int:
    """The index of the column the user named (exactly, loosely, or by number from 1), or a suggestion."""
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


def _pad(r: list[str], n: int) -> list[str]:
    return list(r) + [""] * (n - len(r)) if len(r) < n else list(r)


def _unique(names: list[str]) -> list[str]:
    seen: Counter = Counter()
    out = []
    for n in names:
        seen[n] += 1
        out.append(n if seen[n] == 1 else f"{n} ({seen[n]})")
    return out


def data_rows(rows: list[list[str]], layout: TableLayout, ncols: int, report: ValidationReport) -> DataRows:
    """The data rows: from the first code to the last code-like row; below that, notes (counted, skipped)."""
    j = layout.code_column
    coded = [i for i, r in enumerate(rows) if len(r) > j and is_gss_code(r[j])]
    last = max(coded) if coded else len(rows) - 1
    data: DataRows = []
    for i in range(layout.first_data, len(rows)):
        r = _pad(rows[i], ncols)
        # an empty row: its first cell usually says it is not; else one join, not a test per cell (tables can
        # be 100 columns wide)
        if not (r[0].strip() or "".join(r).strip()):
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
        raise ImportFileError(f"{report.file} has a header but no data rows: add one row per area below the header.")
    return data


def keep_rows_where(data: DataRows, header: list[str], where: dict[str, str] | None,
                    report: ValidationReport) -> DataRows:
    """Only the rows whose column equals the value, for each ``column: value`` in ``where``."""
    for col, val in (where or {}).items():
        k = find_column(header, col, report.file, "filter")
        before = len(data)
        data = [(ln, r) for ln, r in data if normalise(r[k]) == normalise(val)]
        report.notes.append(f"Kept the {len(data):,} of {before:,} rows where {header[k]!r} is {val!r}.")
        if not data:
            raise ImportFileError(f"No row of {report.file} has {header[k]!r} equal to {val!r}: check the value.")
    return data


def refuse_uncalculated(uncalculated: dict[int, int], layout: TableLayout, value_column,
                        report: ValidationReport) -> None:
    """Refuse a workbook whose formulas were saved without their values, unless the user named another
    column: the empty-looking formula column would otherwise be passed over for a neighbour, silently."""
    cols = [k for k, n in sorted(uncalculated.items())
            if n and k != layout.code_column and k < len(layout.header)]
    if not cols:
        return
    names = [layout.header[k] for k in cols]
    listed = ", ".join(repr(n) for n in names[:5]) + (" and others" if len(names) > 5 else "")
    if value_column is not None and str(value_column).strip():
        v = find_column(layout.header, value_column, report.file, "value")
        if v not in cols:
            report.warnings.append(f"Column(s) {listed} hold formulas that were never calculated (no values were "
                                   "saved with them): open the workbook in Excel or LibreOffice and save it to "
                                   "see their figures.")
            return
        names = [layout.header[v]]
        listed = repr(names[0])
    raise ImportFileError(
        f"{'Column' if len(names) == 1 else 'Columns'} {listed} of {report.file} "
        f"{'holds' if len(names) == 1 else 'hold'} formulas that were never calculated (the workbook was saved "
        "without their values): open it in Excel or LibreOffice and save it, then import it again"
        + ("." if value_column else ", or name another column with --value-column."))


def data_columns(data: DataRows) -> list[tuple[str, ...]]:
    """The data rows' cells column by column (made once for the steps that judge whole columns)."""
    return list(zip(*(r for _, r in data), strict=True))


def decimal_marks(data: DataRows, ncols: int, semicolons: bool,
                  columns: list[tuple[str, ...]] | None = None) -> dict[int, DecimalMark]:
    """Each column's decimal mark, decided from all its cells (see cells.decimal_mark); ``columns`` are
    ``data_columns(data)`` when the caller has them."""
    if columns is None:
        columns = data_columns(data) if data else []
    columns = columns or [()] * ncols
    # a column without a comma has no mark to decide: found by one search of the joined column, at C speed
    return {k: decimal_mark(col, semicolons) if "," in "\x1f".join(col) else DecimalMark(None)
            for k, col in enumerate(columns[:ncols])} | {k: DecimalMark(None) for k in range(len(columns), ncols)}


def choose_value_column(data: DataRows, layout: TableLayout, value_column, marks: dict[int, DecimalMark],
                        report: ValidationReport, semicolons: bool = False,
                        columns: list[tuple[str, ...]] | None = None) -> int:
    """The column of values: the one the user named, else the most value-like column of numbers."""
    header, j = layout.header, layout.code_column
    numeric = _numeric_columns(data, len(header), j, marks, semicolons, columns)
    report.numeric_columns = [header[k] for k, _ in numeric]
    if value_column is not None and str(value_column).strip():
        v = find_column(header, value_column, report.file, "value")
        if v == j:
            raise ImportFileError(f"{header[v]!r} is the code column, so it cannot also be the value column: "
                                  "choose another with --value-column.")
    else:
        if not numeric:
            raise ImportFileError(
                f"No column of {report.file} holds numbers placeviz can use (the cells are text, infinite or "
                "implausibly large): check that the file holds figures, or name the value column with --value-column.")
        v = max(numeric, key=lambda t: (_value_preference(header[t[0]]), t[1], -t[0]))[0]
    report.value_column = header[v]
    mark = marks[v]
    note = mark.note(header[v])
    if note:
        report.notes.append(note)
    if mark.against:
        other = "thousands separators" if mark.mark == "," else "decimal marks"
        report.warnings.append(
            f"{header[v]!r} writes numbers both ways: most of its cells with a comma use it as "
            f"{'a decimal mark' if mark.mark == ',' else 'a thousands separator'}, but {len(mark.against):,} can "
            f"only be read with commas as {other} (such as {mark.against[0]!r}) and are treated as not usable "
            "numbers: write the column one way and import it again.")
    return v


def _numeric_columns(data: DataRows, ncols: int, code_col: int, marks: dict[int, DecimalMark],
                     semicolons: bool, columns: list[tuple[str, ...]] | None = None) -> list[tuple[int, int]]:
    """(column, cells with a number) for each column, other than the codes, that is mostly numbers."""
    numeric = []
    if columns is None:
        columns = data_columns(data) if data else []
    plain = _PLAIN_NUMBER.fullmatch
    for k in range(min(ncols, len(columns))):
        if k == code_col:
            continue
        cells = columns[k]
        mark = marks[k].mark
        # plain numbers ('12', '-3.25') are values whatever else parse_number checks, where the point is the
        # decimal mark: only the rest are parsed (a comma column parses every cell: '3.25' may be thousands).
        # A column of plain numbers and blanks (the usual) is recognised by one match of the joined column.
        joined = "\n".join(cells) if mark != "," else None
        if joined is not None and joined.count("\n") == len(cells) - 1 and _PLAIN_OR_BLANK_COLUMN.fullmatch(joined):
            rest = Counter({"": cells.count("")})
        else:
            # each different cell parsed once (a column of names or LA codes repeats a few cells many times)
            rest = Counter(cells)
            if mark != ",":
                rest = Counter({c: n for c, n in rest.items() if not plain(c)})
        statuses: Counter = Counter()
        for c, n in rest.items():
            statuses[parse_number(c, semicolons, mark)[1]] += n
        values = statuses["value"] + len(cells) - rest.total()
        if values and 4 * values >= values + statuses["invalid"]:
            numeric.append((k, values))
    return numeric


def _value_preference(h: str) -> int:
    t = h.lower()
    score = 0
    if _VALUE_PREFER.search(t):
        score += 2
    if _VALUE_AVOID.search(t):
        score -= 3
    return score


def one_row_per_area(data: DataRows, header: list[str], j: int, v: int, report: ValidationReport) -> DataRows:
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


def _plain(h: str) -> str:
    """A header as words: 'MEASURES_NAME' -> 'measures name'."""
    return re.sub(r"[_\s]+", " ", h.strip().lower()).strip()


def _in_order(cells) -> list[str]:
    return list(dict.fromkeys(c.strip() for c in cells if c.strip()))


def _shown(values: list[str], limit: int = 8) -> str:
    more = f" and {len(values) - limit:,} more" if len(values) > limit else ""
    return ", ".join(v[:70] for v in values[:limit]) + more


def one_series(data: DataRows, header: list[str], j: int, report: ValidationReport) -> None:
    """Refuse a file that holds several indicators (a Fingertips download of a profile, a Nomis table of
    several measures) with a sentence naming them and how to choose one: mapped together, the first row
    of each area would win and the layer would mix them."""
    several = {k: _in_order(r[k] for _, r in data) for k, h in enumerate(header)
               if k != j and _SERIES_COL.match(_plain(h))}
    several = {k: vals for k, vals in several.items() if len(vals) > 1}
    if not several:
        return
    # choose by the id where the file has one (short to type), naming each by its name
    k = next((k for k in several if _SERIES_ID_COL.match(_plain(header[k]))), next(iter(several)))
    names = next((n for n in several if n != k), None)
    values = several[k]
    labels = values
    if names is not None:
        name_of = {}
        for _, r in data:
            name_of.setdefault(r[k].strip(), r[names].strip())
        labels = [f"{v} ({name_of.get(v, '')})" for v in values]
    word = {"measure": "measures", "measures": "measures", "variable": "variables"}.get(
        _plain(header[k]).split()[0], "indicators")
    raise ImportFileError(
        f"{report.file} holds {len(values):,} {word} in {header[k]!r}: {_shown(labels)}. placeviz maps one at a "
        f"time, so choose one with --where \"{header[k]}={values[0]}\" (any of those in {header[k]!r}).",
        choices={header[k]: values}, labels=dict(zip(values, labels, strict=True)))


def refuse_mixed_groups(data: DataRows, header: list[str], j: int, v: int, report: ValidationReport) -> None:
    """Refuse a file that still has several rows for an area once periods and totals are chosen, when a
    column of groups (sexes, ages, categories) tells them apart and none of them is a total: the first row
    of each area would win and the layer would mix the groups. (Rows that repeat an area for no such reason
    are listed in the report as duplicates.)"""
    seen: dict[str, list[str]] = {}
    for _, r in data:
        seen.setdefault(normalise_code(r[j]), []).append(r)
    repeated = [rs for rs in seen.values() if len(rs) > 1]
    if not repeated:
        return
    groups = {}
    for k, h in enumerate(header):
        if k in (j, v) or not _GROUP_COL.search(_plain(h)):
            continue
        if any(len({r[k].strip() for r in rs}) > 1 for rs in repeated):
            groups[h] = _in_order(r[k] for rs in repeated for r in rs) or [""]
    if not groups:
        return
    cols = list(groups)[:3]
    which = " and ".join(f"{h!r} ({_shown(groups[h])})" for h in cols)
    how = " ".join(f'--where "{h}={groups[h][0]}"' for h in cols)
    raise ImportFileError(
        f"{report.file} has several rows for {len(repeated):,} area(s), one per {which}, and no total among them: "
        f"placeviz maps one at a time, so choose with {how}.", choices={h: groups[h] for h in cols})


def _latest_key(v: str):
    years = [int(y) for y in re.findall(r"(?<!\d)(19\d\d|20\d\d)(?!\d)", v)]
    return (max(years) if years else -1, v)


def indicator_title(data: DataRows, header: list[str], titles: list[str]) -> str | None:
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


#: a period as tables write it: '2021', 'Mid-2020', 'Jan 2023-Dec 2023', '2019/20', '2019-2020'
_PERIOD = re.compile(r"(?:[A-Z][a-z]{2} )?(19|20)\d\d(?:\s*[-–/]\s*(?:[A-Z][a-z]{2} )?(19|20)?\d\d)?")
#: title lines that date the download or the release, not the data (Nomis: '[from Nomis on 5 December 2024]')
_NOT_THE_DATA_DATE = re.compile(r"from nomis on|download|extracted|retrieved|accessed|generated|released?\b|"
                                r"release date|published|publication date|last updated|next update|updated on|"
                                r"copyright|©", re.I)
#: a year in a header that dates the boundaries, not the values ('LSOA 2021 code')
_BOUNDARY_YEAR = re.compile(r"boundar|geograph|lsoa|msoa|\blad?\b|\bcode", re.I)
#: a title line that names the data's period outright (Nomis: 'Date : Jan 2023-Dec 2023')
_DATE_LINE = re.compile(r"^\s*(date|period|time period|year|reference (date|period))\s*:", re.I)


def period(data: DataRows, header: list[str], titles: list[str], value_column: int | None = None) -> str:
    """The period the values are for: a year in the value column's own header (one column of a multi-year
    sheet), a period column with one value, a 'Date :' title line, a year in another title line (not a
    download or release date), or 'as supplied'."""
    if value_column is not None and 0 <= value_column < len(header):
        m = _PERIOD.search(header[value_column])
        if m and not _BOUNDARY_YEAR.search(header[value_column]):
            return m.group(0)[:40]
    for k, h in enumerate(header):
        if _PERIOD_COL.search(h.lower()):
            distinct = {r[k].strip() for _, r in data if r[k].strip()}
            if len(distinct) == 1:
                return next(iter(distinct))[:40]
    dated = [t for t in titles if _DATE_LINE.match(t)]
    for t in dated + [t for t in titles if not _NOT_THE_DATA_DATE.search(t)]:
        m = _PERIOD.search(t)
        if m:
            return m.group(0)[:40]
    return "as supplied"
