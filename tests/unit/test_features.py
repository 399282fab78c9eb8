"""The shared feature extractor: lemmas, negation marks, masked names, subject cues, batches."""

import numpy as np
from scipy import sparse

from nlp.features import (
    CUE_COLUMNS,
    WORD_COLUMNS,
    FeatureExtractor,
    bigram_column,
    cue_column,
    negated_column,
    word_column,
)
from nlp.tagger import Lexicon


def columns(base_pipeline, text: str) -> set[int]:
    doc = base_pipeline(text)
    row = FeatureExtractor(Lexicon(base_pipeline)).rows([doc], whole=True).matrix
    assert row.shape[0] == 1
    return set(row.indices.tolist())


def test_lemmas_and_negated_lemmas(base_pipeline):
    found = columns(base_pipeline, "Hij sliep niet door en huilde veel.")
    assert word_column("slapen") in found and negated_column("slapen") in found
    assert word_column("huilen") in found and negated_column("huilen") not in found
    assert bigram_column("slapen", "niet") in found
    assert cue_column("ctx_negatie") in found


def test_names_and_numbers_are_masked(base_pipeline):
    found = columns(base_pipeline, "Noah (4) zocht troost bij Fatima.")
    assert word_column("_naam_") in found and word_column("_num_") in found
    assert word_column("noah") not in found and word_column("fatima") not in found
    assert cue_column("start_kind") in found


def test_parent_subject_and_reported_speech(base_pipeline):
    found = columns(base_pipeline, "Pleegmoeder vertelt dat Sem beter slaapt.")
    assert {cue_column("start_ouder"), cue_column("verslag"), cue_column("verslag_kind")} <= found
    found = columns(base_pipeline, "Vader reageert niet als zij huilt.")
    assert cue_column("start_ouder") in found and cue_column("verslag") not in found


def test_soep_header_is_a_cue_not_a_word(base_pipeline):
    found = columns(base_pipeline, "S: moeder is moe en huilt veel")
    assert cue_column("soep_s") in found and word_column("s") not in found
    assert cue_column("start_ouder") in found  # the first word after the header


def test_word_and_cue_columns_do_not_overlap(base_pipeline):
    found = np.array(sorted(columns(base_pipeline, "mw. geeft aan dat ze geen grenzen durft te stellen")))
    words = found[(found >= WORD_COLUMNS.start) & (found < WORD_COLUMNS.stop)]
    cues = found[(found >= CUE_COLUMNS.start) & (found < CUE_COLUMNS.stop)]
    assert len(words) and len(cues) and len(words) + len(cues) == len(found)


def test_batch_rows_equal_one_doc_at_a_time(base_pipeline):
    notes = [
        "Huisbezoek 12-3.\nMoeder vertelt dat Sem niet meer bang is in het donker. Hij slaapt door.",
        "",
        "   \n  ",
        "- Aanwezig: pv, pm en ondergetekende\n- S: Lisa huilt als mama weggaat?!",
    ]
    docs = list(base_pipeline.pipe(notes))
    extractor = FeatureExtractor(Lexicon(base_pipeline))
    batch = extractor.rows(docs)
    singles = [FeatureExtractor(Lexicon(base_pipeline)).rows([doc]) for doc in docs]
    assert batch.matrix.shape[0] == sum(s.matrix.shape[0] for s in singles) >= 4
    assert (batch.matrix != sparse.vstack([s.matrix for s in singles], format="csr")).nnz == 0
    assert batch.doc.tolist() == [i for i, s in enumerate(singles) for _ in range(s.matrix.shape[0])]
    # rows cover sentences with text only, trimmed, and their character offsets point at them
    for index, start_char, end_char in zip(batch.doc, batch.start_char, batch.end_char, strict=True):
        text = notes[index][start_char:end_char]
        assert text and text == text.strip()


def test_same_text_same_features(base_pipeline):
    text = "mw. geeft aan dat ze geen grenzen durft te stellen"
    assert columns(base_pipeline, text) == columns(base_pipeline, text)
