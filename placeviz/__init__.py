"""placeviz: place-based inequality mapping for England, on bundled open data."""

from placeviz.model.version import __version__

__all__ = ["__version__"]
