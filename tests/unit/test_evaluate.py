"""Metrics: per class, none detection, block/pole/subject accuracy, alternatives."""

import pytest

from training.evaluate import format_report, tag_metrics

GOLD = [("B1+", "kind"), ("B1-", "kind"), ("B3-", "ouder"), ("none", None), ("none", None), ("B5-", "kind")]
PRED = [("B1+", "kind"), ("B1+", "kind"), ("B4-", "ouder"), ("none", None), ("B2+", "ouder"), ("none", None)]


def test_accuracies_are_computed_on_sentences_both_tagged():
    metrics = tag_metrics(GOLD, PRED)
    assert metrics["tagged_both"] == 3
    assert metrics["block_accuracy"] == pytest.approx(2 / 3)  # B1+/B1+, B1-/B1+ right block; B3-/B4- wrong
    assert metrics["pole_accuracy"] == pytest.approx(2 / 3)  # B1- read as B1+
    assert metrics["subject_accuracy"] == 1.0


def test_none_detection_and_per_class_scores():
    metrics = tag_metrics(GOLD, PRED)
    nd = metrics["none_detection"]
    assert nd["precision"] == pytest.approx(1 / 2) and nd["recall"] == pytest.approx(1 / 2)
    assert metrics["per_class"]["B1+"] == {"precision": 0.5, "recall": 1.0, "f1": pytest.approx(2 / 3), "support": 1}
    assert metrics["per_class"]["B2-"]["support"] == 0
    assert sum(map(sum, metrics["confusion"])) == len(GOLD)


def test_alternative_labels_count_only_in_the_lenient_accuracy():
    alternatives = [None, "B1+", "B4-", None, None, None]
    metrics = tag_metrics(GOLD, PRED, alternatives)
    assert metrics["label_accuracy"] == pytest.approx(2 / 6)
    assert metrics["label_accuracy_with_alt"] == pytest.approx(4 / 6)
    assert "alternative label" in format_report(metrics)
