"""`placeviz find` (issue 11): postcodes, towns, wards, neighbourhood names and codes, on the real bundle."""

from __future__ import annotations

import pandas as pd
import pytest

from placeviz.analysis.whereis import NotFoundError, find
from placeviz.cli import main
from placeviz.model.bundle import layers_dir
from placeviz.model.gazetteer import find_postcode, find_wards, normalise_postcode, towns, wards
from placeviz.model.geography import UnknownPlaceError, resolve_place
from placeviz.model.tables import GAZETTEER_TABLES


def test_find_l4_0th_names_anfield(capsys):
    assert main(["find", "L4 0TH"]) == 0
    out = capsys.readouterr().out
    assert "E01006542" in out and "Liverpool 018A, in Anfield West" in out  # LSOA 2011 and 2021
    assert "E02001364  Liverpool 018, Anfield West" in out
    assert "Anfield (E05015279)" in out and "Liverpool (E08000012)" in out
    # the headline figures with their sources
    assert "IMD 2019" in out and "IMD 2025" in out and "decile 1 of 10" in out
    assert "Life expectancy (men)" in out and "PM2.5" in out
    assert "Open Parliament Licence" in out and "Royal Mail" in out and "English indices of deprivation 2019" in out


@pytest.mark.parametrize("typed", ["l40th", "L4  0TH", " l4 0th "])
def test_postcodes_are_forgiving_of_spacing_and_case(typed):
    assert normalise_postcode(typed) == "L4 0TH"
    hit = find_postcode(typed)
    assert hit.lsoa11_code == "E01006542" and hit.live


def test_postcodes_agree_with_the_raw_sources_cross_checks():
    # SOURCE.md: CH41 5AL -> MSOA E02001482 "Birkenhead Central"; CW1 2BJ -> E02003830 "Crewe Town & ..."
    assert "Birkenhead Central" in find("CH41 5AL")[0].text()
    assert "E02003830" in find("CW1 2BJ")[0].text()


def test_terminated_and_unknown_postcodes_get_a_sentence(capsys):
    a = find("AL1 1AA")[0]  # terminated in May 1994 (ONS lookup)
    assert "terminated 1994-05" in a.title and "taken out of use" in a.note
    # terminated inside a 2011 LSOA that was split, with no coordinates: its 2021 LSOA is not guessed
    b = find("AL7 1JX")[0]
    assert "2021 LSOA (and ward) are not known" in b.note and "IMD 2025" not in b.text()
    assert "E01023954" in b.text() and "IMD 2019" in b.text()
    assert main(["find", "L4 9ZZ"]) == 2
    err = capsys.readouterr().err
    assert "L4 9ZZ is not in England's postcode directories" in err and "Traceback" not in err
    with pytest.raises(NotFoundError, match="not an English postcode"):
        find("CF10 1AA")  # Cardiff: Wales


def test_a_town_is_a_point_with_its_local_authority_and_ward():
    a = find("Chester")[0]
    assert a.title.startswith("Chester (town") and "86,011" in a.title
    assert "point" in a.note
    text = a.text()
    assert "Cheshire West and Chester (E06000050)" in text and "Ward (May 2024)" in text
    assert a.place == "Cheshire West and Chester"
    liv = towns().set_index("name").loc["Liverpool"]
    assert liv["lad24_code"] == "E08000012"


def test_wards_are_found_by_name_and_local_authority():
    w = find_wards("Anfield (Liverpool ward)")
    assert w["code"].tolist() == ["E05015279"]
    assert find_wards("anfield, liverpool")["code"].tolist() == ["E05015279"]
    answers = find("Anfield")
    assert answers[0].title.startswith("Anfield (Liverpool ward)")
    ward = answers[0].text()
    assert "E01006542" in ward and "Anfield West" in ward and "rank among wards" in ward
    # and the neighbourhoods named after it
    assert any("Anfield West" in a.text() for a in answers)
    assert len(wards()) > 6_500 and wards()["code"].str.startswith("E05").all()


def test_neighbourhood_names_places_and_codes():
    a = find("Anfield West")[0]
    assert "E02001364" in a.title and "Liverpool (E08000012)" in a.text()
    a = find("NHS Cheshire and Merseyside")[0]
    assert "integrated care board" in a.title and "Wirral" in a.text()
    assert "Anfield West" in find("E01006542")[0].text()
    assert "Anfield" in find("E05015279")[0].title
    # an LSOA by its ONS name, as compare takes it ("Nothing is called 'Liverpool 018A'")
    assert find("Liverpool 018A")[0].title.startswith("E01006542") and "Anfield West" in find("liverpool 018a")[0].text()


def test_a_name_that_matches_nothing_suggests_real_ones():
    with pytest.raises(NotFoundError) as err:
        find("Chestr")
    assert "'Chester'" in str(err.value) and "Winchester" not in str(err.value)


def test_the_postcode_table_is_compact():
    size = (layers_dir() / "tables" / GAZETTEER_TABLES["postcodes"]).stat().st_size
    assert size < 6_000_000  # 2.25 million postcodes, live and terminated


def test_search_finds_towns_and_wards_and_zooms_to_a_neighbourhood_there():
    from placeviz.model.geography import attributes
    from placeviz.model.viewstate import search

    hits = search("Chester")
    assert hits[0].kind == "town" and hits[0].label.startswith("Chester  (town in Cheshire West and Chester")
    assert all("Winchester" not in h.label for h in hits[:5])
    lsoa = attributes("lsoa21").set_index("code").loc[hits[0].code]
    assert hits[0].boundary_set == "lsoa21" and lsoa["lad_name"] == "Cheshire West and Chester"
    ward = search("Anfield (Liverpool ward)")
    assert [h.kind for h in ward] == ["ward"] and ward[0].la_name == "Liverpool"
    assert attributes("lsoa21").set_index("code").at[ward[0].code, "ward24_code"] == "E05015279"
    assert search("Anfield")[0].label.startswith("Anfield (Liverpool ward)")


def test_a_town_given_as_a_place_says_where_it_is(capsys):
    assert main(["export", "csv", "--place", "Chester", "--layer", "imd2025", "-o", "x.csv"]) == 2
    err = capsys.readouterr().err
    assert "Chester is a town" in err and "--place 'Cheshire West and Chester'" in err and "Winchester" not in err


def test_a_postcode_given_as_a_place_says_where_it_is(capsys, tmp_path):
    """A postcode is a point: typed as a place, it names the ward and local authority it lies in (as the
    gazetteer gives them) and how to map them, where it was 'Unknown place' with nothing more; the ward named
    is one that --place takes. A postcode outside the bundle, or outside England, says which it is."""
    out = tmp_path / "d.pptx"
    assert main(["slides", "--place", "l8 0sy", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("placeviz: L8 0SY is a postcode") and "Unknown place" not in err
    assert "--place 'Princes Park (Liverpool ward)'" in err and "--place 'Liverpool'" in err
    assert "placeviz find 'L8 0SY'" in err and not out.exists()
    found = find("L8 0SY")[0]
    assert [v.split(" (")[0] for k, v in found.lines if k.startswith("Ward")] == ["Princes Park"]
    assert resolve_place("Princes Park (Liverpool ward)").kind == "ward"
    with pytest.raises(UnknownPlaceError, match=r"^L8 1AA is not in England's postcode directories"):
        resolve_place("L8 1AA")
    with pytest.raises(UnknownPlaceError, match=r"^ZZ9 9ZZ is not an English postcode"):
        resolve_place("ZZ9 9ZZ")
    with pytest.raises(UnknownPlaceError, match=r"^CH4 0DE is not in .* over the border in Wales or Scotland"):
        resolve_place("CH4 0DE")  # a Welsh postcode in a district that crosses the border
    # near a boundary the ward is named with its own authority, not the one holding the postcode's LSOA
    with pytest.raises(UnknownPlaceError, match=r"Soho and Victoria \(Sandwell ward\), and its neighbourhood \(LSOA\) "
                                                r"in Birmingham.*--place 'Sandwell' or --place 'Birmingham'"):
        resolve_place("B16 0PB")


def test_every_place_a_postcode_sentence_offers_is_one(monkeypatch):
    """Each --place the sentence for a postcode suggests maps (250 postcodes drawn from the bundle, live and
    terminated), and its ward is the one 'placeviz find' gives: near a boundary the ward was labelled with
    the wrong authority, and --place then said 'Unknown place'."""
    import re

    import numpy as np

    from placeviz.model import postcodes

    cols, outcodes = postcodes._postcode_arrays()
    rng = np.random.default_rng(7)
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    offered = 0
    for key in rng.choice(cols["key"], 250, replace=False).tolist():
        out, rest = divmod(int(key), 6760)
        pcd = f"{outcodes[out]} {rest // 676}{letters[rest % 676 // 26]}{letters[rest % 26]}"
        with pytest.raises(UnknownPlaceError) as e:
            resolve_place(pcd)
        places = [a or b for a, b in re.findall(r"""--place (?:'([^']+)'|"([^"]+)")""", str(e.value))]
        assert places, str(e.value)
        for name in places:
            offered += 1
            assert resolve_place(name).name == name
        ward = [p for p in places if p.endswith(" ward)")]
        if ward:
            found = [v for k, v in find(pcd)[0].lines if k.startswith("Ward")]
            assert found and found[0].startswith(ward[0].split(" (")[0] + " (")
    assert offered > 400


def test_a_misspelt_ward_suggests_the_ward():
    """'Anfeld' was compared with labels such as 'Anfield (Liverpool ward)' and suggested Ashfield and Arnold;
    it is compared with the names the search box uses."""
    with pytest.raises(NotFoundError, match="Did you mean 'Anfield'"):
        find("Anfeld")


def test_a_town_typed_as_a_place_reads_no_table_the_gazetteer_has_read(monkeypatch):
    """The sentence for a town typed as a place uses the gazetteer's tables as read once, not the files again."""
    from placeviz.model import gazetteer, geography

    gazetteer.towns()
    reads = []
    real = pd.read_parquet
    monkeypatch.setattr(pd, "read_parquet", lambda path, *a, **k: reads.append(str(path)) or real(path, *a, **k))
    for _ in range(2):
        with pytest.raises(geography.UnknownPlaceError, match="Chester is a town") as e:
            geography.resolve_place("Chester")
    assert "Chester City & the Garden Quarter ward" in str(e.value)
    assert reads == []


def test_no_place_given_says_so(capsys, tmp_path):
    """An empty --place was "Unknown place ''", as if '' were a misspelt name."""
    assert main(["brief", "--place", " ", "-o", str(tmp_path / "b.pdf")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("placeviz: No place was given: name one") and "Unknown place" not in err
