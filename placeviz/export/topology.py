"""Compact polygon topology for web maps: shared borders stored once, quantised and delta-encoded.

Polygons are snapped to a grid of ``quantum`` metres (a point moves at most quantum * sqrt(2) / 2), their
rings are cut into arcs at every junction (a vertex where three or more distinct edges meet), and each arc is
kept once however many rings use it, as in TopoJSON. Arcs are written as zig-zag varints of coordinate
differences, base64-encoded; ``placeviz/export/assets/decode.js`` reverses it in the page.

All the work is vectorised with numpy: England's 32,844 LSOAs take well under a second.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

import numpy as np

#: the bundled boundaries are stored in whole metres; 5 m moves no point more than 3.6 m
DEFAULT_QUANTUM = 5.0


@dataclass
class Topology:
    """Arcs and the rings that use them, for polygons in one projected CRS (metres)."""

    quantum: float
    origin: tuple[float, float]  # grid cell (0, 0) in CRS units
    arc_offsets: np.ndarray  # start of arc i in arc_xy (len = n_arcs + 1)
    arc_xy: np.ndarray  # (n, 2) int64 grid coordinates of all arcs, concatenated
    polygons: list  # per feature: list of polygons; polygon: list of rings; ring: list of arc refs (~i = reversed)
    arc_owners: np.ndarray  # (n_arcs, 2) feature index on each side; -1 = outside

    @property
    def n_arcs(self) -> int:
        return len(self.arc_offsets) - 1

    def arc(self, i: int) -> np.ndarray:
        """Arc i in CRS units."""
        xy = self.arc_xy[self.arc_offsets[i]:self.arc_offsets[i + 1]]
        return xy * self.quantum + np.asarray(self.origin)

    def ring_coords(self, ring: list[int]) -> np.ndarray:
        """A ring's closed coordinate sequence in CRS units, rebuilt from its arcs."""
        parts = []
        for ref in ring:
            a = self.arc(ref if ref >= 0 else ~ref)
            a = a if ref >= 0 else a[::-1]
            parts.append(a if not parts else a[1:])
        return np.concatenate(parts)

    def encode_arcs(self) -> str:
        """All arcs as one base64 string: per arc, the point count then x/y differences (zig-zag varints)."""
        counts = np.diff(self.arc_offsets)
        d = np.diff(self.arc_xy, axis=0, prepend=np.zeros((1, 2), dtype=np.int64))
        # the first point of each arc is relative to the previous arc's first point
        starts = self.arc_offsets[:-1]
        firsts = self.arc_xy[starts]
        d[starts] = np.diff(firsts, axis=0, prepend=np.zeros((1, 2), dtype=np.int64))
        stream = np.empty(len(self.arc_xy) * 2 + len(counts), dtype=np.int64)
        # layout: count0, x, y, x, y, ..., count1, x, y ...
        pos_pts = np.arange(len(self.arc_xy)) * 2 + np.repeat(np.arange(len(counts)) + 1, counts)
        pos_cnt = starts * 2 + np.arange(len(counts))
        stream[pos_cnt] = counts
        zz = zigzag(d)
        stream[pos_pts] = zz[:, 0]
        stream[pos_pts + 1] = zz[:, 1]
        return b64(varints(stream))


def zigzag(v: np.ndarray) -> np.ndarray:
    v = np.asarray(v, dtype=np.int64)
    return (v << 1) ^ (v >> 63)


def varints(values: np.ndarray) -> bytes:
    """Unsigned LEB128 encoding of non-negative integers, vectorised."""
    v = np.asarray(values, dtype=np.uint64).ravel()
    if v.size == 0:
        return b""
    if (v >= np.uint64(1) << np.uint64(49)).any():
        raise ValueError("value too large for the page's decoder")
    nbytes = np.ones(v.size, dtype=np.int64)
    for k in range(1, 8):
        nbytes += v >= (np.uint64(1) << np.uint64(7 * k))
    ends = np.cumsum(nbytes)
    out = np.empty(int(ends[-1]), dtype=np.uint8)
    starts = ends - nbytes
    rest = v.copy()
    for k in range(int(nbytes.max())):
        has = nbytes > k
        byte = (rest[has] & np.uint64(0x7F)).astype(np.uint8)
        more = nbytes[has] > k + 1
        out[starts[has] + k] = byte | (more.astype(np.uint8) << 7)
        rest[has] >>= np.uint64(7)
    return out.tobytes()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def encode_ints(values, missing=None) -> str:
    """Signed integers as base64 zig-zag varints; with ``missing`` (a boolean mask), 0 marks missing."""
    v = zigzag(np.asarray(values, dtype=np.int64))
    if missing is not None:
        v = np.where(missing, 0, v + 1)
    return b64(varints(v))


def build_topology(geoms, quantum: float = DEFAULT_QUANTUM) -> Topology:
    """The topology of a sequence of (multi)polygons in a projected CRS (metres)."""
    import shapely

    geoms = np.asarray(geoms, dtype=object)
    parts, part_feature = shapely.get_parts(geoms, return_index=True)
    n_rings_per_part = shapely.get_num_interior_rings(parts) + 1
    rings, ring_part = shapely.get_rings(parts, return_index=True)
    xy, ring_of_pt = shapely.get_coordinates(rings, return_index=True)
    origin = (float(np.floor(xy[:, 0].min() / quantum) * quantum) if len(xy) else 0.0,
              float(np.floor(xy[:, 1].min() / quantum) * quantum) if len(xy) else 0.0)
    q = np.rint((xy - np.asarray(origin)) / quantum).astype(np.int64)

    # drop each ring's closing point and points that snapped onto their predecessor
    n_rings = len(rings)
    ring_end = np.searchsorted(ring_of_pt, np.arange(n_rings), side="right")
    keep = np.ones(len(q), dtype=bool)
    keep[ring_end - 1] = False  # closing point
    same_prev = np.zeros(len(q), dtype=bool)
    same_prev[1:] = (q[1:] == q[:-1]).all(axis=1) & (ring_of_pt[1:] == ring_of_pt[:-1])
    keep &= ~same_prev
    q, ring_of_pt = q[keep], ring_of_pt[keep]
    # a ring whose last kept point equals its first (after snapping) loses the duplicate
    counts = np.bincount(ring_of_pt, minlength=n_rings)
    rs = np.concatenate([[0], np.cumsum(counts)])
    last = rs[1:] - 1
    has = counts > 1
    dup = np.zeros(len(q), dtype=bool)
    dup[last[has]] = (q[last[has]] == q[rs[:-1][has]]).all(axis=1)
    q, ring_of_pt = q[~dup], ring_of_pt[~dup]
    counts = np.bincount(ring_of_pt, minlength=n_rings)
    valid_ring = counts >= 3  # rings that collapsed below a triangle at this grid are dropped
    if not valid_ring.all():
        k = valid_ring[ring_of_pt]
        q, ring_of_pt = q[k], ring_of_pt[k]
        counts = np.where(valid_ring, counts, 0)
    rs = np.concatenate([[0], np.cumsum(counts)])

    # vertex ids and undirected edges
    width = int(q[:, 1].max()) + 1 if len(q) else 1
    key = q[:, 0] * width + q[:, 1]
    uniq_keys, vid = np.unique(key, return_inverse=True)
    npts = len(q)
    nxt = np.arange(1, npts + 1)
    nxt[rs[1:][counts > 0] - 1] = rs[:-1][counts > 0]  # wrap to ring start
    a, b = vid, vid[nxt]
    nv = len(uniq_keys)
    ekey = np.minimum(a, b).astype(np.int64) * nv + np.maximum(a, b)
    uniq_e, eid = np.unique(ekey, return_inverse=True)
    ends = np.concatenate([uniq_e // nv, uniq_e % nv])
    degree = np.bincount(ends, minlength=nv)
    junction = degree[vid] != 2

    # rings with no junction (islands, enclaves): cut at their smallest vertex id, the same for both sides
    ring_has_j = np.bincount(ring_of_pt[junction], minlength=n_rings) > 0
    nojr = np.flatnonzero(~ring_has_j & (counts > 0))
    if nojr.size:
        sel = ~ring_has_j[ring_of_pt]
        pos = np.flatnonzero(sel)
        r = ring_of_pt[pos]
        order = np.lexsort((vid[pos], r))
        first = np.concatenate([[True], r[order][1:] != r[order][:-1]])
        junction[pos[order][first]] = True

    # rotate each ring to start at its first junction
    jpos = np.flatnonzero(junction)
    first_j = np.full(n_rings, -1)
    jr = ring_of_pt[jpos]
    fj_mask = np.concatenate([[True], jr[1:] != jr[:-1]])
    first_j[jr[fj_mask]] = jpos[fj_mask]
    local = np.arange(npts) - rs[ring_of_pt]
    shift = first_j[ring_of_pt] - rs[ring_of_pt]
    cnt = counts[ring_of_pt]
    rot = rs[ring_of_pt] + (local + shift) % np.maximum(cnt, 1)  # rotated order: position k takes point rot[k]
    vid_r = vid[rot]
    junc_r = junction[rot]
    eid_r = eid[rot]  # edge from rotated point k to the next

    # arcs: from each junction to the next (inclusive); the last of a ring closes back to its start
    arc_start = np.flatnonzero(junc_r)  # sorted, each ring's first point is one
    arc_ring = ring_of_pt[arc_start]
    arc_next = np.append(arc_start[1:], npts)
    ring_last_arc = np.append(arc_ring[1:] != arc_ring[:-1], True)
    arc_stop = np.where(ring_last_arc, rs[arc_ring + 1], arc_next)  # exclusive, in rotated positions
    arc_len = arc_stop - arc_start + 1  # points, including the closing junction
    first_edge = eid_r[arc_start]
    last_edge = eid_r[arc_stop - 1]
    canon = np.minimum(first_edge, last_edge)
    v0, v1 = vid_r[arc_start], vid_r[np.minimum(arc_start + 1, arc_stop - 1)]
    forward = np.where(first_edge != last_edge, first_edge < last_edge, v0 <= v1)
    # a two-point arc whose both directions share one edge: decide by its end points
    close_ring_end = np.where(ring_last_arc, rs[arc_ring], arc_next)
    v_end = vid_r[np.minimum(close_ring_end, npts - 1)]
    one_edge = arc_len == 2
    forward = np.where(one_edge, v0 <= v_end, forward)
    del v1

    uniq_arcs, arc_uid, first_occ = _unique_first(canon)
    # the stored direction of each unique arc is that of its first occurrence, made canonical
    n_arcs = len(uniq_arcs)
    occ = first_occ
    lens = arc_len[occ]
    offs = np.concatenate([[0], np.cumsum(lens)])
    idx = np.repeat(arc_start[occ] - offs[:-1], lens) + np.arange(offs[-1])
    ring_of_idx = np.repeat(arc_ring[occ], lens)
    end_of_ring = rs[ring_of_idx + 1]
    wrapped = idx >= end_of_ring
    idx = np.where(wrapped, rs[ring_of_idx], idx)
    coords = q[rot[idx]]
    # flip arcs whose first occurrence runs backwards, so every reference says its direction
    flip = ~forward[occ]
    if flip.any():
        seg = np.repeat(np.arange(n_arcs), lens)
        pos_in = np.arange(offs[-1]) - offs[:-1][seg]
        rev_idx = offs[:-1][seg] + (lens[seg] - 1 - pos_in)
        coords = np.where(flip[seg][:, None], coords[rev_idx], coords)

    ref = np.where(forward, arc_uid, ~arc_uid)

    # owners: the features on each side of an arc (a forward use is one side, a reversed use the other)
    ring_feature = part_feature[ring_part]
    arc_feature = ring_feature[arc_ring]
    owners = np.full((n_arcs, 2), -1, dtype=np.int64)
    owners[arc_uid[forward], 0] = arc_feature[forward]
    owners[arc_uid[~forward], 1] = arc_feature[~forward]

    # per feature: polygons of rings of arc refs
    polygons: list = [[] for _ in range(len(geoms))]
    ring_arcs = np.split(ref, np.flatnonzero(np.diff(arc_ring)) + 1) if len(ref) else []
    ring_ids = arc_ring[np.concatenate([[True], arc_ring[1:] != arc_ring[:-1]])] if len(ref) else []
    arcs_of_ring = dict(zip(ring_ids.tolist() if len(ref) else [], [r.tolist() for r in ring_arcs],
                            strict=True))
    ring_cursor = 0
    for p, nr in enumerate(n_rings_per_part.tolist()):
        poly = [arcs_of_ring[r] for r in range(ring_cursor, ring_cursor + nr) if r in arcs_of_ring]
        ring_cursor += nr
        if poly and valid_ring[ring_cursor - nr]:
            polygons[part_feature[p]].append(poly)
    return Topology(quantum, origin, offs, coords, polygons, owners)


def _unique_first(keys: np.ndarray):
    """Unique keys in order of first occurrence: (keys, id per element, index of first occurrence)."""
    uniq, first, inv = np.unique(keys, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return uniq[order], rank[inv], first[order]


def encode_polygons(topo: Topology) -> tuple[str, str]:
    """Features' ring structure as two varint streams: (shape: per feature parts, per part rings, per ring
    arc count), (arc refs, zig-zag, each relative to the previous reference)."""
    shape: list[int] = []
    refs: list[int] = []
    for polys in topo.polygons:
        shape.append(len(polys))
        for poly in polys:
            shape.append(len(poly))
            for ring in poly:
                shape.append(len(ring))
                refs.extend(ring)
    r = np.asarray(refs, dtype=np.int64)
    d = np.diff(r, prepend=0)
    return b64(varints(np.asarray(shape, dtype=np.int64))), b64(varints(zigzag(d)))
