"""The place profile worked out ahead of time, so that the Place profile panel answers at once.

The first profile of a session takes about a second (the analysis modules to import, England's figures to
read once per process). A window that asks for it (the app does; tests and snapshots do not) starts that
work in a worker thread once its first map has painted and the app has been idle for a moment, for the map's
place. When the panel is then asked for that place, the figures are shown at once, or as soon as the work
ends; for any other place the panel computes its profile as before.
"""

from __future__ import annotations

from PyQt6 import sip
from PyQt6.QtCore import QTimer

from placeviz.gui.workers import run_task, supersede

#: how long after the first painted map the work starts: once the first paint's own follow-ups are queued
IDLE_MS = 300


def profile_contents(place: str):
    """What the panel shows: the profile (without hot spots), its so-what sentences and its sources."""
    from placeviz.analysis.narrative import so_what  # lazy: start-up
    from placeviz.analysis.profile import place_profile
    from placeviz.analysis.report import all_sources

    prof = place_profile(place, with_hotspots=False)
    return prof, [x.text for x in so_what(prof)], all_sources(prof)


class ProfileAhead:
    """One profile worked out ahead for a window: started once, handed over once."""

    def __init__(self, window, idle_ms: int = IDLE_MS):
        self.window = window
        self.idle_ms = idle_ms
        self.place: str | None = None
        self.result = None
        self.error = None
        self._deliver = None  # (on_done, on_error) once the panel has asked before the work ended
        window.map_ready.connect(self._first_map)

    def _first_map(self) -> None:
        self.window.map_ready.disconnect(self._first_map)
        QTimer.singleShot(self.idle_ms, self._start)

    def _start(self) -> None:
        w = self.window
        if sip.isdeleted(w) or w.profile_place is not None or w.busy:
            return  # the panel was asked for already, or another map is loading: nothing to get ahead of
        self.place = w.spec.place
        run_task(lambda _p: profile_contents(self.place), self._done, self._failed, channel="profile-ahead",
                 owner=w)

    def _done(self, result) -> None:
        self.result = result
        if self._deliver is not None:
            on_done, self._deliver, self.place = self._deliver[0], None, None
            on_done(result)

    def _failed(self, exc) -> None:
        self.error = exc
        if self._deliver is not None:
            on_error, self._deliver, self.place = self._deliver[1], None, None
            on_error(exc)

    def answer(self, place: str, on_done, on_error, channel: str) -> bool:
        """Hand the profile of ``place`` to ``on_done`` (or its error to ``on_error``), now or when the work
        ends, superseding what the panel's ``channel`` still computes; False, and nothing handed over later,
        when it is not being worked out for that place (or was handed over already)."""
        if self.place is None or place != self.place:
            self._deliver = None
            return False
        supersede(channel)  # a profile of another place still being computed must not replace this one
        if self.result is not None:
            self.place = None
            on_done(self.result)
        elif self.error is not None:
            self.place = None
            on_error(self.error)
        else:
            self._deliver = (on_done, on_error)
        return True
