"""Synthetic GP practices: QOF 2022-23 files and Fingertips diabetes (241) practice/PCN rows."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from synthetic.extracts.areas import ENGLAND, ICBS, PLACES, Place, wards_of
from synthetic.extracts.fingertips import SPECS, YEARS, level, proportion

NHS_REGIONS = {
    "E12000005": ("Y60", "E40000008", "Midlands"),
    "E12000006": ("Y61", "E40000007", "East of England"),
}
SANDWELL_PCNS = ("Oldbury", "Smethwick", "West Bromwich", "Tipton")
# Register, list type, England prevalence (%) of about 2022-23.
REGISTERS = (
    ("AF", "TOTAL", 2.1),
    ("AST", "06OV", 6.5),
    ("CAN", "TOTAL", 3.5),
    ("CHD", "TOTAL", 3.0),
    ("CKD", "18OV", 4.1),
    ("COPD", "TOTAL", 1.9),
    ("DEM", "TOTAL", 0.7),
    ("DEP", "18OV", 13.2),
    ("DM", "17OV", 7.5),
    ("EP", "18OV", 0.8),
    ("HF", "TOTAL", 1.0),
    ("HYP", "TOTAL", 14.4),
    ("LD", "TOTAL", 0.6),
    ("MH", "TOTAL", 1.0),
    ("NDH", "18OV", 6.4),
    ("OB", "18OV", 9.6),
    ("OST", "50OV", 1.0),
    ("PAD", "TOTAL", 0.6),
    ("PC", "TOTAL", 0.4),
    ("RA", "16OV", 0.8),
    ("STIA", "TOTAL", 1.8),
)
LIST_SHARE = {"TOTAL": 1.0, "06OV": 0.93, "16OV": 0.81, "17OV": 0.80, "18OV": 0.785, "50OV": 0.38}


@dataclass
class Practice:
    """A synthetic practice with its PCN and, per year, diabetes register and 17+ list."""

    code: str
    name: str
    place: Place
    pcn_code: str
    pcn_name: str
    list_size: int
    diabetes: dict[int, tuple[int, int]] = field(default_factory=dict)


def make_practices(rng: np.random.Generator) -> list[Practice]:
    """Eight Sandwell practices in four PCNs, two practices in one PCN for each other place."""
    spec = next(s for s in SPECS if s.id == 241)
    practices = []
    for place in PLACES:
        wards = wards_of(place)
        count = 8 if place.code == "E08000028" else 2
        for i in range(count):
            town = SANDWELL_PCNS[i // 2] if count == 8 else f"{place.name} Central"
            pcn = (
                f"U{int(rng.integers(10000, 99999)):05d}" if i % 2 == 0 else practices[-1].pcn_code
            )
            practice = Practice(
                f"{place.practice_prefix}{int(rng.integers(100, 999)):03d}",
                f"{wards[i % len(wards)][1]} Medical Practice",
                place,
                pcn,
                f"{town} PCN",
                int(rng.integers(4000, 16000)),
            )
            offset = rng.normal(0, 0.9)
            for year in YEARS:
                n = round(practice.list_size * (1 + 0.01 * (year - 2014)) * 0.8)
                p = (level(spec, year, place.mean_decile) + offset) / 100
                practice.diabetes[year] = (int(rng.binomial(n, min(max(p, 0.01), 0.3))), n)
            practices.append(practice)
    return practices


def fingertips_rows(practices: list[Practice]) -> list[dict]:
    """Diabetes QOF prevalence (241) rows for every practice and PCN, every year."""
    spec = next(s for s in SPECS if s.id == 241)
    rows = []
    for year in YEARS:
        pcns: dict[str, list[Practice]] = {}
        for practice in practices:
            pcns.setdefault(practice.pcn_code, []).append(practice)
            rows.append(
                {
                    "spec": spec,
                    "year": year,
                    "england": None,
                    "area": (practice.code, practice.name),
                    "type": "GP",
                    "parent": (practice.pcn_code, practice.pcn_name),
                }
                | proportion(*practice.diabetes[year])
            )
        for code, members in pcns.items():
            count = sum(p.diabetes[year][0] for p in members)
            n = sum(p.diabetes[year][1] for p in members)
            sub_icb = ICBS[members[0].place.icb]
            rows.append(
                {
                    "spec": spec,
                    "year": year,
                    "england": None,
                    "area": (code, members[0].pcn_name),
                    "type": "NHS Primary Care Networks",
                    "parent": (sub_icb[2], sub_icb[4]),
                }
                | proportion(count, n)
            )
    return rows


def qof_tables(practices: list[Practice], rng: np.random.Generator) -> tuple[list, list]:
    """(PREVALENCE rows, MAPPING_NHS_GEOGRAPHIES rows) for 2022-23; DM matches Fingertips."""
    prevalence, mapping = [], []
    for practice in practices:
        total = round(practice.list_size * 1.08)
        for group, list_type, england in REGISTERS:
            size = round(total * LIST_SHARE[list_type])
            if group == "DM":
                register, size = practice.diabetes[2022]
            else:
                rate = england * (1 + 0.04 * (5.5 - practice.place.mean_decile))
                register = int(rng.binomial(size, min(rate / 100, 0.5)))
            prevalence.append((practice.code, group, f"{register}.0", list_type, size))
        icb_ons, icb_name, sub_ons, sub_ods, sub_name = ICBS[practice.place.icb]
        region_ods, region_ons, region_name = NHS_REGIONS[practice.place.region]
        mapping.append(
            (
                ENGLAND[0],
                "ENG",
                "England",
                region_ods,
                region_ons,
                region_name,
                practice.place.icb,
                icb_ons,
                icb_name,
                sub_ods,
                sub_ons,
                sub_name,
                practice.pcn_code,
                practice.pcn_name,
                practice.code,
                practice.name,
            )
        )
    return prevalence, mapping
