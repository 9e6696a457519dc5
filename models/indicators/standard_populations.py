"""European Standard Population 2013 and age-band label matching (ESP2013, Eurostat 2013)."""

from __future__ import annotations

import re

import polars as pl

ESP2013_BANDS: tuple[str, ...] = (
    "0-4", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49",
    "50-54", "55-59", "60-64", "65-69", "70-74", "75-79", "80-84", "85-89", "90+",
)  # fmt: skip
ESP2013: tuple[int, ...] = (
    5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000,
    7000, 6500, 6000, 5500, 5000, 4000, 2500, 1500, 1000,
)  # fmt: skip
ESP2013_BY_BAND: dict[str, int] = dict(zip(ESP2013_BANDS, ESP2013, strict=True))

_DASHES = re.compile(r"\s*(?:-|–|—|to)\s*")
_PLUS = re.compile(r"^(\d+)\s*(?:\+|plus|andover|andolder|&over)$")


def normalise_age_band(label: object) -> str | None:
    """Canonical 'a-b' / 'a+' form of a label such as '00-04', '0 – 4', '90 +', 'Aged 90+'."""
    if label is None:
        return None
    text = str(label).strip().lower()
    text = re.sub(r"^(age[ds]?|ages)\s*", "", text)
    text = re.sub(r"\s*(years?|yrs?)$", "", text).strip()
    text = _DASHES.sub("-", text)
    plus = _PLUS.match(text.replace(" ", ""))
    if plus:
        return f"{int(plus.group(1))}+"
    if text.isdigit() and int(text) % 5 == 0 and int(text) <= 90:
        start = int(text)
        return "90+" if start == 90 else f"{start}-{start + 4}"
    parts = text.split("-")
    if len(parts) == 2 and all(p.isdigit() for p in parts):
        return f"{int(parts[0])}-{int(parts[1])}"
    return text


def esp2013_for(age_bands: pl.Series) -> pl.Series:
    """ESP2013 standard population for each age-band label; unknown bands raise ValueError."""
    uniques = age_bands.cast(pl.String).unique(maintain_order=True).to_list()
    mapping = {u: ESP2013_BY_BAND.get(normalise_age_band(u) or "") for u in uniques}
    unknown = [u for u, v in mapping.items() if v is None]
    if unknown:
        raise ValueError(
            f"unknown ESP2013 age band {unknown[0]!r} (expected one of {', '.join(ESP2013_BANDS)})"
        )
    return age_bands.cast(pl.String).replace_strict(mapping, return_dtype=pl.Float64)
