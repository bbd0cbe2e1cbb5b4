"""The analysis: one module per question a page asks; pandas only, no Streamlit, no HTML, no file paths."""
