"""Metrics for sentence tags: per class, none detection, block/pole/subject accuracy."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

from nlp.scheme import LABELS, NONE, parse_label


def tag_metrics(
    gold: Sequence[tuple[str, str | None]],
    predicted: Sequence[tuple[str, str | None]],
    alternatives: Sequence[str | None] | None = None,
) -> dict[str, Any]:
    """Compare predicted (label, subject) pairs with the gold ones.

    Returns
    -------
    dict
        ``per_class`` (precision/recall/F1/support for the 11 labels), ``macro_f1``,
        ``none_detection`` (precision/recall/F1 of ``none`` against any tag),
        ``block_accuracy``, ``pole_accuracy`` and ``subject_accuracy`` on the sentences
        both gold and model tagged, and the ``confusion`` matrix in ``LABELS`` order.
    """
    y_true = [label for label, _ in gold]
    y_pred = [label for label, _ in predicted]
    precision, recall, f1, support = precision_recall_fscore_support(
        y_true, y_pred, labels=list(LABELS), zero_division=0
    )
    per_class = {
        label: {"precision": float(p), "recall": float(r), "f1": float(f), "support": int(s)}
        for label, p, r, f, s in zip(LABELS, precision, recall, f1, support, strict=True)
    }
    binary_true = [label == NONE for label in y_true]
    binary_pred = [label == NONE for label in y_pred]
    p, r, f, _ = precision_recall_fscore_support(binary_true, binary_pred, average="binary", zero_division=0)
    both = [(g, p_) for g, p_ in zip(gold, predicted, strict=True) if g[0] != NONE and p_[0] != NONE]
    block = sum(parse_label(g[0]).block == parse_label(q[0]).block for g, q in both)
    pole = sum(parse_label(g[0]).pole == parse_label(q[0]).pole for g, q in both)
    subject = sum(g[1] == q[1] for g, q in both)
    n = max(len(both), 1)
    extra: dict[str, float] = {}
    if alternatives is not None:
        exact = sum(t == q for t, q in zip(y_true, y_pred, strict=True))
        lenient = sum(q in (t, a) for t, q, a in zip(y_true, y_pred, alternatives, strict=True))
        extra = {
            "label_accuracy": exact / max(len(y_true), 1),
            "label_accuracy_with_alt": lenient / max(len(y_true), 1),
        }
    return {
        **extra,
        "n": len(gold),
        "per_class": per_class,
        "macro_f1": float(sum(f1) / len(LABELS)),
        "none_detection": {"precision": float(p), "recall": float(r), "f1": float(f)},
        "tagged_both": len(both),
        "block_accuracy": block / n,
        "pole_accuracy": pole / n,
        "subject_accuracy": subject / n,
        "confusion": confusion_matrix(y_true, y_pred, labels=list(LABELS)).tolist(),
    }


def format_report(metrics: dict[str, Any], title: str = "") -> str:
    """A plain-text report of :func:`tag_metrics` output."""
    lines = [title] if title else []
    lines.append(f"{'class':<6} {'prec':>6} {'recall':>6} {'F1':>6} {'n':>5}")
    for label, row in metrics["per_class"].items():
        lines.append(f"{label:<6} {row['precision']:>6.3f} {row['recall']:>6.3f} {row['f1']:>6.3f} {row['support']:>5}")
    nd = metrics["none_detection"]
    lines += [
        f"macro-F1 (11 classes): {metrics['macro_f1']:.3f}",
        f"none detection: precision {nd['precision']:.3f} recall {nd['recall']:.3f} F1 {nd['f1']:.3f}",
        f"on {metrics['tagged_both']} sentences tagged by both: block accuracy {metrics['block_accuracy']:.3f}, "
        f"pole accuracy {metrics['pole_accuracy']:.3f}, subject accuracy {metrics['subject_accuracy']:.3f}",
        "confusion (rows gold, columns predicted): " + " ".join(LABELS),
    ]
    if "label_accuracy" in metrics:
        lines.insert(
            -1,
            f"label accuracy {metrics['label_accuracy']:.3f}; counting the annotators' alternative label "
            f"as right too: {metrics['label_accuracy_with_alt']:.3f}",
        )
    for label, row in zip(LABELS, metrics["confusion"], strict=True):
        lines.append(f"{label:<6} " + " ".join(f"{v:>4}" for v in row))
    return "\n".join(lines)
