"""The model card (markdown) and the reliability plot for the emergency-admission model."""

from __future__ import annotations

from typing import Any

import polars as pl
import polars.selectors as cs
from matplotlib.figure import Figure


def markdown_table(frame: pl.DataFrame, digits: int = 3) -> str:
    """A pipe table; floats rounded to `digits`."""

    def cell(v: Any) -> str:
        if v is None or (isinstance(v, float) and v != v):
            return ""
        return f"{v:.{digits}f}" if isinstance(v, float) else str(v)

    head = "| " + " | ".join(frame.columns) + " |"
    rule = "|" + "---|" * frame.width
    rows = ["| " + " | ".join(cell(v) for v in row) + " |" for row in frame.iter_rows()]
    return "\n".join([head, rule, *rows])


def render_model_card(card: dict[str, Any]) -> str:
    """Markdown model card from the evaluation results (see docs/risk.md for the template)."""
    overall: pl.DataFrame = card["overall"]
    lines = [
        "# Model card: 12-month emergency admission risk",
        "",
        "**Intended use.** Case-finding for neighbourhood multidisciplinary teams: rank "
        "registered adults by their risk of an emergency admission in the next 12 months so "
        "clinicians can review the top of each neighbourhood's list. Not a diagnostic tool and "
        "not a medical device; a clinician with a duty of care makes every decision.",
        "",
        f"**Data.** {card['data_source']}. Cohort: adults (18+) registered and alive on the "
        f"index date. Training index {card['train_index']} ({card['train_n']:,} people), "
        f"temporal validation index {card['validation_index']} ({card['validation_n']:,} people), "
        f"scoring index {card['score_index']}.",
        "",
        "**Outcome.** Any emergency admission (OMOP visit 262, or 9201 with a HES emergency "
        "admission method) in the 12 months after the index date.",
        "",
        f"**Models.** Logistic regression (age spline, log counts) and a histogram gradient-boosted "
        f"model recalibrated by isotonic regression on a held-out slice of the training year. "
        f"Chosen for scoring (lower validation Brier): **{card['chosen']}**. Explanations are the "
        "logistic model's exact additive terms beta x (x - mean). Cox proportional hazards "
        f"(lifelines) for time to admission or death: validation concordance "
        f"**{card['cox_concordance']:.3f}**.",
        "",
        "## Performance on the validation year",
        "",
        markdown_table(overall),
        "",
    ]
    if card.get("oracle_auroc") is not None:
        lines += [
            f"Synthetic data: the true risk is known. Oracle AUROC {card['oracle_auroc']:.3f}; "
            f"chosen model reaches **{card['auroc_ratio']:.3f}** of it.",
            "",
        ]
    lines += [
        "## Calibration by decile of predicted risk",
        "",
        markdown_table(card["reliability"], 4),
        "",
        "![Reliability plot](reliability.png)",
        "",
        "## Cut points (top fraction of the validation cohort)",
        "",
        markdown_table(card["cuts"]),
        "",
        "## Subgroups (IMD quintile 1 = most deprived)",
        "",
        "Groups with fewer than the disclosure threshold of people or events show no metrics.",
        "",
        markdown_table(card["subgroups"].select(~cs.matches("^(ppv|sensitivity|flagged_share)_"))),
        "",
        "Share flagged, PPV and sensitivity by subgroup at the whole-cohort cuts:",
        "",
        markdown_table(
            card["subgroups"].select(
                "subgroup_type", "subgroup", cs.matches("^(ppv|sensitivity|flagged_share)_")
            )
        ),
        "",
        "## Limits",
        "",
        "- Code lists are illustrative subsets, not the full PCD refsets; eFI deficits are eFI-style.",
        "- Emergency admissions measure use of hospital care, not need; groups that use care "
        "less will look lower-risk (Obermeyer et al., Science 2019).",
        "- Performance is known only a year late; re-check calibration-in-the-large each refresh.",
        "- Registers are personal data: restricted database only, pseudonymised, re-identified "
        "only by the practice.",
    ]
    return "\n".join(lines) + "\n"


def reliability_figure(table: pl.DataFrame) -> Figure:
    """Observed against mean predicted risk by decile, with the diagonal."""
    fig = Figure(figsize=(5, 5))
    ax = fig.subplots()
    top = max(table["mean_predicted"].max(), table["observed_rate"].max()) * 1.05
    ax.plot([0, top], [0, top], linestyle="--", color="grey", label="perfect calibration")
    ax.plot(table["mean_predicted"], table["observed_rate"], marker="o", label="model deciles")
    ax.set_xlabel("Mean predicted 12-month risk")
    ax.set_ylabel("Observed emergency-admission rate")
    ax.set_title("Reliability (validation year)")
    ax.legend(loc="upper left")
    return fig
