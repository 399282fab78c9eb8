"""Regression cases (a data file with ids) that the shipped model must get right.

A case with ``"status": "known-failure"`` documents a behaviour the model does not have
yet; it runs as a strict xfail, so the suite says so the moment it starts passing.
"""

import json
from pathlib import Path

import pytest

CASES = [
    json.loads(line)
    for line in (Path(__file__).parent / "cases.jsonl").read_text(encoding="utf-8").splitlines()
    if line.strip()
]


def _param(case: dict) -> object:
    marks = [pytest.mark.xfail(strict=True, reason=case["why"])] if case["status"] == "known-failure" else []
    return pytest.param(case, id=case["id"], marks=marks)


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_regression_case(pipeline, case):
    doc = pipeline(case["text"])
    spans = list(doc.spans["bouwstenen"])
    assert len(spans) == 1, case["id"]
    assert (spans[0].label_, spans[0]._.subject) == (case["label"], case["subject"]), f"{case['id']}: {case['why']}"


def test_case_file_is_well_formed():
    from nlp.scheme import LABELS

    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids))
    for case in CASES:
        assert case["label"] in LABELS and case["status"] in {"pass", "known-failure"}
        assert (case["subject"] is None) == (case["label"] == "none")
