"""A map ready to write: its spec, data and classes, computed as the desktop canvas computes them; shared by
the HTML and table exporters."""

from __future__ import annotations

from dataclasses import dataclass

from placeviz.model.classify import Classified, classify_map
from placeviz.model.errors import UserError
from placeviz.model.mapdata import MapData, map_data
from placeviz.model.spec import MapSpec


class ExportError(UserError, ValueError):
    """Nothing, or something other than maps, was given to export."""


@dataclass
class Prepared:
    """One map ready to encode: its spec, data and classification."""

    spec: MapSpec
    md: MapData
    classified: Classified


def prepare(spec: MapSpec, bins=None, mapdata: MapData | None = None) -> Prepared:
    """MapData and classes for a spec, exactly as the desktop canvas computes them."""
    md = mapdata if mapdata is not None else map_data(spec.place, spec.level, spec.layer, spec.year)
    classified = classify_map(md, spec.classification, bins=bins)
    if bins is not None:
        classified.shared = True
    return Prepared(spec, md, classified)


def as_specs(spec_or_specs) -> list[MapSpec]:
    """A MapSpec or several, as a non-empty list."""
    specs = [spec_or_specs] if isinstance(spec_or_specs, MapSpec) else list(spec_or_specs)
    if not specs:
        raise ExportError("Nothing to export: give at least one map.")
    for s in specs:
        if not isinstance(s, MapSpec):
            raise ExportError("Exports take map descriptions (MapSpec).")
    return specs


def one_per_map(x, n: int) -> list:
    """``x`` (None, one item, or a list) as a list of one item per map."""
    if x is None:
        return [None] * n
    xs = list(x) if isinstance(x, (list, tuple)) else [x]
    if len(xs) != n:
        raise ExportError("Give one MapData per map.")
    return xs
