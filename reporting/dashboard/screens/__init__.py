"""Dashboard pages (not `pages/`, which Streamlit would list as pages itself): each module has a `page()` the entry script registers with st.navigation."""
