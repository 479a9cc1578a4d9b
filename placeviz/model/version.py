"""placeviz's version: the one definition, read by the package, the wheel's metadata and every file placeviz writes."""

__version__ = "0.1.0"
