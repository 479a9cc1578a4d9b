"""Reading bundled files on a second thread while the caller works on.

A command that makes a profile and then draws maps (the deck, the brief) reads its maps' boundaries while it
works out the figures: pyarrow decodes them without holding Python's lock, so the second core reads while the
first computes. (Reading the profile's own tables ahead as well was tried and gained nothing measurable: the
profile asks for each table soon after the last, so it waited on the thread instead of reading.)
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress


@contextmanager
def reading_ahead(readers: Iterable[Callable[[], object]]) -> Iterator[None]:
    """Call ``readers`` (cached readers of bundled files, with their arguments bound) in order on a second
    thread while the block runs. Their errors are left to the block, which reads the same files itself and
    says what is wrong. The block's end waits for the thread, so none is left reading when Python exits."""
    readers = list(readers)

    def read() -> None:
        for reader in readers:
            with suppress(Exception):
                reader()

    thread = threading.Thread(target=read, name="placeviz-read-ahead")
    thread.start()
    try:
        yield
    finally:
        thread.join()
