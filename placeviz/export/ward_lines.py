"""Ward outlines for an HTML page whose areas are not 2021 LSOAs (2011 LSOAs, MSOAs, local authorities).

A map of 2021 LSOAs draws its ward outlines as arcs of its own topology (``html.encode_geometry``'s
``wardArcs``): the wards are made of those LSOAs. Any other map draws the place's May 2024 wards as the PNG
does: the ward polygons' own topology, keeping only the arcs between two wards of one local authority (the
place's outer edge and the councils' borders are drawn as local-authority lines already). The arcs carry their
own origin and quantum, in the format of the page's other arcs, so the page's one arc decoder reads them.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from placeviz.export.topology import DEFAULT_QUANTUM, Topology, build_topology
from placeviz.model.geography import boundaries


def only_arcs(topo: Topology, ids: np.ndarray) -> Topology:
    """The topology's arcs ``ids`` alone (no rings use them): what the page needs to draw lines."""
    starts = topo.arc_offsets[ids]
    counts = topo.arc_offsets[ids + 1] - starts
    offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    points = np.arange(offsets[-1]) + np.repeat(starts - offsets[:-1], counts)  # each kept arc's points
    return replace(topo, arc_offsets=offsets, arc_xy=topo.arc_xy[points], polygons=[],
                   arc_owners=topo.arc_owners[ids])


def inner_ward_arcs(owners: np.ndarray, ward: np.ndarray, council: np.ndarray) -> np.ndarray:
    """The arcs between two different wards of one council: ``owners``, the areas on either side of each arc
    (-1: outside); ``ward`` and ``council``, each area's (as integers). The one rule of the page's ward lines,
    over LSOAs (the map's own arcs) and over the wards' own topology."""
    inner = (owners >= 0).all(axis=1)
    w, c = ward[np.maximum(owners, 0)], council[np.maximum(owners, 0)]
    return np.flatnonzero(inner & (w[:, 0] != w[:, 1]) & (c[:, 0] == c[:, 1]))


def place_ward_lines(place, quantum: float = DEFAULT_QUANTUM) -> dict | None:
    """The lines between the place's wards as {"quantum", "origin", "arcs"} for the page; for a ward place its
    own outline, since the map's MSOAs or council reach beyond it; None when there is nothing to draw."""
    wards = boundaries("ward24")
    wards = wards[place.mask(wards)]
    if wards.empty:
        return None
    topo = build_topology(np.asarray(wards.geometry.values), quantum)
    if place.kind == "ward":
        ids = np.arange(len(topo.arc_owners))
    else:
        _, councils = np.unique(wards["lad24_code"].fillna("").astype(str).to_numpy(), return_inverse=True)
        ids = inner_ward_arcs(topo.arc_owners, np.arange(len(wards)), councils)
    if not len(ids):
        return None
    lines = only_arcs(topo, ids)
    return {"quantum": lines.quantum, "origin": list(lines.origin), "arcs": lines.encode_arcs()}
