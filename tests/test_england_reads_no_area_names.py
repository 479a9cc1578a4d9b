"""A map of all England (32,844 neighbourhoods) reads no neighbourhood names: the outlines of its local
authorities carry theirs, and the areas' own names (about 5 ms to read and make into Python strings, on the way
to every England PNG and the app's first map) are read only when something asks for them."""

import numpy as np

from placeviz.model.geography import attributes
from placeviz.model.spec import MapSpec
from placeviz.render import geometry
from placeviz.render.arrow_scene import scene_for


def test_an_england_map_reads_names_only_for_its_outlines(qapp, monkeypatch):
    monkeypatch.setattr(geometry, "_CACHE", {})  # as in a new process
    scene = scene_for(MapSpec(place="England", layer="imd2019"))
    assert len(scene.geometry) == 32_844
    assert scene.geometry._names is None  # not read
    assert scene.outlines.names[:2] == ["Hartlepool", "Middlesbrough"]  # the authorities' are
    # and when asked for, the names are the boundary file's, row for row
    assert np.array_equal(scene.geometry.names, attributes("lsoa11")["name"].to_numpy(dtype=object))
    assert scene.geometry.names[scene.geometry.index["E01006512"]] == "Liverpool 031A"
