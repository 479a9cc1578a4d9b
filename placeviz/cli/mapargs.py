"""The map options every command shares, turned into one MapSpec with one set of defaults."""

from __future__ import annotations

from pathlib import Path

from placeviz.model.catalog import Layer, load_catalog


def layer_or_file(text: str) -> Layer:
    """A catalog layer by id or title, a derived layer (IMD change), or the user's own file (table or
    raster) imported on the spot: what every option that takes a layer accepts."""
    path = Path(text).expanduser()
    if path.suffix and (path.exists() or "/" in text or "\\" in text):
        # lazy: the importer and pandas load only when a file is named, so bundled exports start fast
        from placeviz.imports import layer_from_file

        return layer_from_file(path)
    if "_change_" in text:
        # lazy: registers the derived change layers with the catalog; pandas loads only when one is asked for
        import placeviz.analysis.change  # noqa: F401
    return load_catalog().get(text)
