"""The catalog Layer an import becomes: theme 'imported', "your own data" as publisher until the user names the
source, a free id, honest caveats."""

from __future__ import annotations

import re
from dataclasses import replace

from placeviz.imports.report import ValidationReport
from placeviz.model.catalog import GEOGRAPHY_NAMES, Dataset, Layer, load_catalog
from placeviz.model.names import normalise

#: the publisher of an imported layer until the user names its source (never their login name)
OWN_DATA = "your own data"


def make_layer(title: str, geography: str, file_name: str, unit: str = "", period: str = "as supplied",
               aggregate: str = "mean", higher_is_worse: bool | None = None, decimals: int = 1,
               report: ValidationReport | None = None, description: str | None = None) -> Layer:
    """A catalog Layer for imported values (theme 'imported', the user as publisher), with a free id."""
    layer_id = free_id(f"imported_{slug(title)}")
    caveats = ["Your own data, imported from a file: placeviz has not checked the figures themselves."]
    if report is not None and report.no_data:
        caveats.append(f"{report.no_data:,} areas had suppressed or blank values and are shown as no data.")
    if report is not None and report.expected and report.areas_covered < report.expected:
        caveats.append(f"The file covers {report.areas_covered:,} of England's {report.expected:,} "
                       f"{GEOGRAPHY_NAMES[geography]} areas: national ranks compare those areas only.")
    dataset = Dataset(id=f"user_{layer_id}", title=file_name, publisher=OWN_DATA,
                      licence="as supplied by the user", attribution=f"Imported from {file_name}.")
    return Layer(
        id=layer_id, title=title, short_title=title[:40], theme="imported", unit=unit, period=period,
        geography=geography, dataset=dataset, column="value", kind="table", table=None,
        weight="population" if aggregate == "mean" else None, aggregate=aggregate,
        higher_is_worse=higher_is_worse, default_scheme="quantiles", decimals=max(0, min(int(decimals), 3)),
        description=description or (f"{title}, imported from {file_name} ({GEOGRAPHY_NAMES.get(geography, geography)})."
                                    + (f" {report.summary()}" if report else "")),
        caveats=tuple(caveats),
    )



def with_source(layer: Layer, file_name: str, sha: str) -> Layer:
    """The layer credited to the file it came from, with the start of the file's sha256."""
    d = replace(layer.dataset, attribution=f"Imported from {file_name} (sha256 {sha[:12]}); figures as supplied.")
    return replace(layer, dataset=d)



def described(layer: Layer, title: str = "", unit: str = "", publisher: str = "", licence: str = "") -> Layer:
    """The layer as the user describes it when adding it: its name, units, source and licence. A blank field
    keeps what the import read (the column's name, its unit, "your own data", "as supplied by the user")."""
    title, unit, publisher, licence = (str(x).strip() for x in (title, unit, publisher, licence))
    d = layer.dataset
    if publisher and publisher != d.publisher:
        d = replace(d, publisher=publisher)
    if licence:
        d = replace(d, licence=licence)
    description = layer.description
    if title and description.startswith(f"{layer.title}, "):
        description = title + description[len(layer.title):]
    return replace(layer, title=title or layer.title, short_title=(title or layer.title)[:40],
                   unit=unit or layer.unit, dataset=d, description=description)


def suggested_title(column: str) -> str:
    """A name to offer for a layer read from ``column``: "pct_unemployed" -> "Pct unemployed"."""
    text = re.sub(r"[_\s]+", " ", str(column)).strip()
    return text[:1].upper() + text[1:] if text.islower() else text


def free_id(base: str, taken=lambda _id: False) -> str:
    """``base``, or ``base_2``, ``base_3`` ...: the first id no catalog layer has and ``taken`` does not refuse."""
    cat = load_catalog()
    layer_id, n = base, 1
    while layer_id in cat or taken(layer_id):
        n += 1
        layer_id = f"{base}_{n}"
    return layer_id


def slug(text: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "_", normalise(text)).strip("_")
    return s[:40] or "data"
