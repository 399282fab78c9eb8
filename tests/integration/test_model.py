"""Model folders: tagging through the Python API, integrity and version checks, reproducibility."""

import json
import shutil
from pathlib import Path

import pytest

import nlp
from nlp.model import ModelError, verify
from nlp.scheme import LABELS

NOTE = (Path(__file__).resolve().parents[2] / "data" / "examples" / "voorbeeld.txt").read_text(encoding="utf-8")


def test_python_api_tags_every_sentence_with_the_documented_attributes(pipeline):
    doc = pipeline(NOTE)
    spans = list(doc.spans[nlp.SPANS_KEY])
    assert len(spans) == 9
    for span in spans:
        assert span.label_ in LABELS
        assert 0.0 <= span._.score <= 1.0
        if span.label_ == "none":
            assert span._.block is None and span._.subject is None and span._.source is None
        else:
            assert span._.block == int(span.label_[1]) and span._.pole == span.label_[2]
            assert span._.subject in {"kind", "ouder"}
            source = span._.source
            assert source["title"].startswith(f"Bouwsteen {span._.block}")
            text = (Path(__file__).resolve().parents[2] / "data" / "source" / source["file"]).read_text(
                encoding="utf-8"
            )
            assert " ".join(text[source["start"] : source["end"]].split()) == source["quote"]
    assert sum(s.label_ != "none" for s in spans) >= 4
    assert spans[0].label_ == "none" and spans[-2].label_ == "none"  # header and an appointment


def test_tampered_extra_or_missing_files_are_refused_before_loading(default_model_dir, tmp_path):
    copy = tmp_path / "model"
    shutil.copytree(default_model_dir, copy)
    verify(copy)
    target = copy / "pipeline" / "bouwsteen_tagger" / "model.joblib"
    target.write_bytes(target.read_bytes() + b"x")
    with pytest.raises(ModelError, match="sha256"):
        nlp.load(copy)
    target.unlink()
    with pytest.raises(ModelError, match="missing"):
        nlp.load(copy)
    with pytest.raises(ModelError, match="no model"):
        nlp.load(tmp_path / "leeg")


def test_model_made_with_other_library_versions_is_refused(default_model_dir, tmp_path):
    copy = tmp_path / "model"
    shutil.copytree(default_model_dir, copy)
    meta = json.loads((copy / "meta.json").read_text())
    meta["versions"]["scikit-learn"] = "0.24.2"
    (copy / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(ModelError, match=r"scikit-learn 0\.24\.2"):
        nlp.load(copy)


def test_metadata_records_data_hash_versions_and_development_figures(default_model_dir):
    meta = verify(default_model_dir)
    assert len(meta["training_data_sha256"]) == 64
    assert meta["labels"] == list(LABELS)
    assert set(meta["development"]["per_class_f1"]) == set(LABELS)
    assert 0.0 < meta["threshold"] < 1.0


@pytest.mark.slow
def test_same_data_and_seed_give_the_same_predictions(default_model_dir, tmp_path):
    from training.train import train

    result = train(output=tmp_path / "again")
    first, second = nlp.load(default_model_dir), nlp.load(result.model_dir)
    texts = [NOTE, "Moeder reageert nauwelijks als Liam huilt.", "Afspraak verzet naar dinsdag."]
    for a, b in zip(first.pipe(texts), second.pipe(texts), strict=True):
        assert [(s.label_, s._.subject, s._.score, s._.source) for s in a.spans["bouwstenen"]] == [
            (s.label_, s._.subject, s._.score, s._.source) for s in b.spans["bouwstenen"]
        ]
