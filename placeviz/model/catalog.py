"""The layer catalog: what each layer measures, where it comes from, and how to read it.

Backed by ``layers/catalog.json`` (written by tools/build_bundle.py); imported layers join it at run time.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from placeviz.model.bundle import layers_dir
from placeviz.model.errors import UserError
from placeviz.model.names import normalise, suggestion

THEMES = ("deprivation", "health", "environment", "work", "population", "imported")
THEME_TITLES = {
    "deprivation": "Deprivation", "health": "Health", "environment": "Environment (air quality)",
    "work": "Work", "population": "Population", "imported": "Your data",
}
#: the geography level a layer's native areas belong to
GEOGRAPHY_LEVEL = {
    "lsoa11": "lsoa", "lsoa21": "lsoa", "msoa11": "msoa", "msoa21": "msoa",
    "lad19": "la", "lad21": "la", "lad24": "la", "grid1km": "grid", "ward24": "ward",
}
GEOGRAPHY_NAMES = {
    "lsoa11": "LSOA 2011", "lsoa21": "LSOA 2021", "msoa11": "MSOA 2011", "msoa21": "MSOA 2021",
    "lad19": "local authority (2019)", "lad21": "local authority (2021)", "lad24": "local authority (2024)",
    "grid1km": "1 km grid", "ward24": "ward 2024",
}


class UnknownLayerError(UserError, KeyError):
    pass


@dataclass(frozen=True)
class _Resolver:
    names: Callable[[str], bool]  # whether a layer id is one this resolver makes, from the id alone
    make: Callable[[str], Layer]  # the layer, made (and added to the catalog) on first use


#: What makes, from its id, a layer the catalog does not hold yet (such as IMD change between editions), so
#: that a saved map naming one reopens in a new session. The code that makes such layers registers them; the
#: catalog knows nothing of it.
_RESOLVERS: list[_Resolver] = []


def register_resolver(names: Callable[[str], bool], make: Callable[[str], Layer]) -> None:
    """Let ``make(layer_id)`` answer the ids the catalog does not know and ``names(layer_id)`` recognises."""
    resolver = _Resolver(names, make)
    if resolver not in _RESOLVERS:
        _RESOLVERS.append(resolver)


def is_derived_id(layer_id: str) -> bool:
    """True when a registered resolver makes a layer of this id (IMD change, the overlap): told from the id,
    without making the layer."""
    return any(r.names(layer_id) for r in _RESOLVERS)


@dataclass(frozen=True)
class Dataset:
    id: str
    title: str
    publisher: str
    licence: str
    attribution: str
    licence_url: str = ""
    notes: str = ""


@dataclass(frozen=True)
class Layer:
    id: str
    title: str
    theme: str
    unit: str
    period: str
    geography: str
    dataset: Dataset
    description: str
    kind: str = "table"  # "table" or "raster"
    short_title: str = ""
    unit_long: str = ""
    table: str | None = None
    column: str | None = None
    rank_column: str | None = None
    decile_column: str | None = None
    lower_column: str | None = None
    upper_column: str | None = None
    weight: str | None = "population"
    aggregate: str = "mean"  # "mean" (population-weighted) or "sum"
    higher_is_worse: bool | None = True
    default_scheme: str = "quantiles"
    decimals: int = 1
    caveats: tuple[str, ...] = ()
    series: dict = field(default_factory=dict)  # year -> column
    raster: str | None = None
    zonal: dict = field(default_factory=dict)  # small-area geography -> {"table", "column"}
    nodata_label: str | None = None  # legend text for areas without a value, when "No data" would mislead
    default_breaks: tuple[float, ...] = ()  # a derived layer's own classes (scheme "user"), e.g. one per count
    map_note: str | None = None  # said under every map of a derived layer: how its values were made

    def __post_init__(self):
        # a tuple however it arrives (a workspace's JSON gives a list), so layers compare equal
        object.__setattr__(self, "default_breaks", tuple(float(b) for b in self.default_breaks or ()))

    @property
    def level(self) -> str:
        return GEOGRAPHY_LEVEL[self.geography]

    @property
    def geography_name(self) -> str:
        return GEOGRAPHY_NAMES.get(self.geography, self.geography)

    @property
    def has_deciles(self) -> bool:
        return self.decile_column is not None

    @property
    def label(self) -> str:
        return self.short_title or self.title

    def source_line(self) -> str:
        """One line naming the source, period and licence: shown under every legend and export."""
        d = self.dataset
        # "2019 (most indicators 2015/16)" reads "(2019, most indicators 2015/16)", not "(2019 (...))"
        period = self.period.replace(" (", ", ").replace(")", "") if "(" in self.period else self.period
        when = "" if self.period in d.title else f" ({period})"  # "..., 1 km grid, 2023" needs no "(2023)"
        return f"Source: {d.publisher}, {d.title}{when}. {d.attribution}"

    def format_value(self, value) -> str:
        if value is None or value != value:
            return "no data"
        if self.unit == "rank":
            return f"{round(float(value)):,}"
        text = f"{value:,.{self.decimals}f}"
        if self.unit == "%":
            return text + "%"
        if self.unit in ("years", "µg/m³", "people"):
            return f"{text} {self.unit}"
        return text


class Catalog:
    def __init__(self, layers: list[Layer], datasets: dict[str, Dataset]):
        self._layers = {layer.id: layer for layer in layers}
        self.datasets = datasets
        self.frames: dict = {}  # id -> DataFrame for imported layers

    def __iter__(self):
        return iter(self._layers.values())

    def __len__(self) -> int:
        return len(self._layers)

    def __contains__(self, layer_id) -> bool:
        return layer_id in self._layers

    @property
    def ids(self) -> list[str]:
        return list(self._layers)

    def get(self, layer_id: str) -> Layer:
        if layer_id in self._layers:
            return self._layers[layer_id]
        key = normalise(layer_id)
        for layer in self._layers.values():
            if normalise(layer.id) == key or normalise(layer.title) == key:
                return layer
        for r in _RESOLVERS:
            if r.names(layer_id):
                return r.make(layer_id)
        raise UnknownLayerError(
            suggestion(layer_id, self.ids, "layer") + " Run 'placeviz layers' to list them."
        )

    def by_theme(self) -> dict[str, list[Layer]]:
        out: dict[str, list[Layer]] = {t: [] for t in THEMES}
        for layer in self._layers.values():
            out.setdefault(layer.theme, []).append(layer)
        return {t: v for t, v in out.items() if v}

    def add(self, layer: Layer, frame=None) -> None:
        """Add (or replace) a layer at run time, e.g. the user's imported data, with its values table."""
        self._layers[layer.id] = layer
        if frame is not None:
            self.frames[layer.id] = frame

    def remove(self, layer_id: str) -> None:
        self._layers.pop(layer_id, None)
        self.frames.pop(layer_id, None)

    def forget_derived(self) -> None:
        """Take out the layers made at run time by a resolver (each is made again when next named)."""
        for layer_id in [i for i in self._layers if is_derived_id(i)]:
            self.remove(layer_id)


def _layer_from_dict(d: dict, datasets: dict[str, Dataset]) -> Layer:
    d = dict(d)
    d["dataset"] = datasets[d["dataset"]]
    d["caveats"] = tuple(d.get("caveats", ()))
    return Layer(**d)


@cache
def _bundled() -> tuple[tuple[Layer, ...], dict]:
    raw = json.loads((layers_dir() / "catalog.json").read_text(encoding="utf-8"))
    datasets = {k: Dataset(id=k, **v) for k, v in raw["datasets"].items()}
    return tuple(_layer_from_dict(x, datasets) for x in raw["layers"]), datasets


def is_bundled_id(layer_id: str) -> bool:
    """True when a bundled layer (layers/catalog.json) has this id."""
    return layer_id in {layer.id for layer in _bundled()[0]}


def is_placeviz_id(layer_id: str) -> bool:
    """True when placeviz itself names a layer so: a bundled layer, or one a resolver makes (IMD change, the
    overlap), answered from the ids alone. A layer of the user's own never takes such an id."""
    return is_bundled_id(layer_id) or is_derived_id(layer_id)


def is_placeviz_dataset(dataset_id: str) -> bool:
    """True when a bundled layer's source (dataset) has this id."""
    return dataset_id in _bundled()[1]


_CATALOG: Catalog | None = None


def load_catalog() -> Catalog:
    """The process-wide catalog: the bundled layers plus any the user imported in this session."""
    global _CATALOG
    if _CATALOG is None:
        layers, datasets = _bundled()
        _CATALOG = Catalog(list(layers), dict(datasets))
    return _CATALOG


def boundary_attribution() -> str:
    """The attribution the boundaries' licence asks for: who publishes them, under which licence, and the
    Ordnance Survey's copyright. The same words on the screen, on every printed map, in HTML and in tables."""
    datasets = load_catalog().datasets
    d = datasets["boundaries"]
    # the map's town names (OS Open Names, ONS town sizes) are credited with the boundaries, before the
    # licence's own words, which the screen keeps when it has room for only the last sentences
    names = " Place names: OS Open Names (2019); town sizes: ONS, Census 2011." if "places" in datasets else ""
    text = f"Boundaries: {d.publisher}, {d.title}.{names} {d.attribution}"
    if d.licence and d.licence not in text:
        text += f" Licence: {d.licence}."
    return text


def names_attribution() -> str:
    """The credit the neighbourhood (MSOA) names' licence asks for, wherever a name is shown: the House of
    Commons Library under the Open Parliament Licence (not OGL). Empty when the bundle has no names."""
    d = load_catalog().datasets.get("msoa_names")
    if d is None:
        return ""
    return f"Neighbourhood names: {d.publisher}, {d.title}. {d.attribution}"


def names_credit() -> str:
    """The short credit for one neighbourhood name (a tooltip, a line of text): who, and the licence's words."""
    d = load_catalog().datasets.get("msoa_names")
    return f"{d.publisher}. {d.attribution}" if d is not None else ""


def get_layer(layer_id: str) -> Layer:
    return load_catalog().get(layer_id)
