"""The window's first map is painted before the hover index is built: the index (a spatial tree of every
neighbourhood of England, about 75 ms) used to start as the map arrived, and since Qt's drawing calls keep
Python's interpreter lock, the two took turns and the first paint of Cheshire and Merseyside took about
150 ms instead of about 50 ms. Hovering and clicking still work once it is built."""

from placeviz.gui import workers
from placeviz.model.spec import MapSpec
from placeviz.render.geometry import RenderGeometry


def test_the_hover_index_starts_after_the_first_paint(make_window, qtbot):
    geo = RenderGeometry.for_set("lsoa11")
    geo._tree = None  # as in a new process: no index yet
    seen = {}
    win = make_window(MapSpec(), wait=False)
    win.scene_loaded.connect(lambda: seen.setdefault("loaded", workers._generation.get("index", 0)))
    win.map_ready.connect(lambda: seen.setdefault("painted", workers._generation.get("index", 0)))
    qtbot.waitUntil(lambda: "painted" in seen, timeout=60_000)
    assert seen["painted"] == seen["loaded"]  # nothing started on the index before the map was on screen
    qtbot.waitUntil(lambda: win.scene.geometry._tree is not None, timeout=30_000)  # then it is built
    assert workers._generation["index"] == seen["painted"] + 1

    # and it serves the map: the area under a point of Liverpool is found
    code = "E01006512"  # Liverpool 031A
    row = int(win.scene.geometry.rows([code])[0])
    x, y = win.scene.geometry.label_points()[row]
    assert win.scene.geometry.codes[win.scene.geometry.hit(float(x), float(y))] == code
