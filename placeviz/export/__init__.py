"""Exports of a map: a self-contained HTML page (``html``), tables, CSV and GeoPackage (``tables``), and
static images and PDFs (``static``, which has ``placeviz.render`` paint them).

Every exporter takes a MapSpec (or several) and draws from ``placeviz.model.mapdata`` and
``placeviz.model.classify``, so what is exported is what the desktop canvas shows. Import each exporter from
the module that defines it: ``from placeviz.export.html import export_html``.
"""
