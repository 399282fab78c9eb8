"""The pages of the Streamlit app (see ``app.py``)."""
