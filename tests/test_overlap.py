"""Where disadvantages coincide (analysis/overlap.py): counts checked against pandas on the bundled tables."""

import json

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from placeviz.analysis import overlap
from placeviz.analysis.overlap import (
    DEFAULT_INDICATORS,
    OverlapError,
    bundled_coincidence,
    coincidence,
    compute_coincidence,
    overlap_layer,
    overlap_layer_id,
    parse_layer_id,
)
from placeviz.model.bundle import MissingBundleDataError, boundaries_dir, layers_dir
from placeviz.model.catalog import get_layer
from placeviz.model.mapdata import map_data
from placeviz.model.viewstate import default_classification, identify

KNOWSLEY = "E08000011"


def _table(name):
    return pd.read_parquet(layers_dir() / "tables" / name).set_index("code")


def _worst(values: pd.Series, higher_is_worse: bool, share: float) -> pd.Series:
    """Direct: in England's worst share of areas, by position in the sorted values (ties kept in)."""
    v = values.dropna()
    n_in = int(np.floor(share * len(v)))
    ordered = v.sort_values(ascending=not higher_is_worse)
    edge = ordered.iloc[n_in - 1]
    return (values >= edge) if higher_is_worse else (values <= edge)


def _expected_knowsley(share: float) -> pd.Series:
    """The four default indicators counted for Knowsley's 2021 LSOAs, straight from the tables."""
    lsoa21 = pd.read_parquet(boundaries_dir() / "lsoa21.parquet", columns=["code", "lad21_code"]).set_index("code")
    lsoa11 = pd.read_parquet(boundaries_dir() / "lsoa11.parquet", columns=["code", "msoa_code"]).set_index("code")
    pop11 = _table("population_lsoa11.parquet")["population"]
    lk = pd.read_parquet(layers_dir() / "tables" / "lookup_lsoa11_lsoa21.parquet")
    codes = lsoa21.index[lsoa21["lad21_code"] == KNOWSLEY]

    imd = _table("imd2025_lsoa21.parquet")["imd_score"]
    le = _table("life_expectancy_msoa11.parquet")["le_persons"]
    work = _table("jobs_sectors_msoa11.parquet")["jobs_at_risk_sectors_pct"]
    air = _table("health_index_lad21.parquet")["air_pollution_2021"]

    def from_msoa(msoa_values):
        per11 = lsoa11["msoa_code"].map(msoa_values)
        rows = lk[lk["lsoa21_code"].isin(codes)].copy()
        rows["v"] = rows["lsoa11_code"].map(per11)
        rows["w"] = rows["lsoa11_code"].map(pop11)
        return (rows["v"] * rows["w"]).groupby(rows["lsoa21_code"]).sum() / rows["w"].groupby(
            rows["lsoa21_code"]).sum()

    count = pd.Series(0, index=codes)
    count += _worst(imd, True, share).reindex(codes).astype(int)
    le_edge = le.dropna().sort_values().iloc[int(share * le.notna().sum()) - 1]
    count += (from_msoa(le).reindex(codes) <= le_edge).astype(int)
    work_edge = work.dropna().sort_values(ascending=False).iloc[int(share * work.notna().sum()) - 1]
    count += (from_msoa(work).reindex(codes) >= work_edge).astype(int)
    count += _worst(air, True, share).reindex(lsoa21.loc[codes, "lad21_code"]).to_numpy().astype(int)
    return count


@pytest.mark.parametrize("worst,share", [("fifth", 0.2), ("tenth", 0.1)])
def test_knowsley_counts_match_a_direct_computation(worst, share):
    expected = _expected_knowsley(share)
    o = coincidence(worst=worst)
    assert o.boundary_set == "lsoa21"
    got = o.frame["overlap"].reindex(expected.index)
    assert got.notna().all()
    assert (got.astype(int) == expected).all()
    counts = o.counts(expected.index)
    assert counts == {k: int((expected == k).sum()) for k in range(5)}
    assert sum(counts.values()) == len(expected) == 100


def test_the_bundled_count_is_what_the_tables_give():
    """England's default count is bundled, read by every profile, brief and deck: it must be what the bundled
    indicator tables give now, so a rebuild that changes an indicator but not this table fails here."""
    bundled = bundled_coincidence()
    computed = compute_coincidence(DEFAULT_INDICATORS, "fifth")
    pd.testing.assert_frame_equal(bundled.frame, computed.frame, check_exact=True)
    assert bundled.thresholds == computed.thresholds
    assert (bundled.keys, bundled.worst, bundled.boundary_set) == (DEFAULT_INDICATORS, "fifth", "lsoa21")
    assert bundled.frame["overlap"].notna().sum() > 33_000


def test_the_default_count_is_read_not_computed(monkeypatch):
    def refuse(*args):
        raise AssertionError("computed")
    monkeypatch.setattr(overlap, "compute_coincidence", refuse)
    coincidence.cache_clear()
    try:
        assert coincidence().frame["overlap"].reindex(_expected_knowsley(0.2).index).notna().all()
        with pytest.raises(AssertionError, match="computed"):
            coincidence(worst="tenth")  # any other choice is computed
    finally:
        coincidence.cache_clear()


def test_a_missing_or_stale_bundled_count_gets_a_sentence(monkeypatch, tmp_path):
    monkeypatch.setattr(overlap, "layers_dir", lambda: tmp_path)
    with pytest.raises(MissingBundleDataError, match=r"missing .* 'python tools/build_bundle\.py --overlap-only'"):
        bundled_coincidence()
    # a table for other indicators (or other neighbourhoods) is refused, not shown as today's count
    (tmp_path / "tables").mkdir()
    table = pq.read_table(layers_dir() / "tables" / overlap.BUNDLED_TABLE)
    meta = json.loads(table.schema.metadata[b"placeviz.overlap"])
    meta["keys"] = ["imd2019", "life_expectancy", "air_quality", "insecure_work"]
    pq.write_table(table.replace_schema_metadata({b"placeviz.overlap": json.dumps(meta).encode()}),
                   tmp_path / "tables" / overlap.BUNDLED_TABLE)
    with pytest.raises(MissingBundleDataError, match="is not for today's indicators and neighbourhoods"):
        bundled_coincidence()
    pq.write_table(table.slice(1), tmp_path / "tables" / overlap.BUNDLED_TABLE)  # one neighbourhood short
    with pytest.raises(MissingBundleDataError, match="is not for today's indicators and neighbourhoods"):
        bundled_coincidence()


def test_knowsley_fifth_figures():
    """The numbers a reader sees for Knowsley (fifth): ten neighbourhoods on all four."""
    md = map_data("Knowsley", "lsoa", overlap_layer("overlap"), geometry=False)
    assert len(md.frame) == 100
    assert int((md.frame["value"] == 4).sum()) == 10
    assert int((md.frame["value"] == 0).sum()) == 0
    assert "published for bigger areas only" in md.note  # the pass-down note reaches every map


def test_direction_low_life_expectancy_is_worse():
    o = coincidence(("imd2019", "life_expectancy"), "fifth")
    assert o.boundary_set == "lsoa11"
    le = _table("life_expectancy_msoa11.parquet")["le_persons"]
    assert o.thresholds["life_expectancy"] < le.median()
    assert o.thresholds["imd2019"] > _table("imd2019_lsoa11.parquet")["imd_score"].median()


def test_imd_worst_fifth_is_the_official_deciles_1_and_2():
    """On its own geography the rank rule gives exactly the IMD's own deciles 1-2."""
    o = coincidence(("imd2019", "insecure_work"), "fifth")
    official = _table("imd2019_lsoa11.parquet")["imd_decile"] <= 2
    assert (o.frame["imd2019"].reindex(official.index).astype(bool) == official).all()


def test_layer_ids_round_trip_and_bad_choices_get_a_sentence():
    assert overlap_layer_id() == "overlap"
    assert overlap_layer_id(worst="tenth") == "overlap-tenth"
    lid = overlap_layer_id("imd2019,le_male,insecure_work", "fifth")
    assert lid == "overlap-of-imd2019-le_male-insecure_work"
    assert parse_layer_id(lid) == (("imd2019", "le_male", "insecure_work"), "fifth")
    assert parse_layer_id("imd2019") is None
    with pytest.raises(OverlapError, match="Unknown indicator 'nope'"):
        overlap_layer_id("imd2019,nope")
    with pytest.raises(OverlapError, match="at least two"):
        overlap_layer_id("imd2019")
    with pytest.raises(OverlapError, match=r"fifth .* or tenth"):
        overlap_layer_id(worst="third")


def test_catalog_entry_states_the_method_and_classes_are_counts():
    layer = get_layer("overlap-tenth")  # made by the resolver, as a saved map reopens it
    assert "worst tenth" in layer.description and "national rank" in layer.description
    assert "LOW" not in layer.description and "low values are worse" in layer.description
    cls = default_classification(layer)
    assert cls.scheme == "user" and cls.breaks == (0.5, 1.5, 2.5, 3.5)


def test_identify_lists_which_indicators_count():
    overlap_layer("overlap")
    code = "E01006412"  # a Knowsley neighbourhood in the worst fifth on three of the four
    _, rows = identify([code], "lsoa21", "lsoa")
    row = next(r for r in rows if r.layer_id == "overlap")
    assert row.values == ["3"]
    assert row.extras == ["worst fifth on: IMD 2025, life expectancy, air quality (PM2.5)"]


def test_profile_paragraph_for_knowsley():
    from placeviz.analysis.narrative import coincide_sentence
    from placeviz.analysis.profile import place_profile
    from placeviz.analysis.report import to_text

    p = place_profile("Knowsley", with_hotspots=False)
    expected = _expected_knowsley(0.2)
    assert p.value("overlap.all") == int((expected == 4).sum()) == 10
    assert p.value("overlap.most") == int((expected >= 3).sum())
    s = coincide_sentence(p)
    assert s.text.startswith("10 neighbourhoods in Knowsley are in England's worst fifth on all four")
    assert f"{p.value('overlap.most')} are on at least three" in s.text
    assert s.text in to_text(p)  # the profile's own section opens with it


def test_layers_details_states_the_method(capsys):
    from placeviz.cli import main

    assert main(["layers", "--details", "overlap"]) == 0
    out = capsys.readouterr().out
    assert "[overlap]" in out and "worst fifth (20%)" in out and "published for bigger areas only" in out


def test_every_output_of_the_overlap_has_a_class_for_every_count_even_where_no_area_reaches_it():
    """A colour means one count everywhere: Wokingham has no neighbourhood on 2, 3 or 4 indicators, yet its
    map (export, page, app, API: all through classify_map) keeps the five classes 0..4, as the brief does."""
    from placeviz.model.catalog import get_layer
    from placeviz.model.spec import MapSpec
    from placeviz.model.viewstate import default_classification
    from placeviz.render.arrow_scene import scene_for

    spec = MapSpec(place="Wokingham", layer="overlap", classification=default_classification(get_layer("overlap")))
    c = scene_for(spec).classified
    assert [e.label.split(" ")[0] for e in c.legend if not e.nodata] == ["0", "1", "2", "3", "4"]
    assert int(np.nanmax(scene_for(spec).data.values)) < 4


def test_the_legend_reads_in_counts_where_no_neighbourhood_is_counted():
    """The Isles of Scilly have no air quality, so none of their neighbourhoods is counted: the legend still
    names each count ("0 indicators"), not "0 to 0 indicators, 0 to 2", and a two-place brief or deck that takes
    its one legend from them reads right for the other place too."""
    from placeviz.model.classify import classify_map

    layer = overlap_layer("overlap")
    md = map_data("Isles of Scilly", "lsoa", layer, geometry=False)
    assert md.frame["value"].isna().all()
    labels = [e.label for e in classify_map(md, default_classification(layer)).legend]
    assert labels[:5] == ["0 indicators", "1 indicator", "2 indicators", "3 indicators", "4 indicators"]


def test_a_bundled_count_made_from_tables_that_have_changed_since_is_refused(monkeypatch):
    """It records the tables it was made from (their sizes): an indicator table replaced without remaking the
    count would otherwise show last time's count."""
    today = overlap._inputs()
    assert set(today) >= {"imd2025_lsoa21.parquet", "lookup_lsoa11_lsoa21.parquet"}
    monkeypatch.setattr(overlap, "_inputs", lambda: {**today, "imd2025_lsoa21.parquet": 1})
    with pytest.raises(MissingBundleDataError, match="is not for today's indicators and neighbourhoods"):
        bundled_coincidence()
