"""What an import found and what it gives back: the ValidationReport (plain English in ``text()``) and the
ImportResult (the report, the values by area code and the layer, not yet in the catalog)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from placeviz.model.catalog import GEOGRAPHY_NAMES, Layer

#: an unmatched-codes list longer than this is shortened in the text report
LIST_LIMIT = 20


@dataclass
class ValidationReport:
    """What an import found, before anything is added; ``text()`` says it in plain English."""

    file: str
    kind: str = "table"
    sheet: str | None = None
    encoding: str = ""
    header_line: int | None = None  # 1-based line (row) of the header
    code_column: str | None = None
    value_column: str | None = None
    numeric_columns: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)  # every column of the header (for a column picker)
    sheets: list[str] = field(default_factory=list)  # every sheet of a workbook (for a sheet picker)
    boundary_set: str | None = None
    rows: int = 0  # data rows read
    matched: int = 0  # distinct codes found in the boundary set
    with_value: int = 0  # matched codes with a number
    no_data: int = 0  # matched codes whose cell is a suppression marker or blank
    expected: int = 0  # areas in the boundary set
    #: the boundary set's areas the values cover, where not one per matched row (LSOA 2011 rows moved to the
    #: 2021 areas they became); ``areas_covered`` otherwise gives ``matched``
    covered: int | None = None
    unmatched: list[tuple[int, str, str]] = field(default_factory=list)  # (line, code, why)
    duplicates: list[tuple[str, list[int]]] = field(default_factory=list)  # (code, lines)
    non_numeric: list[tuple[int, str, str]] = field(default_factory=list)  # (line, code, cell)
    other_year: dict[str, list[str]] = field(default_factory=dict)  # boundary set -> codes
    outside_england: list[str] = field(default_factory=list)
    other_areas: dict[str, list[str]] = field(default_factory=dict)  # kind of area -> codes
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    conversion: str | None = None  # an offer, e.g. LSOA 2011 -> 2021
    layer_id: str | None = None

    @property
    def areas_covered(self) -> int:
        """How many of the boundary set's areas the values cover."""
        return self.matched if self.covered is None else self.covered

    @property
    def ok(self) -> bool:
        """True when at least one row matched an area: the import can go ahead."""
        return self.matched > 0

    @property
    def match_rate(self) -> float:
        return self.matched / self.rows if self.rows else 0.0

    @property
    def boundary_name(self) -> str:
        return GEOGRAPHY_NAMES.get(self.boundary_set or "", self.boundary_set or "unknown")

    def summary(self) -> str:
        if self.kind == "boundaries":
            return f"{self.file}: {self.matched:,} areas ready to receive any layer."
        if self.kind == "raster":
            return (f"{self.file}: zonal means for {self.with_value:,} {self.boundary_name} areas "
                    f"({self.no_data:,} with no data).")
        if not self.ok:
            return f"{self.file}: no row matched an area in England."
        return (f"{self.file}: {self.matched:,} of {self.rows:,} rows matched {self.boundary_name} areas "
                f"({self.with_value:,} with a value, {self.no_data:,} suppressed or blank).")

    def text(self) -> str:
        """The report as plain English, one finding per line; lists are shortened to ``LIST_LIMIT`` items."""
        out = [f"Import of {self.file}" + (f" (sheet {self.sheet!r})" if self.sheet else "")]
        if self.kind == "table":
            if self.header_line:
                out.append(f"Header on line {self.header_line}; codes in column {self.code_column!r}; "
                           f"values from column {self.value_column!r}.")
            others = [c for c in self.numeric_columns if c != self.value_column]
            if others:
                out.append("Other columns with numbers (choose with --value-column): " + ", ".join(
                    repr(c) for c in others[:LIST_LIMIT]) + ".")
        out += self.notes
        if self.boundary_set and self.kind == "raster":
            out.append(f"Geography: {self.boundary_name}. {_count(self.matched, 'area')} "
                       f"{'overlaps' if self.matched == 1 else 'overlap'} the raster.")
            out.append(f"Values: {_count(self.with_value, 'area')} with a zonal mean, {self.no_data:,} less than "
                       "half covered by valid cells (shown as no data).")
        elif self.boundary_set:
            frac = self.areas_covered / self.expected if self.expected else 0.0
            share = (f" ({frac:.0%} of England's {self.expected:,})" if frac >= 0.01 else
                     f" ({frac:.2%} of England's {self.expected:,})") if self.expected else ""
            out.append(f"Geography: {self.boundary_name}. Matched {self.matched:,} of {self.rows:,} data rows{share}.")
            out.append(f"Values: {_count(self.with_value, 'area')} with a number, {self.no_data:,} suppressed or "
                       "blank (shown as no data).")
        if self.non_numeric:
            one = len(self.non_numeric) == 1
            out.append(f"{_count(len(self.non_numeric), 'cell')} "
                       f"{'is not a usable number' if one else 'are not usable numbers'} (text, infinite or too "
                       f"large) and {'is' if one else 'are'} treated as no data: "
                       + _list((f"line {ln} ({code}): {cell!r}" for ln, code, cell in self.non_numeric)))
        if self.duplicates:
            out.append(f"{_count(len(self.duplicates), 'code')} "
                       f"{'appears' if len(self.duplicates) == 1 else 'appear'} more than once; the first row of "
                       "each is used: "
                       + _list((f"{c} (lines {', '.join(map(str, lines[:5]))})" for c, lines in self.duplicates)))
        for set_name, codes in self.other_year.items():
            out.append(f"{_count(len(codes), 'code')} {'is' if len(codes) == 1 else 'are'} "
                       f"{GEOGRAPHY_NAMES.get(set_name, set_name)} code{'' if len(codes) == 1 else 's'}, not "
                       f"{self.boundary_name}: " + _list(codes)
                       + " Use one boundary year throughout (the ONS lookups convert between them).")
        if self.outside_england:
            one = len(self.outside_england) == 1
            out.append(f"{_count(len(self.outside_england), 'code')} {'is' if one else 'are'} outside England "
                       f"(placeviz maps England only) and {'was' if one else 'were'} set aside: " + _list(self.outside_england))
        for kind, codes in self.other_areas.items():
            out.append(f"{len(codes):,} row(s) are for {kind}, not {self.boundary_name}, and were set aside: "
                       + _list(codes))
        unknown = [u for u in self.unmatched if u[2] not in ("other year", "outside England", "other area")]
        if unknown:
            out.append(f"{_count(len(unknown), 'row')} did not match any area: "
                       + _list((f"line {ln}: {code!r} ({why})" for ln, code, why in unknown)))
        out += [f"Warning: {w}" for w in self.warnings]
        if self.conversion:
            out.append(self.conversion)
        out.append(self.summary() if self.ok else
                   "Nothing matched: check that the code column holds ONS codes for areas in England "
                   "(like E01012345, E02001234 or E08000012), or name it with --code-column.")
        return "\n".join(out)


def _count(n: int, noun: str) -> str:
    """'1 area', '2 areas', '1,204 cells'."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def _list(items, limit: int = LIST_LIMIT) -> str:
    items = list(items)
    shown = ", ".join(str(x) for x in items[:limit])
    more = f" and {len(items) - limit:,} more" if len(items) > limit else ""
    return shown + more + "."



@dataclass
class ImportResult:
    """A validated import: the report, the values by area code, and the layer (not yet in the catalog)."""

    report: ValidationReport
    frame: pd.DataFrame  # indexed by code; column ``layer.column``
    layer: Layer | None
    source_path: str = ""
    source_sha256: str = ""
    options: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.report.ok and self.layer is not None

