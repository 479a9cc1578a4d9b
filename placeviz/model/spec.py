"""MapSpec: everything a user can see on one map, as a small serialisable value.

The GUI edits a spec, the CLI builds one from its arguments, a workspace is a list of them, and every
exporter takes one. No Qt here.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields, replace

from placeviz.model.errors import UserError

SPEC_VERSION = 1
LEVELS = ("lsoa", "msoa", "la")  # from the smallest areas to the biggest
#: a level's place in LEVELS: a smaller number is finer
LEVEL_ORDER = {level: i for i, level in enumerate(LEVELS)}
LEVEL_NAMES = {"lsoa": "neighbourhoods (LSOAs)", "msoa": "MSOAs", "la": "local authorities"}


class SpecError(UserError, ValueError):
    """A spec that cannot describe a map, with a sentence that says what to change."""


@dataclass(frozen=True)
class Classification:
    scheme: str = "national_deciles"
    k: int = 10
    breaks: tuple[float, ...] | None = None  # user-defined upper bounds (scheme "user")
    palette: str = "RdYlBu"
    reverse: bool = False

    def __post_init__(self):
        if self.breaks is not None:
            object.__setattr__(self, "breaks", tuple(float(b) for b in self.breaks))
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

    def __post_init__(self):
        if self.level not in LEVELS:
            raise SpecError(f"Unknown geography level {self.level!r}: use one of {', '.join(LEVELS)}.")
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
        d["version"] = SPEC_VERSION
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
