"""Bouwsteen's web page: tag a note ("Verslag"), audit case files ("Dossier-audit"), retrain ("Hertrainen").

Start it with ``bouwsteen app`` (bound to 127.0.0.1, telemetry off; see
``.streamlit/config.toml``). The pages in ``app_pages/`` are thin scripts over the ``nlp``
package; the folder is not called ``pages/`` because Streamlit would then list every file in
it as a page of its own, bypassing this navigation.
"""

import streamlit as st

st.set_page_config(page_title="Bouwsteen", page_icon="🧱", layout="wide")
st.navigation(
    [
        st.Page("app_pages/verslag.py", title="Verslag", icon=":material/article:", default=True),
        st.Page("app_pages/dossier_audit.py", title="Dossier-audit", icon=":material/folder_open:"),
        st.Page("app_pages/hertrainen.py", title="Hertrainen", icon=":material/model_training:"),
    ]
).run()
