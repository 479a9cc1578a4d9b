"""Analysis on top of map data: place profiles and their plain-English summary, hot spots, comparisons.

- ``profile.place_profile(place)`` -> PlaceProfile: every briefing figure, with its layers and notes;
- ``narrative.so_what(profile)`` -> the four to eight sentences, each traceable to its figures;
- ``hotspots.hotspots(place, layer)`` -> HotSpots: Getis-Ord Gi* (or local Moran's I) classes, map-ready;
- ``report``: a profile as text, JSON or a standalone HTML page; ``profile_command``: ``placeviz profile``.

Modules are imported on demand; nothing heavy is imported with the package. No Qt here.
"""
