"""What an MSOA's figure for a layer published for LSOAs is made of: how many of its LSOAs, the rule that
combines them (the map's own aggregation: a population-weighted mean, a mean weighted by the layer's own
denominator, a plain mean, or a sum for counts) and the range of their values.

Shown where an MSOA is identified, so that its figure for an LSOA layer is not a bare number (nor "no
data"): "population-weighted mean of 5 LSOAs (range 12.0 to 51.0)". No Qt here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from placeviz.model.catalog import Layer
from placeviz.model.geography import attributes
from placeviz.model.mapdata import source_values


@dataclass(frozen=True)
class MemberSummary:
    count: int  # LSOAs of the MSOA with a value
    total: int  # LSOAs of the MSOA
    rule: str  # "population-weighted mean", "mean", "sum", "mean weighted by ..."
    low: float
    high: float

    def text(self, layer: Layer) -> str:
        """'population-weighted mean of 5 LSOAs (range 12.0 to 51.0)'."""
        of = f"{self.count} LSOAs" if self.count == self.total else f"{self.count} of its {self.total} LSOAs"
        if self.count == 1:
            return f"its one LSOA with a value ({of})"
        return f"{self.rule} of {of} (range {layer.format_value(self.low)} to {layer.format_value(self.high)})"

    def short(self, layer: Layer) -> str:
        """'12.0–51.0': the LSOAs' range, for a table cell (the rule and count are said beside the table)."""
        if self.count == 1:
            return "1 LSOA"
        return f"{layer.format_value(self.low)}–{layer.format_value(self.high)}"


def combining_rule(layer: Layer, has_own_weight: bool) -> str:
    """The rule the maps use to combine a layer's LSOA values into an MSOA's (``mapdata.national_values``)."""
    if layer.aggregate == "sum":
        return "sum"
    if has_own_weight and "pop" not in layer.weight.lower():  # e.g. the IMD's own mid-2015 population
        return f"mean weighted by {layer.weight.replace('_', ' ')}"
    if layer.weight is None and not has_own_weight:
        return "mean"
    return "population-weighted mean"


def member_summary(layer: Layer, msoa_code: str, msoa_set: str) -> MemberSummary | None:
    """How the layer's figure for MSOA ``msoa_code`` (of ``msoa_set``) is made from its LSOAs; None when the
    layer is not published for LSOAs (or the MSOA has none)."""
    if not msoa_set.startswith("msoa"):
        return None
    src_set, src = source_values(layer, vintage=2021 if msoa_set.endswith("21") else 2011)
    if not src_set.startswith("lsoa"):
        return None
    lsoas = attributes(src_set)
    members = lsoas.loc[lsoas["msoa_code"] == msoa_code, "code"]
    if members.empty:
        return None
    values = src["value"].reindex(members.to_numpy()).to_numpy(dtype="float64")
    ok = np.isfinite(values)
    if not ok.any():
        return None
    return MemberSummary(int(ok.sum()), len(members), combining_rule(layer, "weight" in src),
                         float(values[ok].min()), float(values[ok].max()))
