"""Synthetic Fingertips rows (bulk CSV layout) with counts, denominators and Wilson/Byar CIs."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.stats import norm

from synthetic.extracts.areas import ENGLAND, ICBS, PLACES, REGIONS

Z95, Z998 = float(norm.ppf(0.975)), float(norm.ppf(0.999))
YEARS = range(2014, 2025)
REGION_DECILE = {"E12000005": 4.2, "E12000006": 6.0}
REGION_POP = {"E12000005": 5_934_037, "E12000006": 6_269_161}
ENGLAND_POP = 56_550_138


@dataclass(frozen=True)
class Spec:
    """One synthetic indicator: England level in 2014, yearly change, deprivation effect."""

    id: int
    name: str
    kind: str  # proportion, dsr, mean
    year_type: str  # Financial, Calendar, Academic, November-November
    sex: str
    age: str
    england: float
    change: float
    per_decile: float  # added per decile more deprived than 5.5
    per_head: float  # denominator per head of population (0: no count/denominator)
    polarity: str
    anchor: tuple[int, float] | None = None  # Sandwell's value in that year, exactly


# fmt: off
SPECS = (
    Spec(93085, "Smoking status at time of delivery", "proportion", "Financial", "Female",
         "All ages", 11.4, -0.35, 1.0, 0.011, "Low is good", (2018, 9.8)),
    Spec(20101, "Low birth weight of term babies", "proportion", "Calendar", "Persons",
         ">=37 weeks gestational age at birth", 2.8, -0.01, 0.25, 0.0105, "Low is good",
         (2018, 3.7)),
    Spec(90631, "School readiness: percentage of children achieving a good level of "
         "development at the end of Reception", "proportion", "Academic", "Persons", "5 yrs",
         66.3, 0.9, -2.0, 0.012, "High is good", (2018, 66.4)),
    Spec(93474, "Percentage of deaths that occur in hospital", "proportion", "Calendar",
         "Persons", "All ages", 47.0, -0.8, 0.8, 0.009, "No judgement"),
    Spec(93475, "Percentage of deaths that occur in care homes", "proportion", "Calendar",
         "Persons", "All ages", 22.0, 0.1, -0.8, 0.009, "High is good", (2018, 16.9)),
    Spec(93476, "Percentage of deaths that occur at home", "proportion", "Calendar", "Persons",
         "All ages", 23.0, 0.6, -0.4, 0.009, "High is good", (2018, 25.5)),
    Spec(93477, "Percentage of deaths that occur in 'other places'", "proportion", "Calendar",
         "Persons", "All ages", 3.0, 0.0, 0.1, 0.009, "No judgement"),
    Spec(93088, "Overweight (including obesity) prevalence in adults, (using adjusted "
         "self-reported height and weight)", "proportion", "November-November", "Persons",
         "18+ yrs", 62.0, 0.25, 1.2, 0.0016, "Low is good", (2018, 71.0)),
    Spec(93015, "Percentage of physically inactive adults", "proportion", "November-November",
         "Persons", "19+ yrs", 22.5, 0.05, 1.3, 0.0016, "Low is good", (2017, 29.6)),
    Spec(92906, "Admission episodes for alcohol-specific conditions", "dsr", "Financial",
         "Persons", "All ages", 560.0, 6.0, 35.0, 1.0, "Low is good", (2018, 670.3)),
    Spec(30101, "Fraction of mortality attributable to particulate air pollution (old method)",
         "mean", "Calendar", "Persons", "30+ yrs", 5.3, -0.12, 0.1, 0.0, "Low is good"),
    Spec(93867, "Air pollution: fine particulate matter (new method - concentrations of total "
         "PM2.5)", "mean", "Calendar", "Persons", "All ages", 10.5, -0.35, 0.25, 0.0,
         "Low is good", (2018, 11.2)),
    Spec(22401, "Emergency hospital admissions due to falls in people aged 65 and over", "dsr",
         "Financial", "Persons", "65+ yrs", 2100.0, -8.0, 60.0, 0.16, "Low is good"),
    Spec(241, "Diabetes: QOF prevalence", "proportion", "Financial", "Persons", "17+ yrs", 6.4,
         0.13, 0.45, 0.8, "No judgement"),
    Spec(93613, "Percentage of deaths with three or more emergency admissions in the last 90 "
         "days of life.", "proportion", "Calendar", "Persons", "All ages", 6.0, 0.1, 0.3, 0.009,
         "Low is good"),
    Spec(90280, "Social Isolation: percentage of adult social care users who have as much "
         "social contact as they would like", "proportion", "Financial", "Persons", "18+ yrs",
         45.5, -0.3, -0.6, 0.0012, "High is good"),
)
DECILES = ["Most deprived decile", "Second most deprived decile", "Third more deprived decile",
           "Fourth more deprived decile", "Fifth more deprived decile",
           "Fifth less deprived decile", "Fourth less deprived decile",
           "Third less deprived decile", "Second least deprived decile", "Least deprived decile"]
# fmt: on
DECILE_TYPE = "District & UA deprivation deciles in England (IMD2019, 4/21 geography)"


def period(spec: Spec, year: int) -> str:
    """Fingertips time period text: 2018 (calendar) or 2018/19."""
    return str(year) if spec.year_type == "Calendar" else f"{year}/{(year + 1) % 100:02d}"


def wilson(count: float, n: float, z: float) -> tuple[float, float]:
    """Wilson score interval for a proportion, in percent."""
    p = count / n
    centre, half = 2 * count + z * z, z * math.sqrt(z * z + 4 * count * (1 - p))
    return 100 * (centre - half) / (2 * (n + z * z)), 100 * (centre + half) / (2 * (n + z * z))


def byar(count: float, z: float) -> tuple[float, float]:
    """Byar's approximate Poisson interval for a count."""
    low = 0.0 if count == 0 else count * (1 - 1 / (9 * count) - z / (3 * math.sqrt(count))) ** 3
    up = (count + 1) * (1 - 1 / (9 * (count + 1)) + z / (3 * math.sqrt(count + 1))) ** 3
    return low, up


def level(spec: Spec, year: int, decile: float) -> float:
    """Expected value for an area of given mean deprivation decile in a year."""
    return spec.england + spec.change * (year - 2014) + spec.per_decile * (5.5 - decile)


def measure(spec: Spec, value: float, pop: float, rng: np.random.Generator, exact: bool) -> dict:
    """Value, count, denominator and 95%/99.8% CIs for one area and period."""
    if spec.kind == "mean":
        return {"Value": value if exact else value + rng.normal(0, 0.15)}
    n = max(round(pop * spec.per_head), 50)
    if exact and spec.kind == "proportion":  # nearest n where the anchor value is count/n exactly
        n = next(
            m for m in range(n, n + 1000) if abs(value * m / 100 - round(value * m / 100)) < 1e-9
        )
    if spec.kind == "proportion":
        p = min(max(value / 100, 0.001), 0.999)
        return proportion(round(p * n) if exact else int(rng.binomial(n, p)), n)
    count = round(value * n / 1e5) if exact else int(rng.poisson(value * n / 1e5))
    rate = value if exact else 1e5 * count / n
    scale = rate / count if count else 1e5 / n
    (l95, u95), (l998, u998) = [
        (lo * scale, up * scale) for lo, up in (byar(count, Z95), byar(count, Z998))
    ]
    return {
        "Value": rate,
        "Count": count,
        "Denominator": n,
        "Lower CI 95.0 limit": l95,
        "Upper CI 95.0 limit": u95,
        "Lower CI 99.8 limit": l998,
        "Upper CI 99.8 limit": u998,
    }


def proportion(count: int, n: int) -> dict:
    """Value (%), count, denominator and Wilson 95%/99.8% CIs."""
    (l95, u95), (l998, u998) = wilson(count, n, Z95), wilson(count, n, Z998)
    return {
        "Value": 100 * count / n,
        "Count": count,
        "Denominator": n,
        "Lower CI 95.0 limit": l95,
        "Upper CI 95.0 limit": u95,
        "Lower CI 99.8 limit": l998,
        "Upper CI 99.8 limit": u998,
    }


def compare(row: dict, england: float, polarity: str) -> str:
    """Compared-to-England text from the 95% CI, as Fingertips words it."""
    if "Lower CI 95.0 limit" not in row:
        return "Not compared"
    side = (
        "Higher"
        if row["Lower CI 95.0 limit"] > england
        else "Lower"
        if row["Upper CI 95.0 limit"] < england
        else "Similar"
    )
    if side == "Similar" or polarity == "No judgement":
        return side
    good = (side == "Lower") == (polarity == "Low is good")
    return "Better" if good else "Worse"


def area_rows(rng: np.random.Generator, lsoa_deciles: dict[str, tuple[str, int]]) -> list[dict]:
    """Every synthetic row: England, regions, places, ICBs, deprivation deciles, LSOAs."""
    rows: list[dict] = []
    for spec in SPECS:
        offsets = {p.code: rng.normal(0, abs(spec.per_decile) * 0.6 + 0.02) for p in PLACES}
        for year in YEARS:
            if spec.id == 90631 and year in (2019, 2020):
                continue  # not published in the pandemic years, as in the real series
            eng = measure(spec, level(spec, year, 5.5), ENGLAND_POP, rng, False)
            base = {"spec": spec, "year": year, "england": eng["Value"]}
            rows.append(base | eng | {"area": ENGLAND, "type": "England", "parent": None})
            for code, name in REGIONS.items():
                m = measure(
                    spec, level(spec, year, REGION_DECILE[code]), REGION_POP[code], rng, False
                )
                rows.append(base | m | {"area": (code, name), "type": "Regions", "parent": ENGLAND})
            rows.extend(_place_rows(spec, year, base, offsets, rng))
            if spec.id in (93085, 92906) and year >= 2021:
                for i, label in enumerate(DECILES):
                    m = measure(spec, level(spec, year, i + 1), ENGLAND_POP / 10, rng, False)
                    rows.append(
                        base
                        | m
                        | {
                            "area": ENGLAND,
                            "type": "England",
                            "parent": None,
                            "category": (DECILE_TYPE, f"{label} (IMD2019)"),
                        }
                    )
            if spec.id in (92906, 22401) and year >= 2021:
                for code, (name, decile) in lsoa_deciles.items():
                    value = level(spec, year, decile)
                    m = measure(spec, value, 1650, rng, False)
                    rows.append(
                        base
                        | m
                        | {
                            "area": (code, name),
                            "type": "LSOAs (2011)",
                            "parent": ("E08000028", "Sandwell"),
                        }
                    )
    return rows


def _place_rows(spec: Spec, year: int, base: dict, offsets: dict, rng) -> list[dict]:
    rows, by_icb = [], {}
    for place in PLACES:
        value = level(spec, year, place.mean_decile) + offsets[place.code]
        exact = place.code == "E08000028" and spec.anchor is not None and spec.anchor[0] == year
        if place.code == "E08000028" and spec.anchor:
            value += (
                spec.anchor[1]
                - level(spec, spec.anchor[0], place.mean_decile)
                - offsets[place.code]
            )
        m = measure(spec, value, place.population, rng, exact)
        rows.append(
            base
            | m
            | {
                "area": (place.code, place.name),
                "type": "Counties and Unitary Authorities",
                "parent": (place.region, REGIONS[place.region]),
            }
        )
        by_icb.setdefault(place.icb, []).append((place, m))
    for icb, members in by_icb.items():
        if icb in ("QUA", "QHL") and "Count" in members[0][1] and spec.kind == "proportion":
            m = proportion(
                sum(m["Count"] for _, m in members), sum(m["Denominator"] for _, m in members)
            )
            rows.append(
                base
                | m
                | {
                    "area": (ICBS[icb][0], ICBS[icb][1]),
                    "type": "NHS Integrated Care Boards",
                    "parent": ENGLAND,
                }
            )
    return rows
