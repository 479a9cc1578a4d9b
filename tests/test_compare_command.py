"""`placeviz compare` end to end, and the shared scale, on the real bundle."""

from __future__ import annotations

import mapclassify
import numpy as np
import pandas as pd
import pytest
from bundle_files import attrs as _attrs
from bundle_files import table as _table

from placeviz.analysis.compare import CompareError, shared_breaks
from placeviz.cli import main
from placeviz.model.classify import pooled_bins
from placeviz.model.mapdata import map_data
from placeviz.model.spec import Classification, MapSpec

# --- shared scale -------------------------------------------------------------------------------

def test_shared_scale_breaks_equal_mapclassify_pooled():
    a = map_data("Liverpool", "lsoa", "imd2015")
    b = map_data("Liverpool", "lsoa", "imd2019")
    assert list(a.frame.code) == list(b.frame.code)  # same 298 areas: Pooled takes equal-length columns
    cls = Classification("quantiles", 5)
    pooled = mapclassify.Pooled(np.column_stack([a.values, b.values]), classifier="Quantiles", k=5)
    assert np.allclose(shared_breaks([a, b], cls), pooled.global_classifier.bins)
    # the pooled breaks differ from either map's own breaks: the shared scale is doing something
    own = mapclassify.Quantiles(a.values, k=5).bins
    assert not np.allclose(own, pooled.global_classifier.bins)


def test_shared_scale_over_places_of_different_sizes():
    a = map_data("Liverpool", "msoa", "life_expectancy_male")
    b = map_data("Wirral", "msoa", "life_expectancy_male")
    cls = Classification("quantiles", 4)
    allv = np.concatenate([a.values, b.values])
    allv = allv[np.isfinite(allv)]
    assert np.allclose(shared_breaks([a, b], cls), mapclassify.Quantiles(allv, k=4).bins)
    assert np.allclose(shared_breaks([a, b], cls), pooled_bins([a.values, b.values], cls))
    assert shared_breaks([a, b], Classification("national_deciles")) is None
    with pytest.raises(CompareError):
        shared_breaks([a], cls)


def test_classify_pair_shares_pooled_breaks_and_says_so():
    from placeviz.analysis.compare import classify_pair

    a = map_data("Liverpool", "msoa", "life_expectancy_male")
    b = map_data("Wirral", "msoa", "life_expectancy_male")
    pair = classify_pair([a, b], [Classification("quantiles", 5, palette="YlOrRd")])
    allv = np.concatenate([a.values, b.values])
    expected = mapclassify.Quantiles(allv[np.isfinite(allv)], k=5).bins
    assert pair.shared and np.allclose(pair.bins, expected) and "Shared scale" in pair.note
    for md, c in zip((a, b), pair.classified, strict=True):
        assert np.allclose(c.bins, expected) and c.shared
        # every area's class is the pooled class of its value: same value, same colour on both maps
        v = md.values
        ok = np.isfinite(v)
        assert np.array_equal(c.classes[ok], np.minimum(np.searchsorted(expected, v[ok], side="left"), 4))
    own = classify_pair([a, b], [Classification("quantiles", 5)], shared=False)
    assert not own.shared and "own breaks" in own.note
    assert not np.allclose(own.classified[1].bins, expected)
    mixed = classify_pair([a, map_data("Liverpool", "msoa", "imd2019")],
                          [Classification("quantiles", 5), Classification("quantiles", 5)])
    assert not mixed.shared and "measured differently" in mixed.note


# --- first form: places ---------------------------------------------------------------------------

def test_places_csv_matches_direct_computation(tmp_path, capsys):
    out = tmp_path / "two.csv"
    assert main(["compare", "--place", "Liverpool", "--place", "Manchester", "--layer", "imd2019",
                 "-o", str(out)]) == 0
    df = pd.read_csv(out)  # plain pandas, no options
    assert list(df.place) == ["Liverpool", "Manchester"] and len(df) == 2
    f10 = _table("imd2019_file10_lad19.parquet")  # the official File 10 summary, as the profile quotes it
    la = f10.imd_average_score
    assert np.allclose(df.imd2019_2019_value, la[["E08000012", "E08000003"]], rtol=1e-9)
    assert df.imd2019_2019_rank.tolist() == [3, 6] == f10.imd_rank_of_average_score[["E08000012", "E08000003"]].tolist()
    assert df.imd2019_2019_n_ranked.tolist() == [317, 317]
    assert df.imd2019_2019_rank_basis.tolist() == ["official", "official"]
    assert df.imd2019_2019_diff_vs_liverpool.iloc[1] == pytest.approx(la["E08000003"] - la["E08000012"],
                                                                       rel=1e-4)
    side = (tmp_path / "two.csv.txt").read_text()
    assert "rank_basis: official" in side and "computed" in side
    assert "imd2019" in side and "Open Government Licence" in side
    assert "2 places" in capsys.readouterr().out


def test_places_html_is_written_with_both_places(tmp_path):
    out = tmp_path / "two.html"
    assert main(["compare", "--place", "Liverpool", "--place", "Wirral", "--layer", "life_expectancy_male",
                 "--level", "msoa", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html") or text.lower().startswith("<!doctype html")
    assert "Liverpool" in text and "Wirral" in text


def test_png_has_both_maps_in_the_shared_colours(tmp_path):
    # read the PNG with Qt (a placeviz dependency), not Pillow, which a fresh 'pip install .[test]' lacks
    from PyQt6.QtGui import QColor, QImage

    from placeviz.analysis.compare import classify_pair

    out = tmp_path / "two.png"
    assert main(["compare", "--place", "Liverpool", "--place", "Wirral", "--layer", "life_expectancy_male",
                 "--level", "msoa", "--scheme", "quantiles", "-o", str(out)]) == 0
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    img = QImage(str(out))
    w, h = img.width(), img.height()
    assert (w, h) == (1754, 1240)  # the print layout: A4 landscape at 150 dpi
    a = map_data("Liverpool", "msoa", "life_expectancy_male")
    b = map_data("Wirral", "msoa", "life_expectancy_male")
    # the desktop app's classes for the layer (YlOrRd), with the --scheme asked for
    from dataclasses import replace

    from placeviz.model.catalog import get_layer
    from placeviz.model.viewstate import default_classification

    q = replace(default_classification(get_layer("life_expectancy_male")), scheme="quantiles")
    pair = classify_pair([a, b], [q])
    own = classify_pair([a, b], [q], shared=False).classified[1]
    shared = pair.classified[1]
    # a big Wirral MSOA whose colour differs between the shared scale and Wirral's own: the PNG must
    # paint it in the shared colour
    f = b.frame.assign(shared=shared.area_colours(), own=own.area_colours())
    f = f[f.shared != f.own]
    assert len(f) > 0
    row = f.loc[f.geometry.area.idxmax()]
    pt = row.geometry.representative_point()
    # where the page put Wirral's map: the same layout drawn again on a scratch page of the same size
    from PyQt6.QtCore import QPointF
    from PyQt6.QtGui import QImage as Img
    from PyQt6.QtGui import QPainter

    from placeviz.export.static import page_size
    from placeviz.model.spec import MapSpec
    from placeviz.render.compare_page import compare_scenes, compare_text, paint_compare

    specs = [MapSpec(place=p, level="msoa", layer="life_expectancy_male", classification=q)
             for p in ("Liverpool", "Wirral")]
    size = page_size("png", None, None, 150, "A4", "landscape")
    scratch = Img(w, h, Img.Format.Format_ARGB32_Premultiplied)
    scratch.setDotsPerMeterX(img.dotsPerMeterX())
    scratch.setDotsPerMeterY(img.dotsPerMeterY())
    painter = QPainter(scratch)
    cs = compare_scenes(specs, True)
    frames = paint_compare(painter, cs, compare_text(cs), size, specs)
    painter.end()
    d = frames[1][1].map(QPointF(pt.x, pt.y))
    px, py = d.x(), d.y()
    colour = QColor(img.pixel(int(px), int(py))).name()
    assert colour == row.shared != row.own
    # the boundaries' licence attribution is printed under the maps (and kept in the PNG's text)
    assert "Contains OS data" in img.text("Source") and "Ministry of Housing" not in img.text("Source")
    assert "Office for National Statistics" in img.text("Source")
    below = int(max(box.bottom for box, _ in frames)) + 40
    strip = [QColor(img.pixel(x, y)).lightness() for x in range(60, 700, 2) for y in range(below, h - 40, 2)]
    assert min(strip) < 128  # text drawn in the footer


# --- second form: periods -------------------------------------------------------------------------

def test_imd_2019_2025_csv_one_row_per_2021_lsoa_with_flags(tmp_path):
    out = tmp_path / "liv.csv"
    assert main(["compare", "--place", "Liverpool", "--layer", "imd2019", "--layer", "imd2025",
                 "-o", str(out)]) == 0
    df = pd.read_csv(out, keep_default_na=False, na_values=[""])
    a21 = _attrs("lsoa21")
    assert set(df.code) == set(a21.index[a21.lad24_code == "E08000012"])
    t25 = _table("imd2025_lsoa21.parquet")
    t19 = _table("imd2019_lsoa11.parquet")
    assert (df.imd2025_2025_decile.to_numpy() == t25.imd_decile[df.code].to_numpy()).all()
    u = df[df.change_code == "U"]
    assert (u.imd2019_2019_decile.to_numpy() == t19.imd_decile[u.code].to_numpy()).all()
    assert (u.imd_decile_change_2019_2025 == u.imd2025_2025_decile - u.imd2019_2019_decile).all()
    flagged = df[df.change_code.isin(["S", "M"])]
    assert len(flagged) > 0 and (flagged.flag.str.len() > 0).all()
    assert (df[df.change_code == "U"].flag.fillna("") == "").all()
    # no score change column: scores are not comparable between editions
    assert not any("score_change" in c for c in df.columns)
    assert "not comparable" in (tmp_path / "liv.csv.txt").read_text()
    summary = pd.read_csv(tmp_path / "liv_by_local_authority.csv")
    assert summary.left_d1.iloc[0] == int(df.left_most_deprived_10pc.sum())


def test_imd_2015_2019_csv_counts_match_direct_computation(tmp_path):
    out = tmp_path / "liv1519.csv"
    assert main(["compare", "--place", "Liverpool", "--layer", "imd2015", "--layer", "imd2019",
                 "-o", str(out)]) == 0
    df = pd.read_csv(out)
    t15, t19 = _table("imd2015_lsoa11.parquet"), _table("imd2019_lsoa11.parquet")
    a = _attrs("lsoa11")
    liv = a.index[a.lad21_code == "E08000012"]
    assert len(df) == len(liv)
    assert int(df.entered_most_deprived_10pc.sum()) == int(((t19.imd_decile[liv] == 1)
                                                            & (t15.imd_decile[liv] != 1)).sum())
    assert np.allclose(df.imd_score_change_2015_2019.to_numpy(),
                       (t19.imd_score[df.code] - t15.imd_score[df.code]).to_numpy())


def test_two_years_of_a_series(tmp_path):
    out = tmp_path / "aq.csv"
    assert main(["compare", "--place", "North West", "--layer", "air_quality:2015", "--layer",
                 "air_quality:2021", "--level", "la", "-o", str(out)]) == 0
    df = pd.read_csv(out)
    hi = _table("health_index_lad21.parquet")
    assert np.allclose(df.change, hi.air_pollution_2021[df.code].to_numpy() - hi.air_pollution_2015[df.code].to_numpy(),
                       atol=1e-3)
    assert {"air_quality_2015_value", "air_quality_2021_value"} <= set(df.columns)
    notes = (tmp_path / "aq.csv.txt").read_text(encoding="utf-8")  # each layer with its own year
    assert "air_quality: Air pollution (fine particulate matter, PM2.5) (2015)." in notes


def test_two_measures_in_one_unit_get_no_change_column(tmp_path):
    """PM2.5 on the 1 km grid (2023) against the Health Index's PM2.5 (2021), both in µg/m³, was given a
    'change' column: a difference between two measures written as a change (from a planner's run)."""
    out = tmp_path / "pm.csv"
    assert main(["compare", "--place", "North West", "--layer", "air_quality", "--layer", "pm25_2023", "--level",
                 "la", "-o", str(out)]) == 0
    assert "change" not in pd.read_csv(out).columns
    assert "different measures, so no change column" in (tmp_path / "pm.csv.txt").read_text(encoding="utf-8")


def test_two_year_html_has_both_maps(tmp_path):
    out = tmp_path / "liv.html"
    assert main(["compare", "--place", "Liverpool", "--layer", "imd2019", "--layer", "imd2025",
                 "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "Change in IMD decile, 2019 to 2025" in text and "Index of Multiple Deprivation 2025" in text


@pytest.mark.parametrize("argv, words", [
    # --level passed over without a word (from a planner's run)
    (["--place", "Liverpool", "--place", "Wirral", "--layer", "imd2019", "--level", "ward", "-o", "x.csv"],
     "A table of places gives each place's own figures, at no level of areas"),
    (["--place", "Knowsley", "--layer", "imd2019", "--layer", "imd2025", "--level", "la", "-o", "x.csv"],
     "worked out for neighbourhoods"),
    # --bivariate with two places wrote an ordinary table of them, without a word (from a planner's run)
    (["--place", "Liverpool", "--place", "Wirral", "--layer", "imd2019", "--layer", "life_expectancy_male",
      "--bivariate", "-o", "x.csv"], "--bivariate sets two layers of one place against each other"),
    (["--place", "Liverpool", "--place", "Wirral", "--layer", "imd2019", "-o", "x.txt"], "name the output"),
    (["--place", "Liverpol", "--place", "Wirral", "--layer", "imd2019", "-o", "x.csv"], "Did you mean"),
    (["--place", "Liverpool", "--layer", "imd2025", "--layer", "imd2019", "-o", "x.csv"], "earlier edition first"),
    (["--place", "Liverpool", "--layer", "imd2019", "--layer", "life_expectancy_male", "-o", "x.csv"],
     "--level msoa"),
    (["--place", "Liverpool", "--layer", "imd2019", "-o", "x.html"], "two or more --place"),
    (["--place", "Liverpool", "--layer", "air_quality:1999", "--layer", "imd2019", "-o", "x.csv"], "2015"),
    (["--place", "Liverpool", "--place", "Wirral", "--layer", "imd2019", "--layer", "imd2015", "-o", "x.html"],
     "one --layer"),
    (["--place", "Liverpool", "--place", "Wirral", "--layer", "imd2019", "-o", "missing/x.csv"], "does not exist"),
    (["--place", "Liverpool", "--place", "Wirral", "--layer", "life_expectancy_male", "--scheme", "national_deciles",
      "-o", "x.html"], "no national deciles"),
    (["--place", "Liverpool", "--place", "Wirral", "--layer", "imd2019", "-o", "missing/x.png"], "does not exist"),
    (["--place", "E01006512", "--place", "Wirral", "--layer", "imd2019", "-o", "x.html"], "in a .csv"),
    (["--place", "Liverpool", "--layer", "imd2019", "--layer", "imd2025", "--bivariate", "-o", "x.html"],
     "name the output .csv"),
])
def test_bad_requests_exit_2_with_a_sentence(argv, words, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["compare", *argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith("placeviz: ") and words in err and "Traceback" not in err


def test_one_place_one_layer_writes_the_ranking_table(tmp_path):
    out = tmp_path / "rank.csv"
    assert main(["compare", "--place", "Wirral", "--layer", "imd2019", "-o", str(out)]) == 0
    df = pd.read_csv(out)
    t = _table("imd2019_lsoa11.parquet")
    a = _attrs("lsoa11").reindex(t.index)
    wirral = t[a.lad21_code == "E08000015"]
    assert len(df) == len(wirral)
    assert df.code.iloc[0] == wirral.imd_score.idxmax() and df.place_rank.iloc[0] == 1
    assert (df.imd2019_2019_national_rank.to_numpy() == wirral.imd_rank[df.code].to_numpy()).all()
    assert df.imd2019_2019_value.is_monotonic_decreasing


def test_bivariate_csv(tmp_path):
    out = tmp_path / "biv.csv"
    assert main(["compare", "--place", "Liverpool", "--layer", "imd2019", "--layer", "life_expectancy_male",
                 "--bivariate", "-o", str(out)]) == 0
    df = pd.read_csv(out)
    assert len(df) == 61 and df.code.str.startswith("E02").all()  # drawn at MSOA level, as the note says
    worst = df[(df.imd2019_2019_third_3_is_worse == 3) & (df["life_expectancy_male_2016-2020_third_3_is_worse"] == 3)]
    assert len(worst) > 0 and (worst.colour == "#574249").all()
    assert "MSOA 2011" in (tmp_path / "biv.csv.txt").read_text()


def test_csv_text_that_looks_like_a_formula_is_defused(tmp_path):
    from placeviz.analysis.compare import write_csv

    path = write_csv(pd.DataFrame({"name": ["=HYPERLINK(1)", "Liverpool"], "value": [-1.5, 2.0]}),
                     tmp_path / "f.csv")
    df = pd.read_csv(path)
    assert df.name.tolist() == ["'=HYPERLINK(1)", "Liverpool"] and df.value.tolist() == [-1.5, 2.0]


def test_domain_editions_csv(tmp_path):
    out = tmp_path / "income.csv"
    assert main(["compare", "--place", "Knowsley", "--layer", "imd2019_income", "--layer", "imd2025_income",
                 "-o", str(out)]) == 0
    df = pd.read_csv(out, keep_default_na=False, na_values=[""])
    t19, t25 = _table("imd2019_lsoa11.parquet"), _table("imd2025_lsoa21.parquet")
    u = df[df.change_code == "U"]
    assert len(u) > 0
    assert (u.imd2019_income_2019_decile.to_numpy() == t19.income_decile[u.code].to_numpy()).all()
    assert (u.imd2025_income_2025_decile.to_numpy() == t25.income_decile[u.code].to_numpy()).all()
    assert (u.income_decile_change_2019_2025 == u.imd2025_income_2025_decile - u.imd2019_income_2019_decile).all()
    assert "income" in (tmp_path / "income.csv.txt").read_text()


def test_compare_accepts_the_users_own_file_as_a_layer(tmp_path):
    """Like export, compare takes a table file where a layer id goes (issue: an imported layer compares)."""
    from pathlib import Path

    from placeviz.imports import remove_from_catalog

    src = Path(__file__).parent / "data" / "nomis_aps_nonpermanent_lad.csv"
    rows = {}
    for line in src.read_text(encoding="utf-8").splitlines():
        cells = [c.strip('"') for c in line.split('","')]
        if len(cells) >= 4 and cells[1] in ("E08000012", "E08000015"):
            rows[cells[1]] = float(cells[3])
    out = tmp_path / "own.csv"
    try:
        assert main(["compare", "--place", "Liverpool", "--place", "Wirral", "--layer", str(src),
                     "-o", str(out)]) == 0
    finally:
        from placeviz.model.catalog import load_catalog

        for layer in list(load_catalog()):
            if layer.id.startswith("imported_"):
                remove_from_catalog(layer.id)
    df = pd.read_csv(out).set_index("code")
    value = next(c for c in df.columns if c.endswith("_value") and not c.endswith(("la_value", "region_value",
                                                                                "england_value")))
    assert df.loc["E08000012", value] == pytest.approx(rows["E08000012"])
    assert df.loc["E08000015", value] == pytest.approx(rows["E08000015"])


@pytest.mark.parametrize("layers, level, advice, not_advice", [
    (("imd2015", "imd2025"), "la", "--layer imd2019 --layer imd2025", "--level"),
    (("imd2015", "imd2025"), "lsoa", "--layer imd2015 --layer imd2019", "--level la"),
    (("imd2025", "life_expectancy_male"), "lsoa", "against IMD 2019", "ONS LSOA lookup"),
])
def test_unmatched_layers_advice_never_points_back_to_a_dead_end(layers, level, advice, not_advice, capsys,
                                                                  tmp_path):
    """Each piece of advice works: no '--level la' that fails the same way, no lookup advice for a non-IMD layer."""
    argv = ["compare", "--place", "Liverpool", "--layer", layers[0], "--layer", layers[1], "--level", level,
            "-o", str(tmp_path / "x.csv")]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert advice in err and not_advice not in err, err


def test_png_of_three_places_puts_all_three_on_the_shared_scale(tmp_path, monkeypatch):
    """'3 maps ..., one shared scale' must be true of the third map too (it kept its own quantiles)."""
    import placeviz.render.compare_page as scene

    seen = []
    real = scene.paint_legend

    def spy(painter, rect, classified, *args, **kwargs):
        seen.append(classified)
        return real(painter, rect, classified, *args, **kwargs)

    monkeypatch.setattr(scene, "paint_legend", spy)
    out = tmp_path / "three.png"
    assert main(["compare", "--place", "Liverpool", "--place", "Wirral", "--place", "Sefton", "--layer",
                 "life_expectancy_male", "--level", "msoa", "--scheme", "quantiles", "-o", str(out)]) == 0
    assert len(seen) == 1  # one legend for the three maps, which share its scale
    mds = [map_data(p, "msoa", "life_expectancy_male") for p in ("Liverpool", "Wirral", "Sefton")]
    pooled = shared_breaks(mds, Classification("quantiles", 5))
    from placeviz.model.spec import MapSpec
    from placeviz.render.compare_page import compare_scenes

    q = Classification("quantiles", 5)
    cs = compare_scenes([MapSpec(place=p, level="msoa", layer="life_expectancy_male", classification=q)
                         for p in ("Liverpool", "Wirral", "Sefton")], True)
    assert cs.shared and "one scale for all 3 maps" in cs.note.lower()
    for c in [*seen, *(sc.classified for sc in cs.scenes)]:
        assert np.allclose(c.bins, pooled)


def test_a_ward_ranking_says_its_deciles_are_of_wards_and_its_ranks_are_placeviz_own(tmp_path):
    """The ranking CSV of Liverpool's wards called its deciles "10% of neighbourhoods" and its ranks official:
    the IoD ranks neighbourhoods; placeviz ranks wards on the averages it makes of them."""
    out = tmp_path / "wards.csv"
    assert main(["compare", "--place", "Liverpool", "--layer", "imd2025", "--level", "ward", "-o", str(out)]) == 0
    df = pd.read_csv(out)
    assert len(df) == 63 and set(df["rank_basis"]) == {"computed"}
    notes = (tmp_path / "wards.csv.txt").read_text(encoding="utf-8")
    assert "most deprived 10% of wards in England" in notes and "10% of neighbourhoods" not in notes
    lsoas = tmp_path / "lsoas.csv"
    assert main(["compare", "--place", "Knowsley", "--layer", "imd2025", "-o", str(lsoas)]) == 0
    assert set(pd.read_csv(lsoas)["rank_basis"]) == {"official"}  # the IoD's own ranks of its neighbourhoods


def test_a_wards_panel_on_a_local_authority_layer_says_it_shows_its_authority(tmp_path):
    """Beside an ICB, a ward on a local-authority layer is drawn as its authority: the page said only that the
    layer is published for authorities (the room under the maps held the layer's caveats first), so a reader
    could take the colour for the ward's own. Its sentence now comes first, without the one it goes on from."""
    from placeviz.model.catalog import get_layer
    from placeviz.model.spec import MapSpec
    from placeviz.model.viewstate import default_classification
    from placeviz.render.compare_page import compare_scenes, compare_text

    ward = "Cadeby, Carlton and Market Bosworth with Shackerstone (Hinckley and Bosworth ward)"
    cls = default_classification(get_layer("sii_la_female"))
    specs = [MapSpec(place=p, level="lsoa", layer="sii_la_female", classification=cls)
             for p in ("NHS Cheshire and Merseyside", ward)]
    text = compare_text(compare_scenes(specs, True))
    assert len(text.notes) == 1 and text.notes[0].endswith(
        f"This map shows Hinckley and Bosworth, the local authority {ward} lies in: a local-authority layer's "
        "figures cannot show the ward alone.")


def test_two_years_of_a_layer_are_titled_once_with_both_years_and_the_legend_says_both(tmp_path, monkeypatch):
    """The page read "Air pollution (PM2.5) and Air pollution (PM2.5): North West", and its one legend said
    2015 for both maps (from a planner's run)."""
    from placeviz.render import compare_page

    seen = []
    real = compare_page.paint_legend
    monkeypatch.setattr(compare_page, "paint_legend", lambda *a, **k: seen.append(k.get("period")) or real(*a, **k))
    out = tmp_path / "aq.png"
    assert main(["compare", "--place", "North West", "--layer", "air_quality:2015", "--layer", "air_quality:2021",
                 "--level", "la", "-o", str(out)]) == 0
    from PyQt6.QtGui import QImage

    assert QImage(str(out)).text("Title") == "Air pollution (PM2.5), 2015 and 2021: North West"
    assert "2015 and 2021" in seen


def test_maps_with_their_own_classes_that_are_the_same_do_not_say_colours_differ():
    """With --own-scales on national deciles both legends are one scale, and the page said "the same colour can
    mean different values" (from a planner's run)."""
    from placeviz.model.spec import Classification
    from placeviz.render.compare_page import compare_scenes, compare_text

    def subtitle(cls):
        return compare_text(compare_scenes([MapSpec(place=p, layer="imd2019", classification=cls)
                                            for p in ("Knowsley", "Halton")], None)).subtitle

    assert "which here are the same (national deciles)" in subtitle(Classification())
    assert "can mean different values" not in subtitle(Classification())
    assert "can mean different values" in subtitle(Classification("quantiles", 5, classes_from="place"))
