"""Bouwsteen's web page: tag a note ("Verslag") or audit a set of case files ("Dossier-audit").

Start it with ``bouwsteen app`` (bound to 127.0.0.1, telemetry off; see
``.streamlit/config.toml``). The pages are thin scripts over the ``nlp`` package.
"""

import streamlit as st

st.set_page_config(page_title="Bouwsteen", page_icon="🧱", layout="wide")
st.navigation(
    [
        st.Page("pages/verslag.py", title="Verslag", icon="📝", default=True),
        st.Page("pages/dossier_audit.py", title="Dossier-audit", icon="🗂️"),
    ]
).run()
