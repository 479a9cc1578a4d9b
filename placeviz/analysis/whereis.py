""""Where am I": what a postcode, town, ward, neighbourhood name, area code or place is, the areas it lies in,
and the headline figures there with their sources (``placeviz find``).

A postcode gives its LSOA 2011 and 2021, MSOA and its neighbourhood name, ward and local authority, and the
figures for those areas. A town is a point: the answer names the local authority, ward and neighbourhood at
its centre, never a boundary of its own. No Qt, no files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from placeviz.model.catalog import load_catalog, names_attribution
from placeviz.model.errors import UserError
from placeviz.model.gazetteer import (
    POSTCODE_SOURCE,
    TOWN_SOURCE,
    WARD_SOURCE,
    find_postcode,
    find_towns,
    find_wards,
    normalise_postcode,
    wards,
)
from placeviz.model.geography import WARD_PLACE_NOTE, attributes, code_kind, mapped_ward_codes, resolve_place
from placeviz.model.mapdata import national_values
from placeviz.model.names import neighbourhood_label, normalise, suggestion, ward_label
from placeviz.model.postcodes import not_found_sentence
from placeviz.model.viewstate import suggestion_names


class NotFoundError(UserError, KeyError):
    """Nothing is called that: the sentence says what was looked for and suggests real neighbours."""


@dataclass
class Answer:
    """One thing found: what it is, the areas it lies in, headline figures and where they come from."""

    title: str  # "L4 0TH (postcode)"
    lines: list[tuple[str, str]] = field(default_factory=list)  # (what, text): the areas
    figures: list[tuple[str, str]] = field(default_factory=list)  # (figure, value and rank)
    sources: list[str] = field(default_factory=list)
    note: str = ""
    zoom: tuple[str, str] | None = None  # (boundary set, code) to zoom a map to
    place: str | None = None  # a place to map, where the answer is one

    def text(self) -> str:
        out = [self.title]
        width = max([len(k) for k, _ in self.lines + self.figures] + [0])
        out += [f"  {k:<{width}}  {v}" for k, v in self.lines]
        if self.note:
            out += ["", f"  {self.note}"]
        if self.figures:
            out += ["", "  Headline figures:"] + [f"  {k:<{width}}  {v}" for k, v in self.figures]
        if self.sources:
            out += ["", "  Sources:"] + [f"  - {s}" for s in dict.fromkeys(self.sources)]
        return "\n".join(out)


def _row(set_name: str, code: str):
    a = attributes(set_name).set_index("code")
    return a.loc[code] if code in a.index else None


def _figure(layer_id: str, set_name: str, code: str | None) -> tuple[str, str, str] | None:
    """(label, "value, decile d (rank r of n)", source line) for an area, or None without a value."""
    if code is None:
        return None
    layer = load_catalog().get(layer_id)
    nat = national_values(layer, set_name)
    if code not in nat.index:
        return None
    r = nat.loc[code]
    v = float(r["value"])
    if not np.isfinite(v):
        return None
    bits = [layer.format_value(v)]
    if "decile" in r and np.isfinite(r["decile"]):
        bits.append(f"decile {int(r['decile'])} of 10 (1 = most deprived)")
    if "rank" in r and np.isfinite(r["rank"]):
        bits.append(f"rank {int(r['rank']):,} of {int(nat['value'].notna().sum()):,}")
    return layer.label, ", ".join(bits), layer.source_line()


def _headline(answer: Answer, lsoa11: str | None, lsoa21: str | None) -> None:
    """IMD 2019 and 2025, life expectancy, air quality for the LSOAs (and their MSOA and local authority)."""
    r11 = _row("lsoa11", lsoa11) if lsoa11 else None
    msoa11 = r11["msoa_code"] if r11 is not None else None
    wanted = [("imd2019", "lsoa11", lsoa11, f"LSOA 2011 {lsoa11}"), ("imd2025", "lsoa21", lsoa21,
                                                                     f"LSOA 2021 {lsoa21}"),
              ("life_expectancy_male", "msoa11", msoa11, f"MSOA 2011 {msoa11}"),
              ("life_expectancy_female", "msoa11", msoa11, f"MSOA 2011 {msoa11}")]
    air = _figure("pm25_2023", "lsoa21", lsoa21) if lsoa21 else None
    if air is not None:
        wanted.append(("pm25_2023", "lsoa21", lsoa21, f"LSOA 2021 {lsoa21}, 1 km grid mean"))
    elif r11 is not None:
        wanted.append(("air_quality", "lad21", r11["lad21_code"], f"local authority {r11['lad_name']}"))
    for layer_id, set_name, code, where in wanted:
        f = _figure(layer_id, set_name, code)
        if f is not None:
            answer.figures.append((f[0], f"{f[1]} (for its {where})"))
            answer.sources.append(f[2])


def _small_area_lines(answer: Answer, lsoa11: str | None, lsoa21: str | None) -> None:
    named = False
    for set_name, code in (("lsoa11", lsoa11), ("lsoa21", lsoa21)):
        r = _row(set_name, code) if code else None
        if r is None:
            continue
        hood = r.get("neighbourhood")
        named = named or bool(hood)
        answer.lines.append((f"LSOA 20{set_name[-2:]}", f"{code}  {neighbourhood_label(r['name'], hood)}"))
    r = _row("lsoa21", lsoa21) if lsoa21 else (_row("lsoa11", lsoa11) if lsoa11 else None)
    if r is not None:
        msoa_set = "msoa21" if lsoa21 else "msoa11"
        m = _row(msoa_set, r["msoa_code"])
        if m is not None:
            label = neighbourhood_label(m["name"], m.get("neighbourhood"))
            answer.lines.append((f"MSOA 20{msoa_set[-2:]}", f"{r['msoa_code']}  {label}"))
        answer.lines.append(("Local authority", f"{r['lad_name']} ({r['lad24_code']})"))
        answer.lines.append(("Region", str(r["region_name"])))
    if named:
        answer.sources.append(names_attribution())


def _ward_line(answer: Answer, ward_code: str | None, how: str = "") -> None:
    if ward_code is None:
        return
    w = wards().set_index("code")
    if ward_code in w.index:
        answer.lines.append(("Ward (May 2024)", f"{w.at[ward_code, 'name']} ({ward_code}){how}"))
        answer.sources.append(WARD_SOURCE)


def _postcode(text: str, pcd: str) -> Answer:
    hit = find_postcode(pcd)
    if hit is None:
        raise NotFoundError(not_found_sentence(pcd))
    a = Answer(f"{pcd} (postcode{', terminated ' + hit.terminated if hit.terminated else ''})")
    notes = []
    if hit.terminated:
        notes.append(f"{pcd} was terminated (taken out of use) in {hit.terminated}: these are the areas it was "
                     "in, which may not be where the address is now.")
    if hit.lsoa21_code is None:
        notes.append(f"Its 2011 LSOA was split in 2021 and {pcd} has no location in OS Code-Point Open, so its "
                     "2021 LSOA (and ward) are not known: figures on 2021 LSOAs are left out.")
    a.note = " ".join(notes)
    _small_area_lines(a, hit.lsoa11_code, hit.lsoa21_code)
    _ward_line(a, hit.ward_code)
    a.sources.insert(0, POSTCODE_SOURCE)
    _headline(a, hit.lsoa11_code, hit.lsoa21_code)
    a.zoom = ("lsoa21", hit.lsoa21_code) if hit.lsoa21_code else ("lsoa11", hit.lsoa11_code)
    return a


def _lsoa11_of(lsoa21: str) -> str | None:
    from placeviz.model.geography import lsoa_lookup

    lk = lsoa_lookup()
    hit = lk.loc[lk["lsoa21_code"] == lsoa21, "lsoa11_code"]
    return str(hit.iloc[0]) if len(hit) == 1 else None


def _town(row) -> Answer:
    pop = row["population_2011"]
    size = f"{pop:,} residents in 2011" if pop == pop and pop is not None else "population not published"
    a = Answer(f"{row['name']} (town: {str(row['size']).lower().rstrip('s')}, {size})")
    a.note = ("A town is shown as a point (its OS Open Names centre), not a boundary: the areas below are "
              "those at its centre. Map its local authority, or the wards and neighbourhoods around it.")
    lsoa21 = row["lsoa21_code"]
    _small_area_lines(a, _lsoa11_of(lsoa21), lsoa21)
    _ward_line(a, row["ward24_code"], " at the centre")
    a.sources.append(TOWN_SOURCE)
    a.zoom, a.place = ("lsoa21", lsoa21), str(row["lad_name"])
    return a


def _ward(row) -> Answer:
    label = ward_label(row["name"], row["lad_name"])
    a = Answer(f"{label} (ward, May 2024, {row['code']})")
    a.lines.append(("Local authority", f"{row['lad_name']} ({row['lad24_code']})"))
    lsoas = attributes("lsoa21")
    if "ward24_code" in lsoas:
        members = lsoas[lsoas["ward24_code"] == row["code"]]
        a.lines.append(("LSOAs 2021 (best fit)", ", ".join(members["code"]) or "none fitted to this ward"))
        hoods = [x for x in dict.fromkeys(members.get("neighbourhood", [])) if x]
        if hoods:
            a.lines.append(("Neighbourhoods", ", ".join(hoods)))
            a.sources.append(names_attribution())
        f = _figure("imd2025", "ward24", row["code"])
        if f is not None:
            # the ward level's figure is model.ranks' (say its weights, as the map's note does)
            a.figures.append((f[0], f[1].replace("rank", "rank among wards") + " (its LSOAs' mean weighted with "
                              "Census 2021 residents: computed by placeviz, an estimate)"))
            a.sources.append(f[2])
    a.sources.append(WARD_SOURCE)
    mapped = row["code"] in mapped_ward_codes()
    a.place = label if mapped else str(row["lad_name"])  # a ward with no LSOA has no area to map
    if mapped:
        a.note = WARD_PLACE_NOTE
    return a


def _named_like(name: str) -> Answer | None:
    """Neighbourhoods (2021 MSOAs) one of whose words starts with ``name``: "Anfield" -> Anfield North, ..."""
    a = attributes("msoa21")
    if "neighbourhood" not in a or len(normalise(name)) < 3:
        return None
    key = " " + normalise(name)
    hit = a[(" " + a["neighbourhood"].map(normalise)).str.contains(key, regex=False)].head(12)
    if hit.empty:
        return None
    ans = Answer(f"Neighbourhoods named like {name!r} (MSOA 2021, House of Commons Library names)")
    ans.lines += [(r.code, f"{r.neighbourhood}  ({r.name}, {r.lad_name})") for r in hit.itertuples()]
    ans.sources.append(names_attribution())
    return ans


def _neighbourhood(name: str) -> list[Answer]:
    out = []
    for set_name in ("msoa21", "msoa11"):
        a = attributes(set_name)
        if "neighbourhood" not in a:
            continue
        hit = a[a["neighbourhood"].map(normalise) == normalise(name)]
        for r in hit.itertuples():
            ans = Answer(f"{r.neighbourhood} (neighbourhood: MSOA 20{set_name[-2:]} {r.code}, {r.name})")
            lsoas = attributes("lsoa" + set_name[-2:])
            members = lsoas.loc[lsoas["msoa_code"] == r.code, "code"].tolist()
            ans.lines += [("Local authority", f"{r.lad_name} ({r.lad24_code})"),
                          (f"LSOAs 20{set_name[-2:]}", ", ".join(members))]
            ans.sources.append(names_attribution())
            ans.zoom = (set_name, r.code)
            out.append(ans)
        if out:
            return out
    return out


def _area(code: str) -> Answer | None:
    kind = code_kind(code)
    if kind in ("lsoa",):
        r11, r21 = _row("lsoa11", code), _row("lsoa21", code)
        if r11 is None and r21 is None:
            return None
        a = Answer(f"{code} (LSOA)")
        _small_area_lines(a, code if r11 is not None else None, code if r21 is not None else None)
        _headline(a, code if r11 is not None else None, code if r21 is not None else None)
        a.zoom = ("lsoa21", code) if r21 is not None else ("lsoa11", code)
        return a
    if kind == "msoa":
        for set_name in ("msoa21", "msoa11"):
            r = _row(set_name, code)
            if r is not None:
                return _neighbourhood(r["neighbourhood"])[0] if r.get("neighbourhood") else Answer(
                    f"{code} ({r['name']})")
        return None
    if code.startswith("E05"):
        w = wards()
        hit = w[w["code"] == code]
        return _ward(hit.iloc[0]) if len(hit) else None
    return None


def _place(text: str) -> Answer | None:
    from placeviz.model.geography import UnknownPlaceError

    try:
        p = resolve_place(text)
    except UnknownPlaceError:
        return None
    if p.kind == "ward":
        return None  # told by the ward's own answer, with its LSOAs and figures
    a = Answer(f"{p.listed_name} ({p.description})", place=p.name)
    if p.kind in ("la", "group"):
        names = attributes(p.vintage).set_index("code")["name"]
        a.lines.append(("Local authorities", ", ".join(str(names.get(c, c)) for c in p.codes)))
    if p.note:
        a.note = p.note
    return a


#: an LSOA's or MSOA's ONS name: its local authority's, then three digits and, for an LSOA, a letter
_AREA_NAME = re.compile(r"^\S.* \d{3}[A-Za-z]?$")


def _area_named(text: str) -> Answer | None:
    from placeviz.model.geography import UnknownPlaceError, find_area

    try:
        set_name, row = find_area(text)
    except UnknownPlaceError:
        return None
    return _area(str(row["code"])) if set_name.startswith(("lsoa", "msoa")) else None


def find(text: str) -> list[Answer]:
    """Everything ``text`` names: a postcode, an area or ward code, a place, town, ward or neighbourhood name.

    Raises NotFoundError with a sentence (and suggestions of real names) when nothing matches."""
    text = str(text).strip()
    if not text:
        raise NotFoundError("Give a postcode, a place, town, ward or neighbourhood name, or an area code.")
    pcd = normalise_postcode(text)
    if pcd is not None:
        return [_postcode(text, pcd)]
    if code_kind(text.upper()) in ("lsoa", "msoa") or text.upper().startswith("E05"):
        a = _area(text.upper())
        if a is None:
            raise NotFoundError(f"No English area has the code {text.upper()!r}.")
        return [a]
    out: list[Answer] = []
    place = _place(text)
    if place is not None:
        out.append(place)
    out += [_town(r) for _, r in find_towns(text).iterrows()]
    out += [_ward(r) for _, r in find_wards(text).iterrows()]
    hoods = _neighbourhood(text)
    out += hoods or [x for x in [_named_like(text)] if x is not None]
    if not out and _AREA_NAME.match(text):  # an LSOA or MSOA by its ONS name, as compare takes it
        out += [x for x in [_area_named(text)] if x is not None]
    if out:
        return out
    raise NotFoundError(suggestion(text, suggestion_names(), "place, town, ward or postcode").replace(
        "Unknown place, town, ward or postcode", "Nothing is called") + " Run 'placeviz places' for the places.")
