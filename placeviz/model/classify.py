"""Classification schemes, class colours and legends (mapclassify, plus an exact fast Fisher-Jenks).

Classes are upper-inclusive like mapclassify's: a value v is in class i when bins[i-1] < v <= bins[i].
Colours run so that the catalog's "worse" end gets the palette's dark/warm end, whatever the scheme.
No Qt here.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field

import numpy as np

from placeviz.model.catalog import GEOGRAPHY_LEVEL
from placeviz.model.errors import UserError
from placeviz.model.jenks import fisher_jenks_breaks
from placeviz.model.palettes import NODATA_COLOUR, colours
from placeviz.model.spec import Classification

SCHEMES = {
    "national_deciles": "National deciles",
    "quantiles": "Quantiles",
    "equal_interval": "Equal interval",
    "fisher_jenks": "Natural breaks (Fisher-Jenks)",
    "std_mean": "Standard deviation",
    "user": "User-defined breaks",
}


class ClassificationError(UserError, ValueError):
    pass


@dataclass(frozen=True)
class LegendEntry:
    label: str
    colour: str
    count: int
    lower: float | None = None
    upper: float | None = None
    nodata: bool = False


@dataclass
class Classified:
    scheme: str
    bins: np.ndarray  # upper bounds, one per class
    classes: np.ndarray  # class per area, -1 = no data
    colours: tuple[str, ...]
    legend: list[LegendEntry]
    counts: np.ndarray
    note: str | None = None
    shared: bool = False  # breaks computed across several maps
    extra: dict = field(default_factory=dict)

    @property
    def k(self) -> int:
        return len(self.colours)

    def area_colours(self) -> list[str]:
        """The fill colour of every area, no-data grey where it has no value."""
        pal = np.array([*self.colours, NODATA_COLOUR], dtype=object)
        return list(pal[self.classes])


def compute_bins(values: np.ndarray, scheme: str, k: int, breaks=None) -> tuple[np.ndarray, str | None]:
    """Upper bounds of the classes for ``values`` (NaN ignored), and a note if fewer classes resulted."""
    v = np.asarray(values, dtype="float64")
    v = v[np.isfinite(v)]
    if v.size == 0:
        return np.array([]), "No area has a value, so there is nothing to classify."
    note = None
    uniq = np.unique(v)
    if scheme == "user":
        if not breaks:
            raise ClassificationError("User-defined breaks need at least one break value.")
        b = np.unique(np.asarray(breaks, dtype="float64"))
        if not np.isfinite(b).all():
            raise ClassificationError("Breaks must be ordinary numbers.")
        bins = b[b < v.max()]
        bins = np.append(bins, v.max())
        return bins, note
    if uniq.size <= k:
        return uniq, (f"Only {uniq.size} distinct values, so {uniq.size} classes." if uniq.size < k else None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if scheme == "quantiles":
            bins = quantile_bins(v, k)
        elif scheme == "equal_interval":
            bins = equal_interval_bins(v, k)
        elif scheme == "fisher_jenks":
            bins = fisher_jenks_breaks(v, k)
        elif scheme == "std_mean":
            import mapclassify

            bins = mapclassify.StdMean(v, multiples=[-2, -1, 1, 2]).bins
        else:
            raise ClassificationError(f"Unknown scheme {scheme!r}: use one of {', '.join(SCHEMES)}.")
    bins = np.unique(np.asarray(bins, dtype="float64"))
    if bins.size < k and scheme in ("quantiles", "fisher_jenks"):
        note = f"Many equal values: {bins.size} classes instead of {k}."
    return bins, note


def quantile_bins(v: np.ndarray, k: int) -> np.ndarray:
    """``mapclassify.Quantiles(v, k).bins``, bit for bit, without importing mapclassify (which imports scipy:
    about 1 s, more than a whole map export). Same percentiles, and scipy's ``scoreatpercentile``
    interpolation ('fraction') with the same floating-point operations."""
    w = 100.0 / k
    p = np.arange(w, 100 + w, w)
    if p[-1] > 100.0:
        p[-1] = 100.0
    s = np.sort(np.asarray(v).flatten())
    n1 = s.shape[0] - 1
    out = []
    for pct in p:
        idx = pct / 100.0 * n1
        i = int(idx)
        if i == idx:
            out.append(np.add.reduce(s[i:i + 1] * np.array(1)) / 1.0)
        else:
            weights = np.array([(i + 1 - idx), (idx - i)], float)
            out.append(np.add.reduce(s[i:i + 2] * weights) / weights.sum())
    return np.unique(np.array(out))


def equal_interval_bins(v: np.ndarray, k: int) -> np.ndarray:
    """``mapclassify.EqualInterval(v, k).bins``, bit for bit, without importing mapclassify."""
    y = np.asarray(v).flatten()
    max_y, min_y = max(y), min(y)
    width = (max_y - min_y) * 1.0 / k
    cuts = np.arange(min_y + width, max_y + width, width)
    if len(cuts) > k:
        cuts = cuts[0:k]
    cuts[-1] = max_y
    return cuts.copy()


def assign(values: np.ndarray, bins: np.ndarray) -> np.ndarray:
    """Class index per value (upper-inclusive bins); -1 for missing; values above the top go to the top."""
    v = np.asarray(values, dtype="float64")
    cls = np.searchsorted(bins, v, side="left")
    cls = np.minimum(cls, len(bins) - 1)
    cls[~np.isfinite(v)] = -1
    return cls.astype("int64")


def _fmt(x: float, decimals: int) -> str:
    return f"{x:,.{decimals}f}"


def orient(cols: tuple[str, ...], higher_is_worse: bool | None, reverse: bool) -> tuple[str, ...]:
    """Palettes run good-to-bad; flip them when low values are the worse end, and again if asked."""
    out = tuple(cols)
    if higher_is_worse is False:
        out = out[::-1]
    if reverse:
        out = out[::-1]
    return out


#: how decile labels name the areas ranked (neighbourhoods need no word: they are what the indices rank)
DECILE_AREAS = {"lsoa": "", "msoa": "MSOAs", "ward": "wards", "la": "LAs"}
_NEIGHBOURHOOD_DECILES = "10% of neighbourhoods in England"


#: how the catalog's caveat on national deciles begins
_DECILES_CAVEAT = "Deciles are national:"


def map_caveats(layer, boundary_set: str, classes: str | None = None) -> list[str]:
    """A layer's caveats for a map of its areas in ``boundary_set``: deciles of MSOAs, wards or LAs rank those
    areas, so the caveat that decile 1 is the most deprived 10% of neighbourhoods says which areas it ranks
    instead. Every map page, page, table and notebook frame says its caveats this way. A picture whose
    ``classes`` (a scheme) are not the national deciles shows no decile, and leaves that caveat out: beside a
    legend of quantiles it read as though the legend's classes were deciles."""
    areas = DECILE_AREAS.get(GEOGRAPHY_LEVEL.get(boundary_set, "la"), "")
    return [c.replace(_NEIGHBOURHOOD_DECILES, f"10% of {areas} in England") if areas else c for c in layer.caveats
            if classes in (None, "national_deciles") or not c.startswith(_DECILES_CAVEAT)]


def classify(values, classification: Classification, layer=None, deciles=None, bins=None,
             areas: str = "", lowest: float | None = None, whole: bool | None = None) -> Classified:
    """Classify ``values`` for a map: classes, colours and a legend with counts and a no-data entry.

    ``layer`` (a catalog Layer) supplies units, decimals and which end is worse; ``deciles`` the national
    deciles when the scheme is "national_deciles"; ``bins`` forces given breaks (a shared scale); ``lowest``
    is where the first class starts when the breaks were cut on more values than these (England's); ``whole``
    says the values are whole numbers (counts) whatever these values are, else it is read from them.
    """
    v = np.asarray(values, dtype="float64")
    decimals = layer.decimals if layer is not None else 2
    unit = (" " + layer.unit) if layer is not None and layer.unit not in ("score", "rank", "") else ""
    if unit == " %":
        unit = "%"
    worse = layer.higher_is_worse if layer is not None else True
    c = classification
    if c.scheme == "national_deciles":
        if deciles is None:
            name = layer.label if layer is not None else "This layer"
            raise ClassificationError(
                f"{name} has no national deciles: choose quantiles, equal interval, natural breaks, "
                "standard deviation or your own breaks."
            )
        d = np.asarray(deciles, dtype="float64")
        classes = np.where(np.isfinite(d) & np.isfinite(v), d - 1, -1).astype("int64")
        cols = orient(colours(c.palette, 10), False, c.reverse)  # decile 1 is the worse end
        counts = np.bincount(classes[classes >= 0], minlength=10)[:10]
        legend = []
        for i in range(10):
            label = f"{i + 1}"
            if i == 0:
                label += f" (most deprived 10%{' of ' + areas if areas else ''})"
            elif i == 9:
                label += f" (least deprived 10%{' of ' + areas if areas else ''})"
            legend.append(LegendEntry(label, cols[i], int(counts[i]), i + 1, i + 1))
        return _finish(c.scheme, np.arange(1, 11, dtype="float64"), classes, cols, counts, legend, None,
                       _nodata_label(layer))
    if bins is None:
        bins, note = compute_bins(v, c.scheme, c.k, c.breaks)
    else:
        bins, note = np.asarray(bins, dtype="float64"), None
    if bins.size == 0:
        classes = np.full(v.shape, -1, dtype="int64")
        return _finish(c.scheme, bins, classes, (), np.zeros(0, int), [], note)
    classes = assign(v, bins)
    cols = orient(colours(c.palette, len(bins)), worse, c.reverse)
    counts = np.bincount(classes[classes >= 0], minlength=len(bins))[: len(bins)]
    finite = v[np.isfinite(v)]
    lo = float(min(finite.min(), bins[0])) if finite.size else float(bins[0])
    if lowest is not None and np.isfinite(lowest):  # England's classes: the first starts at England's lowest
        lo = min(lo, float(lowest))
    # whole-number values: name the whole numbers each class holds ("-1 decile", "2 to 5 deciles"), not
    # "-1.5 to -0.5 deciles" for breaks between them, nor shared ends ("989 to 1,408", "1,408 to 1,552") for
    # whole breaks, such as England's quantiles of residents (classes hold their upper end: the next starts at 1,409)
    if whole is None:  # (a count layer says so itself: its legend reads in counts even where no area has one)
        whole = finite.size > 0 and bool(np.all(finite == np.round(finite)))
    legend = []
    for i, hi in enumerate(bins):
        low = lo if i == 0 else float(bins[i - 1])
        label = f"{_fmt(low, decimals)} to {_fmt(hi, decimals)}{unit}"
        if whole:
            a, b = (math.ceil(low) if i == 0 else math.floor(low) + 1), math.floor(hi)
            if i == 0 and a > b:  # a first class no value reaches ("0 indicators" in a place with none)
                a = b
            if a == b:
                label = f"{a:,}{unit[:-1] if abs(a) == 1 and unit.endswith('s') else unit}"
            elif a < b:
                label = f"{a:,} to {b:,}{unit}"
        legend.append(LegendEntry(label, cols[i], int(counts[i]), low, float(hi)))
    return _finish(c.scheme, bins, classes, cols, counts, legend, note, _nodata_label(layer))


def _nodata_label(layer) -> str:
    return getattr(layer, "nodata_label", None) or "No data"


def _finish(scheme, bins, classes, cols, counts, legend, note, nodata_label: str = "No data") -> Classified:
    nodata = int((classes < 0).sum())
    if nodata:
        legend = [*legend, LegendEntry(nodata_label, NODATA_COLOUR, nodata, nodata=True)]
    return Classified(scheme, np.asarray(bins, dtype="float64"), classes, tuple(cols), legend,
                      np.asarray(counts), note)


def pooled_bins(value_sets, classification: Classification) -> np.ndarray:
    """One set of breaks across several maps (so a colour means the same value on each)."""
    allv = np.concatenate([np.asarray(v, dtype="float64") for v in value_sets])
    bins, _ = compute_bins(allv, classification.scheme, classification.k, classification.breaks)
    return bins


def classify_map(md, classification: Classification, bins=None) -> Classified:
    """Classify a MapData's values with its layer's orientation and national deciles; breaks from England's
    values at the map's level unless the classification says the place's own."""
    deciles = md.frame["decile"].to_numpy() if "decile" in md.frame else None
    level = GEOGRAPHY_LEVEL.get(md.boundary_set, "la")
    if bins is None and _layers_own_count_classes(md.layer, classification):
        bins = count_bins(md.layer)  # every count 0..n a class in every place: a colour means one count
    england = _england_wide(md, classification)
    if england and bins is None:
        bins = england_bins(md, classification)
    elif england:  # given breaks (a recolour keeps them; a shared scale pools several maps): England's only if so
        england = np.array_equal(np.asarray(bins, dtype="float64"), england_bins(md, classification))
    lowest = float(np.nanmin(np.asarray(md.national["value"], dtype="float64"))) if england else None
    c = classify(md.values, classification, md.layer, deciles=deciles, bins=bins, areas=DECILE_AREAS[level],
                 lowest=lowest, whole=True if _layers_own_count_classes(md.layer, classification) else None)
    if england:
        c.extra["classes_from"] = "england"
        if "covered" in md.national and not (np.asarray(md.national["covered"], dtype="float64") > 0).all():
            c.extra["england_partial"] = True  # a grid covering part of England: breaks from what it covers
    if _layers_own_count_classes(md.layer, classification):
        c.extra["count_classes"] = True
    elif _whole_number_classes(md.values, classification):
        c.extra["whole_classes"] = True
    if "covered" in md.frame:
        c = only_covered(c, np.nan_to_num(np.asarray(md.frame["covered"], dtype="float64")) > 0)
        if "covered" in c.extra:
            n, total = int(np.count_nonzero(c.extra["covered"])), len(c.extra["covered"])
            c.extra["coverage"] = f"covers {n:,} of {total:,} {COVERAGE_AREAS[level]}"
    return c


#: what a partial layer's coverage counts, per level drawn
COVERAGE_AREAS = {"lsoa": "neighbourhoods", "msoa": "MSOAs", "ward": "wards", "la": "local authorities"}


def titled(title: str, classified: Classified) -> str:
    """A map's title, saying a partial layer's coverage where the legend does: 'Nitrogen dioxide (NO2),
    England (covers 3,867 of 32,844 neighbourhoods)'."""
    coverage = classified.extra.get("coverage")
    return f"{title} ({coverage})" if coverage and coverage not in title else title


def scheme_label(classified: Classified) -> str:
    """The scheme's name for a legend, saying when its breaks were cut on England's values."""
    if classified.extra.get("count_classes"):  # nobody defined these breaks: they are the count's own
        return "One class for each count"
    if classified.extra.get("whole_classes"):
        return "Whole-number classes"
    label = SCHEMES.get(classified.scheme, classified.scheme)
    if classified.extra.get("england_partial"):
        label += ", breaks from the values of every area it covers"
    elif classified.extra.get("classes_from") == "england":
        label += ", breaks from England's values"
    return label


def count_bins(layer) -> np.ndarray:
    """The classes of a count layer (where disadvantages coincide): one per whole number 0..n, whatever the
    place's own highest count."""
    own = list(layer.default_breaks)
    return np.asarray([*own, own[-1] + 0.5], dtype="float64")


def _layers_own_count_classes(layer, classification: Classification) -> bool:
    """A count layer (where disadvantages coincide) drawn with its own one-class-per-whole-number breaks."""
    own = getattr(layer, "default_breaks", ())
    return bool(own) and classification.scheme == "user" and tuple(classification.breaks or ()) == tuple(own)


def _whole_number_classes(values, classification: Classification) -> bool:
    """Breaks at half-way points between whole numbers on whole-number values (decile moves): classes of
    whole numbers, as placeviz sets them for the IMD change."""
    if classification.scheme != "user" or not classification.breaks:
        return False
    b = np.asarray(classification.breaks, dtype="float64")
    v = np.asarray(values, dtype="float64")
    v = v[np.isfinite(v)]
    return bool(np.all(b - np.floor(b) == 0.5)) and v.size > 0 and bool(np.all(v == np.round(v)))


def _england_wide(md, classification: Classification) -> bool:
    """Breaks from England's values: asked for, meaningful for the scheme, and the map is not England itself."""
    return (classification.classes_from == "england" and classification.scheme not in ("national_deciles", "user")
            and getattr(md, "national", None) is not None and getattr(md.place, "kind", "") != "england"
            and bool(np.isfinite(md.values).any()))  # a place without data: its legend says so, no empty scale


_ENGLAND_BINS: dict = {}


def england_bins(md, classification: Classification) -> np.ndarray:
    """The breaks of ``classification``'s scheme over every area of England at the map's boundary set, so
    that a colour means the same value in every place (as national deciles do for the IMD). Cached."""
    key = (md.layer.id, id(md.layer), md.boundary_set, md.year, classification.scheme, classification.k)
    if key not in _ENGLAND_BINS:
        values = np.asarray(md.national["value"], dtype="float64")
        _ENGLAND_BINS[key] = compute_bins(values, classification.scheme, classification.k)[0]
    return _ENGLAND_BINS[key]


def only_covered(c: Classified, covered: np.ndarray) -> Classified:
    """A layer that covers part of the map (the 1 km grids: Cheshire and Merseyside): areas outside its
    coverage are no data of a kind the legend does not count (``extra["covered"]`` marks the others, which
    the map shades), and a note says how many areas the data cover."""
    n, total = int(covered.sum()), len(covered)
    if n == total or n == 0:  # all covered; or none, which the map data's own note says (mapdata.map_data)
        return c
    c.extra["covered"] = covered
    missing = int(((c.classes < 0) & covered).sum())
    legend = [e for e in c.legend if not e.nodata]
    if missing:
        nodata = next(e for e in c.legend if e.nodata)
        legend.append(LegendEntry(nodata.label, nodata.colour, missing, nodata=True))
    c.legend = legend
    words = (f"The data cover {n:,} of the {total:,} areas on this map; the rest lie outside this layer's "
             "coverage: left unshaded and not counted.")
    c.note = f"{c.note} {words}" if c.note else words
    return c
