"""IoD2019 File 6 (population denominators) and File 9 (transformed domain scores) layouts."""

from __future__ import annotations

import polars as pl

from sources import codes
from sources.checked_values import file_row, first_row
from sources.errors import IngestError
from sources.supplementary_layout import Layout

IOD_GEOGRAPHY = {
    "LSOA code (2011)": "lsoa_code",
    "LSOA name (2011)": "lsoa_name",
    "Local Authority District code (2019)": "lad_code",
    "Local Authority District name (2019)": "lad_name",
}
IOD2019_CONSTANTS = {"iod_edition": 2019, "lsoa_vintage": 2011, "lad_vintage": 2019}
DENOMINATOR = "{}: mid 2015 (excluding prisoners)"
POPULATION_DENOMINATORS = Layout(
    columns=IOD_GEOGRAPHY
    | {
        DENOMINATOR.format("Total population"): "population_total",
        DENOMINATOR.format("Dependent Children aged 0-15"): "population_0_15",
        DENOMINATOR.format("Population aged 16-59"): "population_16_59",
        DENOMINATOR.format("Older population aged 60 and over"): "population_60_plus",
        "Working age population 18-59/64: for use with Employment Deprivation Domain "
        "(excluding prisoners)": "population_working_age",
    },
    key=("lsoa_code",),
    codes={"lsoa_code": codes.LSOA_CODE, "lad_code": codes.LAD_CODE},
    numbers=dict.fromkeys(
        ["population_total", "population_0_15", "population_16_59", "population_60_plus"]
        + ["population_working_age"],
        pl.Int64,
    ),
    constants=IOD2019_CONSTANTS | {"population_year": 2015},
)
TRANSFORMED = {
    "Income": "income",
    "Employment": "employment",
    "Education": "education",
    "Health": "health",
    "Crime": "crime",
    "Barriers": "barriers",
    "Living Environment": "living_environment",
}
TRANSFORMED_SCORES = Layout(
    columns=IOD_GEOGRAPHY
    | {
        f"{k} Score - exponentially transformed": f"{v}_transformed_score"
        for k, v in TRANSFORMED.items()
    },
    key=("lsoa_code",),
    codes={"lsoa_code": codes.LSOA_CODE, "lad_code": codes.LAD_CODE},
    numbers={f"{v}_transformed_score": pl.Float64 for v in TRANSFORMED.values()},
    constants=IOD2019_CONSTANTS,
)


def check_age_bands(table: pl.DataFrame, label: str) -> None:
    """The three age bands of the IoD denominators add up to the total population."""
    total = table["population_0_15"] + table["population_16_59"] + table["population_60_plus"]
    row = first_row(total != table["population_total"])
    if row is not None:
        message = (
            f"age bands sum to {total[row - 1]}, total is {table['population_total'][row - 1]}"
        )
        raise IngestError(
            label, message, file_row(table, row), DENOMINATOR.format("Total population")
        )
