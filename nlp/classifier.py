"""The scikit-learn estimators: the sentence classifier and the source-passage ranker."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import normalize
from sklearn.svm import LinearSVC

from nlp.features import CUE_COLUMNS, WORD_COLUMNS
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


class SeenColumns(TransformerMixin, BaseEstimator):
    """Keep the hashed columns of one range that were non-zero in training (stores just their indices).

    Parameters
    ----------
    start, stop
        The range of columns to choose from, e.g. the word or the cue half of the hashed space.
    """

    def __init__(self, start: int = 0, stop: int | None = None) -> None:
        self.start = start
        self.stop = stop

    def fit(self, X, y=None) -> SeenColumns:
        """Remember the columns in range with any non-zero value."""
        X = sparse.csr_matrix(X)
        stop = X.shape[1] if self.stop is None else self.stop
        seen = np.unique(X.indices[X.data != 0]).astype(np.int64)
        self.columns_ = seen[(seen >= self.start) & (seen < stop)]
        return self

    def transform(self, X) -> sparse.csr_matrix:
        """The kept columns of ``X``, numbered in the order of ``columns_``."""
        X = sparse.csr_matrix(X)
        X.sort_indices()
        stop = X.shape[1] if self.stop is None else self.stop
        in_range = (X.indices >= self.start) & (X.indices < stop)
        place = np.full(len(X.indices), -1, dtype=np.int64)
        place[in_range] = self._lookup(stop)[X.indices[in_range] - self.start]
        kept = place >= 0
        counts = np.concatenate([[0], np.cumsum(kept)])
        return sparse.csr_matrix(
            (X.data[kept], place[kept], counts[X.indptr]), shape=(X.shape[0], len(self.columns_)), dtype=X.dtype
        )

    def _lookup(self, stop: int) -> np.ndarray:
        # hashed column → kept column (or -1): one array read per value instead of a binary search
        lookup = self.__dict__.get("_lookup_table")
        if lookup is None:
            lookup = np.full(stop - self.start, -1, dtype=np.int32)
            lookup[self.columns_ - self.start] = np.arange(len(self.columns_), dtype=np.int32)
            self.__dict__["_lookup_table"] = lookup
        return lookup

    def __getstate__(self) -> dict:
        """Pickle without the lookup table (it is rebuilt from ``columns_``)."""
        state = super().__getstate__()
        state.pop("_lookup_table", None)
        return state


def _column_vectorizer(columns: slice, sublinear_tf: bool = True) -> Pipeline:
    """Hashed feature counts in ``columns`` → tf-idf over those seen in training (vocabulary-sized)."""
    return Pipeline(
        [
            ("seen", SeenColumns(columns.start, columns.stop)),
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
        features = FeatureUnion(
            [
                ("words", _column_vectorizer(WORD_COLUMNS)),
                ("cues", _column_vectorizer(CUE_COLUMNS, sublinear_tf=False)),
            ],
            transformer_weights={"words": 1.0, "cues": self.cue_weight},
        )
        svm = LinearSVC(C=self.C, class_weight="balanced", random_state=self.random_state)
        folds = StratifiedKFold(self.calibration_folds, shuffle=True, random_state=self.random_state)
        calibrated = CalibratedClassifierCV(svm, method="sigmoid", cv=folds, ensemble=False)
        return Pipeline([("features", features), ("model", calibrated)])

    def fit(
        self, X: sparse.csr_matrix, y: Sequence[str], sample_weight: Sequence[float] | None = None
    ) -> BouwsteenClassifier:
        """Learn from feature rows ``X`` (:class:`nlp.features.Rows`) and joint classes ``y``, optionally weighted."""
        params = {} if sample_weight is None else {"model__sample_weight": np.asarray(sample_weight, dtype=float)}
        self.pipeline_ = self._pipeline().fit(X, np.asarray(y), **params)
        self.classes_ = self.pipeline_.classes_
        joint = [split_joint(c) for c in self.classes_]
        self.labels_ = [*sorted({label for label, _ in joint if label != NONE}), NONE]
        self.label_of_class_ = np.array([self.labels_.index(label) for label, _ in joint])
        self.subject_of_class_ = np.array([subject or "" for _, subject in joint], dtype=object)
        return self

    def predict_proba(self, X: sparse.csr_matrix) -> np.ndarray:
        """Calibrated probabilities of the joint classes (columns in ``classes_`` order)."""
        return self.pipeline_.predict_proba(X)

    def predict_tags(
        self, X: sparse.csr_matrix, tag_threshold: float | None = None
    ) -> list[tuple[str, str | None, float]]:
        """Label, subject and confidence per row, with ``none`` below the threshold.

        Parameters
        ----------
        X
            Feature rows (see :class:`nlp.features.FeatureExtractor`).
        tag_threshold
            Overrides the fitted ``tag_threshold`` when given.

        Returns
        -------
        list of tuple
            ``(label, subject, score)``; ``score`` is the probability of the label
            (for ``none``: of ``none``).
        """
        threshold = self.tag_threshold if tag_threshold is None else tag_threshold
        if X.shape[0] == 0:
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

    def predict(self, X: sparse.csr_matrix) -> np.ndarray:
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

    def decision_function(self, X, classes: Sequence[int] | None = None) -> np.ndarray:
        """Similarity of each row to each class centroid (or to the centroids of ``classes`` only)."""
        centroids = self.centroids_ if classes is None else self.centroids_[np.asarray(classes)]
        return (X @ centroids.T).toarray()

    def predict(self, X) -> np.ndarray:
        """The most similar class per row."""
        return self.classes_[np.argmax(self.decision_function(X), axis=1)]


class CueRanker(BaseEstimator):
    """Rank the knowledge-base cues for a tagged sentence by nearest centroid (cosine)."""

    def fit(self, X: sparse.csr_matrix, y: Sequence[str]) -> CueRanker:
        """Learn one centroid per cue id from feature rows ``X``."""
        self.pipeline_ = Pipeline(
            [
                ("features", _column_vectorizer(WORD_COLUMNS)),
                ("centroids", CentroidScorer()),
            ]
        ).fit(X, np.asarray(y))
        self.classes_ = self.pipeline_.classes_
        self.columns_ = {}
        for i, cue in enumerate(self.classes_):
            self.columns_.setdefault(cue.split(":", 1)[0] + ":", []).append(i)
        return self

    def best(self, X: sparse.csr_matrix, prefixes: Sequence[str]) -> list[str | None]:
        """The best cue per row among cues whose id starts with that row's prefix (e.g. ``B3-kind:``)."""
        if X.shape[0] == 0:
            return []
        features, scorer = self.pipeline_[:-1].transform(X), self.pipeline_[-1]
        out: list[str | None] = [None] * len(prefixes)
        rows_of: dict[str, list[int]] = {}
        for row, prefix in enumerate(prefixes):
            rows_of.setdefault(prefix, []).append(row)
        for prefix, rows in rows_of.items():
            columns = self.columns_.get(prefix)
            if columns:  # only this prefix's cues are compared: a fraction of the work
                best = np.argmax(scorer.decision_function(features[rows], columns), axis=1)
                for row, column in zip(rows, best.tolist(), strict=True):
                    out[row] = self.classes_[columns[column]]
        return out
