"""The neighbourhood indicator catalogue: every small-area indicator derived from the public
extracts, with its source, method and aggregation rule (pure data; docs/neighbourhoods.md lists it).

Methods: `weighted_mean` (LSOA values, population-weighted; CI from the weighted between-LSOA
spread, Student's t), `proportion` (summed counts over summed denominators, Wilson score CI),
`ratio` (summed counts per 100 of a summed denominator, Byar CI).
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

LOW_IS_GOOD, HIGH_IS_GOOD, NO_JUDGEMENT = 0, 1, 99
QOF_DOMAIN = "Disease prevalence (QOF registers)"
FINGERTIPS_DOMAIN = "Public health outcomes (Fingertips)"


@dataclass(frozen=True)
class Indicator:
    """One derived indicator; `inputs` name the staging columns or underlying-indicator keys."""

    indicator_id: int
    name: str
    domain: str
    edition: str  # vintage label shown beside the value
    period: str
    method: str  # weighted_mean | proportion | ratio
    inputs: tuple[str, ...]
    source: str
    polarity: int = LOW_IS_GOOD
    unit: str = "score"


IOD19 = "deprivation/IoD2019_LSOA11_underlying_indicators.csv.gz (File 8)"
IOD19_DEN = "deprivation/IoD2019_File_6_Population_Denominators_LSOA11.csv.gz (File 6, mid-2015)"
IOD25 = "deprivation/IoD2025_LSOA21_scores_ranks_deciles.csv.gz (File 7)"
IOD25_UND = "deprivation/IoD2025_LSOA21_underlying_indicators.csv.gz (File 8)"
SAPE = "population/ONS_mid2020_SAPE_LSOA11_persons_single_year_of_age.csv.gz"
DEP, HEALTH, POP = "Deprivation", "Health and wider determinants", "Population structure"
_DOMAINS25 = {
    "income": "Income", "employment": "Employment",
    "education": "Education, skills and training", "health": "Health deprivation and disability",
    "crime": "Crime", "barriers": "Barriers to housing and services",
    "living_environment": "Living environment",
}  # fmt: skip

INDICATORS: tuple[Indicator, ...] = (
    Indicator(990101, "IMD score (IoD2025)", DEP, "IoD2025, LSOA 2021", "2025", "weighted_mean",
              ("imd_score",), IOD25),
    *(
        Indicator(990102 + i, f"{label} domain score (IoD2025)", DEP, "IoD2025, LSOA 2021",
                  "2025", "weighted_mean", (f"{key}_score",), IOD25)
        for i, (key, label) in enumerate(_DOMAINS25.items())
    ),
    Indicator(990109, "IMD score (IoD2019, from File 9 transformed scores)", DEP,
              "IoD2019, LSOA 2011", "2019", "weighted_mean", ("imd2019_score",),
              "deprivation/IoD2019_File_9_Transformed_Domain_Scores_LSOA11.csv.gz (File 9)"),
    Indicator(990110, "Residents in England's most deprived 10% of LSOAs (IoD2025) (%)", DEP,
              "IoD2025, LSOA 2021", "2025", "proportion", ("imd_decile", "1"), IOD25, unit="%"),
    Indicator(990111, "Residents in England's most deprived 20% of LSOAs (IoD2025) (%)", DEP,
              "IoD2025, LSOA 2021", "2025", "proportion", ("imd_decile", "2"), IOD25, unit="%"),
    Indicator(990112, "Residents in England's most deprived 10% of LSOAs (IoD2019) (%)", DEP,
              "IoD2019, LSOA 2011", "2019", "proportion", ("imd_decile", "1"),
              "deprivation/IoD2019_File_1_IMD_LSOA11.csv.gz (File 1)", unit="%"),
    Indicator(990113, "Residents in England's most deprived 20% of LSOAs (IoD2019) (%)", DEP,
              "IoD2019, LSOA 2011", "2019", "proportion", ("imd_decile", "2"),
              "deprivation/IoD2019_File_1_IMD_LSOA11.csv.gz (File 1)", unit="%"),
    Indicator(990114, "Income deprivation: people income-deprived (IoD2019) (%)", DEP,
              "IoD2019, LSOA 2011", "2019", "proportion",
              ("income_domain_numerator", "population_total"), f"{IOD19}; {IOD19_DEN}", unit="%"),
    Indicator(990115, "Employment deprivation: working-age people (IoD2019) (%)", DEP,
              "IoD2019, LSOA 2011", "2019", "proportion",
              ("employment_domain_numerator", "population_working_age"), f"{IOD19}; {IOD19_DEN}",
              unit="%"),
    Indicator(990116, "Income deprivation affecting children, IDACI (IoD2019) (%)", DEP,
              "IoD2019, LSOA 2011", "2019", "proportion",
              ("income_deprivation_affecting_children_index_idaci_numerator", "population_0_15"),
              f"{IOD19}; {IOD19_DEN}", unit="%"),
    Indicator(990117, "Income deprivation affecting older people, IDAOPI (IoD2019) (%)", DEP,
              "IoD2019, LSOA 2011", "2019", "proportion",
              ("income_deprivation_affecting_older_people_index_idaopi_numerator",
               "population_60_plus"), f"{IOD19}; {IOD19_DEN}", unit="%"),
    *(
        Indicator(990201 + i, f"{label} (IoD2019)", HEALTH, "IoD2019, LSOA 2011", "2019",
                  "weighted_mean", (key,), IOD19, unit=unit)
        for i, (key, label, unit) in enumerate([
            ("years_of_potential_life_lost_indicator", "Years of potential life lost", "YPLL"),
            ("comparative_illness_and_disability_ratio_indicator",
             "Comparative illness and disability ratio", "ratio"),
            ("acute_morbidity_indicator", "Acute morbidity (emergency admissions)", "ratio"),
            ("mood_and_anxiety_disorders_indicator", "Mood and anxiety disorders", "score"),
            ("road_distance_to_a_gp_surgery_indicator_km", "Road distance to a GP surgery", "km"),
            ("household_overcrowding_indicator", "Household overcrowding", "proportion"),
            ("housing_in_poor_condition_indicator", "Housing in poor condition", "proportion"),
            ("air_quality_indicator", "Air quality", "score"),
            ("houses_without_central_heating_indicator", "Houses without central heating",
             "proportion"),
            ("road_traffic_accidents_indicator", "Road traffic accidents", "rate"),
        ])
    ),
    *(
        Indicator(990221 + i, f"{label} (IoD2025)", HEALTH, "IoD2025, LSOA 2021", "2025",
                  "weighted_mean", (key,), IOD25_UND, unit=unit)
        for i, (key, label, unit) in enumerate([
            ("years_of_potential_life_lost_indicator", "Years of potential life lost", "YPLL"),
            ("comparative_illness_and_disability_ratio_indicator",
             "Comparative illness and disability ratio", "ratio"),
            ("acute_morbidity_indicator", "Acute morbidity (emergency admissions)", "ratio"),
            ("mental_health_indicator", "Mental health", "score"),
            ("household_overcrowding_indicator_rooms", "Household overcrowding (rooms)",
             "proportion"),
            ("patient_to_gp_ratio", "Patients per GP", "ratio"),
        ])
    ),
    *(
        Indicator(990301 + i, label, POP, "ONS SAPE mid-2020, LSOA 2011", "2020", "proportion",
                  (str(lo), str(hi)), SAPE, NO_JUDGEMENT, "%")
        for i, (label, lo, hi) in enumerate([
            ("Population aged 0-4 (%)", 0, 4), ("Population aged 0-15 (%)", 0, 15),
            ("Population aged 65+ (%)", 65, 200), ("Population aged 75+ (%)", 75, 200),
            ("Population aged 85+ (%)", 85, 200),
        ])
    ),
    Indicator(990306, "Old-age dependency ratio (65+ per 100 aged 16-64)", POP,
              "ONS SAPE mid-2020, LSOA 2011", "2020", "ratio", ("65", "200", "16", "64"), SAPE,
              NO_JUDGEMENT, "per 100"),
)  # fmt: skip
BY_ID = {i.indicator_id: i for i in INDICATORS}
AGGREGATION = {
    "weighted_mean": "population-weighted mean of LSOA values (weights: File 6 total population "
    "for IoD2019; mid-2020 SAPE mapped to LSOA 2021 for IoD2025)",
    "proportion": "sum of LSOA numerators / sum of LSOA denominators",
    "ratio": "sum of LSOA numerators / sum of LSOA denominators x 100",
}
CI_METHOD = {
    "weighted_mean": "Student's t on the weighted between-LSOA spread (effective n)",
    "proportion": "Wilson score",
    "ratio": "Byar (Poisson)",
}


def metadata_frame() -> pl.DataFrame:
    """Catalogue rows in staging.indicator_metadata's shape (value type, multiplier, polarity)."""
    kind = {"weighted_mean": "Mean", "proportion": "Proportion", "ratio": "Crude rate"}
    return pl.DataFrame(
        {
            "indicator_id": [i.indicator_id for i in INDICATORS],
            "indicator_name": [i.name for i in INDICATORS],
            "value_type": [kind[i.method] for i in INDICATORS],
            "multiplier": [1.0 if i.method == "weighted_mean" else 100.0 for i in INDICATORS],
            "polarity": [str(i.polarity) for i in INDICATORS],
            "comparator_method": ["ci95"] * len(INDICATORS),
        }
    )


def domains_frame() -> pl.DataFrame:
    """indicator_id -> domain, vintage label and method, for reports and the dashboard."""
    return pl.DataFrame(
        {
            "indicator_id": [i.indicator_id for i in INDICATORS],
            "domain": [i.domain for i in INDICATORS],
            "vintage": [i.edition for i in INDICATORS],
            "method": [i.method for i in INDICATORS],
        }
    )
