"""Page "Hertrainen": a team's labelled notes in, a validated candidate out, compared, promoted or rolled back.

A thin Streamlit script over ``training.imports``, ``training.validate``, ``training.retrain``
and ``training.registry``. Uploaded data stays in memory; the candidate model is written to
the registry (``models/registry/``), which holds words from the team's notes.
"""

from __future__ import annotations

import streamlit as st

from nlp.io import InputError
from nlp.messages import input_message_nl
from nlp.model import ModelError
from nlp.registry import read_log
from nlp.scheme import LABELS
from training.imports import read_labelled_bytes
from training.registry import PromotionRefused, list_models, promote, rollback
from training.retrain import train_candidate
from training.validate import validate

st.title("Hertrainen")
st.caption(
    "Train een kandidaat-model met jullie eigen gelabelde zinnen "
    "en bekijk of het beter is voordat iemand het gebruikt. "
    "Formaten: JSONL van Bouwsteen (ook de correcties uit de pagina Verslag), CSV/TSV (text,label[,subject][,note]), "
    "doccano-JSONL en Label Studio-JSON."
)

uploads = st.file_uploader(
    "Gelabelde bestanden", type=["jsonl", "json", "csv", "tsv"], accept_multiple_files=True, key="team_files"
)
if uploads:
    rows, bad = [], []
    for upload in uploads:
        try:
            file_rows, file_bad = read_labelled_bytes(upload.getvalue(), upload.name)
        except InputError as error:
            st.error(f"{upload.name}: {input_message_nl(error)}")
            continue
        rows += file_rows
        bad += file_bad
    report = validate(rows, bad)
    st.subheader("Controle")
    st.write(f"{report.rows} regels gelezen, {len(report.examples)} bruikbaar, {report.left_out} niet meegenomen.")
    for error in report.errors:
        st.error(error)
    for warning in report.warnings:
        st.warning(warning)
    st.dataframe([report.counts], hide_index=True)
    mode = st.radio(
        "Trainen met",
        ["combine", "only-own"],
        format_func=lambda m: "eigen zinnen + het meegeleverde corpus" if m == "combine" else "alleen eigen zinnen",
        horizontal=True,
    )
    if not report.ok:
        st.info("Los eerst de fouten hierboven op; daarna kan er getraind worden.")
    elif st.button("Kandidaat trainen", type="primary"):
        with st.status("Kandidaat trainen…", expanded=True) as status:
            try:
                candidate = train_candidate(
                    report.examples,
                    mode=mode,
                    progress=lambda message: status.write(message),
                    source_files=[u.name for u in uploads],
                )
            except (ValueError, OSError, ModelError) as error:
                status.update(label="Training gestopt", state="error")
                st.error(f"Training gestopt: {error}")
                st.stop()
            status.update(label=f"Kandidaat {candidate.model_id} klaar", state="complete")
        st.session_state["candidate"] = candidate

candidate = st.session_state.get("candidate")
if candidate is not None:
    st.subheader(f"Vergelijking: kandidaat {candidate.model_id} tegen het actieve model")
    for comparison in candidate.comparisons:
        st.markdown(f"**{comparison.name}** ({comparison.n} zinnen)")
        deltas = comparison.deltas()
        st.dataframe(
            [
                {
                    "klasse": label,
                    "actief F1": round(comparison.active["per_class"][label]["f1"], 3),
                    "kandidaat F1": round(comparison.candidate["per_class"][label]["f1"], 3),
                    "verschil": round(deltas[label], 3),
                }
                for label in LABELS
            ]
            + [
                {
                    "klasse": "macro",
                    "actief F1": round(comparison.active["macro_f1"], 3),
                    "kandidaat F1": round(comparison.candidate["macro_f1"], 3),
                    "verschil": round(deltas["macro"], 3),
                }
            ],
            hide_index=True,
        )
        left, right = st.columns(2)
        left.caption("Verwarring actief model (rij = goud, kolom = voorspeld)")
        left.dataframe({p: [row[j] for row in comparison.active["confusion"]] for j, p in enumerate(LABELS)})
        right.caption("Verwarring kandidaat")
        right.dataframe({p: [row[j] for row in comparison.candidate["confusion"]] for j, p in enumerate(LABELS)})
        with st.expander(f"{len(comparison.changed)} zinnen met een ander label"):
            st.dataframe(
                [
                    {
                        "zin": c["text"],
                        "goud": " ".join(filter(None, c["gold"])),
                        "actief": " ".join(filter(None, c["active"])),
                        "kandidaat": " ".join(filter(None, c["candidate"])),
                    }
                    for c in comparison.changed
                ],
                hide_index=True,
            )

st.subheader("Modellen")
models = list_models()
st.dataframe(
    [
        {
            "actief": "✔" if m.active else "",
            "model": m.model_id,
            "gemaakt": m.created[:19],
            "modus": m.mode,
            "ouder-model": m.parent or "",
            "dev macro-F1": None if m.dev_macro_f1 is None else round(m.dev_macro_f1, 3),
        }
        for m in models
    ],
    hide_index=True,
)
choice = st.selectbox("Model", [m.model_id for m in models if not m.active], key="promote_choice")
force = st.checkbox("Ook promoveren als een controle faalt", key="promote_force")
reason = st.text_input("Reden (verplicht bij forceren; komt in het logboek)", key="promote_reason") if force else ""
left, right = st.columns(2)
if left.button("Promoveren", disabled=choice is None):
    try:
        entry = promote(choice, force=force, reason=reason)
        st.success(f"{entry['model']} is nu actief (was {entry['previous']}).")
    except (PromotionRefused, ModelError) as error:
        st.error(f"Niet gepromoveerd: {error}")
if right.button("Terugdraaien"):
    try:
        entry = rollback()
        st.success(f"{entry['model']} is weer actief.")
    except PromotionRefused as error:
        st.error(str(error))
with st.expander("Logboek"):
    st.dataframe(list(reversed(read_log()))[:50], hide_index=True)
