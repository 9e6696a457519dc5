"""The `placehealth` command: build assets, show the warehouse, make demo and synthetic data."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipelines.build_checks import UsageError, check_data_dir, check_writable_database
from pipelines.settings import (
    PROJECT_ROOT,
    read_environment,
    shared_data_dir,
    use_project_instance,
)

DEMO_DATA_DIR = PROJECT_ROOT / "data" / "demo"


def check_build_args(args: argparse.Namespace) -> None:
    """Every mistake a build can be told of before it loads the code location (UsageError)."""
    from pipelines.selection import SelectionError, check_selection

    env = read_environment()
    check_data_dir(args.data_dir or env.data_dir)
    check_writable_database(args.warehouse or env.warehouse)
    try:
        check_selection(args.select)
    except SelectionError as error:
        raise UsageError(str(error)) from error


def cmd_build(args: argparse.Namespace) -> int:
    """Materialise the selected assets in-process, with a progress display."""
    try:
        check_build_args(args)
    except UsageError as error:
        print(f"placehealth build: {error}", file=sys.stderr)
        return 2
    from quality_runtime import validation_process

    env = read_environment()
    if env.gx_process:  # GX imports there while this process loads the code
        validation_process.prestart()
    from pipelines.build import run_build

    data_dir = args.data_dir or env.data_dir
    warehouse = args.warehouse or env.warehouse
    use_project_instance()
    return run_build(
        selection=args.select,
        data_dir=str(Path(data_dir).resolve()) if data_dir else None,
        warehouse=str(Path(warehouse).resolve()) if warehouse else None,
        live_fingertips=args.live or None,
        fingertips_indicators=args.indicators,
        log_level="INFO" if args.verbose else "WARNING",
        places=[p.strip() for p in args.place.split(",") if p.strip()] if args.place else None,
    )


def cmd_status(args: argparse.Namespace) -> int:
    """Print what the warehouse holds: tables, rows and the last load of each source."""
    from pipelines.build import print_status

    return print_status(args.warehouse or read_environment().warehouse)


def cmd_demo_data(args: argparse.Namespace) -> int:
    """Write the bundled synthetic demo extracts."""
    from synthetic.extracts.writer import write_demo_data

    out = Path(args.out).resolve()
    if args.if_missing and out.is_dir() and any(out.iterdir()):
        print(f"demo data already in {out}")
        return 0
    paths = write_demo_data(out, seed=args.seed)
    print(f"wrote {len(paths)} synthetic demo files to {out}")
    return 0


def cmd_synth(args: argparse.Namespace) -> int:
    """Write a synthetic patient-level population (OMOP subset) for one place."""
    from assets.resources import DEFAULT_PLACE  # imported here: it loads Dagster
    from synthetic.population.files import synth

    out = synth(
        persons=args.persons,
        place=args.place or DEFAULT_PLACE,
        seed=args.seed,
        out_dir=Path(args.out).resolve(),
        plant_defects=args.plant_defects,
        shared=shared_data_dir(),
    )
    print(f"synthetic population written to {out}")
    return 0


def cmd_dashboard(args: argparse.Namespace) -> int:
    """Start the dashboard on the published tables."""
    from pipelines.dashboard import serve

    return serve(port=args.port, warehouse=args.warehouse)


def parser() -> argparse.ArgumentParser:
    """The command-line grammar."""
    p = argparse.ArgumentParser(prog="placehealth", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="materialise assets through Dagster")
    b.add_argument("--data-dir", help="folder of extracts (default: bundled demo data)")
    b.add_argument("--warehouse", help="DuckDB warehouse file (default data/warehouse.duckdb)")
    b.add_argument("--select", default="*", help="asset selection, e.g. 'group:ingest'")
    b.add_argument("--live", action="store_true", help="fetch Fingertips through its API")
    b.add_argument("--indicators", help="comma-separated Fingertips indicator ids for --live")
    b.add_argument("--verbose", action="store_true", help="show Dagster's log as it runs")
    b.add_argument(
        "--place", help="local authority code(s) to profile, CODE[,CODE...], or 'all' for every "
        "English local authority (default: the setting / PLACEHEALTH_PLACES)"
    )  # fmt: skip
    b.set_defaults(func=cmd_build)

    s = sub.add_parser("status", help="list what the warehouse holds")
    s.add_argument("--warehouse")
    s.set_defaults(func=cmd_status)

    d = sub.add_parser("demo-data", help="write the synthetic demo extract set")
    d.add_argument("--out", default=str(DEMO_DATA_DIR))
    d.add_argument("--seed", type=int, default=2019)
    d.add_argument("--if-missing", action="store_true", help="do nothing if it exists")
    d.set_defaults(func=cmd_demo_data)

    y = sub.add_parser("synth", help="write a synthetic patient-level population")
    y.add_argument("--persons", type=int, default=20_000)
    y.add_argument("--place", help="local authority code (default: the first default place)")
    y.add_argument("--seed", type=int, default=42)
    y.add_argument("--out", default=str(PROJECT_ROOT / "data" / "synthetic"))
    y.add_argument("--plant-defects", action="store_true")
    y.set_defaults(func=cmd_synth)

    w = sub.add_parser("dashboard", help="serve the dashboard on the publish schema")
    w.add_argument("--port", type=int, default=8501)
    w.add_argument("--warehouse")
    w.set_defaults(func=cmd_dashboard)
    return p


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script."""
    args = parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
