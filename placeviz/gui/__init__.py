"""The desktop app (PyQt6). ``placeviz`` alone, or ``placeviz gui``, opens it.

- ``window.MainWindow``: holds one MapSpec; the panels edit it through ``state`` (no Qt there).
- ``canvas.MapCanvas``: the map, drawn by ``placeviz.render`` into cached pixmaps; pan, zoom, hover, select.
- ``panels``: layers by theme, place search, classification, legend, identify, provenance dialog.
- ``compare.CompareWindow``: two maps side by side on one view and, optionally, one scale.
- ``workers.run_task``: slow work (loading England, identify, exports, profile) off the GUI thread.
- ``command``: the ``placeviz gui`` subcommand, including ``--snapshot FILE.png``.
"""
