"""Page "Dossier-audit": upload case files or a .zip and see which building blocks each documents.

A thin Streamlit script over ``nlp.uploads``, ``nlp.audit`` and ``nlp.audit_report``. The
uploads stay in this session's memory; nothing is written to disk.
"""

from __future__ import annotations

import hashlib

import streamlit as st

from app_pages.common import tagging_pipeline
from nlp.audit import audit_batch
from nlp.audit_report import FILE_COLUMNS, audit_xlsx, file_rows, report_html, summarize
from nlp.export import csv_text
from nlp.knowledge import load_knowledge
from nlp.messages import INPUT_MESSAGES_NL, NO_MODEL_NL
from nlp.model import ModelError
from nlp.uploads import MAX_FILES, MAX_TOTAL_BYTES, expand_uploads

st.title("Dossier-audit")
st.caption(
    "Welke bouwstenen zijn in een reeks verslagen gedocumenteerd, aan welke kant, over wie, en waar staat het bewijs? "
    f"Upload tot {MAX_FILES} bestanden (.txt, .md, .docx, .pdf, .csv, .jsonl) of een .zip, samen hoogstens "
    f"{MAX_TOTAL_BYTES // 1_000_000} MB uitgepakt. Alles blijft in het geheugen van deze computer."
)

try:
    pipeline = tagging_pipeline()
except ModelError as error:
    st.error(NO_MODEL_NL.format(reason=error))
    st.stop()

uploads = st.file_uploader(
    "Kies bestanden of een .zip",
    type=["txt", "md", "docx", "pdf", "csv", "jsonl", "zip"],
    accept_multiple_files=True,
    key="audit_uploads",
)
if not uploads:
    st.info("Kies een of meer bestanden, of een .zip met een dossier.")
    st.stop()

files, refused = expand_uploads((u.name, u.getvalue()) for u in uploads)
key = hashlib.sha256(b"".join(hashlib.sha256(data).digest() for _, data in files)).hexdigest()
if st.session_state.get("audit_key") != key:
    bar = st.progress(0.0, text="Verslagen taggen…")
    results = []
    for start in range(0, len(files), 16):
        results.extend(audit_batch(files[start : start + 16], pipeline))
        done = min(start + 16, len(files))
        bar.progress(done / len(files), text=f"{done} van {len(files)} bestanden")
    bar.empty()
    st.session_state["audit_key"] = key
    st.session_state["audit_results"] = results
results = st.session_state["audit_results"]

meta = pipeline.meta.get("bouwsteen", {})
model = {k: meta.get(k) for k in ("name", "created", "training_data_sha256")}
summary = summarize(results, model, pseudonymized=False)

if refused:
    st.warning(
        "Niet meegenomen: "
        + "; ".join(f"{name} ({INPUT_MESSAGES_NL.get(reason, reason)})" for name, reason in refused[:20])
        + (f" … en nog {len(refused) - 20}" if len(refused) > 20 else "")
    )
files_info = summary["files"]
c1, c2, c3, c4 = st.columns(4)
c1.metric("Bestanden", files_info["total"])
c2.metric("Overgeslagen", files_info["skipped"])
c3.metric("Zinnen", summary["sentences"])
c4.metric("Met een bouwsteen", summary["tagged_sentences"])

report = report_html(results, summary, load_knowledge())
d1, d2, d3 = st.columns(3)
d1.download_button("Rapport (HTML)", report, "bouwsteen-audit.html", "text/html")
d2.download_button("Bestanden (CSV)", csv_text(FILE_COLUMNS, file_rows(results)), "bouwsteen-audit.csv", "text/csv")
d3.download_button(
    "Rapport (XLSX)",
    audit_xlsx(results),
    "bouwsteen-audit.xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
st.dataframe(file_rows(results), hide_index=True, width="stretch")
st.html(report.split("<body>", 1)[1].rsplit("</body>", 1)[0])
