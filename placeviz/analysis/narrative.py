"""The "so what": four to eight plain-English sentences generated from a place's profile.

Each sentence is built only from figures of the profile, and carries their ids, values, layers and source
lines, so anyone can trace it back. A sentence whose figures are missing is left out, never guessed. The
words follow the numbers: "higher"/"lower", "more"/"fewer", "rose"/"fell" are chosen from the figures as shown
(rounded), so a sentence never says "higher" next to two equal numbers.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from placeviz.analysis.hotspots import CHANCE_SHARE
from placeviz.analysis.profile import DOMAINS, PlaceProfile, sources_for
from placeviz.model.catalog import get_layer
from placeviz.model.geography import attributes
from placeviz.model.ranks import ordinal

MAX_SENTENCES = 8
#: shares within this many percentage points of each other are "about the same" between editions
SAME_SHARE_POINTS = 1.0
#: a place's air-pollution average within this many µg/m³ of England's reads "close to", not higher or lower
NEAR_AIR_UGM3 = 0.2
#: hot and cold spots are called "clustered" only when they are more than this many times what chance flags
CHANCE_CLUSTER_FACTOR = 1.5

_FRACTIONS = [
    (0.01, "one in a hundred"), (0.02, "one in fifty"), (1 / 30, "one in thirty"), (0.05, "one in twenty"), (0.1, "one in ten"),
    (0.2, "one in five"), (0.25, "a quarter"), (0.3, "three in ten"), (1 / 3, "a third"), (0.4, "four in ten"),
    (0.5, "half"), (0.6, "six in ten"), (2 / 3, "two thirds"), (0.7, "seven in ten"), (0.75, "three quarters"),
    (0.8, "eight in ten"), (0.9, "nine in ten"),
]
_NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine",
                 10: "ten", 11: "eleven", 12: "twelve"}


@dataclass
class Sentence:
    """One sentence of the so-what, with the figures it rests on."""

    topic: str
    text: str
    figure_ids: tuple[str, ...]

    def to_dict(self, profile: PlaceProfile) -> dict:
        figs = [profile.figures[i] for i in self.figure_ids]
        layers: list[str] = []
        for f in figs:
            layers += [x for x in f.layers if x not in layers]
        return {"topic": self.topic, "text": self.text, "figures": [f.to_dict() for f in figs],
                "layers": layers, "sources": sources_for(layers)}


# --- words for numbers --------------------------------------------------------------------------------------

def fraction_words(pct: float) -> str:
    """A fraction a reader grasps at once: 48.4 -> 'almost half', 9.9 -> 'about one in ten', 0 -> 'none'."""
    v = float(pct) / 100.0
    if v <= 0:
        return "none"
    if v >= 1:
        return "all"
    if v >= 0.97:
        return "almost all"
    if v < 0.01:
        return "fewer than one in a hundred"
    f, words = min(_FRACTIONS, key=lambda fw: abs(v - fw[0]))
    tol = min(0.03, 0.2 * f)
    d = v - f
    if abs(d) <= tol / 4:
        return f"about {words}"
    if -tol <= d < 0:
        return f"almost {words}"
    if 0 < d <= tol:
        return f"just over {words}"
    below = [fw for fw in _FRACTIONS if fw[0] < v]
    return f"more than {below[-1][1]}" if below else f"fewer than {words}"


def share_of(pct: float, noun: str) -> str:
    """'almost half of residents (48.4%)', 'about one in ten residents (9.9%)', 'none of the residents'."""
    words = fraction_words(pct)
    if words == "none":
        return f"none of the {noun}"
    exact = f"{pct:.1f}%"
    if " in " in words:
        return f"{words} {noun} ({exact})"
    return f"{words} of {noun} ({exact})"


def times_words(ratio: float) -> str | None:
    """'about five times', 'more than twice', 'almost three times'; None below 1.75."""
    if not ratio >= 1.75 or math.isinf(ratio):
        return None
    n = math.floor(ratio)
    frac = ratio - n
    def times(k: int) -> str:
        return "twice" if k == 2 else f"{_NUMBER_WORDS.get(k, str(k))} times"
    if frac < 0.15:
        return f"about {times(n)}"
    if frac > 0.85:
        return f"almost {times(n + 1)}"
    return f"more than {times(n)}"


def _cmp(a: float, b: float, decimals: int) -> int:
    """Compare two figures as they are shown: 1 if a > b, -1 if a < b, 0 if they round the same."""
    ra, rb = round(a, decimals), round(b, decimals)
    return (ra > rb) - (ra < rb)


def _near_words(a: float, b: float, decimals: int, near: float, words: tuple[str, str, str, str]) -> str:
    """Wording for a against b: (higher, lower, same, close) as printed; 'close' when they differ by less
    than ``near``, so a difference of 0.1 in the last shown digit is not told as a finding."""
    c = _cmp(a, b, decimals)
    if c != 0 and abs(a - b) < near:
        return words[3]
    return {1: words[0], -1: words[1], 0: words[2]}[c]


def _rank_words(rank: int, n: int) -> str:
    """'the 3rd most deprived', 'the most deprived', 'the 2nd least deprived' of n."""
    if rank <= (n + 1) / 2:
        return "the most deprived" if rank == 1 else f"the {ordinal(rank)} most deprived"
    back = n - rank + 1
    return "the least deprived" if back == 1 else f"the {ordinal(back)} least deprived"


def _name(p: PlaceProfile) -> str:
    """The place as it reads mid-sentence: 'the North West', 'the Liverpool City Region', 'Liverpool'."""
    name = p.name
    if (p.place.kind == "region" and name not in ("London",) and not name.startswith("Yorkshire")) or (
            name == "Liverpool City Region"):
        return f"the {name}"
    m = re.fullmatch(r"(.+), (City|County) of", name)  # ONS's "Kingston upon Hull, City of"
    if m:
        return f"the {m.group(2)} of {m.group(1)}"
    if name.startswith("City of "):
        return f"the {name}"
    return name


def _list_words(items: list[str]) -> str:
    """'a, b and c'; with semicolons when an item has its own commas or 'and' ('crime; education, skills and
    training; and health and disability'), so the reader can tell where each item ends."""
    if len(items) == 1:
        return items[0]
    if any(", " in x or " and " in x for x in items):
        return "; ".join(items[:-1]) + "; and " + items[-1] if len(items) > 2 else f"{items[0]}, and {items[1]}"
    return ", ".join(items[:-1]) + " and " + items[-1]


# --- sentences ----------------------------------------------------------------------------------------------

def _share_in_most_deprived(p: PlaceProfile, base: str, words: str, edition: str) -> tuple[str, list[str]] | None:
    """The share of the place's residents living in England's most deprived ``words`` of neighbourhoods, against
    England's, as a sentence without its full stop, and the ids of its figures; ``base`` names the profile's
    figures ('imd2019.imd.decile1'), ``edition`` the index ('IoD 2019')."""
    share = p.figure(f"{base}.resident_share")
    n = p.figure(f"{base}.areas")
    eng = p.figure(f"{base}.resident_share.england")
    if share is None or n is None:
        return None
    ids = [share.id, n.id]
    if p.is_england:
        text = (f"Across England, {share_of(share.value, 'residents')} live in the most deprived {words} of "
                f"neighbourhoods ({edition})")
    elif share.value == 0:
        text = (f"In {_name(p)}, no residents live in a neighbourhood among the most deprived {words} in England "
                f"({edition})")
        if eng is not None:
            text += f", against {fraction_words(eng.value)} ({eng.value:.1f}%) across England"
            ids.append(eng.id)
    else:
        areas = "the one neighbourhood" if n.value == 1 else f"the {n.value:,} neighbourhoods"
        text = (f"In {_name(p)}, {share_of(share.value, 'residents')} live in {areas} among the most deprived "
                f"{words} in England ({edition})")
        if eng is not None:
            ids.append(eng.id)
            ratio = share.value / eng.value if eng.value else math.inf
            tw = times_words(ratio)
            c = _cmp(share.value, eng.value, 1)
            if tw:
                text += f", {tw} the share across England ({eng.value:.1f}%)"
            elif c > 0 and ratio >= 1.1:
                text += f", more than the share across England ({eng.value:.1f}%)"
            elif c < 0 and ratio <= 0.5:
                text += f", less than half the share across England ({eng.value:.1f}%)"
            elif c < 0 and ratio <= 0.9:
                text += f", less than the share across England ({eng.value:.1f}%)"
            else:
                text += f", close to the share across England ({eng.value:.1f}%)"
    return text, ids


def deprivation_as_headline(p: PlaceProfile) -> Sentence | None:
    """The deprivation sentence on the measure of the brief's and the deck's headline figure: residents in
    England's most deprived 20% of neighbourhoods on IoD 2025 (the profile's own sentence speaks of the most
    deprived 10% on IoD 2019 and how that share moved in 2025)."""
    told = _share_in_most_deprived(p, "imd2025.imd.decile1_2", "20%", "IoD 2025")
    return None if told is None else Sentence("deprivation", told[0] + ".", tuple(told[1]))


def _deprivation(p: PlaceProfile) -> Sentence | None:
    told = _share_in_most_deprived(p, "imd2019.imd.decile1", "10%", "IoD 2019")
    if told is None:
        return None
    text, ids = told
    share = p.figure("imd2019.imd.decile1.resident_share")
    new = p.figure("imd2025.imd.decile1.resident_share")
    if new is not None:
        ids.append(new.id)
        d = new.value - share.value
        if share.value == 0 and new.value == 0:
            text += "; in IoD 2025 there are still none"
        elif abs(d) < SAME_SHARE_POINTS:
            text += f"; in IoD 2025 the share was about the same ({new.value:.1f}%)"
        elif d > 0:
            text += f"; in IoD 2025 the share rose to {new.value:.1f}%"
        else:
            text += f"; in IoD 2025 the share fell to {new.value:.1f}%" if new.value > 0 else (
                "; in IoD 2025 it fell to none")
    return Sentence("deprivation", text + ".", tuple(ids))


def _rank(p: PlaceProfile) -> Sentence | None:
    """The place's rank on average IMD score, by ``model.ranks``' one rule: an official rank is told as a
    fact ("is"), with its source; a computed one as a placing ("would be"), saying among which set."""
    if p.is_england:
        return None
    clauses, ids = [], []
    for edition, layer in (("2019", "imd2019"), ("2025", "imd2025")):
        r = p.ranks.get(edition)
        if r is None:
            continue
        key = "icb" if r.among == "ICBs" else "la"
        ids += [f"{layer}.{key}_rank", f"{layer}.{key}_count", f"{layer}.average_score"]
        verb = "is" if r.official else "would be"
        how = (f"IoD {edition}, official" if r.official
               else f"IoD {edition}, computed from its residents' average score")
        clauses.append((r, verb, _rank_words(r.rank, r.n), how))
    if not clauses:
        return None
    # an official ICB rank leads: it is the figure a place lead can quote for the whole place
    clauses.sort(key=lambda c: (c[0].among != "ICBs", c[0].edition))
    parts = []
    for i, (r, verb, words, how) in enumerate(clauses):
        who = r.official_name or _name(p)
        if r.among == "ICBs":
            parts.append(f"{who} {verb} {words} of England's {r.n:,} Integrated Care Boards on average "
                         f"deprivation score ({r.score:.3f}; {how})")
        elif i == 0 or clauses[0][0].among == "ICBs":
            parts.append(f"{'on average deprivation score, ' if i == 0 else ''}{_name(p)} {verb} {words} of "
                         f"{r.n:,} {r.among} in England ({how})")
        else:
            prev = clauses[i - 1]
            parts.append(f"{'' if verb == prev[1] else verb + ' '}{words} of {r.n:,} ({how})")
    text = ", and ".join(parts)
    text = text[0].upper() + text[1:]
    ids = [i for i in ids if p.figure(i) is not None]
    return Sentence("rank", text + ".", tuple(dict.fromkeys(ids)))


def _domains(p: PlaceProfile) -> Sentence | None:
    if p.is_england:
        return None
    for edition in ("2025", "2019"):
        table = [r for r in p.domain_table(edition) if r["domain"] != "imd"]
        if len(table) == len(DOMAINS):
            break
    else:
        return None
    label = f"IoD {edition}"
    base = f"imd{edition}"
    def fid(r, eng=False):
        return f"{base}.{r['domain']}.decile1_2.resident_share" + (".england" if eng else "")
    drivers = [r for r in sorted(table, key=lambda r: -r["resident_share"])
               if _cmp(r["resident_share"], r["england_resident_share"], 1) > 0]
    strong = [r for r in drivers if r["resident_share"] >= 1.5 * r["england_resident_share"]]
    chosen = (strong or drivers)[:3]
    eng_lo = min(r["england_resident_share"] for r in table)
    eng_hi = max(r["england_resident_share"] for r in table)
    eng_words = (f"about {eng_lo:.0f}%" if round(eng_lo) == round(eng_hi)
                 else f"{eng_lo:.0f}-{eng_hi:.0f}%")
    if chosen:
        names = _list_words([r["title"] for r in chosen])
        shares = _list_words([f"{r['resident_share']:.0f}%" for r in chosen])
        one = len(chosen) == 1
        text = (f"Deprivation in {_name(p)} is driven most by {names}: {shares} of residents live in "
                f"neighbourhoods among the most deprived 20% in England on {'this domain' if one else 'these domains'}, "
                f"against {eng_words} across England ({label})")
        ids = [fid(r) for r in chosen] + [fid(r, True) for r in chosen]
        low = min(table, key=lambda r: r["resident_share"])
        if low not in chosen and low["resident_share"] < 0.5 * low["england_resident_share"]:
            few = "none do" if low["resident_share"] == 0 else f"only {low['resident_share']:.1f}% do"
            text += f"; by contrast, {few} on {low['title']}"
            ids.append(fid(low))
    else:
        top = max(table, key=lambda r: r["resident_share"])
        if top["resident_share"] == 0:
            text = (f"On no domain of deprivation does any resident of {_name(p)} live in a neighbourhood among the "
                    f"most deprived 20% in England ({label})")
            ids = [fid(r) for r in table]
        else:
            text = (f"On no domain of deprivation do more of {_name(p)}'s residents live in the most deprived 20% of "
                    f"neighbourhoods than across England; the highest share is on {top['title']} "
                    f"({top['resident_share']:.1f}%, against {top['england_resident_share']:.1f}% across England, "
                    f"{label})")
            ids = [fid(r) for r in table] + [fid(top, True)]
    return Sentence("domains", text + ".", tuple(dict.fromkeys(ids)))


def _life_expectancy(p: PlaceProfile) -> Sentence | None:
    """Official life expectancy first (OHID, by local authority and sex); the MSOA estimates only where there is
    no official figure, with their caveat."""
    official = _official_life_expectancy(p)
    if official is not None:
        return official
    rows, ids = [], []
    for sex, words in (("male", "men"), ("female", "women")):
        here, eng = p.figure(f"le.{sex}"), p.figure(f"le.{sex}.england")
        if here is None or (eng is None and not p.is_england):
            continue
        ids += [here.id] + ([eng.id] if eng is not None and not p.is_england else [])
        c = 0 if p.is_england else _cmp(here.value, eng.value, 1)
        diff = 0.0 if p.is_england else abs(round(here.value, 1) - round(eng.value, 1))
        rows.append((words, here.value, None if p.is_england else eng.value, c, diff))
    if not rows:
        return None
    caveat = (f"ONS estimates for MSOAs, {get_layer('life_expectancy_male').period}, whose levels run high: compare "
              "them, do not quote them")
    lives = _list_words([f"{w} can expect to live {v:.1f} years at birth" if i == 0 else f"{w} {v:.1f}"
                         for i, (w, v, *_) in enumerate(rows)])
    if p.is_england:
        text = f"Across England, {lives} ({caveat})"
        return Sentence("life expectancy", text + ".", tuple(ids))
    where = f"In {_name(p)}, {lives}"
    dirs = {c for *_, c, _ in rows}
    word = {1: "more", -1: "fewer"}
    if len(dirs) == 1 and 0 not in dirs:
        diffs = _list_words([f"{d:.1f}" for *_, d in rows])
        engs = _list_words([f"{e:.1f}" for _, _, e, _, _ in rows])
        text = f"{where}: {diffs} years {word[dirs.pop()]} than across England ({engs}; {caveat})"
    else:
        bits = []
        for w, _, e, c, d in rows:
            bits.append(f"the same as across England for {w} ({e:.1f})" if c == 0
                        else f"{d:.1f} years {word[c]} than across England for {w} ({e:.1f})")
        text = f"{where}: {_list_words(bits)} ({caveat})"
    return Sentence("life expectancy", text + ".", tuple(ids))


def _official_life_expectancy(p: PlaceProfile) -> Sentence | None:
    rows, ids = [], []
    for sex, words in (("male", "men"), ("female", "women")):
        here, eng = p.figure(f"le.official.{sex}"), p.figure(f"le.official.{sex}.england")
        if here is None:
            continue
        period = p.official_le[next(iter(p.official_le))][sex]["le"]["period"]
        if p.is_england:
            rows.append(f"{words} can expect to live {here.value:.1f} years at birth" if not rows
                        else f"{words} {here.value:.1f}")
            ids.append(here.id)
            continue
        if eng is None:
            continue
        ids += [here.id, eng.id]
        d = round(here.value - eng.value, 1)
        how = (f"the same as England's {eng.value:.1f}" if d == 0 else
               f"{abs(d):.1f} {'fewer' if d < 0 else 'more'} than England's {eng.value:.1f}")
        rows.append(f"{words} in {_name(p)} can expect to live {here.value:.1f} years, {how}" if not rows
                    else f"{words} {here.value:.1f}, {how}")
    if rows:
        text = _list_words(rows)
        text = ("Across England, " + text if p.is_england else text[0].upper() + text[1:])
        return Sentence("life expectancy", f"{text} ({period}, OHID).", tuple(ids))
    # a group of local authorities: how many of its authorities are below England, and the range
    bits = []
    for sex, words in (("male", "men"), ("female", "women")):
        below, n = p.figure(f"le.official.{sex}.las_below_england"), p.figure(f"le.official.{sex}.las")
        lo, hi = p.figure(f"le.official.{sex}.lowest"), p.figure(f"le.official.{sex}.highest")
        eng = p.figure(f"le.official.{sex}.england")
        if None in (below, n, lo, hi, eng):
            continue
        ids += [below.id, n.id, lo.id, hi.id, eng.id]
        bits.append((words, int(below.value), int(n.value), lo, hi, eng))
    if not bits:
        return None
    period = next(v[s]["le"]["period"] for v in p.official_le.values() for s in v if "le" in v[s])
    counts = {(b, n) for _, b, n, *_ in bits}
    if len(counts) == 1:
        b, n = counts.pop()
        head = (f"In {'all' if b == n else b} of {_name(p)}'s {n} local authorities, "
                f"{_list_words([w for w, *_ in bits])} can expect shorter lives than across England")
    else:
        head = "In " + _list_words([f"{b} of {_name(p)}'s {n} local authorities for {w}" for w, b, n, *_ in bits]) \
            + ", life expectancy is below England's"
    ranges = "; ".join(f"{w} from {lo.value:.1f} years in {lo.note} to {hi.value:.1f} in {hi.note}, England "
                       f"{eng.value:.1f}" for w, _, _, lo, hi, eng in bits)
    return Sentence("life expectancy", f"{head} ({ranges}; {period}, OHID; there is no official figure for "
                    f"{_name(p)} as a whole).", tuple(ids))


def _life_gap(p: PlaceProfile) -> Sentence | None:
    parts, eng_parts, ids, cmps, reversed_, eng_positive = [], [], [], [], False, True
    for sex, words in (("male", "men"), ("female", "women")):
        gap = p.figure(f"le.{sex}.gap")
        if gap is None:
            continue
        ids.append(gap.id)
        ids += [i for i in (f"le.{sex}.least_deprived_fifth", f"le.{sex}.most_deprived_fifth") if p.figure(i)]
        g = round(gap.value, 1)
        reversed_ = reversed_ or g < 0
        if not parts:
            how = (f"{g:.1f} years longer than" if g > 0 else f"{-g:.1f} years less than" if g < 0
                   else "as long as")
            parts.append(f"{words} in the least deprived fifth of neighbourhoods (MSOAs) can expect to live {how} "
                         f"{words} in the most deprived fifth")
        else:
            how = f"{g:.1f} years longer" if g > 0 else f"{-g:.1f} years less" if g < 0 else "just as long"
            parts.append(f"{words} {how}")
        eng = p.figure(f"le.{sex}.gap.england")
        if eng is not None and not p.is_england:
            ids.append(eng.id)
            eng_parts.append(f"{eng.value:.1f}")
            cmps.append(_cmp(gap.value, eng.value, 1))
            eng_positive = eng_positive and round(eng.value, 1) > 0
    if not parts:
        return None
    where = "Across England" if p.is_england else f"Within {_name(p)}"
    text = f"{where}, {', and '.join(parts)}"
    if eng_parts and len(eng_parts) == len(parts):
        gaps = _list_words(eng_parts) + " years"
        if reversed_:
            # a gap the other way round is not a "narrower gap": say how England's runs instead
            text += (f"; across England, the least deprived fifth live {gaps} longer" if eng_positive
                     else f" (across England: {gaps})")
        elif all(c > 0 for c in cmps):
            text += f": {'a wider gap' if len(cmps) == 1 else 'wider gaps'} than across England ({gaps})"
        elif all(c < 0 for c in cmps):
            text += f": {'a narrower gap' if len(cmps) == 1 else 'narrower gaps'} than across England ({gaps})"
        elif all(c == 0 for c in cmps):
            text += f": the same as across England ({gaps})"
        else:
            text += f" (across England: {gaps})"
    text += _sii_clause(p, ids)
    return Sentence("life expectancy gap", text + ".", tuple(ids))


def _sii_clause(p: PlaceProfile, ids: list) -> str:
    """The slope index of inequality: OHID's where published (local authorities), else placeviz's computed one,
    saying which."""
    for key, how in (("le.sii.official", "OHID's slope index of inequality"),
                     ("le", "a slope index of inequality computed across deciles of MSOAs (not OHID's method)")):
        suffix = "" if key == "le.sii.official" else ".sii"
        vals = [(w, p.figure(f"{key}.{sex}{suffix}"), p.figure(f"{key}.{sex}{suffix}.england"))
                for sex, w in (("male", "men"), ("female", "women"))]
        vals = [(w, f, e) for w, f, e in vals if f is not None and (e is not None or p.is_england)]
        if not vals:
            continue
        for _, f, e in vals:
            ids += [f.id] + ([e.id] if e is not None and not p.is_england else [])
        here = _list_words([f"{f.value:.1f} years for {w}" if i == 0 else f"{f.value:.1f} for {w}"
                            for i, (w, f, _) in enumerate(vals)])
        extra = [] if p.is_england else [f"England {_list_words([f'{e.value:.1f}' for _, _, e in vals])}"]
        if key == "le.sii.official":
            by = p.official_le[next(iter(p.official_le))]
            extra += [by[x]["sii"]["period"] + ", OHID" for x in ("male", "female") if "sii" in by.get(x, {})][:1]
        return f"; {how} is {here}" + (f" ({'; '.join(extra)})" if extra else "")
    return ""


def _air_area(p: PlaceProfile) -> str:
    """Where the PM2.5 figure is from: a ward takes its local authority's, and the sentence says so."""
    if p.place.kind != "ward":
        return _name(p)
    la = attributes("lad24").set_index("code")["name"].get(p.place.la_code, "its local authority")
    return f"{la}, the local authority {_name(p)} lies in"


def _air(p: PlaceProfile) -> Sentence | None:
    here, eng = p.figure("air.pm25"), p.figure("air.pm25.england")
    if here is None or eng is None:
        return None
    period = get_layer("air_quality").period
    if p.is_england:
        text = (f"Across England, fine-particle air pollution (PM2.5, {period}) averages {here.value:.1f} µg/m³ "
                "(residents' average of local-authority figures, which cannot show differences between "
                "neighbourhoods)")
        return Sentence("air quality", text + ".", (here.id,))
    ids = [here.id, eng.id]
    how = _near_words(here.value, eng.value, 1, NEAR_AIR_UGM3, ("higher than", "lower than", "the same as",
                                                                   "close to"))
    text = (f"Fine-particle air pollution (PM2.5, {period}) averages {here.value:.1f} µg/m³ across {_air_area(p)}, {how} "
            f"England's {eng.value:.1f} µg/m³ (a local-authority average that cannot show differences between "
            "neighbourhoods)")
    no2, cm = p.figure("air.grid.no2_2023"), p.figure("air.grid.no2_2023.cheshire_merseyside")
    if no2 is not None:
        ids.append(no2.id)
        text += f"; on the 1 km grid, nitrogen dioxide averages {no2.value:.1f} µg/m³ over its neighbourhoods (2023)"
        if cm is not None and p.name != "Cheshire and Merseyside":
            ids.append(cm.id)
            cw = {1: "above", -1: "below", 0: "the same as"}[_cmp(no2.value, cm.value, 1)]
            text = text[:-len(" (2023)")] + f", {cw} the {cm.value:.1f} across Cheshire and Merseyside (2023)"
    return Sentence("air quality", text + ".", tuple(ids))


def _work(p: PlaceProfile) -> Sentence | None:
    here, eng = p.figure("work.insecure"), p.figure("work.insecure.england")
    if here is None or (eng is None and not p.is_england):
        return None
    where = "England" if p.is_england else _name(p)
    text = (f"Across {where}'s neighbourhoods, on average {here.value:.1f}% of the jobs located in each are in "
            "sectors where insecure work is common (hospitality, retail, arts and other services)")
    proxy = (f"{get_layer('insecure_work').period}; an average of neighbourhood shares weighted by residents, not a "
             "share of all jobs; a proxy")
    if p.is_england:
        return Sentence("insecure work", f"{text} ({proxy}).", (here.id,))
    how = _near_words(here.value, eng.value, 1, SAME_SHARE_POINTS,
                      ("a larger share than", "a smaller share than", "the same share as", "close to the share"))
    text += f", {how} across England ({eng.value:.1f}%; {proxy})"
    return Sentence("insecure work", text + ".", (here.id, eng.id))


def coincide_sentence(p: PlaceProfile) -> Sentence | None:
    """Where disadvantages coincide, as one paragraph of its own (the profile's section, the brief, the deck):
    not among the so-what sentences, whose eight fill page 1 of the profile with its map."""
    allf, share, eng = p.figure("overlap.all"), p.figure("overlap.all.share"), p.figure("overlap.all.share.england")
    most, areas = p.figure("overlap.most"), p.figure("overlap.areas")
    if allf is None or share is None or most is None or not areas or not areas.value:
        return None
    n = 4
    what = "deprivation (IMD 2025), short lives (low life expectancy), polluted air and insecure work"
    many = allf.value
    count = "No neighbourhood" if many == 0 else ("One neighbourhood" if many == 1 else f"{many:,} neighbourhoods")
    verb = "is" if many <= 1 else "are"
    where = "England" if p.is_england else _name(p)
    text = (f"{count} in {where} {verb} in {'its' if p.is_england else 'England' + chr(39) + 's'} worst fifth on all {_NUMBER_WORDS[n]} of {what}"
            + ("" if p.is_england else f" ({share.value:.1f}% of its neighbourhoods, against "
               f"{eng.value:.1f}% across England)")
            + f"; {'none' if most.value == 0 else f'{most.value:,}'} {'is' if most.value <= 1 else 'are'} on at "
            f"least {_NUMBER_WORDS[n - 1]} "
            "(computed by placeviz; life expectancy and insecure work are MSOA figures and air quality a "
            "local-authority one, passed to the neighbourhoods inside them)")
    ids = (allf.id, share.id, most.id) + (() if p.is_england else (eng.id,))
    return Sentence("where disadvantages coincide", text + ".", ids)


def _hotspots(p: PlaceProfile) -> Sentence | None:
    hot, cold = p.figure("hotspots.hot"), p.figure("hotspots.cold")
    if hot is None or cold is None:
        return None
    method = "IMD 2019, Getis-Ord Gi*, p < 0.05"
    if hot.value == 0 and cold.value == 0:
        text = (f"Deprivation in {_name(p)} shows no significant hot or cold spots: deprived and less deprived "
                f"neighbourhoods are not clustered more than chance would give ({method})")
        return Sentence("hot spots", text + ".", (hot.id, cold.id))
    def areas(n, spot):
        if n == 0:
            return f"none lie in {spot}s"
        if n == 1:
            return f"one neighbourhood lies in a {spot}"
        return f"{n:,} neighbourhoods lie in {spot}s"
    spots = (f"{areas(hot.value, 'hot spot')} (groups of neighbourhoods more deprived than {_name(p)} as a "
             f"whole) and {areas(cold.value, 'cold spot')} (less deprived")
    tested = p.figure("hotspots.tested")
    chance = CHANCE_SHARE * tested.value if tested is not None else 0.0
    if tested is not None and hot.value + cold.value <= CHANCE_CLUSTER_FACTOR * chance:
        # no more than chance alone flags where deprivation has no pattern: "clustered" would overstate it
        text = (f"Deprivation in {_name(p)} shows little clustering: {spots}), not clearly more than the "
                f"{max(1, round(chance))} of its {tested.value:,} neighbourhoods that chance alone would flag "
                f"({method})")
        return Sentence("hot spots", text + ".", (hot.id, cold.id, tested.id))
    text = f"Deprivation in {_name(p)} is clustered: {spots}; {method})"
    return Sentence("hot spots", text + ".", (hot.id, cold.id))


BUILDERS = (_deprivation, _rank, _domains, _life_expectancy, _life_gap, _air, _work, _hotspots)


def so_what(profile: PlaceProfile, limit: int = MAX_SENTENCES) -> list[Sentence]:
    """Up to ``limit`` sentences, in a fixed order, each only where its figures exist."""
    out = []
    builders = BUILDERS
    if any(r.among == "ICBs" for r in profile.ranks.values()):
        # a place that is an ICB leads with its official ICB summary: the figure its NHS leads quote
        builders = (_rank, *[b for b in BUILDERS if b is not _rank])
    for build in builders:
        s = build(profile)
        if s is not None:
            missing = [i for i in s.figure_ids if profile.figure(i) is None]
            if missing:  # every figure a sentence names must have a value
                raise AssertionError(f"sentence {s.topic!r} names figures with no value: {missing}")
            out.append(s)
    return out[:limit]
