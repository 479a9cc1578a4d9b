"""A place profile as text, JSON or a self-contained HTML page (every string escaped; no scripts, works offline)."""

from __future__ import annotations

import datetime as _dt
import html
import json

from placeviz.analysis.hotspots import SPOT_CLASSES, SPOT_COLOURS
from placeviz.analysis.narrative import Sentence, coincide_sentence, so_what
from placeviz.analysis.profile import EDITIONS, PlaceProfile, sources_for
from placeviz.model.catalog import names_attribution
from placeviz.model.ranks import ordinal
from placeviz.model.version import __version__

#: the section (and caveat topic) of where disadvantages coincide (``analysis.overlap``)
COINCIDE_SECTION = "Where disadvantages coincide"
SECTION_FIGURES = {
    "Life expectancy, official (OHID, by local authority and sex)": list(dict.fromkeys([
        f"{k}.{sex}{e}" for sex in ("male", "female") for k in ("le.official", "hle.official", "le.sii.official")
        for e in ("", ".england")] + [
        f"le.official.{sex}.{k}" for sex in ("male", "female") for k in ("las_below_england", "las", "lowest",
                                                                         "highest", "england")])),
    "Life expectancy within the place (2016-2020, MSOAs: for the pattern, not the level)": [
        "le.male", "le.male.england", "le.male.most_deprived_fifth", "le.male.least_deprived_fifth", "le.male.gap",
        "le.male.gap.england", "le.female", "le.female.england", "le.female.most_deprived_fifth",
        "le.female.least_deprived_fifth", "le.female.gap", "le.female.gap.england",
        "le.male.sii", "le.male.sii.england", "le.female.sii", "le.female.sii.england",
    ],
    "Air quality": ["air.pm25", "air.pm25.england", "air.grid.no2_2023", "air.grid.no2_2023.cheshire_merseyside",
                    "air.grid.pm25_2023", "air.grid.pm25_2023.cheshire_merseyside"],
    "Insecure work": ["work.insecure", "work.insecure.england"],
    COINCIDE_SECTION: ["overlap.all", "overlap.all.share", "overlap.all.share.england", "overlap.most",
                       "overlap.none", "overlap.areas"],
    "Hot spots and cold spots": ["hotspots.hot", "hotspots.cold", "hotspots.tested"],
}


def all_sources(profile: PlaceProfile) -> list[str]:
    layers: list[str] = []
    for f in profile.figures.values():
        layers += [x for x in f.layers if x not in layers]
    names = [names_attribution()] if any(n.neighbourhood for v in profile.most_deprived.values() for n in v) else []
    return sources_for(layers) + [x for x in names if x]


def _pair(profile: PlaceProfile, count_id: str, share_id: str) -> str:
    n, s = profile.figure(count_id), profile.figure(share_id)
    if n is None or s is None:
        return "no data"
    return f"{n.display()} ({s.display()})"


def deprivation_rows(profile: PlaceProfile) -> list[tuple[str, ...]]:
    """Rows of the deprivation table: (label, IoD 2019, IoD 2025)."""
    def cell(edition, fid):
        f = profile.figure(f"{EDITIONS[edition]['layer']}.{fid}")
        return f.display() if f is not None else "no data"

    rows = [("Neighbourhoods (LSOAs)", cell("2019", "lsoas"), cell("2025", "lsoas"))]
    for tag, words in (("decile1", "10%"), ("decile1_2", "20%")):
        rows.append((f"Neighbourhoods in England's most deprived {words} (share of neighbourhoods)",
                     *[_pair(profile, f"imd{e}.imd.{tag}.areas", f"imd{e}.imd.{tag}.area_share") for e in EDITIONS]))
        rows.append(("Residents living in them (share of residents)",
                     *[_pair(profile, f"imd{e}.imd.{tag}.residents", f"imd{e}.imd.{tag}.resident_share")
                       for e in EDITIONS]))
        rows.append((f"  England: share of residents in the most deprived {words}",
                     *[cell(e, f"imd.{tag}.resident_share.england") for e in EDITIONS]))
    rows.append(("Average IMD score (population-weighted)", cell("2019", "average_score"), cell("2025", "average_score")))
    if not profile.is_england:
        def rank(e):
            r = profile.ranks.get(e)
            if r is None:
                return "no data"
            among = "" if r.among == "local authorities" else f" {r.among}"
            return f"{ordinal(r.rank)} of {r.n:,}{among} ({r.basis})"
        rows.append(("Rank on average score (1 = most deprived; official or computed)", rank("2019"), rank("2025")))
    return rows


def domain_rows(profile: PlaceProfile) -> list[tuple[str, ...]]:
    """(domain, 2019 here, 2019 England, 2025 here, 2025 England): shares of residents in deciles 1-2."""
    t19 = {r["domain"]: r for r in profile.domain_table("2019")}
    t25 = {r["domain"]: r for r in profile.domain_table("2025")}
    out = []
    order = [r["domain"] for r in profile.domain_table("2019")] or [r["domain"] for r in profile.domain_table("2025")]
    for key in order:
        def fmt(t, k, col):
            r = t.get(k)
            return "no data" if r is None or r[col] is None else f"{r[col]:.1f}%"
        title = (t19.get(key) or t25.get(key))["title"]
        out.append((title[0].upper() + title[1:], fmt(t19, key, "resident_share"), fmt(t19, key, "england_resident_share"),
                    fmt(t25, key, "resident_share"), fmt(t25, key, "england_resident_share")))
    return out


def _neighbourhood_rows(profile: PlaceProfile, which: str, edition: str) -> list[tuple[str, ...]]:
    items = getattr(profile, which).get(edition, [])
    return [(n.code, n.label, n.lad_name, f"{n.rank:,}", str(n.decile), f"{n.score:.1f}") for n in items]


def _table(rows, headers) -> list[str]:
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    return [fmt.format(*headers).rstrip(), fmt.format(*("-" * w for w in widths)).rstrip(),
            *[fmt.format(*r).rstrip() for r in rows]]


def residents_line(profile: PlaceProfile) -> str:
    """'Residents: 2,226 (mid-2020), in 1 neighbourhood (2011 LSOAs).': the header line of every format. A
    ward's residents are those of its 2021 LSOAs, and the line says so."""
    year = "2021" if profile.place.kind == "ward" else "2011"
    n = profile.figures[f"lsoa{year[2:]}.count"]
    noun = "neighbourhood" if n.value == 1 else "neighbourhoods"
    return (f"Residents: {profile.figures['residents'].display()} (mid-2020), in {n.display()} {noun} "
            f"({year} LSOAs).")


def to_text(profile: PlaceProfile, sentences: list[Sentence] | None = None) -> str:
    sentences = so_what(profile) if sentences is None else sentences
    kind = "" if profile.place.kind == "ward" else f" ({profile.place.description})"  # its name says "ward"
    title = f"Place profile: {profile.name}{kind}"
    out = [title, "=" * len(title), ""]
    out.append(residents_line(profile))
    out += ["", "So what", "-------"]
    out += [f"{i}. {s.text}" for i, s in enumerate(sentences, 1)] or ["(no figures to describe)"]
    out += ["", "Deprivation", "-----------"]
    out += _table(deprivation_rows(profile), ("", "IoD 2019", "IoD 2025"))
    out += ["", "Domains: share of residents living in England's most deprived 20% of neighbourhoods on each",
            "domain (England for comparison)", ""]
    out += _table(domain_rows(profile), ("Domain", "Here 2019", "England 2019", "Here 2025", "England 2025"))
    for section, ids in SECTION_FIGURES.items():
        figs = [profile.figures[i] for i in ids if i in profile.figures]
        if not figs:
            continue
        out += ["", section, "-" * len(section)]
        coincide = coincide_sentence(profile) if section == COINCIDE_SECTION else None
        out += [coincide.text, ""] if coincide is not None else []
        out += _table([(f.label, f.display()) for f in figs], ("", "value"))
    for edition in EDITIONS:
        label = EDITIONS[edition]["label"]
        for which, words in (("most_deprived", "Most deprived"), ("least_deprived", "Least deprived")):
            rows = _neighbourhood_rows(profile, which, edition)
            if rows:
                out += ["", f"{words} neighbourhoods ({label})", ""]
                out += _table(rows, ("Code", "Name", "Local authority", "Rank", "Decile", "Score"))
    if profile.hotspots is not None:
        out += ["", f"Hot spots: {profile.hotspots.description()}"]
    if profile.caveats:
        out += ["", "Caveats", "-------"]
        out += [f"- {topic}: {text}" for topic, text in profile.caveats]
    if profile.notes:
        out += ["", "How the figures were made", "-------------------------"]
        out += [f"- {n}" for n in dict.fromkeys(profile.notes)]
    out += ["", "Sources", "-------"]
    out += [f"- {s}" for s in all_sources(profile)]
    return "\n".join(out) + "\n"


def to_json_dict(profile: PlaceProfile, sentences: list[Sentence] | None = None) -> dict:
    sentences = so_what(profile) if sentences is None else sentences
    d = profile.to_dict()
    d["so_what"] = [s.to_dict(profile) for s in sentences]
    coincide = coincide_sentence(profile)
    d["where_disadvantages_coincide"] = coincide.to_dict(profile) if coincide is not None else None
    d["sources"] = all_sources(profile)
    d["generated"] = {"by": f"placeviz {__version__}", "date": _dt.date.today().isoformat()}
    return d


def to_json(profile: PlaceProfile, sentences: list[Sentence] | None = None) -> str:
    return json.dumps(to_json_dict(profile, sentences), indent=1, ensure_ascii=False, allow_nan=False)


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:2em auto;max-width:60em;
padding:0 1em;color:#1a1a1a;line-height:1.45}
h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.5em 0;font-size:.92em}td,th{padding:.25em .6em;text-align:left;
border-bottom:1px solid #e4e4e4;vertical-align:top}th{background:#f3f3f3}td.n{text-align:right}
ol.sowhat li{margin-bottom:.6em}details{font-size:.85em;color:#444}.small{font-size:.85em;color:#555}
.hot{color:#b2182b;font-weight:600}.cold{color:#2166ac;font-weight:600}
ul.legend{list-style:none;padding:0}ul.legend li{display:inline-block;margin-right:1.2em;font-size:.9em}
.key{display:inline-block;width:1em;height:1em;border:1px solid #999;margin-right:.35em;vertical-align:-.15em}
.map svg{max-width:100%;height:auto;border:1px solid #ddd}
"""


def _e(x) -> str:
    return html.escape(str(x), quote=True)


def _html_table(rows, headers) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def hotspot_svg(hotspots, width: int = 640, max_height: int = 720) -> str:
    """The hot spot map as inline SVG: one path per class, simplified to about a pixel; no text from data."""
    import shapely


    f = hotspots.frame
    minx, miny, maxx, maxy = (float(v) for v in f.total_bounds)
    scale = min(width / max(maxx - minx, 1.0), max_height / max(maxy - miny, 1.0))
    w, h = round((maxx - minx) * scale), round((maxy - miny) * scale)
    geoms = shapely.simplify(f.geometry.values, 0.8 / scale, preserve_topology=True)
    spots = f["spot"].to_numpy()
    paths = []
    for spot in reversed(SPOT_CLASSES):  # hot and cold spots drawn last, on top
        d = []
        for geom in geoms[spots == spot]:
            polys = getattr(geom, "geoms", [geom])
            for poly in polys:
                if poly.is_empty or poly.geom_type != "Polygon":
                    continue
                for ring in (poly.exterior, *poly.interiors):
                    xy = shapely.get_coordinates(ring)
                    pts = " ".join(f"{(x - minx) * scale:.1f},{(maxy - y) * scale:.1f}" for x, y in xy)
                    d.append(f"M{pts}Z")
        if d:
            paths.append(f'<path fill="{SPOT_COLOURS[spot]}" fill-rule="evenodd" stroke="#ffffff" '
                         f'stroke-width="0.3" d="{"".join(d)}"/>')
    return (f'<svg width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
            f'role="img" aria-label="Hot spot map">{"".join(paths)}</svg>')


def to_html(profile: PlaceProfile, sentences: list[Sentence] | None = None) -> str:
    """A standalone page: inline CSS, no scripts, no external resources; every string escaped."""
    sentences = so_what(profile) if sentences is None else sentences
    title = f"Place profile: {profile.name}"
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body><main>",
        f"<h1>{_e(title)}</h1>",
        f'<p class="small">{_e(profile.place.description.capitalize())}. {_e(residents_line(profile))}</p>',
        "<h2>So what</h2>", '<ol class="sowhat">',
    ]
    for s in sentences:
        d = s.to_dict(profile)
        figs = "".join(f"<li>{_e(f['label'])}: <b>{_e(f['display'])}</b> <code>{_e(f['id'])}</code></li>"
                       for f in d["figures"])
        srcs = "".join(f"<li>{_e(x)}</li>" for x in d["sources"])
        parts.append(f"<li>{_e(s.text)}<details><summary>Figures and sources</summary><ul>{figs}</ul>"
                     f"<p>Layers: {_e(', '.join(d['layers']))}</p><ul>{srcs}</ul></details></li>")
    parts.append("</ol>")
    parts += ["<h2>Deprivation</h2>", _html_table(deprivation_rows(profile), ("Measure", "IoD 2019", "IoD 2025"))]
    parts += ["<h2>Domains</h2>",
              "<p>Share of residents living in England's most deprived 20% of neighbourhoods on each domain.</p>",
              _html_table(domain_rows(profile), ("Domain", "Here 2019", "England 2019", "Here 2025", "England 2025"))]
    for section, ids in SECTION_FIGURES.items():
        figs = [profile.figures[i] for i in ids if i in profile.figures]
        coincide = coincide_sentence(profile) if section == COINCIDE_SECTION else None
        if figs:
            parts += [f"<h2>{_e(section)}</h2>"] + ([f"<p>{_e(coincide.text)}</p>"] if coincide else [])
            parts += [_html_table([(f.label, f.display()) for f in figs], ("Figure", "Value"))]
    for edition in EDITIONS:
        label = EDITIONS[edition]["label"]
        for which, words in (("most_deprived", "Most deprived"), ("least_deprived", "Least deprived")):
            rows = _neighbourhood_rows(profile, which, edition)
            if rows:
                parts += [f"<h2>{_e(words)} neighbourhoods ({_e(label)})</h2>",
                          _html_table(rows, ("Code", "Name", "Local authority", "Rank", "Decile", "Score"))]
    if profile.hotspots is not None:
        h = profile.hotspots
        legend = "".join(
            f'<li><span class="key" style="background:{_e(colour)}"></span>{_e(label)}: {count:,}</li>'
            for label, colour, count in h.legend())
        parts += ["<h2>Hot spots and cold spots</h2>", f"<p>{_e(h.description())}</p>",
                  f'<div class="map">{hotspot_svg(h)}</div>', f'<ul class="legend">{legend}</ul>',
                  f"<p class=\"small\">{_e(' '.join(h.notes))}</p>" if h.notes else "",
                  f'<details><summary>Codes</summary><p><span class="hot">Hot spots</span>: '
                  f'{_e(", ".join(h.codes("hot spot")) or "none")}</p>'
                  f'<p><span class="cold">Cold spots</span>: {_e(", ".join(h.codes("cold spot")) or "none")}</p>'
                  "</details>"]
    if profile.caveats:
        parts += ["<h2>Caveats</h2>", "<ul>"]
        parts += [f"<li><b>{_e(t)}</b>: {_e(c)}</li>" for t, c in profile.caveats]
        parts.append("</ul>")
    if profile.notes:
        parts += ["<h2>How the figures were made</h2>", "<ul>"]
        parts += [f"<li>{_e(n)}</li>" for n in dict.fromkeys(profile.notes)]
        parts.append("</ul>")
    parts += ["<h2>Sources</h2>", "<ul>"] + [f"<li>{_e(s)}</li>" for s in all_sources(profile)] + ["</ul>"]
    parts.append(f'<p class="small">Made with placeviz {_e(__version__)} on {_e(_dt.date.today().isoformat())}.</p>')
    parts.append("</main></body></html>")
    return "\n".join(parts) + "\n"
