"""MapSpec: everything a user can see on one map, as a small serialisable value.

The GUI edits a spec, the CLI builds one from its arguments, a workspace is a list of them, and every
exporter takes one. No Qt here.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields, replace

from placeviz.model.errors import UserError

SPEC_VERSION = 2  # the newest map format read; 2 added ward outlines (``wards``), written only when on
#: said with a map that draws ward outlines (``MapSpec.wards``)
WARD_OUTLINES_NOTE = ("Dashed lines: wards (May 2024), each drawn as the 2021 neighbourhoods (LSOAs) the ONS "
                      "best-fit lookup puts in it.")
LEVELS = ("lsoa", "msoa", "ward", "la")  # from the smallest areas to the biggest (wards: from 2021 LSOAs)
#: a level's place in LEVELS: a smaller number is finer
LEVEL_ORDER = {level: i for i, level in enumerate(LEVELS)}
LEVEL_NAMES = {"lsoa": "neighbourhoods (LSOAs)", "msoa": "MSOAs", "ward": "wards", "la": "local authorities"}


def ward_outlines_drawn(asked: bool, boundary_set: str) -> bool:
    """Whether a map draws its place's ward outlines (View > Ward outlines, --wards): when asked, and never over
    the ward level, where the areas are the wards and dashes (and their legend note) would only repeat them."""
    return bool(asked) and boundary_set != "ward24"


#: where a map's class breaks come from (national deciles and the user's own breaks are the same either way)
CLASSES_FROM = {"england": "All of England", "place": "This place only"}  # the panel's tooltip says why


class SpecError(UserError, ValueError):
    """A spec that cannot describe a map, with a sentence that says what to change."""


def checked_level(level) -> str:
    """``level`` if it is one of LEVELS, else a SpecError sentence naming them."""
    if level not in LEVELS:
        raise SpecError(f"Unknown geography level {level!r}: use one of {', '.join(LEVELS)}.")
    return level


@dataclass(frozen=True)
class Classification:
    scheme: str = "national_deciles"
    k: int = 10
    breaks: tuple[float, ...] | None = None  # user-defined upper bounds (scheme "user")
    palette: str = "RdYlBu"
    reverse: bool = False
    #: whose values the breaks are computed from: "england" (every area of England at the map's level, so a
    #: colour means the same value in every place) or "place" (the map's own areas only)
    classes_from: str = "england"

    def __post_init__(self):
        if self.classes_from not in CLASSES_FROM:
            raise SpecError(f"Classes come from 'england' or 'place', not {self.classes_from!r}.")
        if self.breaks is not None:
            try:
                object.__setattr__(self, "breaks", tuple(float(b) for b in self.breaks))
            except (TypeError, ValueError):
                raise SpecError(f"Class breaks are numbers, such as [10, 20, 40], not {list(self.breaks)!r}.") \
                    from None
        if not 2 <= int(self.k) <= 12:
            raise SpecError(f"Number of classes must be between 2 and 12, not {self.k}.")
        object.__setattr__(self, "k", int(self.k))


@dataclass(frozen=True)
class MapSpec:
    place: str = "Cheshire and Merseyside"
    level: str = "lsoa"
    layer: str = "imd2019"
    classification: Classification = field(default_factory=Classification)
    title: str | None = None
    year: str | None = None  # for layers with a yearly series
    selection: tuple[str, ...] = ()
    extent: tuple[float, float, float, float] | None = None  # xmin, ymin, xmax, ymax in EPSG:27700
    wards: bool = False  # May 2024 ward outlines over the map (View > Ward outlines, --wards)

    def __post_init__(self):
        checked_level(self.level)
        if self.year is not None:  # a series names its years as text ("2019", "2022-24"): 2019 is that year
            object.__setattr__(self, "year", str(self.year).strip() or None)
        if not isinstance(self.wards, bool):
            raise SpecError("'wards' must be true or false.")
        if isinstance(self.selection, str) or not all(isinstance(c, str) for c in self.selection):
            raise SpecError(f"'selection' is a list of area codes, such as ['E01006412'], not {self.selection!r}.")
        object.__setattr__(self, "selection", tuple(self.selection))
        if self.extent is not None:
            object.__setattr__(self, "extent", tuple(float(v) for v in self.extent))

    def with_(self, **changes) -> MapSpec:
        """A copy with some fields changed (``classification`` may be given as a dict of its fields)."""
        cls = changes.get("classification")
        if isinstance(cls, dict):
            changes["classification"] = replace(self.classification, **cls)
        return replace(self, **changes)

    def to_dict(self) -> dict:
        d = asdict(self)
        # a map without ward outlines is written as format 1, which older placeviz reads; one with them says
        # it is format 2, so an older placeviz asks to be updated rather than failing on an unknown setting
        if not d.pop("wards"):
            d["version"] = 1
        else:
            d["wards"], d["version"] = True, 2
        return d

    @classmethod
    def from_dict(cls, d: dict) -> MapSpec:
        if not isinstance(d, dict):
            raise SpecError("A map description must be a JSON object.")
        version = d.get("version", SPEC_VERSION)
        if not isinstance(version, int) or version > SPEC_VERSION:
            raise SpecError(
                f"This map was saved by a newer placeviz (format {version}); update placeviz to open it."
            )
        known = {f.name for f in fields(cls)}
        unknown = set(d) - known - {"version"}
        if unknown:
            raise SpecError(f"Unknown map settings: {', '.join(sorted(unknown))}.")
        kw = {k: v for k, v in d.items() if k in known}
        c = kw.get("classification") or {}
        if not isinstance(c, dict):
            raise SpecError("'classification' must be an object.")
        # saved before classes could come from England's values: they were cut from the place's own
        c = {"classes_from": "place", **c}
        try:
            kw["classification"] = Classification(**c)
        except TypeError as exc:
            raise SpecError(f"Bad classification settings: {exc}.") from exc
        try:
            return cls(**kw)
        except TypeError as exc:
            raise SpecError(f"Bad map settings: {exc}.") from exc

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=1)

    @classmethod
    def from_json(cls, text: str) -> MapSpec:
        try:
            return cls.from_dict(json.loads(text))
        except json.JSONDecodeError as exc:
            raise SpecError(f"The map description is not valid JSON ({exc.msg} at line {exc.lineno}).") from exc


# -- comparisons -----------------------------------------------------------------------------------------

COMPARISON_VERSION = 1
#: what the compare window shows under its maps (its tabs, in order)
COMPARE_MODES = ("places", "ranking", "bivariate", "change")
COMPARE_MODE_NAMES = {"places": "the places compared", "ranking": "the ranking table",
                      "bivariate": "the two layers together (bivariate)", "change": "the IMD change"}
#: IMD change periods a comparison can summarise, and the indices (the IMD or one of its domains)
CHANGE_PERIODS = ("2015-2019", "2019-2025")


@dataclass(frozen=True)
class ComparisonSpec:
    """Maps shown together (the panes, left to right) and how: one shared scale or each its own breaks,
    views linked or not, which tab is shown, the areas selected across the maps, whether the left map
    shows the two layers as one bivariate map, and the IMD change being summarised.

    ``change`` is (period, domain), e.g. ("2019-2025", "imd"), once the change of two IMD editions has been
    mapped (the right pane then shows the change layer, so the editions can no longer be read off the
    panes); None otherwise. No Qt here."""

    panes: tuple[MapSpec, ...] = (MapSpec(layer="imd2019"), MapSpec(layer="imd2025"))
    shared_scale: bool = True
    linked: bool = True
    mode: str = "places"
    selection: tuple[str, ...] = ()
    bivariate_on_map: bool = False
    change: tuple[str, str] | None = None

    def __post_init__(self):
        panes = tuple(self.panes)
        if len(panes) < 2:
            raise SpecError(f"A comparison needs at least two maps, not {len(panes)}.")
        if not all(isinstance(p, MapSpec) for p in panes):
            raise SpecError("Each map of a comparison must be a map description (MapSpec).")
        object.__setattr__(self, "panes", panes)
        for name in ("shared_scale", "linked", "bivariate_on_map"):
            if not isinstance(getattr(self, name), bool):
                raise SpecError(f"The comparison's {name!r} must be true or false, not {getattr(self, name)!r}.")
        if self.mode not in COMPARE_MODES:
            raise SpecError(f"Unknown comparison view {self.mode!r}: use one of {', '.join(COMPARE_MODES)}.")
        if not isinstance(self.selection, (list, tuple)) or not all(isinstance(c, str) for c in self.selection):
            raise SpecError("The comparison's selection must be a list of area codes.")
        object.__setattr__(self, "selection", tuple(self.selection))
        if self.change is not None:
            change = tuple(self.change) if isinstance(self.change, (list, tuple)) else ()
            if (len(change) != 2 or change[0] not in CHANGE_PERIODS or not isinstance(change[1], str)
                    or not change[1]):
                raise SpecError(f"The comparison's change must be a period ({' or '.join(CHANGE_PERIODS)}) and an "
                                f"index such as 'imd', not {self.change!r}.")
            object.__setattr__(self, "change", change)

    @property
    def left(self) -> MapSpec:
        return self.panes[0]

    @property
    def right(self) -> MapSpec:
        return self.panes[1]

    def with_(self, **changes) -> ComparisonSpec:
        return replace(self, **changes)

    def to_dict(self) -> dict:
        return {"version": COMPARISON_VERSION, "panes": [p.to_dict() for p in self.panes],
                "shared_scale": self.shared_scale, "linked": self.linked, "mode": self.mode,
                "selection": list(self.selection), "bivariate_on_map": self.bivariate_on_map,
                "change": list(self.change) if self.change else None}

    @classmethod
    def from_dict(cls, d: dict) -> ComparisonSpec:
        if not isinstance(d, dict):
            raise SpecError("A comparison description must be a JSON object.")
        version = d.get("version", COMPARISON_VERSION)
        if not isinstance(version, int) or isinstance(version, bool) or version > COMPARISON_VERSION:
            raise SpecError(f"This comparison was saved by a newer placeviz (format {version}); update placeviz to "
                            "open it.")
        known = {f.name for f in fields(cls)}
        unknown = set(d) - known - {"version"}
        if unknown:
            raise SpecError(f"Unknown comparison settings: {', '.join(sorted(unknown))}.")
        panes = d.get("panes")
        if not isinstance(panes, list):
            raise SpecError("A comparison needs its maps as a list ('panes').")
        kw = {k: v for k, v in d.items() if k in known}
        kw["panes"] = tuple(MapSpec.from_dict(p) for p in panes)
        if isinstance(kw.get("selection"), list):
            kw["selection"] = tuple(kw["selection"])
        if isinstance(kw.get("change"), list):
            kw["change"] = tuple(kw["change"])
        try:
            return cls(**kw)
        except TypeError as exc:
            raise SpecError(f"Bad comparison settings: {exc}.") from exc

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=1)

    @classmethod
    def from_json(cls, text: str) -> ComparisonSpec:
        try:
            return cls.from_dict(json.loads(text))
        except json.JSONDecodeError as exc:
            raise SpecError(f"The comparison description is not valid JSON ({exc.msg} at line {exc.lineno}).") from exc
