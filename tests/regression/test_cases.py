"""Regression cases (data file with ids): the shipped model must keep getting these right."""

import json
from pathlib import Path

import pytest

CASES = [json.loads(line) for line in (Path(__file__).parent / "cases.jsonl").read_text(encoding="utf-8").splitlines()
         if line.strip()]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_regression_case(pipeline, case):
    doc = pipeline(case["text"])
    spans = list(doc.spans["bouwstenen"])
    assert len(spans) == 1, case["id"]
    span = spans[0]
    assert (span.label_, span._.subject) == (case["label"], case["subject"]), f"{case['id']}: {case['why']}"
