"""Page "Verslag": paste or upload a Dutch case note and see its building blocks.

A thin Streamlit script: reading, tagging, filtering, explaining, rendering and exporting
all live in the ``nlp`` package and are tested there.
"""

from __future__ import annotations

import hashlib
from html import escape

import streamlit as st

from app_pages.common import tagging_pipeline
from nlp.explain import explain
from nlp.export import labelled_csv, labelled_jsonl, labelled_rows, tags_csv, tags_json
from nlp.highlight import MINUS, legend_html, note_html, printable_page, pyramid_html
from nlp.io import InputError, NoteText, check_text, looks_dutch, read_document
from nlp.knowledge import load_knowledge
from nlp.messages import NO_MODEL_NL, NOT_DUTCH_NL, input_message_nl
from nlp.model import ModelError
from nlp.records import doc_records
from nlp.review import (
    Correction,
    ViewSettings,
    apply_corrections,
    block_counts,
    numbered,
    shown_of_block,
    tag_rows,
)
from nlp.scheme import BLOCK_NAMES, BLOCKS, LABELS, NONE, POLES, SUBJECTS, title

PASTED_ID = "geplakte-tekst"
UPLOAD_TYPES = ["txt", "md", "docx", "pdf"]


def label_name(code: str) -> str:
    """Dropdown text of a label code."""
    return "geen bouwsteen" if code == NONE else f"{code.replace('-', MINUS)} · {title(code).split(' · ')[1]}"


def sentence_option(record: dict) -> str:
    """Dropdown text of a sentence."""
    tag = "geen" if record["label"] == NONE else f"{record['label'].replace('-', MINUS)} {record['subject']}"
    short = record["text"].replace("\n", " ")
    return f"{record['nr']} · {tag} · {short[:70]}{'…' if len(short) > 70 else ''}"


st.title("Bouwsteen")
st.caption(
    "Bouwstenen van hechting (Bouwstenenmodel, Truus Bakker-van Zeil) in een verslag. "
    "Alles blijft op deze computer: de tekst wordt niet opgeslagen en nergens heen gestuurd."
)

try:
    pipeline = tagging_pipeline()
except ModelError as error:
    st.error(NO_MODEL_NL.format(reason=error))
    st.stop()
knowledge = load_knowledge()
model_meta = pipeline.meta.get("bouwsteen", {})

with st.sidebar:
    st.header("Weergave")
    threshold = st.slider(
        "Drempel (zekerheid)", 0.0, 1.0, 0.0, 0.05, help="Labels met een lagere score worden niet gemarkeerd."
    )
    blocks = st.multiselect(
        "Bouwstenen", list(BLOCKS), default=list(BLOCKS), format_func=lambda b: f"{b} · {BLOCK_NAMES[b][0]}"
    )
    poles = st.multiselect(
        "Kant", list(POLES), default=list(POLES), format_func=lambda p: "+ gezond" if p == "+" else f"{MINUS} probleem"
    )
    subjects = st.multiselect("Wie", list(SUBJECTS), default=list(SUBJECTS))
    show_scores = st.toggle("Toon scores", value=False)
    st.divider()
    st.caption(
        f"Model: {model_meta.get('name', '?')} · {model_meta.get('created', '?')[:10]} · "
        f"data {model_meta.get('training_data_sha256', '?')[:12]}"
    )

pasted = st.text_area("Plak hier een verslag", height=180, key="note_text", placeholder="S: Moeder vertelt dat …")
upload = st.file_uploader("… of kies een bestand (.txt, .md, .docx, .pdf)", type=UPLOAD_TYPES)

try:
    if upload is not None:
        note = read_document(upload.getvalue(), upload.name)
    elif pasted.strip():
        note = NoteText(PASTED_ID, check_text(pasted, PASTED_ID))
    else:
        st.info("Plak een verslag in het tekstvak of kies een bestand. De zinnen worden dan gemarkeerd per bouwsteen.")
        st.stop()
except InputError as error:
    st.error(input_message_nl(error))
    st.stop()

if not looks_dutch(note.text):
    st.warning(NOT_DUTCH_NL)

# Tag once per text; the records live in this session's memory only.
note_key = hashlib.sha256(f"{note.id}\0{note.text}".encode()).hexdigest()
if st.session_state.get("note_key") != note_key:
    st.session_state["note_key"] = note_key
    st.session_state["records"] = numbered(doc_records(pipeline(note.text), note.id, note.text))
    st.session_state["corrections"] = {}
corrections: dict[int, Correction] = st.session_state["corrections"]
records = apply_corrections(st.session_state["records"], corrections, knowledge)
settings = ViewSettings(threshold, frozenset(blocks), frozenset(poles), frozenset(subjects))
shown = [r for r in records if settings.shows(r)]
by_nr = {r["nr"]: r for r in records}
counts = block_counts(records, settings)

st.caption(
    f"{len(records)} zinnen, waarvan {len(shown)} met een bouwsteen gemarkeerd · {len(corrections)} correctie(s)"
)
tab_note, tab_summary, tab_corrections, tab_export = st.tabs(["Verslag", "Samenvatting", "Correcties", "Exporteren"])

with tab_note:
    left, right = st.columns([3, 2], gap="large")
    with left:
        st.html(legend_html())
        st.html(note_html(note.text, records, settings, show_scores))
    with right:
        st.subheader("Toelichting")
        if not shown:
            st.info("Geen gemarkeerde zinnen bij deze drempel en filters.")
        else:
            chosen = by_nr[
                st.selectbox(
                    "Kies een gemarkeerde zin",
                    [r["nr"] for r in shown],
                    format_func=lambda nr: sentence_option(by_nr[nr]),
                    key="explain_choice",
                )
            ]
            explanation = explain(chosen, knowledge)
            if explanation is not None:
                st.markdown(f"**{escape(explanation.title)}**")
                score_line = "gecorrigeerd" if explanation.corrected else f"zekerheid {explanation.score:.2f}"
                st.caption(f"Zin {chosen['nr']} · {score_line}")
                st.html(
                    '<blockquote class="bs-source" style="border-left:4px solid #888;margin:0;padding:4px 10px;">'
                    f"{escape(explanation.quote)}</blockquote>"
                )
                st.caption(
                    f"Bron: {explanation.passage.file}, tekens {explanation.passage.start}–{explanation.passage.end}"
                    + (f" · gedrag: {explanation.cue}" if explanation.cue else "")
                )
                with st.expander("Hele alinea uit de bron"):
                    st.html(f'<div class="bs-paragraph">{escape(explanation.paragraph)}</div>')
                with st.expander(f"Houding van de ouder die helpt (bouwsteen {chosen['block']})", expanded=True):
                    st.markdown(f"*{escape(explanation.attitude)}*")
                    st.html(
                        f"<p>{escape(explanation.attitude_goal)}</p><ul>"
                        + "".join(f"<li>{escape(item)}</li>" for item in explanation.attitude_items)
                        + "</ul>"
                    )
                    st.caption(f"Bron: {explanation.attitude_file}")
                if st.button("Markeer als geen bouwsteen", key="mark_none"):
                    corrections[chosen["nr"]] = Correction(NONE)
                    st.rerun()

with tab_summary:
    st.subheader("Bouwstenen in dit verslag")
    st.html(pyramid_html(counts))
    for block in reversed(BLOCKS):
        carrying = shown_of_block(records, settings, block)
        with st.expander(f"Bouwsteen {block} · {' / '.join(BLOCK_NAMES[block])} — {len(carrying)} zin(nen)"):
            if not carrying:
                st.caption("Geen zinnen met deze bouwsteen.")
            st.html(
                "<ul>"
                + "".join(
                    f"<li><b>{r['nr']} · {escape(r['label'].replace('-', MINUS))} {escape(r['subject'])}</b> "
                    f"{escape(r['text'])}</li>"
                    for r in carrying
                )
                + "</ul>"
            )
    st.subheader("Alle labels")
    st.dataframe(tag_rows(records, settings), hide_index=True, width="stretch")

with tab_corrections:
    st.subheader("Een label corrigeren")
    target = by_nr[
        st.selectbox("Zin", list(by_nr), format_func=lambda nr: sentence_option(by_nr[nr]), key="correct_choice")
    ]
    current = target["label"]
    new_label = st.selectbox("Nieuw label", list(LABELS), index=list(LABELS).index(current), format_func=label_name)
    new_subject = None
    if new_label != NONE:
        subject_index = SUBJECTS.index(target["subject"]) if target["subject"] in SUBJECTS else 0
        new_subject = st.radio("Wie", list(SUBJECTS), index=subject_index, horizontal=True, key="correct_subject")
    if st.button("Correctie opslaan", type="primary"):
        corrections[target["nr"]] = Correction(new_label, new_subject)
        st.rerun()
    if corrections:
        st.markdown(f"**{len(corrections)} gecorrigeerde zin(nen)**")
        for nr in sorted(corrections):
            record = records[nr - 1]
            model_tag = (
                record["model_label"]
                if record["model_label"] == NONE
                else (f"{record['model_label']} {record['model_subject']}")
            )
            cols = st.columns([5, 1])
            cols[0].caption(f"{nr}: {model_tag} → {label_name(record['label'])} {record['subject'] or ''}")
            if cols[1].button("Herstel", key=f"undo_{nr}"):
                del corrections[nr]
                st.rerun()
        include_all = st.checkbox("Ook de niet-gecorrigeerde zinnen meenemen (zoals het model ze labelde)")
        rows = labelled_rows(records, note.id, include_unreviewed=include_all)
        c1, c2 = st.columns(2)
        c1.download_button("Correcties (JSONL)", labelled_jsonl(rows), "bouwsteen-correcties.jsonl", "application/json")
        c2.download_button("Correcties (CSV)", labelled_csv(rows), "bouwsteen-correcties.csv", "text/csv")
    else:
        st.caption("Nog geen correcties.")

with tab_export:
    st.subheader("Exporteren")
    model_info = {k: model_meta.get(k) for k in ("name", "created", "training_data_sha256", "threshold")}
    c1, c2, c3 = st.columns(3)
    c1.download_button("Labels (CSV)", tags_csv(records), "bouwsteen-labels.csv", "text/csv")
    labels_json = tags_json(note.id, records, model_info)
    c2.download_button("Labels (JSON)", labels_json, "bouwsteen-labels.json", "application/json")
    page = printable_page(
        note.id,
        note.text,
        records,
        settings,
        counts,
        f"Model {model_info['name']} · data {str(model_info['training_data_sha256'])[:12]}",
    )
    c3.download_button("Afdrukbare weergave (HTML)", page, "bouwsteen-verslag.html", "text/html")
    st.caption("Open de afdrukbare weergave in de browser en kies Afdrukken → Opslaan als PDF.")
