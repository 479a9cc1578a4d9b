"""Analysis on top of map data: place profiles and their plain-English summary, hot spots, comparisons.

- ``profile.place_profile(place)`` -> PlaceProfile: every briefing figure, with its layers and notes;
- ``narrative.so_what(profile)`` -> the four to eight sentences, each traceable to its figures;
- ``hotspots.hotspots(place, layer)`` -> HotSpots: Getis-Ord Gi* (or local Moran's I) classes, map-ready;
- ``report``: a profile as text, JSON or a standalone HTML page;
- ``compare`` (areas and places side by side, rankings, shared scales) and ``compare_tables`` (the tables
  ``placeviz compare`` writes); ``change`` (IMD between editions, a derived layer); ``bivariate``.

Above the model layer, beside ``imports``; no Qt here.
"""
