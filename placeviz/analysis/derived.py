"""Layers placeviz derives on demand (IMD change between editions, where disadvantages coincide) join the
catalog when their module is imported, which waits until one is asked for (pandas and England-wide work).
``register_derived`` imports the module a layer id needs, so the command line, a saved workspace and the
map the app last showed can all name them."""

from __future__ import annotations


def register_derived(layer_id: str) -> None:
    """Make sure the catalog can resolve ``layer_id`` if it names a derived layer (nothing for any other)."""
    if "_change_" in layer_id:
        import placeviz.analysis.change
    if layer_id.startswith("overlap"):
        import placeviz.analysis.overlap  # noqa: F401
