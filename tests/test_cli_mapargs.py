"""One set of map defaults for every command: the desktop app, `export` and `compare` colour a layer alike."""

from __future__ import annotations

import argparse

import numpy as np
import pytest
from pixels import hex_rgb, read_pixels

from placeviz.cli import compare, export, gui, main, mapargs
from placeviz.model.catalog import get_layer
from placeviz.model.errors import UserError
from placeviz.model.palettes import colours
from placeviz.model.spec import MapSpec
from placeviz.model.viewstate import default_classification, with_layer


def _parsed(module, argv):
    p = argparse.ArgumentParser()
    module.add_arguments(p)
    return p.parse_args(argv)


@pytest.mark.parametrize("layer_id", ["life_expectancy_male", "imd2019", "no2_2023", "insecure_work"])
def test_every_command_builds_the_desktop_apps_classes(layer_id):
    desktop = with_layer(MapSpec(), layer_id).classification
    assert desktop == default_classification(get_layer(layer_id))
    from_gui = gui.build_spec(_parsed(gui, ["--layer", layer_id])).classification
    from_export = export.specs_from_args(_parsed(export, ["png", "--place", "Liverpool", "--layer", layer_id,
                                                          "-o", "x.png"]))[0].classification
    args = _parsed(compare, ["--place", "Liverpool", "--place", "Wirral", "--layer", layer_id, "-o", "x.png"])
    from_compare = mapargs.classification(args, get_layer(layer_id))
    assert from_gui == from_export == from_compare == desktop


def _palette_pixels(path, palette: str, k: int) -> list[int]:
    _, px = read_pixels(path)
    return [int(np.count_nonzero(px == hex_rgb(c))) for c in colours(palette, k)]


def test_compare_png_and_export_png_colour_life_expectancy_as_the_desktop_does(tmp_path):
    """The bug this guards: `compare -o x.png` drew life expectancy in RdYlBu while the desktop and
    `export png` drew it in YlOrRd."""
    cls = default_classification(get_layer("life_expectancy_male"))
    assert cls.palette == "YlOrRd"
    two, one = tmp_path / "two.png", tmp_path / "one.png"
    assert main(["compare", "--place", "Liverpool", "--place", "Wirral", "--layer", "life_expectancy_male",
                 "--level", "msoa", "-o", str(two)]) == 0
    assert main(["export", "png", "--place", "Liverpool", "--layer", "life_expectancy_male", "--level", "msoa",
                 "-o", str(one)]) == 0
    for path in (two, one):
        desktop_colours = _palette_pixels(path, cls.palette, cls.k)
        assert all(n > 200 for n in desktop_colours), desktop_colours  # every class is painted
        # the ends of the old, wrong palette (RdYlBu) are nowhere on the page
        assert _palette_pixels(path, "RdYlBu", cls.k)[0] == 0 and _palette_pixels(path, "RdYlBu", cls.k)[-1] == 0


@pytest.mark.parametrize(("argv", "message"), [
    (["--layer", "population", "--scheme", "national_deciles"], "has no national deciles"),
    (["--layer", "imd2019", "--k", "6"], "always have 10 classes"),
    (["--layer", "imd2019", "--scheme", "user"], "needs your own breaks"),
    (["--palette", "Rainbow"], "Unknown palette 'Rainbow'"),
    (["--layer", "imd2019", "--year", "2016"], "one period only"),
    (["--place", "Atlantis"], "Unknown place"),
])
def test_bad_map_options_get_the_same_sentence_from_every_command(argv, message):
    with pytest.raises(UserError, match=message):
        gui.build_spec(_parsed(gui, argv))
    place = [] if "--place" in argv else ["--place", "Liverpool"]
    layer = [] if "--layer" in argv else ["--layer", "imd2019"]
    with pytest.raises(UserError, match=message):
        export.specs_from_args(_parsed(export, ["png", *place, *layer, *argv, "-o", "x.png"]))
