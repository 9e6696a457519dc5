"""Official public-health indicator statistics (PHEindicatormethods / Fingertips / Making Data Count)."""

from models.indicators.comparisons import compare
from models.indicators.funnels import (
    funnel_limits,
    funnel_point_limits,
    funnel_points,
    funnel_significance,
)
from models.indicators.indirect import isr, smr
from models.indicators.inequality import sii
from models.indicators.life_expectancy import life_expectancy
from models.indicators.means import mean_ci
from models.indicators.proportions import proportion
from models.indicators.quantile_categories import quantile_bounds, quantile_categories
from models.indicators.rates import rate
from models.indicators.spc import spc
from models.indicators.standard_populations import (
    ESP2013,
    ESP2013_BANDS,
    ESP2013_BY_BAND,
    esp2013_for,
    normalise_age_band,
)
from models.indicators.standardised import dsr
from models.indicators.trends import recent_trend

__all__ = [
    "ESP2013",
    "ESP2013_BANDS",
    "ESP2013_BY_BAND",
    "compare",
    "dsr",
    "esp2013_for",
    "funnel_limits",
    "funnel_point_limits",
    "funnel_points",
    "funnel_significance",
    "isr",
    "life_expectancy",
    "mean_ci",
    "normalise_age_band",
    "proportion",
    "quantile_bounds",
    "quantile_categories",
    "rate",
    "recent_trend",
    "sii",
    "smr",
    "spc",
]
