"""The layer catalog's content, written to layers/catalog.json by tools/build_bundle.py.

Each dataset says who published it, under which licence, and the attribution that licence requires.
Each layer says what it measures in words a non-specialist can follow, which way is worse, and its caveats.
"""

from __future__ import annotations

OGL = "Open Government Licence v3.0"
OGL_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
BOUNDARY_ATTRIBUTION = (
    "Source: Office for National Statistics licensed under the Open Government Licence v3.0. "
    "Contains OS data © Crown copyright and database right."
)

#: the Open Parliament Licence's own statement, carried wherever an MSOA name is shown
OPL = "Open Parliament Licence v3.0"
OPL_URL = "https://www.parliament.uk/site-information/copyright-parliament/open-parliament-licence/"
MSOA_NAMES_ATTRIBUTION = "Contains Parliamentary information licensed under the Open Parliament Licence v3.0."

DATASETS = {
    "msoa_names": {
        "title": "MSOA Names (v2.2 for 2021 MSOAs, v1.20 for 2011 MSOAs)",
        "publisher": "House of Commons Library",
        "licence": OPL, "licence_url": OPL_URL,
        "attribution": MSOA_NAMES_ATTRIBUTION,
        "notes": "The Library's informal neighbourhood names for MSOAs, not official names; an LSOA is shown "
                 "with its MSOA's name. A name can resemble a ward's name with a different boundary.",
    },
    "boundaries": {
        "title": "ONS statistical and administrative boundaries (LSOA 2011/2021 BSC; MSOAs, LADs and wards "
                 "dissolved from those LSOAs, named as in the MSOA and ward BSC and LAD BUC files)",
        "publisher": "Office for National Statistics (Open Geography Portal)",
        "licence": OGL, "licence_url": OGL_URL,
        "attribution": BOUNDARY_ATTRIBUTION,
        "notes": "Super-generalised (200 m) and ultra-generalised (500 m) clipped boundaries, for mapping, "
                 "not for precise overlay. MSOAs and local authorities are their LSOAs dissolved (2011 LSOAs for "
                 "MSOA 2011 and the 2019 and 2021 authorities, 2021 LSOAs for MSOA 2021 and the 2024 "
                 "authorities), so every outline lines up with the neighbourhoods inside it. A ward (May 2024) is "
                 "the 2021 LSOAs the ONS best-fit lookup puts in it, so it can differ slightly from the official "
                 "ward boundary; the 33 wards no LSOA is fitted to (most in the City of London, and Liverpool's "
                 "Waterfront North) have no area.",
    },
    "places": {
        "title": "OS Open Names populated places (2019), with ONS 2011 town populations",
        "publisher": "Ordnance Survey; Office for National Statistics",
        "licence": OGL, "licence_url": OGL_URL,
        "attribution": "Place names: Contains OS data © Crown copyright and database right 2019; "
                       "town populations: Source: Office for National Statistics licensed under the Open "
                       "Government Licence v3.0.",
        "notes": "Cities, towns and suburbs used to label maps; towns ranked by their 2011 population.",
    },
    "iod2019": {
        "title": "English indices of deprivation 2019",
        "publisher": "Ministry of Housing, Communities and Local Government (MHCLG)",
        "licence": OGL, "licence_url": OGL_URL,
        "attribution": "Contains public sector information licensed under the Open Government Licence v3.0 "
                       "(MHCLG, English Indices of Deprivation 2019).",
        "notes": "Official statistics, published 26 September 2019. Most indicators describe 2015/16.",
    },
    "iod2025": {
        "title": "English indices of deprivation 2025",
        "publisher": "Ministry of Housing, Communities and Local Government (MHCLG)",
        "licence": OGL, "licence_url": OGL_URL,
        "attribution": "Contains public sector information licensed under the Open Government Licence v3.0 "
                       "(MHCLG, English Indices of Deprivation 2025).",
        "notes": "Official statistics, published October 2025, on 2021 LSOAs.",
    },
    "iod2015": {
        "title": "English indices of deprivation 2015",
        "publisher": "Department for Communities and Local Government (DCLG)",
        "licence": OGL, "licence_url": OGL_URL,
        "attribution": "Contains public sector information licensed under the Open Government Licence v3.0 "
                       "(DCLG, English Indices of Deprivation 2015).",
        "notes": "Official statistics, published 30 September 2015, on 2011 LSOAs.",
    },
    "le_msoa": {
        "title": "Life expectancy for 2011 MSOAs in England, 2016 to 2020 (ONS user-requested data REQ3292)",
        "publisher": "Office for National Statistics",
        "licence": "Open Government Licence v3.0 (assumed, as for all ONS outputs)",
        "licence_url": OGL_URL,
        "attribution": "Source: Office for National Statistics (ad hoc release; licence assumed to be the Open "
                       "Government Licence v3.0, as for all ONS outputs).",
        "notes": "Ad hoc release; five years of deaths pooled.",
    },
    "ohid_le": {
        "title": "Life expectancy, healthy life expectancy and inequality in life expectancy at birth, by local "
                 "authority and sex (OHID Fingertips, Public Health Outcomes Framework A01a, A01b, A02a)",
        "publisher": "Office for Health Improvement and Disparities (OHID), from ONS data",
        "licence": OGL, "licence_url": OGL_URL,
        "attribution": "Contains public sector information licensed under the Open Government Licence v3.0. "
                       "Source: OHID, Fingertips (fingertips.phe.org.uk), from ONS data.",
        "notes": "Three-year periods 2015-17 to 2022-24, rounded to 1 dp (copied via Trafford Data Lab). "
                 "A '2023-25' period in the source could not be verified and is not bundled for maps.",
    },
    "health_index": {
        "title": "Health Index for England, underlying indicators (2015 to 2021)",
        "publisher": "Office for National Statistics",
        "licence": OGL, "licence_url": OGL_URL,
        "attribution": "Source: Office for National Statistics licensed under the Open Government Licence v3.0.",
        "notes": "Indicators as used in the ONS Health Index; 307 local authorities (City of London and the "
                 "Isles of Scilly are combined with neighbours, so they show no data here).",
    },
    "defra_pcm": {
        "title": "Defra UK-AIR modelled background pollution (Pollution Climate Mapping), 1 km grid, 2023",
        "publisher": "Department for Environment, Food & Rural Affairs (Defra)",
        "licence": OGL, "licence_url": OGL_URL,
        "attribution": "© Crown copyright 2024, Defra, via UK-AIR, licensed under the Open Government Licence v3.0.",
        "notes": "Annual mean background concentrations at 1 km grid-square centres, British National Grid. "
                 "Bundled for Cheshire and Merseyside (x 320-410 km, y 335-424 km) only.",
    },
    "ocsi_jobs": {
        "title": "Share of employee jobs in arts and recreation, hospitality and retail, 2018 "
                 "(OCSI, from ONS Business Register and Employment Survey)",
        "publisher": "OCSI (Oxford Consultants for Social Inclusion), compiled for the British Red Cross; "
                     "underlying data ONS BRES 2018",
        "licence": "Underlying BRES data: Open Government Licence v3.0; the OCSI compilation states no licence",
        "licence_url": OGL_URL,
        "attribution": "Contains ONS Business Register and Employment Survey data (2018) licensed under the "
                       "Open Government Licence v3.0; indicator compiled by OCSI for the British Red Cross.",
        "notes": "Workplace-based: counts jobs located in the area, not jobs held by its residents.",
    },
    "population": {
        "title": "Lower layer Super Output Area population estimates, mid-2020",
        "publisher": "Office for National Statistics",
        "licence": OGL, "licence_url": OGL_URL,
        "attribution": "Source: Office for National Statistics licensed under the Open Government Licence v3.0.",
        "notes": "Small area population estimates, 30 June 2020, on 2011 LSOAs.",
    },
}

LE_CAVEAT = (
    "Levels run high: the population-weighted average of these MSOA figures is about 81.8 years for men in "
    "England, against about 79.4 in the official local-authority figures (and Liverpool men about 78.2 "
    "against about 76). Use them to compare neighbourhoods with each other, not to quote a level next to "
    "official life expectancy."
)
#: the same caveat with women's figures (MSOA mean 85.7 for England, 82.2 for Liverpool, mid-2020 weights;
#: OHID 2016-18 to 2018-20: England women 83.1-83.3, Liverpool women 79.9-80.4)
LE_CAVEAT_FEMALE = (
    "Levels run high: the population-weighted average of these MSOA figures is about 85.7 years for women in "
    "England, against about 83.2 in the official local-authority figures (and Liverpool women about 82.2 "
    "against about 80). Use them to compare neighbourhoods with each other, not to quote a level next to "
    "official life expectancy."
)
HI_CAVEAT = (
    "The exact definition and units are taken from the ONS Health Index underlying data and were not "
    "confirmed against its methods note here."
)
DEPRIVATION_DECILE_NOTE = (
    "Deciles are national: decile 1 is the most deprived 10% of neighbourhoods in England."
)
SCORE_COMPARE_CAVEAT = (
    "Scores from different editions of the indices are not directly comparable (indicators, data years "
    "and boundaries differ); compare ranks and deciles between editions, not scores."
)


def _imd(layer_id, year, dataset, table, geography, period, extra_caveats=()):
    return {
        "id": layer_id, "title": f"Index of Multiple Deprivation {year}",
        "short_title": f"IMD {year}", "theme": "deprivation",
        "unit": "score", "unit_long": "IMD score (higher = more deprived)",
        "period": period, "geography": geography, "dataset": dataset, "kind": "table",
        "table": table, "column": "imd_score", "rank_column": "imd_rank", "decile_column": "imd_decile",
        "weight": "pop_mid2015" if year == 2019 else "population",
        "higher_is_worse": True, "default_scheme": "national_deciles", "decimals": 1,
        "description": (
            f"The official measure of relative deprivation for small areas (neighbourhoods of about 1,500 "
            f"people) in England, {year} edition. It combines seven domains: income, employment, education, "
            "health, crime, barriers to housing and services, and living environment. A higher score means "
            "more deprived; rank 1 is the most deprived neighbourhood in England. It ranks areas; it does "
            "not say how much worse one area is than another, and not every person in a deprived area is deprived."
        ),
        "caveats": [DEPRIVATION_DECILE_NOTE, SCORE_COMPARE_CAVEAT, *extra_caveats],
    }


def _domain(edition, key, name, what, table, geography, period, dataset, has_score):
    entry = {
        "id": f"imd{edition}_{key}", "title": f"{name} deprivation {edition}",
        "short_title": f"{name} {edition}", "theme": "deprivation",
        "period": period, "geography": geography, "dataset": dataset, "kind": "table", "table": table,
        "rank_column": f"{key}_rank", "decile_column": f"{key}_decile",
        "weight": "pop_mid2015" if edition == 2019 else "population",
        "default_scheme": "national_deciles",
        "description": f"The {name.lower()} domain of the English Indices of Deprivation {edition}: {what}",
        "caveats": [DEPRIVATION_DECILE_NOTE],
    }
    if has_score:
        rate = key in ("income", "employment")
        entry.update({
            "column": f"{key}_score", "higher_is_worse": True, "decimals": 1,
            "unit": "%" if rate else "score",
            "unit_long": ("% of residents" if key == "income" else "% of working-age residents") if rate
            else "domain score (higher = more deprived)",
        })
    else:
        entry.update({
            "column": f"{key}_rank", "higher_is_worse": False, "decimals": 0,
            "unit": "rank", "unit_long": "national rank (1 = most deprived)",
        })
        entry["caveats"].append("Only ranks and deciles of this domain are bundled for this edition, not its score.")
    return entry


DOMAINS = {
    "income": ("Income", "the share of people on low incomes (on means-tested benefits or tax credits)."),
    "employment": ("Employment", "the share of working-age people involuntarily out of work (unemployed, sick or disabled, or caring)."),
    "education": ("Education, skills and training", "the lack of attainment and skills among children, young people and adults."),
    "health": ("Health deprivation and disability", "the risk of premature death and of a life lived with poor health or disability."),
    "crime": ("Crime", "the risk of personal and material victimisation (violence, burglary, theft, criminal damage)."),
    "barriers": ("Barriers to housing and services", "how hard it is to reach local services and to afford decent housing."),
    "living": ("Living environment", "the quality of housing and of the local environment, including air quality and road traffic accidents."),
}

CATALOG = [
    _imd("imd2019", 2019, "iod2019", "imd2019_lsoa11.parquet", "lsoa11", "2019 (most indicators 2015/16)"),
    _imd("imd2025", 2025, "iod2025", "imd2025_lsoa21.parquet", "lsoa21", "2025 (most indicators 2021/22)",
         ["On 2021 LSOAs: to compare with 2019, go through the LSOA 2011 to 2021 lookup."]),
    _imd("imd2015", 2015, "iod2015", "imd2015_lsoa11.parquet", "lsoa11", "2015 (most indicators 2012/13)"),
]
for _key, (_name, _what) in DOMAINS.items():
    CATALOG.append(_domain(2019, _key, _name, _what, "imd2019_lsoa11.parquet", "lsoa11",
                           "2019 (most indicators 2015/16)", "iod2019", _key in ("income", "employment")))
for _key, (_name, _what) in DOMAINS.items():
    CATALOG.append(_domain(2025, _key, _name, _what, "imd2025_lsoa21.parquet", "lsoa21",
                           "2025 (most indicators 2021/22)", "iod2025", True))
CATALOG += [
    {
        "id": "imd2019_idaci", "title": "Income deprivation affecting children 2019 (IDACI)",
        "short_title": "IDACI 2019", "theme": "deprivation", "unit": "rank",
        "unit_long": "national rank (1 = most deprived)", "period": "2019 (data 2015/16)",
        "geography": "lsoa11", "dataset": "iod2019", "kind": "table", "table": "imd2019_lsoa11.parquet",
        "column": "idaci_rank", "rank_column": "idaci_rank", "decile_column": "idaci_decile",
        "weight": "pop_mid2015", "higher_is_worse": False, "default_scheme": "national_deciles", "decimals": 0,
        "description": "Ranks neighbourhoods by the share of children aged 0-15 living in income-deprived families.",
        "caveats": [DEPRIVATION_DECILE_NOTE, "Only ranks and deciles are bundled, not the rates."],
    },
    {
        "id": "imd2019_idaopi", "title": "Income deprivation affecting older people 2019 (IDAOPI)",
        "short_title": "IDAOPI 2019", "theme": "deprivation", "unit": "rank",
        "unit_long": "national rank (1 = most deprived)", "period": "2019 (data 2015/16)",
        "geography": "lsoa11", "dataset": "iod2019", "kind": "table", "table": "imd2019_lsoa11.parquet",
        "column": "idaopi_rank", "rank_column": "idaopi_rank", "decile_column": "idaopi_decile",
        "weight": "pop_mid2015", "higher_is_worse": False, "default_scheme": "national_deciles", "decimals": 0,
        "description": "Ranks neighbourhoods by the share of people aged 60 and over who are income deprived.",
        "caveats": [DEPRIVATION_DECILE_NOTE, "Only ranks and deciles are bundled, not the rates."],
    },
]
for _sex in ("male", "female"):
    CATALOG.append({
        "id": f"life_expectancy_{_sex}", "title": f"Life expectancy at birth, {'men' if _sex == 'male' else 'women'}",
        "short_title": f"Life expectancy ({'men' if _sex == 'male' else 'women'})", "theme": "health",
        "unit": "years", "unit_long": "years of life expected at birth", "period": "2016-2020",
        "geography": "msoa11", "dataset": "le_msoa", "kind": "table", "table": "life_expectancy_msoa11.parquet",
        "column": f"le_{_sex}", "lower_column": f"le_{_sex}_lci95", "upper_column": f"le_{_sex}_uci95",
        "weight": "population", "higher_is_worse": False, "default_scheme": "quantiles", "decimals": 1,
        "description": (
            f"How long a baby {'boy' if _sex == 'male' else 'girl'} born in the area would live on average if "
            "the death rates of 2016-2020 in that area held for their whole life. It is a summary of today's "
            "death rates, not a forecast. Areas are MSOAs (about 7,000 people)."
        ),
        "caveats": [LE_CAVEAT if _sex == "male" else LE_CAVEAT_FEMALE, "Some small areas are suppressed in the source and show as no data.",
                    "Each value has a 95% confidence interval (shown in the identify panel); "
                    "neighbouring areas' differences are often within it."],
    })
CATALOG += [
    {
        "id": "air_quality", "title": "Air pollution (fine particulate matter, PM2.5)",
        "short_title": "Air pollution (PM2.5)", "theme": "environment", "unit": "µg/m³",
        "unit_long": "annual mean concentration, micrograms per cubic metre (as published by the ONS Health Index)",
        "period": "2021", "geography": "lad21", "dataset": "health_index", "kind": "table",
        "table": "health_index_lad21.parquet", "column": "air_pollution_2021",
        "series": {str(y): f"air_pollution_{y}" for y in range(2015, 2022)},
        "weight": "population", "higher_is_worse": True, "default_scheme": "quantiles", "decimals": 1,
        "description": (
            "The average level of fine particles (PM2.5) in the air across each local authority: tiny "
            "particles from traffic, heating and industry that harm the heart and lungs. This is the only "
            "England-wide air-quality measure bundled; it is a local-authority average, so it cannot show "
            "differences between neighbourhoods. For Cheshire and Merseyside, the 1 km Defra grids "
            "(NO2 and PM2.5, 2023) show those differences."
        ),
        "caveats": [HI_CAVEAT + " The values match annual mean PM2.5 in µg/m³ as modelled by Defra.",
                    "Local-authority average: it is drawn at local-authority level, never spread over "
                    "neighbourhoods."],
    },
    {
        "id": "no2_2023", "title": "Nitrogen dioxide (NO2), 1 km grid", "short_title": "NO2 2023 (1 km)",
        "theme": "environment", "unit": "µg/m³", "unit_long": "annual mean background concentration, µg/m³",
        "period": "2023", "geography": "grid1km", "dataset": "defra_pcm", "kind": "raster",
        "raster": "rasters/no2_2023.tif",
        "zonal": {"lsoa11": {"table": "air_grid_lsoa11.parquet", "column": "no2_2023"},
                  "lsoa21": {"table": "air_grid_lsoa21.parquet", "column": "no2_2023"}},
        "weight": "population", "higher_is_worse": True, "default_scheme": "quantiles", "decimals": 1,
        "description": (
            "Modelled yearly average background concentration of nitrogen dioxide, a gas mostly from road "
            "traffic, for each 1 km square. Background means away from the kerbside: levels next to busy "
            "roads are higher. Neighbourhood values are the average of the squares they cover."
        ),
        "caveats": [
            "Covers Cheshire and Merseyside and its edges only (x 320-410 km, y 335-424 km); elsewhere there is no data.",
            "Squares over the sea and the Mersey and Dee estuaries have no value; so does a block north-east of "
            "the grid (Stockport, Tameside, Glossop).",
            "A neighbourhood gets a value only when at least half of it lies over squares with data.",
        ],
    },
    {
        "id": "pm25_2023", "title": "Fine particulate matter (PM2.5), 1 km grid", "short_title": "PM2.5 2023 (1 km)",
        "theme": "environment", "unit": "µg/m³", "unit_long": "annual mean background concentration, µg/m³",
        "period": "2023", "geography": "grid1km", "dataset": "defra_pcm", "kind": "raster",
        "raster": "rasters/pm25_2023.tif",
        "zonal": {"lsoa11": {"table": "air_grid_lsoa11.parquet", "column": "pm25_2023"},
                  "lsoa21": {"table": "air_grid_lsoa21.parquet", "column": "pm25_2023"}},
        "weight": "population", "higher_is_worse": True, "default_scheme": "quantiles", "decimals": 2,
        "description": (
            "Modelled yearly average background concentration of fine particles (PM2.5, total, gravimetric) "
            "for each 1 km square. Fine particles come from traffic, wood burning, industry and farming, and "
            "from far away; they harm the heart and lungs at any level."
        ),
        "caveats": [
            "Covers Cheshire and Merseyside and its edges only (x 320-410 km, y 335-424 km); elsewhere there is no data.",
            "Squares over the sea and estuaries have no value.",
            "A neighbourhood gets a value only when at least half of it lies over squares with data.",
        ],
    },
    {
        "id": "insecure_work", "title": "Jobs in sectors with much insecure work",
        "short_title": "Jobs in insecure-work sectors", "theme": "work", "unit": "%",
        "unit_long": "% of employee jobs located in the area", "period": "2018", "geography": "msoa11",
        "dataset": "ocsi_jobs", "kind": "table", "table": "jobs_sectors_msoa11.parquet",
        "column": "jobs_at_risk_sectors_pct", "weight": "population", "higher_is_worse": True,
        "default_scheme": "quantiles", "decimals": 1,
        "description": (
            "The share of the jobs located in each area that are in hospitality (accommodation and food), "
            "retail, and arts, entertainment, recreation and other services: the sectors where zero-hours contracts, "
            "temporary work and low pay are most common. It is a proxy: it does not count insecure "
            "contracts, and it describes where jobs are, not where the people who do them live."
        ),
        "caveats": [
            "Proxy only: no direct measure of insecure work (non-permanent or zero-hours employment) was "
            "available for small areas; this counts jobs in sectors where insecure work is common.",
            "Workplace-based: a town centre full of shops scores high even if few residents work there.",
            "Areas with few jobs can show extreme values (up to 100%).",
            "One MSOA (E02001364) has sector shares that add to 106.3% in the source; its total is capped at 100%.",
            "The OCSI compilation states no licence of its own; the underlying ONS BRES data are OGL v3.0.",
        ],
    },
]
for _key, _title, _what in (
    ("hospitality", "Jobs in hospitality", "accommodation and food services"),
    ("retail", "Jobs in retail", "retail"),
    ("arts", "Jobs in arts, recreation and other services", "arts, entertainment, recreation and other services"),
):
    CATALOG.append({
        "id": f"jobs_{_key}", "title": _title, "short_title": _title, "theme": "work", "unit": "%",
        "unit_long": "% of employee jobs located in the area", "period": "2018", "geography": "msoa11",
        "dataset": "ocsi_jobs", "kind": "table", "table": "jobs_sectors_msoa11.parquet",
        "column": f"jobs_{_key}_pct", "weight": "population", "higher_is_worse": True,
        "default_scheme": "quantiles", "decimals": 1,
        "description": f"The share of the employee jobs located in each area that are in {_what}.",
        "caveats": ["Workplace-based: jobs located in the area, not jobs held by its residents.",
                    "Areas with few jobs can show extreme values."],
    })
for _key, _title, _unit, _ulong, _worse, _what in (
    ("life_expectancy", "Life expectancy (local authority)", "years", "years, persons", False,
     "Life expectancy at birth for the local authority as a whole (men and women together)."),
    ("unemployment", "Unemployment (local authority)", "%", "% of the economically active", True,
     "The share of people who want work and are looking for it but have none."),
    ("job_training", "Job-related training (local authority)", "%", "% of people in work", False,
     "The share of working people who had job-related training recently: a sign of investment in workers."),
    ("workplace_safety", "Workplace safety (local authority)", "rate", "rate (larger = worse)", True,
     "A rate of workplace injuries; larger values mean less safe work."),
    ("young_people_eet", "Young people in education, employment or apprenticeships (local authority)", "%",
     "% of young people", False, "The share of young people in education, employment or an apprenticeship."),
):
    CATALOG.append({
        "id": f"{_key}_la", "title": _title, "short_title": _title, "theme": "health" if _key == "life_expectancy" else "work",
        "unit": _unit, "unit_long": _ulong, "period": "2021", "geography": "lad21", "dataset": "health_index",
        "kind": "table", "table": "health_index_lad21.parquet", "column": f"{_key}_2021",
        "series": {str(y): f"{_key}_{y}" for y in range(2015, 2022)},
        "weight": "population", "higher_is_worse": _worse, "default_scheme": "quantiles",
        "decimals": 1, "description": _what + " One value per local authority, for each year 2015 to 2021.",
        "caveats": [HI_CAVEAT, "Local-authority figure: drawn at local-authority level, never spread over neighbourhoods."],
    })
LE_LA_PERIODS = ("2015-17", "2016-18", "2017-19", "2018-20", "2019-21", "2020-22", "2021-23", "2022-24")
for _ind, _name, _short, _worse, _ulong, _what, _extra in (
    ("le", "Life expectancy at birth", "Life expectancy", False, "years of life expected at birth",
     "How long a baby born in the local authority would live on average if its death rates held for their whole "
     "life (OHID's official figure, three years of deaths pooled).", []),
    ("hle", "Healthy life expectancy at birth", "Healthy life expectancy", False, "years expected in good health",
     "How many years a baby born in the local authority would live in good health (OHID's official figure).",
     ["Published for unitary, metropolitan and London authorities only: shire districts show no data.",
      "The series was revised in the 2021-23 and 2022-24 releases (new method); do not mix with older figures."]),
    ("sii", "Inequality in life expectancy at birth (slope index of inequality)", "Inequality in life expectancy",
     True, "years between the most and least deprived (slope index of inequality)",
     "The gap in life expectancy between the most and least deprived people of the local authority, estimated "
     "by OHID across its deprivation deciles (slope index of inequality).",
     ["Small districts can have unstable, even negative, values."]),
):
    for _sex in ("male", "female"):
        _who = "men" if _sex == "male" else "women"
        CATALOG.append({
            "id": f"{_ind}_la_{_sex}", "title": f"{_name}, {_who} (local authority, official)",
            "short_title": f"{_short}, {_who} (LA)", "theme": "health", "unit": "years", "unit_long": _ulong,
            "period": LE_LA_PERIODS[-1], "geography": "lad24", "dataset": "ohid_le", "kind": "table",
            "table": "life_expectancy_lad24.parquet", "column": f"{_ind}_{_sex}_2022_24",
            "series": {p: f"{_ind}_{_sex}_{p.replace('-', '_')}" for p in LE_LA_PERIODS},
            "weight": "population", "higher_is_worse": _worse, "default_scheme": "quantiles", "decimals": 1,
            "description": _what + " One value per local authority (2024 boundaries) and three-year period.",
            "caveats": ["Official local-authority figure, rounded to 1 dp: drawn at local-authority level, never "
                        "spread over neighbourhoods. A group of authorities shows the population-weighted mean "
                        "of its authorities' figures, which is not an official life expectancy.",
                        "Earlier periods use the authorities of their time: authorities created in 2023 "
                        "(Cumberland, North Yorkshire, Somerset, Westmorland and Furness) have no value before "
                        "2020-22.", *_extra],
        })
CATALOG.append({
    "id": "population", "title": "Residents", "short_title": "Residents", "theme": "population",
    "unit": "people", "unit_long": "usual residents", "period": "mid-2020", "geography": "lsoa11",
    "dataset": "population", "kind": "table", "table": "population_lsoa11.parquet", "column": "population",
    "weight": None, "aggregate": "sum", "higher_is_worse": None, "default_scheme": "quantiles", "decimals": 0,
    "description": "The number of people living in each area on 30 June 2020 (ONS small area population estimates).",
    "caveats": ["Neighbourhoods are designed to hold similar numbers of people (about 1,500), so this map "
                "mostly shows where areas have grown."],
})
