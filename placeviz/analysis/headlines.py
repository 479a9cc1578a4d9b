"""The headline figures of a place for a meeting (the one-page brief, the slide deck), and its three strongest
"so what" sentences.

Every value is the profile's own ``Figure`` (``analysis.profile``), shown as the profile shows it, against
England, and marked official (as its publisher gives it) or computed by placeviz. No Qt here.
"""

from __future__ import annotations

from dataclasses import dataclass

from placeviz.analysis.narrative import Sentence, deprivation_as_headline, so_what
from placeviz.analysis.official_le import ENGLAND_CODE
from placeviz.analysis.profile import PlaceProfile
from placeviz.model.catalog import get_layer

#: the order in which so-what sentences are preferred for a brief: one theme each, deprivation first
PREFERRED_TOPICS = ("deprivation", "life expectancy", "air quality", "insecure work", "life expectancy gap",
                    "domains", "rank", "hot spots")
#: per topic, the figure compared with England and whether a higher value is worse
_WORSE_THAN_ENGLAND = {
    "deprivation": ("imd2025.imd.decile1_2.resident_share", True),
    "life expectancy": ("le.official.male", False),
    "air quality": ("air.pm25", True),
    "insecure work": ("work.insecure", True),
    "life expectancy gap": ("le.male.gap", True),
}


@dataclass(frozen=True)
class Headline:
    """One headline figure: what it is, its value here and in England, and whose figure it is."""

    theme: str  # deprivation, health, air, work, coincide
    title: str  # "Residents in England's most deprived 20% of neighbourhoods"
    value: str  # as the profile displays it: "52.0%", "77.2 / 80.3 years"
    #: England's figure as a comparison shows it ("20.2%"); England's own, for England itself
    england_figure: str
    status: str  # "Official: OHID" or "Computed by placeviz"
    detail: str  # one short line under the value (period, what the gap is)
    figure_ids: tuple[str, ...]
    of_england: bool = False  # England's own headline: nothing "against England" beside it

    @property
    def official(self) -> bool:
        return self.status.startswith("Official")

    @property
    def england(self) -> str:
        """"England 20.2%" beside the place's figure; nothing for England itself, or where it has none."""
        return f"England {self.england_figure}" if self.england_figure and not self.of_england else ""


def _pair(p: PlaceProfile, fid: str) -> tuple[str, str] | None:
    here, eng = p.figure(fid), p.figure(fid + ".england")
    if here is None:
        return None
    return here.display(), (eng.display() if eng is not None else "")


def headlines(p: PlaceProfile) -> list[Headline]:
    """Three to five headline figures, each only where the profile has it."""
    out: list[Headline] = []
    dep = _pair(p, "imd2025.imd.decile1_2.resident_share")
    if dep is not None:
        out.append(Headline("deprivation", "Residents in England's most deprived 20% of neighbourhoods", dep[0],
                            dep[1], "Computed by placeviz from the official IMD 2025 deciles",
                            "IMD 2025; residents: Census 2021",
                            ("imd2025.imd.decile1_2.resident_share", "imd2025.imd.decile1_2.resident_share.england"),
                            p.is_england))
    men, women = p.figure("le.official.male"), p.figure("le.official.female")
    if men is not None and women is not None:
        # England's own profile has no "England" beside it: only the ids it has
        eng = [e for e in (p.figure("le.official.male.england"), p.figure("le.official.female.england"))
               if e is not None]
        ids = ["le.official.male", "le.official.female", *(e.id for e in eng)]
        sii = [p.figure(f"le.sii.official.{s}") for s in ("male", "female")]
        gap = ""
        if all(x is not None for x in sii):
            ids += ["le.sii.official.male", "le.sii.official.female"]
            gap = (f"Gap between most and least deprived (slope index): men {sii[0].display()}, "
                   f"women {sii[1].display()}")
        here = f"{men.value:.1f} / {women.value:.1f} years"
        england = " / ".join(f"{e.value:.1f}" for e in eng) + " years" if len(eng) == 2 else ""
        out.append(Headline("health", "Life expectancy at birth, men / women", here,
                            here if p.is_england else england, f"Official: OHID, {_official_le_period(p)}", gap,
                            tuple(ids),
                            p.is_england))
    else:
        m, w = p.figure("le.male"), p.figure("le.female")
        if m is not None and w is not None:
            em, ew = p.figure("le.male.england"), p.figure("le.female.england")
            gm, gw = p.figure("le.male.gap"), p.figure("le.female.gap")
            ids = tuple(f.id for f in (m, w, em, ew, gm, gw) if f is not None)
            gap = (f"Gap, least vs most deprived fifth: men {gm.display()}, women {gw.display()}"
                   if gm is not None and gw is not None else "")
            if not gap and p.place.kind == "ward":  # not the whole MSOAs holding it (model.msoa_on_lsoas)
                gap = "Each of its neighbourhoods takes its MSOA's value"
            england = f"{em.value:.1f} / {ew.value:.1f} years" if em and ew else ""
            out.append(Headline("health", f"Life expectancy at birth, men / women ({_period(m)}, MSOAs)",
                                f"{m.value:.1f} / {w.value:.1f} years", england,
                                "Computed by placeviz from ONS MSOA estimates", gap, ids, p.is_england))
    air = _pair(p, "air.pm25")
    if air is not None:
        single = not p.figures["air.pm25"].note  # one local authority: its published value as it stands
        out.append(Headline("air", "Fine particle air pollution (PM2.5)", air[0], air[1],
                            "Official: ONS Health Index" if single and not p.is_england else
                            "Computed by placeviz from ONS Health Index local-authority values",
                            f"{_period(p.figures['air.pm25'])}; local-authority average",
                            ("air.pm25", "air.pm25.england"), p.is_england))
    work = _pair(p, "work.insecure")
    if work is not None:
        out.append(Headline("work", "Jobs in sectors where insecure work is common", work[0], work[1],
                            "Computed by placeviz from OCSI / ONS BRES (a proxy)",
                            f"{_period(p.figures['work.insecure'])}; " + (
                                "each of its neighbourhoods takes its MSOA's share" if p.place.kind == "ward"
                                else "average of neighbourhood shares"),
                            ("work.insecure", "work.insecure.england"), p.is_england))
    allf, share, eng = (p.figure(i) for i in ("overlap.all", "overlap.all.share", "overlap.all.share.england"))
    if allf is not None and share is not None and eng is not None:
        out.append(Headline("coincide", "Neighbourhoods in England's worst fifth on all four",
                            f"{allf.display()} ({share.display()})", eng.display(),
                            "Computed by placeviz", "IMD, life expectancy, air quality, insecure work",
                            (allf.id, share.id, eng.id), p.is_england))
    return out


def england_beside(h: Headline, other: Headline | None, other_name: str) -> str:
    """The England figure for a row comparing two places: the first place's, and the second's too where its
    figure is made another way (a ward's MSOA estimate beside a council's official life expectancy). England
    as one of the two places gives its own figure here, as it would give it beside another place."""
    england = h.england_figure
    theirs = other.england_figure if other is not None else ""
    if theirs and theirs != england:
        return f"{england} ({other_name}'s: {theirs})" if england else theirs
    return england


def none_counted(p: PlaceProfile) -> str | None:
    """The sentence for a place none of whose neighbourhoods can be counted for where disadvantages coincide (an
    indicator has no value there: the Isles of Scilly's air quality), instead of counts of none; else None."""
    areas = p.figure("overlap.areas")
    if areas is None or areas.value:
        return None
    return f"{p.name}: none of its neighbourhoods is counted, as one of the four indicators has no value there."


def _official_le_period(p: PlaceProfile) -> str:
    """The period of a place's official life expectancy, as OHID gives it for the place: a former authority's
    last is older than the catalog's (Allerdale's 2019-21, where the layer is 2022-24)."""
    code = ENGLAND_CODE if p.is_england else p.place.codes[0]
    by_sex = p.official_le.get(code, {})
    periods = {sex: by_sex.get(sex, {}).get("le", {}).get("period") for sex in ("male", "female")}
    if periods["male"] == periods["female"]:
        return str(periods["male"])
    return f"men {periods['male']}, women {periods['female']}"


def _period(figure) -> str:
    """The period of the layer a figure comes from, as the catalog gives it (a bundle refresh follows)."""
    return get_layer(figure.layers[0]).period


def _worse_than_england(p: PlaceProfile, topic: str) -> bool:
    fid, higher_is_worse = _WORSE_THAN_ENGLAND.get(topic, (None, True))
    if fid is None:
        return False
    here, eng = p.figure(fid), p.figure(fid + ".england")
    if here is None or eng is None:
        return False
    return here.value > eng.value if higher_is_worse else here.value < eng.value


def meeting_sentences(p: PlaceProfile) -> list[Sentence]:
    """The so-what for a meeting: the profile's sentences, with deprivation told on the headline's measure (the
    most deprived 20% on IoD 2025), so that a page or slide does not show one measure and speak of another."""
    headline = deprivation_as_headline(p)
    return [headline if s.topic == "deprivation" and headline is not None else s for s in so_what(p)]


def strongest_sentences(p: PlaceProfile, n: int = 3) -> list[Sentence]:
    """The ``n`` so-what sentences to lead with: those where the place fares worse than England, one theme each
    in the order of ``PREFERRED_TOPICS``; then the rest in that order."""
    by_topic = {s.topic: s for s in meeting_sentences(p)}
    ordered = [by_topic[t] for t in PREFERRED_TOPICS if t in by_topic]
    worse = [s for s in ordered if _worse_than_england(p, s.topic)]
    rest = [s for s in ordered if s not in worse]
    return (worse + rest)[:n]


def _short_publisher(publisher: str) -> str:
    """'Ministry of ... (MHCLG)' -> 'MHCLG'; '... Rural Affairs (Defra)' -> 'Defra'; 'OCSI (Oxford ...), compiled
    for ...' -> 'OCSI'."""
    first = publisher.split(";")[0].strip()
    if "(" in first:
        inner = first[first.index("(") + 1:first.index(")")] if ")" in first else ""
        if inner[:1].isupper() and " " not in inner:  # the publisher's own short name
            return inner
    return first.split(" (")[0].split(",")[0].replace("Office for National Statistics", "ONS")


MAIN_LICENCE = "Open Government Licence v3.0"


def compact_sources(layer_ids) -> str:
    """One short line naming every source of ``layer_ids`` (by publisher) and the boundaries, with any licence
    other than the Open Government Licence; the full source lines go with the place profile."""
    by_publisher: dict[str, list[str]] = {}
    other: dict[str, str] = {}
    for lid in dict.fromkeys(layer_ids):
        layer = get_layer(lid)
        who = _short_publisher(layer.dataset.publisher)
        label = "population mid-2020" if layer.id == "population" else layer.label
        for sex in (" (men)", " (women)", ", men", ", women", " (LA)"):
            label = label.replace(sex, "")
        if label not in by_publisher.setdefault(who, []):
            by_publisher[who].append(label)
        if layer.dataset.licence and layer.dataset.licence != MAIN_LICENCE:
            other[who] = layer.dataset.licence
    names = "; ".join(f"{who}: {', '.join(labels)}" for who, labels in by_publisher.items())
    exceptions = "".join(f" {who}: {lic}." for who, lic in other.items())
    return (f"Sources: {names}. {MAIN_LICENCE} unless stated.{exceptions} Boundaries: ONS; place names: OS Open "
            "Names; contains OS data © Crown copyright and database right. Full sources: the place profile.")
