"""The desktop app (PyQt6). ``placeviz`` alone, or ``placeviz gui``, opens it.

- ``window.MainWindow``: holds one MapSpec; the panels edit it through ``placeviz.model.viewstate`` (no Qt
  there). Its open comparisons are saved with the workspace and reopened with it.
- ``canvas.MapCanvas``: the map, drawn by ``placeviz.render`` into cached pixmaps; pan, zoom, hover, select.
- ``panels``: layers by theme, place search, classification, legend, identify, provenance dialog.
- ``compare_view.CompareWindow``: two maps side by side (linked views, optionally one scale) and the tables
  under them, built from a ``ComparisonSpec`` and giving back the one on screen (``comparison_spec()``);
  its parts are in ``compare_pane`` (one side), ``compare_tabs`` (the tables) and ``compare_charts``.
- ``workers.run_task``: slow work (loading England, identify, exports, profile) off the GUI thread.
- ``command``: the ``placeviz gui`` subcommand, including ``--snapshot FILE.png``.
"""
