"""Build GX Data Docs from the validation results the quality checks saved as JSON."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path


def build_data_docs(folder: Path) -> Path | None:
    """Render `folder/results/*.json` into a GX Data Docs site under `folder/data_docs/`."""
    results = sorted((folder / "results").glob("*.json"))
    if not results:
        return None
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    from great_expectations.core.expectation_validation_result import (
        ExpectationSuiteValidationResultSchema,
    )
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
        ValidationResultIdentifier,
    )

    context = gx.get_context(mode="file", project_root_dir=str(folder / "gx_project"))
    site = {
        "class_name": "SiteBuilder",
        "show_how_to_buttons": False,
        "store_backend": {
            "class_name": "TupleFilesystemStoreBackend",
            "base_directory": str(folder / "data_docs"),
        },
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
    }
    sites = context.get_config().data_docs_sites or {}
    if "placehealth" not in sites:
        context.add_data_docs_site(site_name="placehealth", site_config=site)
    schema = ExpectationSuiteValidationResultSchema()
    for path in results:
        result = schema.load(json.loads(path.read_text(encoding="utf-8")))
        when = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
        key = ValidationResultIdentifier(
            expectation_suite_identifier=ExpectationSuiteIdentifier(name=path.stem),
            run_id=RunIdentifier(run_name="placehealth", run_time=when),
            batch_identifier="warehouse",
        )
        context.validation_results_store.set(key, result)
    urls = context.build_data_docs(site_names=["placehealth"])
    index = folder / "data_docs" / "index.html"
    return index if index.is_file() or not urls else index
