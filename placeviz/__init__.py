"""placeviz: place-based inequality mapping for England, on bundled open data.

In Python (a notebook, a script)::

    import placeviz as pv
    pv.layers(), pv.places()                     # what can be mapped, as DataFrames
    gdf = pv.data("Liverpool", "imd2019")          # a GeoDataFrame (EPSG:27700) with sources in .attrs
    m = pv.Map(place="Liverpool", layer="imd2019")  # the desktop app's map: .to_html/.to_png/.to_folium()
    pv.profile("Liverpool"), pv.compare(["Liverpool", "Wirral"], ["imd2019"]), pv.read("my.csv")
    pv.find("L4 0TH")                               # a postcode, town or ward: its areas and headline figures
    pv.brief("Knowsley", "k.pdf"), pv.slides("Knowsley", "k.pptx", compare="Halton")  # for a meeting

The names above are the public API (``placeviz.api``); everything else is private. Importing placeviz is
light: pandas, geopandas and Qt load on first use.
"""

from placeviz.model.version import __version__

__all__ = ["Map", "Profile", "UserLayer", "__version__", "brief", "compare", "data", "find", "layers", "places",
           "profile", "read", "slides"]


def __getattr__(name: str):
    if name in __all__:
        # lazy: the API (pandas, geopandas) loads on first use, so `import placeviz` stays light
        from placeviz import api

        return getattr(api, name)
    raise AttributeError(f"module 'placeviz' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
