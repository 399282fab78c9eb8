"""Importing a team's labelled sentences: formats, the label mapping, validation, the split by note."""

from __future__ import annotations

import json

import pytest

from training.corpus import Example
from training.imports import normalise_label, read_labelled_file
from training.retrain import split_by_note
from training.validate import validate

S1 = "Jgd. Milan trok zich na het tel. gesprek met m. terug op zijn kamer en wilde niet praten."
S2 = "Om 15.30u bzk van v. gepland; gl. regelt vervoer."
S3 = "Ivo vroeg gl. uit zichzelf om hulp bij zijn planning voor school."


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("B3-", ("B3-", None)),
        ("b3−", ("B3-", None)),
        ("3-", ("B3-", None)),
        ("Onzekerheid", ("B3-", None)),
        ("bouwsteen 3 negatief", ("B3-", None)),
        ("Bouwsteen 4 positief", ("B4+", None)),
        ("Toevertrouwen", ("B2+", None)),
        ("B5+ kind", ("B5+", "kind")),
        ("B1-|ouder", ("B1-", "ouder")),
        ("geen bouwsteen", ("none", None)),
        ("NONE", ("none", None)),
        ("B6+", (None, None)),
        ("angstig", (None, None)),
        ("", (None, None)),
    ],
)
def test_one_explicit_mapping_onto_the_scheme(raw, expected):
    assert normalise_label(raw) == expected


def test_own_jsonl_csv_doccano_and_label_studio_read_the_same(tmp_path):
    own = tmp_path / "eigen.jsonl"
    own.write_text(
        "\n".join(
            json.dumps(r, ensure_ascii=False)
            for r in [
                {"text": S1, "label": "B4-", "subject": "kind", "note": "n1"},
                {"text": S2, "label": "none", "subject": None, "note": "n1"},
            ]
        ),
        encoding="utf-8",
    )
    table = tmp_path / "export.csv"
    table.write_bytes(f'text;label;subject;note\n"{S1}";Eenzaamheid;jongere;n1\n"{S2}";geen;;n1\n'.encode("cp1252"))
    doccano = tmp_path / "doccano.jsonl"
    doccano.write_text(
        json.dumps({"id": 7, "text": S1, "label": ["B4-", "kind"]})
        + "\n"
        + json.dumps({"id": 8, "text": S2, "label": []}),
        encoding="utf-8",
    )
    studio = tmp_path / "labelstudio.json"
    studio.write_text(
        json.dumps(
            [
                {
                    "id": 1,
                    "data": {"text": S1, "note": "n1"},
                    "annotations": [{"result": [{"value": {"choices": ["B4-"]}}, {"value": {"choices": ["kind"]}}]}],
                },
                {"id": 2, "data": {"text": S2}, "annotations": [{"result": [{"value": {"choices": ["none"]}}]}]},
            ]
        ),
        encoding="utf-8",
    )
    for path in (own, table, studio):
        rows, bad = read_labelled_file(path)
        assert bad == []
        assert [(r.text, r.label, r.subject) for r in rows] == [(S1, "B4-", "kind"), (S2, "none", None)], path.name
    rows, _ = read_labelled_file(doccano)
    assert (rows[0].label, rows[0].subject) == ("B4-", "kind")
    assert rows[1].label is None  # doccano row without a label


def test_validation_lists_problems_by_line_without_quoting_text(tmp_path):
    lines = [
        {"text": S1, "label": "B4-", "subject": "kind"},
        {"text": S1, "label": "B4-", "subject": "kind"},  # duplicate
        {"text": S3, "label": "B2+", "subject": "kind"},
        {"text": S3.upper(), "label": "B3+", "subject": "kind"},  # conflict (same text)
        {"text": "  ", "label": "none"},  # empty
        {"text": S2, "label": "Hechting", "subject": None},  # unknown label
        {"text": S1 + " Daarna at hij mee.", "label": "B4-"},  # subject missing
    ]
    path = tmp_path / "team.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in lines) + "\nnot json\n", encoding="utf-8")
    rows, bad = read_labelled_file(path)
    report = validate(rows, bad)
    text = "\n".join(report.lines())
    assert f"{path}:6: unknown label 'Hechting'" in text
    assert f"{path}:7: label B4- needs a subject" in text
    assert f"{path}:8: not valid JSON" in text
    assert f"{path}:2: duplicate of {path}:1" in text
    assert f"{path}:3, {path}:4: the same text with conflicting labels (B2+ kind, B3+ kind)" in text
    assert f"{path}:5: empty text" in text
    assert "fewer than 10 examples" in text
    assert not report.ok and len(report.errors) == 3
    assert [e.text for e in report.examples] == [S1]
    for sentence in (S1, S2, S3):
        assert sentence not in text


def test_not_dutch_and_imbalance_are_warnings_only():
    from training.imports import Row

    english = "The young person went to his room after the phone call and did not want to talk to anyone."
    rows = [Row(f"f:{i}", f"{S2} ({i})", "none", None, f"n{i}", "none", None) for i in range(60)]
    rows += [
        Row("f:61", S1, "B4-", "kind", "n61", "B4-", "kind"),
        Row("f:62", english, "none", None, "n62", "none", None),
    ]
    report = validate(rows)
    assert report.ok
    assert any("f:62: does not look Dutch" in w for w in report.warnings)
    assert any("strong imbalance" in w for w in report.warnings)


def test_held_out_split_keeps_every_note_on_one_side():
    labels = ["none", "B1+", "B2-", "B3+", "B4-"]
    examples = [
        Example(f"zin {i}", labels[i % 5], None if i % 5 == 0 else "kind", note=f"n{i // 6}") for i in range(240)
    ]
    train, held = split_by_note(examples, folds=4, seed=13)
    assert len(train) + len(held) == 240 and 40 <= len(held) <= 80
    assert not {e.note for e in train} & {e.note for e in held}
    assert split_by_note(examples, folds=4, seed=13) == (train, held)
    assert {e.label for e in held} == set(labels)
