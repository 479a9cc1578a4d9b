"""Shared test set-up: Qt runs headless; tests use the real bundled data."""

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(scope="session", autouse=True)
def _one_qt_application():
    """One QApplication for the whole run, made before any test draws (pytest-qt's qapp then reuses it).
    An exporter run first (the compare PNG, the print layouts) would otherwise make a bare QGuiApplication
    and keep it, after which every test that opens a window aborts the run ('Cannot create a QWidget without
    QApplication')."""
    try:
        from PyQt6.QtWidgets import QApplication
    except ImportError:  # pragma: no cover - Qt missing: the Qt tests skip or fail on their own
        yield None
        return
    yield QApplication.instance() or QApplication(["placeviz-tests"])


@pytest.fixture(autouse=True)
def settings_dir(tmp_path_factory):
    """The app's QSettings (recent files, the window as it was) in a folder of each test's own: a test never
    reads what another left, and never writes the user's real settings."""
    try:
        from PyQt6.QtCore import QSettings
    except ImportError:  # pragma: no cover - Qt missing
        yield None
        return
    folder = tmp_path_factory.mktemp("settings")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    yield folder


def _reset_session_state(imported_before: set) -> None:
    """What one test may leave behind for the next: layers it imported (the catalog and the session's import
    list) and the national tables cached for them. (The bundled boundaries' geometry cache is kept: it holds
    nothing a test can change, and reading it again for every window would double the GUI tests' time.)"""
    from placeviz.imports import imported_results, remove_from_catalog
    from placeviz.model import mapdata

    for result in imported_results():
        if result.layer.id not in imported_before:
            remove_from_catalog(result.layer.id)
    mapdata.clear_cache()


@pytest.fixture
def make_window(qtbot):
    """A factory of main windows, as napari's ``make_napari_viewer``:
    ``make_window(spec=None, *, show=True, wait=True, size=(1400, 900), **kwargs)`` returns a MainWindow on
    ``spec`` (the default map when None), shown and, with ``wait``, loaded and drawn. At teardown every window
    it made is closed (with the comparisons they opened), and the layers imported meanwhile and the data
    caches are reset."""
    from placeviz.gui.window import MainWindow
    from placeviz.imports import imported_results

    before = {r.layer.id for r in imported_results()}
    made = []

    def make(spec=None, *, show: bool = True, wait: bool = True, size=(1400, 900), **kwargs):
        win = MainWindow(spec, **kwargs)
        made.append(win)
        win.resize(*size)
        if show:
            win.show()
        if wait and kwargs.get("load", True):
            qtbot.waitUntil(lambda: win.scene is not None, timeout=60_000)
            if show:
                qtbot.waitUntil(win.canvas.has_picture, timeout=20_000)
        return win

    yield make
    for win in made:
        for comparison in list(win.compare_windows):
            comparison.close()
    _close(made, before)


def _close(windows: list, imported_before: set) -> None:
    """Close the windows a factory made, let their workers finish, and reset what the tests left."""
    from placeviz.gui.workers import wait_for_all

    for win in windows:
        win.close()
    wait_for_all()
    for win in windows:
        win.deleteLater()
    _reset_session_state(imported_before)


@pytest.fixture
def make_compare_window(qtbot):
    """A factory of compare windows: ``make_compare_window(spec, right=None, *, parent=None, wait=True,
    size=(1400, 900))`` with ``spec`` a ComparisonSpec, or a MapSpec (then the window Tools > Compare side by
    side opens for it, beside ``right`` or its partner). Shown and, with ``wait``, loaded with its tables.
    Closed at teardown, and the catalog and caches reset as ``make_window`` does."""
    from placeviz.gui.compare_view import CompareWindow, comparison_for
    from placeviz.imports import imported_results
    from placeviz.model.spec import MapSpec

    before = {r.layer.id for r in imported_results()}
    made = []

    def make(spec=None, right=None, *, parent=None, wait: bool = True, size=(1400, 900)):
        if spec is None or isinstance(spec, MapSpec):
            spec = comparison_for(spec or MapSpec(), right)
        win = CompareWindow(spec, parent)
        made.append(win)
        win.resize(*size)
        win.show()
        if wait:
            qtbot.waitUntil(win.is_loaded, timeout=60_000)
        return win

    yield make
    _close(made, before)


@pytest.fixture
def registered():
    """Layers a test adds to the process-wide catalog are removed afterwards."""
    from placeviz.imports import remove_from_catalog

    ids: list[str] = []
    yield ids
    for i in ids:
        remove_from_catalog(i)


@pytest.fixture(autouse=True)
def _forget_derived_layers():
    """Layers made at run time (IMD change, where disadvantages coincide) join the process-wide catalog when
    a test uses one; they go after it, so that tests reading every catalog layer see the bundled ones only (a
    saved map or a command line makes them again on demand)."""
    yield
    from placeviz.model.catalog import load_catalog

    load_catalog().forget_derived()


#: names a hostile data file could give its areas: each must reach the page as text, never as markup
HOSTILE_NAMES = ('<script>alert(1)</script>', '"onmouseover=alert(1) x="', '</script><img src=x onerror=alert(3)>')


@pytest.fixture
def knowsley_with_hostile_names():
    """Knowsley's IMD 2019 map data with its first areas renamed to ``HOSTILE_NAMES``: (names, MapData)."""
    from placeviz.model.mapdata import map_data

    md = map_data("Knowsley", "lsoa", "imd2019")
    frame = md.frame.copy()
    for i, s in enumerate(HOSTILE_NAMES):
        frame.loc[i, "name"] = s
    md.frame = frame
    return list(HOSTILE_NAMES), md
