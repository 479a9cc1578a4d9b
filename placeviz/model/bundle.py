"""Where the bundled data lives: in a checkout, next to the package; in a wheel, inside it."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from placeviz.model.errors import UserError

_PACKAGE = Path(__file__).resolve().parent.parent  # placeviz/, above model/


class MissingBundleDataError(UserError, FileNotFoundError):
    """A table placeviz ships with is not where it should be: the bundle is incomplete."""


@cache
def bundle_root() -> Path:
    """The folder that holds ``boundaries/``, ``layers/`` and ``resources/``."""
    for candidate in (_PACKAGE / "_bundle", _PACKAGE.parent):
        if (candidate / "layers" / "catalog.json").is_file():
            return candidate
    raise FileNotFoundError(
        "placeviz cannot find its bundled data (layers/catalog.json). "
        "Reinstall placeviz with 'pip install .' from a complete checkout."
    )


def boundaries_dir() -> Path:
    return bundle_root() / "boundaries"


def layers_dir() -> Path:
    return bundle_root() / "layers"


def resources_dir() -> Path:
    return bundle_root() / "resources"


def places_path() -> Path:
    """The bundled towns, cities and suburbs that label maps (built by tools/build_bundle.py)."""
    return layers_dir() / "tables" / "places.parquet"
