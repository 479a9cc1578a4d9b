"""placeviz: place-based inequality mapping for England, on bundled open data."""

__version__ = "0.1.0"
