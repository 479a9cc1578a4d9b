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
