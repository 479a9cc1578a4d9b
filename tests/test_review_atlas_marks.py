"""An atlas page's key figures each say whether they are official (as published) or computed by placeviz:
only the rank said so, and a reader could not tell the shares and counts placeviz works out from the
publishers' own figures."""

from placeviz.render.pages import area_profile


def test_every_key_figure_of_knowsley_is_marked_official_or_computed():
    figs, _, heading, _ = area_profile("E08000011", "Knowsley")
    assert heading == "Knowsley: key figures (computed by placeviz unless official)"
    labels = dict(figs)
    for label in labels:
        assert "official" in label or "computed" in label, label
    assert labels["Residents in England's most deprived 10% of neighbourhoods (IoD 2019, computed); "
                  "England 9.9%"] == "45.7%"
    assert labels["Average IMD score (IoD 2019, official)"] == "43.006"
    assert labels["Life expectancy, men (OHID, official); England 79.5 years"] == "77.2 years"
    assert labels["Residents (mid-2020, computed)"] == "152,452"
