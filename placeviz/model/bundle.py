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


def boundary_path(set_name: str) -> Path:
    """A bundled boundary file (boundaries/SET.parquet); MissingBundleDataError when it is not there."""
    return _bundled(boundaries_dir() / f"{set_name}.parquet", "The boundary file")


def table_path(name: str) -> Path:
    """A bundled layer table (layers/tables/NAME); MissingBundleDataError when it is not there."""
    return _bundled(layers_dir() / "tables" / name, "The table")


def _bundled(path: Path, what: str) -> Path:
    if not path.is_file():
        shown = path.relative_to(bundle_root()) if path.is_relative_to(bundle_root()) else path
        raise MissingBundleDataError(
            f"{what} {shown.as_posix()} is missing from placeviz's bundled data: reinstall placeviz "
            "from a complete checkout ('pip install .'), or rebuild the data with 'python tools/build_bundle.py'.")
    return path


def places_path() -> Path:
    """The bundled towns, cities and suburbs that label maps (built by tools/build_bundle.py)."""
    return layers_dir() / "tables" / "places.parquet"
