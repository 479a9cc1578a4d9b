"""OHID's published life expectancy, healthy life expectancy and its inequality (the slope index) for local
authorities and England, by sex and period (OHID Fingertips, bundled as ``layers/tables/life_expectancy_la_sex``):
the official figures a profile leads with, and England's own figure beside a comparison of these layers.

No Qt here.
"""

from __future__ import annotations

import copy
import re
from functools import cache
from typing import NamedTuple

import pandas as pd

from placeviz.model.mapdata import read_table

#: OHID's local-authority life expectancy: the source line quoted with each figure
LE_OFFICIAL_SOURCE = "OHID Fingertips (Public Health Outcomes Framework), from ONS deaths and populations"
LE_OFFICIAL_TABLE = "life_expectancy_la_sex.parquet"
LE_INDICATORS = {"le": "Life expectancy at birth", "hle": "Healthy life expectancy at birth",
                 "sii": "Inequality in life expectancy at birth (slope index of inequality across deprivation deciles)"}
ENGLAND_CODE = "E92000001"


class _Period(NamedTuple):
    """One period of one OHID series."""

    period: str
    value: float | None
    verified: bool
    compared_to_england: str
    name: str


@cache
def _official_series_of(code: str) -> dict[tuple[str, str], list[_Period]]:
    """OHID's series for one area, by (indicator, sex), each in period order: the area's rows taken from the
    table once, so that a group of nine local authorities does not filter it 108 times (0.25 s of pandas
    indexing for Cheshire and Merseyside), nor a single one turn all 12,000 rows into series (20 ms).
    Shared: do not modify."""
    t = read_table(LE_OFFICIAL_TABLE)
    rows = t[t.index == code]
    cols = [rows[c].tolist() for c in ("indicator", "sex", "period", "value", "verified", "compared_to_england",
                                       "name")]
    out: dict[tuple[str, str], list[_Period]] = {}
    for ind, sex, period, value, verified, compared, name in zip(*cols, strict=True):
        out.setdefault((ind, sex), []).append(
            _Period(str(period), None if pd.isna(value) else float(value), bool(verified), str(compared), str(name)))
    for series in out.values():
        series.sort(key=lambda r: r.period)  # stable: the table's order within a period
    return out


def _official_series(code: str, indicator: str, sex: str) -> list[_Period]:
    return _official_series_of(code).get((indicator, sex), [])


def official_life_expectancy(code: str) -> dict:
    """OHID's published life expectancy (and healthy life expectancy and its inequality, where published) for
    one local authority or England, by sex: the latest verified period as the headline, with England for
    the same period, and the whole series (later, unverified periods flagged, never the headline)."""
    return copy.deepcopy(_official_life_expectancy(code))  # the caller's own copy of the cached answer


@cache
def _official_life_expectancy(code: str) -> dict:
    out = {}
    for sex in ("male", "female"):
        by = {}
        for ind in LE_INDICATORS:
            ser = _official_series(code, ind, sex)
            ok = [r for r in ser if r.verified and r.value is not None]
            if not ok:
                continue
            last = ok[-1]
            eng = [r for r in _official_series(ENGLAND_CODE, ind, sex) if r.period == last.period]
            by[ind] = {
                "value": last.value, "period": last.period,
                "england": eng[0].value if eng else None,
                "compared_to_england": last.compared_to_england, "name": last.name,
                "source": LE_OFFICIAL_SOURCE, "indicator": LE_INDICATORS[ind],
                "series": [{"period": r.period, "value": r.value, "verified": r.verified} for r in ser],
            }
        if by:
            out[sex] = by
    return out


#: a map layer's column of OHID's figures: indicator, sex and period ("sii_male_2022_24")
_LAYER_COLUMN = re.compile(r"^(le|hle|sii)_(male|female)_(\d{4})_(\d{2})$")


def official_england_value(column: str) -> float | None:
    """England's own figure, as OHID publishes it, for a map layer's column of OHID's local-authority figures
    ("sii_male_2022_24"); None for any other column, or a period with no England figure."""
    m = _LAYER_COLUMN.match(column)
    if m is None:
        return None
    indicator, sex, period = m.group(1), m.group(2), f"{m.group(3)}-{m.group(4)}"
    return next((r.value for r in _official_series(ENGLAND_CODE, indicator, sex) if r.period == period), None)
