"""The one reader of the environment: every PLACEHEALTH_* variable, read in one place.

Plain Python (no Dagster), so the CLI can read it before Dagster loads. The settings resource
is built from it (`pipelines.resources.build_resources`); tests and benchmarks find the real
extracts through `shared_data_dir`. Nothing else in the project reads `os.environ`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
TRUE = {"1", "true", "yes"}
FALSE = {"0", "false", "no"}


def _csv_list(text: str) -> list[str]:
    """Comma-separated values, stripped, empty ones and repeats dropped, order kept."""
    return list(dict.fromkeys(v.strip() for v in text.split(",") if v.strip()))


@dataclass(frozen=True)
class Environment:
    """What the environment says; None where a variable is unset (the defaults apply)."""

    data_dir: str | None = None
    warehouse: str | None = None
    restricted: str | None = None
    reports_dir: str | None = None
    live_fingertips: bool = False
    fingertips_indicators: str = ""
    places: tuple[str, ...] = ()
    pseudonym_key_set: bool = False
    gx_process: bool = True
    shared_data: str | None = None
    dagster_home: str | None = None


def read_environment(environ: Mapping[str, str] | None = None) -> Environment:
    """The PLACEHEALTH_* variables (and DAGSTER_HOME) of `environ`, else of this process."""
    env = os.environ if environ is None else environ
    return Environment(
        data_dir=env.get("PLACEHEALTH_DATA_DIR") or None,
        warehouse=env.get("PLACEHEALTH_WAREHOUSE") or None,
        restricted=env.get("PLACEHEALTH_RESTRICTED") or None,
        reports_dir=env.get("PLACEHEALTH_REPORTS") or None,
        live_fingertips=env.get("PLACEHEALTH_LIVE_FINGERTIPS", "").lower() in TRUE,
        fingertips_indicators=env.get("PLACEHEALTH_FINGERTIPS_INDICATORS", ""),
        places=tuple(_csv_list(env.get("PLACEHEALTH_PLACES", ""))),
        pseudonym_key_set=bool(env.get(PSEUDONYM_KEY_VARIABLE)),
        gx_process=env.get("PLACEHEALTH_GX_PROCESS", "1").lower() not in FALSE,
        shared_data=env.get("PLACEHEALTH_SHARED_DATA") or None,
        dagster_home=env.get("DAGSTER_HOME") or None,
    )


# Read by Dagster itself (dg.EnvVar) so that the key never appears in run configuration.
PSEUDONYM_KEY_VARIABLE = "PLACEHEALTH_PSEUDONYM_KEY"


def shared_data_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The real public extracts: $PLACEHEALTH_SHARED_DATA, else ../shared/data beside the
    checkout. The one place tests, benchmarks and the synthetic population look for them."""
    configured = read_environment(environ).shared_data
    return Path(configured) if configured else PROJECT_ROOT.parent / "shared" / "data"


def use_project_instance() -> None:
    """Point Dagster at the project's instance (dagster.yaml in the project root) by default."""
    if read_environment().dagster_home is None:
        os.environ["DAGSTER_HOME"] = str(PROJECT_ROOT)
        os.chdir(PROJECT_ROOT)  # dagster.yaml's storage paths are relative to the project root
