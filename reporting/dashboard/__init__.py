"""The Streamlit dashboard over the `publish` views (one module per page under `pages/`)."""
