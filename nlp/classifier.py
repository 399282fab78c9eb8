"""The scikit-learn estimators: the sentence classifier and the source-passage ranker."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import StratifiedKFold
from sklearn.neighbors import NearestCentroid
from sklearn.pipeline import Pipeline
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
    """Stack feature pairs into the 2-column object array the pipelines expect."""
    matrix = np.empty((len(features), 2), dtype=object)
    for row, (words, cues) in enumerate(features):
        matrix[row, 0] = words
        matrix[row, 1] = cues
    return matrix


def _split(text: str) -> list[str]:
    return text.split()


def _word_vectorizer(ngram_range: tuple[int, int], min_df: int) -> TfidfVectorizer:
    return TfidfVectorizer(
        tokenizer=_split, token_pattern=None, lowercase=False, ngram_range=ngram_range,
        min_df=min_df, sublinear_tf=True, dtype=np.float32,
    )


def _cue_vectorizer() -> TfidfVectorizer:
    return TfidfVectorizer(tokenizer=_split, token_pattern=None, lowercase=False, binary=True, dtype=np.float32)


class BouwsteenClassifier(ClassifierMixin, BaseEstimator):
    """Classify sentences into label × subject, with a threshold for ``none``.

    The classes are joint (``B3-|kind`` … ``none``), so the subject is predicted
    together with the block and pole. A sentence is tagged only when the calibrated
    probability that it is not ``none`` reaches ``tag_threshold``.

    Parameters
    ----------
    C
        Regularisation of the linear SVM.
    word_ngrams
        N-gram range over the lemma string.
    min_df
        Minimum document frequency of a word n-gram.
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
        word_ngrams: tuple[int, int] = (1, 2),
        min_df: int = 1,
        cue_weight: float = 0.6,
        tag_threshold: float = 0.5,
        calibration_folds: int = 5,
        random_state: int = 13,
    ) -> None:
        self.C = C
        self.word_ngrams = word_ngrams
        self.min_df = min_df
        self.cue_weight = cue_weight
        self.tag_threshold = tag_threshold
        self.calibration_folds = calibration_folds
        self.random_state = random_state

    def _pipeline(self) -> Pipeline:
        features = ColumnTransformer(
            [
                ("words", _word_vectorizer(tuple(self.word_ngrams), self.min_df), 0),
                ("cues", _cue_vectorizer(), 1),
            ],
            transformer_weights={"words": 1.0, "cues": self.cue_weight},
        )
        svm = LinearSVC(C=self.C, class_weight="balanced", random_state=self.random_state)
        folds = StratifiedKFold(self.calibration_folds, shuffle=True, random_state=self.random_state)
        calibrated = CalibratedClassifierCV(svm, method="sigmoid", cv=folds, ensemble=False)
        return Pipeline([("features", features), ("model", calibrated)])

    def fit(self, X: np.ndarray, y: Sequence[str]) -> BouwsteenClassifier:
        """Learn from feature rows ``X`` and joint classes ``y``."""
        self.pipeline_ = self._pipeline().fit(X, np.asarray(y))
        self.classes_ = self.pipeline_.classes_
        joint = [split_joint(c) for c in self.classes_]
        self.labels_ = sorted({label for label, _ in joint if label != NONE}) + [NONE]
        self.none_index_ = int(np.flatnonzero(self.classes_ == NONE)[0])
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
        marginal = np.zeros((proba.shape[0], n_labels))
        for column, label_index in enumerate(self.label_of_class_):
            marginal[:, label_index] += proba[:, column]
        none_label = n_labels - 1
        out: list[tuple[str, str | None, float]] = []
        for row in range(proba.shape[0]):
            p_none = marginal[row, none_label]
            if 1.0 - p_none < threshold:
                out.append((NONE, None, float(p_none)))
                continue
            best = int(np.argmax(marginal[row, :none_label]))
            columns = np.flatnonzero(self.label_of_class_ == best)
            column = columns[int(np.argmax(proba[row, columns]))]
            out.append((self.labels_[best], self.subject_of_class_[column], float(marginal[row, best])))
        return out

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Joint class per row, ``none`` below the threshold."""
        return np.array([joint_label(label, subject) for label, subject, _ in self.predict_tags(X)], dtype=object)


class CueRanker(BaseEstimator):
    """Rank the knowledge-base cues for a tagged sentence by nearest centroid.

    Parameters
    ----------
    word_ngrams
        N-gram range over the lemma string.
    """

    def __init__(self, word_ngrams: tuple[int, int] = (1, 1)) -> None:
        self.word_ngrams = word_ngrams

    def fit(self, X: np.ndarray, y: Sequence[str]) -> CueRanker:
        """Learn one centroid per cue id from feature rows ``X``."""
        self.pipeline_ = Pipeline(
            [
                ("features", ColumnTransformer([("words", _word_vectorizer(tuple(self.word_ngrams), 1), 0)])),
                ("centroids", NearestCentroid()),
            ]
        ).fit(X, np.asarray(y))
        self.classes_ = self.pipeline_.classes_
        self.index_ = {cue: i for i, cue in enumerate(self.classes_)}
        return self

    def best(self, X: np.ndarray, prefixes: Sequence[str]) -> list[str | None]:
        """The best cue per row among cues whose id starts with that row's prefix (e.g. ``B3-kind:``)."""
        if len(X) == 0:
            return []
        scores = self.pipeline_.decision_function(X)
        out: list[str | None] = []
        for row, prefix in enumerate(prefixes):
            columns = [i for cue, i in self.index_.items() if cue.startswith(prefix)]
            if not columns:
                out.append(None)
                continue
            out.append(self.classes_[max(columns, key=lambda c: scores[row, c])])
        return out
