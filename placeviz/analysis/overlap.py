"""Where disadvantages coincide: on how many indicators each neighbourhood falls in England's worst fifth.

For each chosen indicator, England's worst fifth (or tenth) is found among the areas the indicator is
published for, by national rank (rank 1 = worst; an area is in the worst fifth when its rank is at most a
fifth of the areas with a value, the rule of the IMD's own deciles). "Worst" follows each indicator's
direction: a high IMD score, a LOW life expectancy, a high PM2.5 concentration, a high share of jobs in
insecure-work sectors. The least bad value still inside the worst fifth is the indicator's threshold.

Each neighbourhood (LSOA) then takes its indicator values from the areas it lies in, and is counted on every
indicator whose value is at or beyond the threshold:

- an indicator published for neighbourhoods of the same census year: the neighbourhood's own value;
- for MSOAs (life expectancy, insecure work): the value of the MSOA it lies in;
- for local authorities (air quality): the value of its authority, which cannot tell neighbourhoods apart;
- a 2021 neighbourhood takes a 2011-based value by model.lsoa_apportion's one rule: the value of the 2011
  neighbourhood it comes from (unchanged or split), or its parents' population-weighted mean (merged or
  irregular, each parent weighted by its residents living inside). The layer is drawn on 2021 LSOAs when IMD 2025 is chosen, else on 2011 LSOAs.

A neighbourhood missing any chosen indicator is not counted (no data), rather than counted low. No Qt here.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from placeviz.model.bundle import MissingBundleDataError, layers_dir
from placeviz.model.catalog import (
    Dataset,
    Layer,
    UnknownLayerError,
    get_layer,
    load_catalog,
    register_resolver,
)
from placeviz.model.errors import UserError
from placeviz.model.geography import attributes
from placeviz.model.lsoa_apportion import apportioned_mean, apportioning
from placeviz.model.mapdata import national_rank, read_table


class OverlapError(UserError, ValueError):
    pass


@dataclass(frozen=True)
class Indicator:
    """One indicator the overlap can count, in its own plain words; its table, areas and which end is worse
    are its catalog layer's."""

    key: str
    label: str  # plain words for the overlap's sentences: "life expectancy"
    layer: str  # the catalog layer it is read from and credited to
    #: a column of the layer's table other than the layer's own (persons, beside a layer for men)
    other_column: str | None = None

    @property
    def source(self) -> Layer:
        return get_layer(self.layer)

    @property
    def table(self) -> str:
        return self.source.table

    @property
    def column(self) -> str:
        return self.other_column or self.source.column

    @property
    def geography(self) -> str:  # lsoa11, lsoa21, msoa11 or lad21
        return self.source.geography

    @property
    def higher_is_worse(self) -> bool:
        return self.source.higher_is_worse


INDICATORS = {i.key: i for i in (
    Indicator("imd2025", "IMD 2025", "imd2025"),
    Indicator("imd2019", "IMD 2019", "imd2019"),
    Indicator("life_expectancy", "life expectancy", "life_expectancy_male", other_column="le_persons"),
    Indicator("le_male", "life expectancy of men", "life_expectancy_male"),
    Indicator("le_female", "life expectancy of women", "life_expectancy_female"),
    Indicator("air_quality", "air quality (PM2.5)", "air_quality"),
    Indicator("insecure_work", "insecure work", "insecure_work"),
)}
#: what people type for an indicator, besides its key
ALIASES = {"imd": "imd2025", "le": "life_expectancy", "life_expectancy_male": "le_male",
           "life_expectancy_female": "le_female", "air": "air_quality", "pm25": "air_quality",
           "work": "insecure_work"}
DEFAULT_INDICATORS = ("imd2025", "life_expectancy", "air_quality", "insecure_work")
#: the share of England's areas that is "worst"
WORST = {"fifth": 0.2, "tenth": 0.1}
_ID = re.compile(r"^overlap(?:-(?P<worst>fifth|tenth))?(?:-of-(?P<keys>[a-z0-9_]+(?:-[a-z0-9_]+)*))?$")
_LEVEL_WORDS = {"msoa11": "MSOAs (2011)", "lad21": "local authorities (2021)"}


def indicator_keys(text) -> tuple[str, ...]:
    """Indicator keys from 'imd2019,le_male,...' (or a list), checked; a sentence naming the choices if not."""
    items = [s.strip().lower() for s in (text.split(",") if isinstance(text, str) else text) if s.strip()]
    keys = []
    for item in items:
        key = ALIASES.get(item, item)
        if key not in INDICATORS:
            raise OverlapError(f"Unknown indicator {item!r} for where disadvantages coincide: use some of "
                               f"{', '.join(INDICATORS)}.")
        if key not in keys:
            keys.append(key)
    if len(keys) < 2:
        raise OverlapError("Choose at least two indicators to see where disadvantages coincide, e.g. "
                           "imd2025,life_expectancy.")
    return tuple(keys)


def checked_worst(worst: str) -> str:
    w = str(worst).strip().lower()
    if w not in WORST:
        raise OverlapError(f"Unknown threshold {worst!r}: use fifth (England's worst 20%) or tenth (worst 10%).")
    return w


def overlap_layer_id(keys=DEFAULT_INDICATORS, worst: str = "fifth") -> str:
    """The layer id for a choice: 'overlap', 'overlap-tenth', 'overlap-of-imd2019-le_male', ..."""
    keys, worst = indicator_keys(keys), checked_worst(worst)
    out = "overlap" if worst == "fifth" else f"overlap-{worst}"
    return out if keys == DEFAULT_INDICATORS else f"{out}-of-{'-'.join(keys)}"


def parse_layer_id(layer_id: str) -> tuple[tuple[str, ...], str] | None:
    """(indicator keys, worst) for an overlap layer id; None when the id is not one."""
    m = _ID.match(str(layer_id))
    if m is None:
        return None
    keys = indicator_keys(m["keys"].split("-")) if m["keys"] else DEFAULT_INDICATORS
    return keys, m["worst"] or "fifth"


@dataclass
class Overlap:
    """Every neighbourhood of England with the chosen indicators counted."""

    keys: tuple[str, ...]
    worst: str
    boundary_set: str  # lsoa21 when IMD 2025 is chosen, else lsoa11
    frame: pd.DataFrame  # index code; one 0/1 column per key (NaN: no value), "overlap", "detail"
    thresholds: dict  # key -> the least bad value inside the worst share

    @property
    def indicators(self) -> list[Indicator]:
        return [INDICATORS[k] for k in self.keys]

    def method(self) -> str:
        share = f"worst {self.worst} ({WORST[self.worst]:.0%})"
        dirs = "; ".join(f"{i.label}: {'high' if i.higher_is_worse else 'low'} values are worse" for i in self.indicators)
        return (f"For each neighbourhood ({_set_words(self.boundary_set)}), the number of these indicators on which "
                f"it lies in England's {share}: {', '.join(i.label for i in self.indicators)}. England's {share} is "
                "found by national rank among the areas each indicator is published for, as the IMD's own deciles "
                f"are ({dirs}). {pass_down_note(self.keys, self.boundary_set)} A neighbourhood missing any of "
                "them is not counted.")

    def counts(self, codes) -> dict[int, int]:
        """Neighbourhoods among ``codes`` on 0, 1, ..., n indicators (areas not counted left out)."""
        v = self.frame["overlap"].reindex(list(codes)).dropna().astype(int)
        return {k: int((v == k).sum()) for k in range(len(self.keys) + 1)}


def _set_words(set_name: str) -> str:
    return {"lsoa21": "2021 LSOA", "lsoa11": "2011 LSOA"}[set_name]


def pass_down_note(keys, boundary_set: str) -> str:
    """The sentence saying which indicators are published for bigger areas and pass their value down."""
    bigger: dict[str, list[str]] = {}
    for k in keys:
        i = INDICATORS[k]
        if i.geography in _LEVEL_WORDS:
            bigger.setdefault(i.geography, []).append(i.label)
    if not bigger:
        return ""
    parts = [f"{' and '.join(labels)} for {_LEVEL_WORDS[g]}" for g, labels in bigger.items()]
    several = sum(map(len, bigger.values())) > 1
    text = " and ".join(parts)
    text = (f"{text[0].upper()}{text[1:]}: published for bigger areas only, so each neighbourhood takes the value "
            f"of the bigger area it lies in, and {'these' if several else 'this'} cannot tell neighbourhoods "
            "within one area apart.")
    if boundary_set == "lsoa21" and any(INDICATORS[k].geography in ("lsoa11", "msoa11") for k in keys):
        text += (" 2021 neighbourhoods take 2011-based values through the ONS LSOA 2011 to 2021 lookup (a "
                 "merged neighbourhood: its parents' population-weighted mean).")
    return text


def _worst_threshold(values: pd.Series, higher_is_worse: bool, share: float) -> float:
    """The least bad value among England's worst ``share`` of areas (by national rank, rank 1 = worst)."""
    rank, _ = national_rank(values, higher_is_worse)
    inside = values[rank <= share * int(values.notna().sum())]
    return float(inside.min() if higher_is_worse else inside.max())


def _on_lsoa11(i: Indicator, values: pd.Series) -> pd.Series:
    a = attributes("lsoa11").set_index("code")
    if i.geography == "lsoa11":
        return values.reindex(a.index)
    return pd.Series(a[_PARENT[i.geography]].map(values).to_numpy(dtype="float64"), index=a.index)


#: the column of a 2011 neighbourhood's attributes naming the bigger area an indicator is published for
_PARENT = {"msoa11": "msoa_code", "lad21": "lad21_code"}


def _rows_of(codes, index) -> np.ndarray:
    """Where each of ``codes`` is in ``index`` (unique area codes), -1 where it is not. pyarrow's index_in on
    the Arrow text pandas holds: pandas' own matching turns every code into a Python string first (some 20 ms
    for England's neighbourhoods, against about 1 ms)."""
    found = pc.index_in(_arrow_text(codes), value_set=_arrow_text(index))
    return found.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)


def _arrow_text(codes) -> pa.Array:
    """Area codes as one Arrow string array: a Series' or Index's Arrow text as it is, anything else converted."""
    arr = pa.array(getattr(codes, "array", None) if hasattr(codes, "array") else np.asarray(codes, dtype=object))
    arr = arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr
    return arr.cast(pa.string())


def _taken(values: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """values[rows], NaN where a row is -1 (no such area)."""
    out = values[np.maximum(rows, 0)].astype("float64")
    out[rows < 0] = np.nan
    return out


def _rows_in(index, geography: str, of: str) -> np.ndarray:
    """Where the values of each area are in ``index`` (codes of areas of ``geography``): for ``of`` "lsoa21"
    the 2021 LSOAs (attributes' order), for "lookup" the LSOA 2011 to 2021 lookup's rows, each through the
    2011 LSOA or the bigger area it lies in; -1 where ``index`` has none."""
    if of == "lsoa21":  # only an authority's value passes to 2021 neighbourhoods without the lookup
        return _rows_of(attributes("lsoa21")[_PARENT[geography]], index)
    a = attributes("lsoa11")
    codes = a["code"] if geography == "lsoa11" else a[_PARENT[geography]]
    return _through(_rows_of(codes, index), _lookup_rows11())


@cache
def _lookup_rows11() -> np.ndarray:
    """Where each of the lookup's 2011 codes is among the 2011 LSOAs (attributes' order)."""
    return _rows_of(apportioning().codes11, attributes("lsoa11")["code"])


def _through(rows: np.ndarray, via: np.ndarray) -> np.ndarray:
    """rows[via], -1 where ``via`` is -1."""
    return np.where(via >= 0, rows[np.maximum(via, 0)], -1)


@cache
def _lsoa21_rows() -> np.ndarray:
    """Where each 2021 LSOA (attributes' order) is among the lookup's 2021 codes (``apportioning().codes21``)."""
    return _rows_of(attributes("lsoa21")["code"], apportioning().codes21)


def _on_set(i: Indicator, values: pd.Series, set_name: str) -> pd.Series:
    codes = attributes(set_name)["code"]
    if i.geography == set_name:
        return values.reindex(codes.to_numpy())
    if set_name == "lsoa11" and i.geography == "lsoa21":
        raise OverlapError("IMD 2025 is for 2021 neighbourhoods: it cannot be counted on 2011 neighbourhoods.")
    if set_name == "lsoa11":
        return _on_lsoa11(i, values)
    # 2021 neighbourhoods: matched by position (the areas' codes found once with pyarrow), not by text
    v, index = values.to_numpy(dtype="float64"), pd.Index(codes.array)
    if i.geography == "lad21":
        return pd.Series(_taken(v, _rows_in(values.index, i.geography, "lsoa21")), index=index)
    passed = apportioned_mean(_taken(v, _rows_in(values.index, i.geography, "lookup")))
    return pd.Series(_taken(passed, _lsoa21_rows()), index=index)


#: England's count on the default indicators and threshold, made when the bundle is built
#: (tools/build_bundle.py, by ``compute_coincidence``): a profile, brief or deck reads it in a few
#: milliseconds instead of computing it (about 0.2 s, most of it passing 2011 values to 2021 neighbourhoods)
BUNDLED_TABLE = "overlap_lsoa21.parquet"
_META = b"placeviz.overlap"


@cache
def coincidence(keys: tuple[str, ...] = DEFAULT_INDICATORS, worst: str = "fifth") -> Overlap:
    """The chosen indicators counted for every neighbourhood in England: the bundled count for the default
    choice, else computed. Cached: do not modify."""
    keys, worst = indicator_keys(keys), checked_worst(worst)
    if (keys, worst) == (DEFAULT_INDICATORS, "fifth"):
        return bundled_coincidence()
    return compute_coincidence(keys, worst)


def compute_coincidence(keys: tuple[str, ...], worst: str) -> Overlap:
    """The chosen indicators counted for every neighbourhood in England, from the bundled indicator tables."""
    set_name = "lsoa21" if "imd2025" in keys else "lsoa11"
    frame = pd.DataFrame(index=pd.Index(attributes(set_name)["code"].to_numpy(), name="code"))
    thresholds = {}
    for k in keys:
        i = INDICATORS[k]
        source = read_table(i.table)[i.column].astype("float64")
        t = _worst_threshold(source, i.higher_is_worse, WORST[worst])
        thresholds[k] = t
        v = _on_set(i, source, set_name).reindex(frame.index)
        inside = (v >= t) if i.higher_is_worse else (v <= t)
        frame[k] = inside.astype("float64").where(v.notna())
    flags = frame[list(keys)]
    frame["overlap"] = flags.sum(axis=1).where(flags.notna().all(axis=1))
    return Overlap(keys, worst, set_name, _with_details(frame, keys, worst), thresholds)


def _with_details(frame: pd.DataFrame, keys: tuple[str, ...], worst: str) -> pd.DataFrame:
    """``frame`` with its "detail" column: what each neighbourhood's count is made of."""
    flags = frame[list(keys)]
    labels = np.array([INDICATORS[k].label for k in keys], dtype=object)
    on = flags.fillna(0).to_numpy(dtype=bool)
    missing = flags.isna().to_numpy()
    # one sentence per pattern of indicators (at most 4**n), not one per neighbourhood
    bits = 1 << np.arange(len(keys))
    pattern = (on @ bits) * (1 << len(keys)) + missing @ bits
    kinds, which = np.unique(pattern, return_index=True)
    words = [_detail(labels, on[i], missing[i], worst) for i in which]
    frame["detail"] = np.array(words, dtype=object)[np.searchsorted(kinds, pattern)]
    return frame


def _inputs() -> dict[str, int]:
    """The bundled tables the default count is made from, with their sizes: the indicators', the LSOA 2011 to
    2021 lookup and the residents that weight it."""
    names = [INDICATORS[k].table for k in DEFAULT_INDICATORS]
    names += ["lookup_lsoa11_lsoa21.parquet", "population_lsoa11.parquet", "population_lsoa21.parquet"]
    paths = {n: layers_dir() / "tables" / n for n in dict.fromkeys(names)}
    return {n: path.stat().st_size if path.is_file() else None for n, path in paths.items()}


def write_bundled_coincidence(path) -> None:
    """Write England's count on the default indicators (``BUNDLED_TABLE``), with its choice, thresholds and the
    tables it was made from."""
    o = compute_coincidence(DEFAULT_INDICATORS, "fifth")
    table = pa.Table.from_pandas(o.frame.drop(columns="detail").reset_index(), preserve_index=False)
    meta = {"keys": list(o.keys), "worst": o.worst, "boundary_set": o.boundary_set, "thresholds": o.thresholds,
            "inputs": _inputs()}
    # no pandas metadata and no statistics, as tools/build_bundle.py writes tables: a rebuild gives the same bytes
    table = table.replace_schema_metadata({_META: json.dumps(meta).encode()})
    pq.write_table(table, path, compression="zstd", compression_level=9, write_statistics=False)


def bundled_coincidence() -> Overlap:
    """The default count as bundled (``write_bundled_coincidence``), checked to be the default choice over
    today's 2021 neighbourhoods, made from today's tables (by their sizes): any other is refused, not shown."""
    path = layers_dir() / "tables" / BUNDLED_TABLE
    rebuild = ("rebuild it with 'python tools/build_bundle.py --overlap-only' (it needs only the bundled "
               "tables).")
    if not path.is_file():
        raise MissingBundleDataError(f"The count of where disadvantages coincide (layers/tables/{BUNDLED_TABLE}) "
                                     f"is missing from placeviz's bundled data: {rebuild}")
    table = pq.ParquetFile(path).read(use_pandas_metadata=False)
    meta = json.loads((table.schema.metadata or {}).get(_META, b"{}"))
    keys = tuple(meta.get("keys", ()))
    codes = attributes("lsoa21")["code"]
    current = ((keys, meta.get("worst"), meta.get("boundary_set")) == (DEFAULT_INDICATORS, "fifth", "lsoa21")
               and meta.get("inputs") == _inputs())  # a table it was made from, changed since: made again
    if not current or table.num_rows != len(codes) or not table.column("code").combine_chunks().cast(
            pa.string()).equals(_arrow_text(codes)):
        raise MissingBundleDataError(f"The bundled count of where disadvantages coincide (layers/tables/"
                                     f"{BUNDLED_TABLE}) is not for today's indicators and neighbourhoods: {rebuild}")
    frame = table.to_pandas().set_index("code")
    return Overlap(keys, meta["worst"], meta["boundary_set"], _with_details(frame, keys, meta["worst"]),
                   meta["thresholds"])


def _detail(labels: np.ndarray, on: np.ndarray, gap: np.ndarray, worst: str) -> str:
    """What a neighbourhood's count is made of: the indicators it is in the worst share on, or the missing."""
    if gap.any():
        return f"not counted: no value for {', '.join(labels[gap])}"
    return f"worst {worst} on: " + (", ".join(labels[on]) if on.any() else "none")


# --- the overlap as a map layer -------------------------------------------------------------------------------

def overlap_layer(layer_id: str = "overlap") -> Layer:
    """A run-time catalog layer of the overlap (added to the catalog on first use), drawn with one class for
    each count 0..n. Its description states the method."""
    cat = load_catalog()
    if layer_id in cat:
        return cat.get(layer_id)
    parsed = parse_layer_id(layer_id)
    if parsed is None:
        raise UnknownLayerError(f"Unknown layer {layer_id!r}: the overlap layers are 'overlap', 'overlap-tenth' "
                                "and 'overlap-of-<indicator>-<indicator>...'.")
    keys, worst = parsed
    o = coincidence(keys, worst)
    n = len(keys)
    sources = [INDICATORS[k].source.dataset for k in keys]
    unique = list({d.id: d for d in sources}.values())
    ds = Dataset(
        id=f"{layer_id}_derived",
        title="Where disadvantages coincide (computed by placeviz from the bundled indicators)",
        publisher="; ".join(dict.fromkeys(d.publisher for d in unique)),
        licence="; ".join(dict.fromkeys(d.licence for d in unique if d.licence)),
        attribution=" ".join(dict.fromkeys(d.attribution for d in unique if d.attribution)),
        notes="Computed by placeviz: " + o.method(),
    )
    # each indicator with its period ("life expectancy 2016-2020"), not four bare periods before four names
    periods = [i.source.period.split(" (")[0] for i in o.indicators]
    dated = ", ".join(i.label if i.label.endswith(when) else f"{i.label} {when}"
                      for i, when in zip(o.indicators, periods, strict=True))
    layer = Layer(
        id=layer_id, title=f"Where disadvantages coincide: in England's worst {worst} on how many of {n} indicators",
        theme="deprivation", unit="indicators", unit_long=f"count of these {n} indicators",
        period=dated,
        geography=o.boundary_set, dataset=ds, description=o.method(),
        short_title=f"Disadvantages coinciding (worst {worst}, {n} indicators)", table=None, column="overlap",
        weight="population", higher_is_worse=True, default_scheme="user", decimals=0,
        # the pass-down note is the map's own note (map_note), shown once under the legend
        caveats=("Computed by placeviz, not an official statistic.",),
        nodata_label="Not counted: an indicator has no value",
        default_breaks=tuple(k + 0.5 for k in range(n)),
        map_note=pass_down_note(keys, o.boundary_set) or None,
    )
    cat.add(layer, o.frame[["overlap", "detail"]])
    return layer


def _is_overlap_id(layer_id: str) -> bool:
    return _ID.match(str(layer_id)) is not None


# a saved map or a command line naming an overlap layer has it made on first use
register_resolver(_is_overlap_id, overlap_layer)
