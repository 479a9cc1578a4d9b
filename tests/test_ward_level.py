"""The ward level (issue 11): 2021 LSOA layers aggregated to May 2024 wards through the ONS best-fit lookup,
population-weighted, with the method and the best-fit caveat stated."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from placeviz.cli import main
from placeviz.model.geography import attributes, boundaries
from placeviz.model.mapdata import LayerDataError, map_data, read_table
from placeviz.model.ranks import census2021_residents


def test_ward_csv_for_liverpool_has_one_named_row_per_ward(tmp_path):
    out = tmp_path / "wards.csv"
    assert main(["export", "csv", "--place", "Liverpool", "--level", "ward", "--layer", "imd2025",
                 "-o", str(out)]) == 0
    df = pd.read_csv(out, dtype={"code": str}).set_index("code")
    lookup = attributes("lsoa21")
    wards = attributes("ward24")
    # Liverpool's 64 wards but Waterfront North, to which no LSOA is best-fitted: it has no area of its own
    fitted = set(lookup.loc[lookup["lad24_code"] == "E08000012", "ward24_code"])
    assert set(df.index) == fitted == set(wards.loc[wards["lad24_code"] == "E08000012", "code"])
    assert len(df) == 63 and "E05015332" not in df.index and df["value"].notna().all()
    assert df["name"].notna().all() and df.at["E05015279", "name"] == "Anfield"
    # Anfield's value is the mean of the IMD 2025 scores of its best-fit LSOAs weighted as model.ranks weights
    # every computed IoD 2025 figure: Census 2021 usual residents
    members = lookup.loc[lookup["ward24_code"] == "E05015279", "code"]
    scores = read_table("imd2025_lsoa21.parquet").reindex(members)["imd_score"]
    pop = census2021_residents().reindex(members)
    assert df.at["E05015279", "value"] == pytest.approx(float(np.average(scores, weights=pop)), abs=1e-6)
    assert df.at["E05015279", "decile"] == 1
    side = (tmp_path / "wards.csv.txt").read_text(encoding="utf-8")
    assert "best-fit" in side and "population-weighted" in side and "not an official ward figure" in side


def test_ward_boundaries_and_lsoa_wards_are_bundled():
    w = boundaries("ward24")
    assert len(w) == 6_784 and w["code"].str.startswith("E05").all()
    assert attributes("lsoa21")["ward24_code"].notna().all() and attributes("lsoa11")["ward24_code"].notna().all()
    assert set(w["code"]) == set(attributes("lsoa21")["ward24_code"])
    md = map_data("Cheshire and Merseyside", "ward", "imd2025", geometry=False)
    assert md.boundary_set == "ward24" and "best-fit" in md.note and md.frame["value"].notna().mean() > 0.99


def test_layers_not_on_2021_lsoas_say_why_they_have_no_wards():
    with pytest.raises(LayerDataError, match="Wards are made from 2021 LSOAs"):
        map_data("Liverpool", "ward", "imd2019")
    la = map_data("Liverpool", "ward", "life_expectancy_la")  # a local-authority layer stays at its level
    assert la.boundary_set.startswith("lad")


def test_a_wards_outline_is_the_union_of_its_best_fit_lsoas():
    """Drawn over the neighbourhoods (as the ward overlay is), a ward's outline follows their edges exactly."""
    import shapely

    lsoas = boundaries("lsoa21")
    wards = boundaries("ward24").set_index("code")
    for code in ("E05015279", "E05015297"):  # Anfield, and Everton East, both in Liverpool
        members = lsoas.loc[lsoas["ward24_code"] == code, "geometry"].to_numpy()
        union = shapely.union_all(members, grid_size=1.0)
        assert len(members) >= 4
        assert wards.at[code, "geometry"].symmetric_difference(union).area == pytest.approx(0.0, abs=1.0)
