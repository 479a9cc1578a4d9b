"""Matching what people type against names and codes: forgiving of case, punctuation and '&'."""

from __future__ import annotations

import difflib
import re

_PUNCT = re.compile(r"[^\w\s]")
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """'St. Helens' -> 'st helens'; 'Cheshire & Merseyside' -> 'cheshire and merseyside'."""
    t = str(text).lower().replace("&", " and ")
    t = _PUNCT.sub(" ", t)
    return _SPACE.sub(" ", t).strip()


def nearest(text: str, candidates, n: int = 3) -> list[str]:
    """The candidates most like ``text`` (by normalised spelling), best first."""
    by_norm: dict[str, str] = {}
    for c in candidates:
        by_norm.setdefault(normalise(c), c)
    key = normalise(text)
    hits = difflib.get_close_matches(key, list(by_norm), n=n, cutoff=0.5)
    if len(hits) < n:
        hits += [k for k in by_norm if key and key in k and k not in hits][: n - len(hits)]
    return [by_norm[h] for h in hits]


def suggestion(text: str, candidates, what: str) -> str:
    near = nearest(text, candidates)
    hint = f" Did you mean {', '.join(repr(x) for x in near)}?" if near else ""
    return f"Unknown {what} {text!r}.{hint}"


def neighbourhood_label(name: str, neighbourhood) -> str:
    """"Liverpool 018A, in Anfield West" for an LSOA, "Liverpool 018, Anfield West" for an MSOA; the name
    alone when there is no neighbourhood name."""
    if neighbourhood is None or neighbourhood != neighbourhood or not str(neighbourhood):
        return str(name)
    joiner = ", in " if str(name)[-1:].isalpha() else ", "
    return f"{name}{joiner}{neighbourhood}"
