"""The screen's place names (pictures drawn once, ``render.labels._label_image``) keep their white halo but
stamp it as the PNG export does, instead of stroking the outline of every glyph: on Cheshire and Merseyside's
first map (48 names) the stroked halos took about 24 ms of the start-up's painting, the stamped ones 3 ms."""

import numpy as np
from PyQt6.QtCore import QRectF
from PyQt6.QtGui import QColor, QImage, QPainter

import placeviz.render.labels as labels
from placeviz.model.spec import MapSpec
from placeviz.render.scene import build_scene, extent_transform


class CountingPainter(QPainter):
    """A QPainter that counts the outlines it strokes."""

    strokes = 0

    def strokePath(self, path, pen):  # Qt's name
        CountingPainter.strokes += 1
        super().strokePath(path, pen)


def _pixels(img: QImage) -> np.ndarray:
    img = img.convertToFormat(QImage.Format.Format_RGB32)
    ptr = img.constBits()
    ptr.setsize(img.sizeInBytes())
    rows = np.frombuffer(ptr, np.uint8).reshape(img.height(), img.bytesPerLine() // 4, 4)
    return rows[:, :img.width(), :3].astype(int).copy()


def test_the_first_maps_names_are_stamped_not_stroked_and_keep_their_halo(qapp, monkeypatch):
    scene = build_scene(MapSpec())  # the app's first map: Cheshire and Merseyside
    rect = QRectF(0, 0, 730, 730)
    transform = extent_transform(rect, scene.extent(), margin=0.0)
    monkeypatch.setattr(labels, "QPainter", CountingPainter)
    monkeypatch.setattr(labels, "_LABELS", {})
    CountingPainter.strokes = 0
    canvas = QImage(730, 730, QImage.Format.Format_RGB32)
    canvas.fill(QColor("#67001f"))  # decile 1's darkest red: a halo must stand out on it
    painter = QPainter(canvas)
    drawn = labels.paint_labels(painter, scene.outlines, transform, rect, fast=True)
    painter.end()
    assert len(drawn) >= 30 and {"Liverpool", "Chester", "Southport"} <= {lab.name for lab in drawn}
    assert CountingPainter.strokes == 0  # no glyph outline stroked for the screen

    for label in drawn[:10]:  # each picture: dark letters inside a light halo, on a clear background
        font = labels._font(label.kind, None)
        picture = labels._LABELS[(label.name, font.toString(), labels.STYLES[label.kind][3])]
        on_blue = QImage(picture.size(), QImage.Format.Format_RGB32)
        on_blue.fill(QColor("#2166ac"))  # decile 10's blue, lighter than any letter
        p = QPainter(on_blue)
        p.drawImage(0, 0, picture)
        p.end()
        px = _pixels(on_blue)
        light = px.min(axis=2) > 200  # halo
        dark = px.max(axis=2) < 110  # letters (slate for authorities, near black for towns)
        assert light.sum() > dark.sum() / 2 > 0, label.name
        # every letter pixel has halo within two pixels of it: the name reads on any colour
        ys, xs = np.nonzero(dark)
        near = [light[max(y - 2, 0):y + 3, max(x - 2, 0):x + 3].any() for y, x in zip(ys, xs, strict=True)]
        assert np.mean(near) > 0.97, label.name
