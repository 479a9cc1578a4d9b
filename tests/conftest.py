"""Shared test set-up: Qt runs headless; tests use the real bundled data."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
