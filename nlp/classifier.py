"""The scikit-learn estimators: the sentence classifier and the source-passage ranker."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction import FeatureHasher
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import normalize
from sklearn.svm import LinearSVC

from nlp.features import Features
from nlp.scheme import NONE

SEPARATOR = "|"


def joint_label(label: str, subject: str | None) -> str:
    """Combine a label and subject into one class, e.g. ``B3-|kind``; ``none`` stays ``none``."""
    return NONE if label == NONE else f"{label}{SEPARATOR}{subject}"


def split_joint(joint: str) -> tuple[str, str | None]:
    """Split a joint class back into label and subject."""
    if joint == NONE:
        return NONE, None
    label, subject = joint.split(SEPARATOR)
    return label, subject


def as_matrix(features: Sequence[Features]) -> np.ndarray:
    """Stack feature pairs (two token lists each) into the 2-column object array the pipelines expect."""
    matrix = np.empty((len(features), 2), dtype=object)
    for row, (words, cues) in enumerate(features):
        matrix[row, 0] = words
        matrix[row, 1] = cues
    return matrix


HASH_FEATURES = 2**22


class SeenColumns(TransformerMixin, BaseEstimator):
    """Keep only the columns that were non-zero in training (stores just their indices)."""

    def fit(self, X, y=None) -> SeenColumns:
        """Remember the columns with any non-zero value."""
        self.columns_ = np.unique(sparse.csr_matrix(X).indices).astype(np.int32)
        return self

    def transform(self, X):
        """The kept columns of ``X``."""
        return sparse.csr_matrix(X)[:, self.columns_]


def _token_vectorizer(sublinear_tf: bool = True) -> Pipeline:
    """Lists of feature tokens → tf-idf, via feature hashing (fast at tag time).

    Only columns seen in training are kept, so the model stays as small as a vocabulary.
    """
    return Pipeline(
        [
            (
                "hash",
                FeatureHasher(n_features=HASH_FEATURES, input_type="string", alternate_sign=False, dtype=np.float32),
            ),
            ("seen", SeenColumns()),
            ("tfidf", TfidfTransformer(sublinear_tf=sublinear_tf)),
        ]
    )


class BouwsteenClassifier(ClassifierMixin, BaseEstimator):
    """Classify sentences into label × subject, with a threshold for ``none``.

    The classes are joint (``B3-|kind`` … ``none``), so the subject is predicted
    together with the block and pole. A sentence is tagged only when the calibrated
    probability that it is not ``none`` reaches ``tag_threshold``.

    Parameters
    ----------
    C
        Regularisation of the linear SVM.
    cue_weight
        Weight of the sentence-level cue features relative to the words.
    tag_threshold
        Minimum ``1 - P(none)`` to tag a sentence.
    calibration_folds
        Folds for the sigmoid calibration.
    random_state
        Seed for the folds and the SVM.
    """

    def __init__(
        self,
        C: float = 0.5,
        cue_weight: float = 0.6,
        tag_threshold: float = 0.5,
        calibration_folds: int = 5,
        random_state: int = 13,
    ) -> None:
        self.C = C
        self.cue_weight = cue_weight
        self.tag_threshold = tag_threshold
        self.calibration_folds = calibration_folds
        self.random_state = random_state

    def _pipeline(self) -> Pipeline:
        features = ColumnTransformer(
            [
                ("words", _token_vectorizer(), 0),
                ("cues", _token_vectorizer(sublinear_tf=False), 1),
            ],
            transformer_weights={"words": 1.0, "cues": self.cue_weight},
        )
        svm = LinearSVC(C=self.C, class_weight="balanced", random_state=self.random_state)
        folds = StratifiedKFold(self.calibration_folds, shuffle=True, random_state=self.random_state)
        calibrated = CalibratedClassifierCV(svm, method="sigmoid", cv=folds, ensemble=False)
        return Pipeline([("features", features), ("model", calibrated)])

    def fit(self, X: np.ndarray, y: Sequence[str], sample_weight: Sequence[float] | None = None) -> BouwsteenClassifier:
        """Learn from feature rows ``X`` and joint classes ``y`` (optionally weighted per row)."""
        params = {} if sample_weight is None else {"model__sample_weight": np.asarray(sample_weight, dtype=float)}
        self.pipeline_ = self._pipeline().fit(X, np.asarray(y), **params)
        self.classes_ = self.pipeline_.classes_
        joint = [split_joint(c) for c in self.classes_]
        self.labels_ = [*sorted({label for label, _ in joint if label != NONE}), NONE]
        self.label_of_class_ = np.array([self.labels_.index(label) for label, _ in joint])
        self.subject_of_class_ = np.array([subject or "" for _, subject in joint], dtype=object)
        return self

    def predict_proba(self, X: np.ndarray) -> np.ndarray:
        """Calibrated probabilities of the joint classes (columns in ``classes_`` order)."""
        return self.pipeline_.predict_proba(X)

    def predict_tags(self, X: np.ndarray, tag_threshold: float | None = None) -> list[tuple[str, str | None, float]]:
        """Label, subject and confidence per row, with ``none`` below the threshold.

        Parameters
        ----------
        X
            Feature rows (see :func:`as_matrix`).
        tag_threshold
            Overrides the fitted ``tag_threshold`` when given.

        Returns
        -------
        list of tuple
            ``(label, subject, score)``; ``score`` is the probability of the label
            (for ``none``: of ``none``).
        """
        threshold = self.tag_threshold if tag_threshold is None else tag_threshold
        if len(X) == 0:
            return []
        proba = self.predict_proba(X)
        return self.tags_from_proba(proba, threshold)

    def tags_from_proba(self, proba: np.ndarray, threshold: float) -> list[tuple[str, str | None, float]]:
        """Apply the ``none`` threshold to joint probabilities."""
        n_labels = len(self.labels_)
        to_label = np.zeros((proba.shape[1], n_labels))
        to_label[np.arange(proba.shape[1]), self.label_of_class_] = 1.0
        marginal = proba @ to_label
        none_label = n_labels - 1
        best = np.argmax(marginal[:, :none_label], axis=1)
        # within the best label, the most probable subject: mask the other labels' classes
        in_best = self.label_of_class_[None, :] == best[:, None]
        column = np.argmax(np.where(in_best, proba, -1.0), axis=1)
        p_none = marginal[:, none_label]
        tagged = 1.0 - p_none >= threshold
        best_p = marginal[np.arange(len(best)), best]
        labels, subjects = list(self.labels_), [s or None for s in self.subject_of_class_.tolist()]
        return [
            (labels[b], subjects[c], float(p)) if t else (NONE, None, float(q))
            for b, c, p, q, t in zip(
                best.tolist(), column.tolist(), best_p.tolist(), p_none.tolist(), tagged.tolist(), strict=True
            )
        ]

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Joint class per row, ``none`` below the threshold."""
        return np.array([joint_label(label, subject) for label, subject, _ in self.predict_tags(X)], dtype=object)


class CentroidScorer(ClassifierMixin, BaseEstimator):
    """Cosine similarity of rows to the l2-normalised mean of each class (sparse throughout)."""

    def fit(self, X, y: Sequence[str]) -> CentroidScorer:
        """Learn one normalised centroid per class."""
        y = np.asarray(y)
        self.classes_ = np.unique(y)
        rows = []
        for label in self.classes_:
            centroid = sparse.csr_matrix(X[np.flatnonzero(y == label)].mean(axis=0))
            rows.append(centroid)
        self.centroids_ = normalize(sparse.vstack(rows).tocsr())
        return self

    def decision_function(self, X) -> np.ndarray:
        """Similarity of each row to each class centroid."""
        return np.asarray((X @ self.centroids_.T).todense())

    def predict(self, X) -> np.ndarray:
        """The most similar class per row."""
        return self.classes_[np.argmax(self.decision_function(X), axis=1)]


class CueRanker(BaseEstimator):
    """Rank the knowledge-base cues for a tagged sentence by nearest centroid (cosine)."""

    def fit(self, X: np.ndarray, y: Sequence[str]) -> CueRanker:
        """Learn one centroid per cue id from feature rows ``X``."""
        self.pipeline_ = Pipeline(
            [
                ("features", ColumnTransformer([("words", _token_vectorizer(), 0)])),
                ("centroids", CentroidScorer()),
            ]
        ).fit(X, np.asarray(y))
        self.classes_ = self.pipeline_.classes_
        self.columns_ = {}
        for i, cue in enumerate(self.classes_):
            self.columns_.setdefault(cue.split(":", 1)[0] + ":", []).append(i)
        return self

    def best(self, X: np.ndarray, prefixes: Sequence[str]) -> list[str | None]:
        """The best cue per row among cues whose id starts with that row's prefix (e.g. ``B3-kind:``)."""
        if len(X) == 0:
            return []
        scores = self.pipeline_.decision_function(X)
        out: list[str | None] = []
        for row, prefix in enumerate(prefixes):
            columns = self.columns_.get(prefix)
            if not columns:
                out.append(None)
                continue
            out.append(self.classes_[columns[int(np.argmax(scores[row, columns]))]])
        return out
