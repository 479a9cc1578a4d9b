"""The one rule for a place's IMD rank lives in ``placeviz.model.ranks``, so that the map window's own tables
(``model.mapdata``) follow it too; it is named here as well because the profile and comparisons grew up
importing it from analysis."""

from placeviz.model.ranks import (  # noqa: F401 (re-exported)
    IOD2025_WEIGHTS_NOTE,
    LAYER_EDITION,
    SUMMARIES,
    PlaceRank,
    census2021_residents,
    edition_weights,
    icb_of,
    imd_place_rank,
    percentile_among,
    region_scores,
)
