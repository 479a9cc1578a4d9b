"""Matching what people type against names and codes: forgiving of case, punctuation and '&'."""

from __future__ import annotations

import difflib
import re

_PUNCT = re.compile(r"[^\w\s]")
_SPACE = re.compile(r"\s+")
#: words too common in place names to suggest one by: "NHS Cheshire" is about Cheshire, not the NHS
_COMMON_WORDS = frozenset({"and", "the", "of", "nhs", "city", "county", "north", "south", "east", "west"})


def normalise(text: str) -> str:
    """'St. Helens' -> 'st helens'; 'Cheshire & Merseyside' -> 'cheshire and merseyside'."""
    t = str(text).lower().replace("&", " and ")
    t = _PUNCT.sub(" ", t)
    return _SPACE.sub(" ", t).strip()


def nearest(text: str, candidates, n: int = 3) -> list[str]:
    """The candidates most like ``text`` (by normalised spelling), best first.

    Names one of whose words starts with what was typed come first ("Chester" suggests "Cheshire West and
    Chester" and "Chesterfield"); then close spellings that start with the same letter, so that "Chester" is
    never answered with "Winchester"; then names that contain it."""
    by_norm: dict[str, str] = {}
    for c in candidates:
        by_norm.setdefault(normalise(c), c)
    key = normalise(text)
    if not key:
        return []
    words = [w for w in key.split() if len(w) >= 3 and w not in _COMMON_WORDS] or key.split()[:1]
    hits = sorted((k for k in by_norm if k.startswith(key)), key=len)

    def shared(k: str) -> int:  # how many of the typed words start a word of the name
        return sum(any(x.startswith(w) for x in k.split()) for w in words)

    if len(words[0]) >= 3:
        scored = [(shared(k), k) for k in by_norm if k not in hits]
        hits += [k for s, k in sorted(scored, key=lambda t: (-t[0], not t[1].startswith(words[0]), len(t[1])))
                 if s > 0]
    close = difflib.get_close_matches(key, list(by_norm), n=n + 10, cutoff=0.5)
    hits += [k for k in close if k not in hits and k[0] == key[0]]
    hits += [k for k in by_norm if key in k and k not in hits]
    return [by_norm[h] for h in hits[:n]]


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


def ward_label(name, la_name):
    """"Anfield (Liverpool ward)": how a ward is named beside its local authority (strings, or pandas Series
    of them)."""
    return name + " (" + la_name + " ward)"


_WARD_TEXT = re.compile(r"^(.*?)\s*\((.*?)(?:\s+ward)?\)$", flags=re.I)


def split_ward_text(text: str) -> tuple[str, str]:
    """("Anfield", "Liverpool") for "Anfield (Liverpool ward)", "Anfield (Liverpool)" or "Anfield, Liverpool";
    (text, "") for a bare name."""
    raw = str(text).strip()
    m = _WARD_TEXT.match(raw) or re.match(r"^(.*?),\s*(.*)$", raw)
    return (m.group(1), m.group(2)) if m else (raw, "")


def looks_like_ward(text: str) -> bool:
    """Whether the text is written as a ward is named: "... (Liverpool ward)"."""
    return str(text).strip().lower().endswith(" ward)")

