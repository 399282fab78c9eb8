"""The tagger component: classifies every sentence and writes ``doc.spans["bouwstenen"]``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import joblib
from spacy.language import Language
from spacy.tokens import Doc, Span

from nlp.classifier import BouwsteenClassifier, CueRanker
from nlp.features import FeatureExtractor
from nlp.knowledge import KnowledgeBase, load_knowledge
from nlp.language import LEMMATIZER_FACTORY
from nlp.scheme import NONE, parse_label

TAGGER_FACTORY = "bouwsteen_tagger"
SPANS_KEY = "bouwstenen"
EXT_RESULT = "bouwsteen"
EXT_DOC_RESULTS = "bouwsteen_results"
EXT_BLOCK, EXT_POLE, EXT_SUBJECT, EXT_SCORE, EXT_SOURCE = "block", "pole", "subject", "score", "source"
MODEL_FILE = "model.joblib"


@dataclass(frozen=True)
class TagResult:
    """What the tagger found for one sentence (its span carries the same label and range)."""

    label: str
    subject: str | None
    score: float
    source: dict[str, Any] | None
    start_char: int
    end_char: int


def _result(span: Span) -> TagResult | None:
    results = span.doc._.get(EXT_DOC_RESULTS)
    return None if results is None else results.get((span.start, span.end))


def _register_extensions() -> None:
    if Span.has_extension(EXT_RESULT):
        return
    # One mapping per doc, (start token, end token) → result: cheaper than a value per span.
    Doc.set_extension(EXT_DOC_RESULTS, default=None)
    Span.set_extension(EXT_RESULT, getter=_result)
    Span.set_extension(EXT_BLOCK, getter=lambda s: parse_label(s.label_).block)
    Span.set_extension(EXT_POLE, getter=lambda s: parse_label(s.label_).pole)
    Span.set_extension(EXT_SUBJECT, getter=lambda s: r.subject if (r := _result(s)) else None)
    Span.set_extension(EXT_SCORE, getter=lambda s: r.score if (r := _result(s)) else None)
    Span.set_extension(EXT_SOURCE, getter=lambda s: r.source if (r := _result(s)) else None)


_register_extensions()


class Lexicon:
    """Lower-case words the lemma table knows (inflected forms and lemmas)."""

    def __init__(self, pipeline: Language) -> None:
        lemmatizer = pipeline.get_pipe(LEMMATIZER_FACTORY)
        self._lemma_of = lemmatizer.lemma_of
        self._lemmas = frozenset(self._lemma_of.values())
        self._strings = pipeline.vocab.strings

    def __contains__(self, word: object) -> bool:
        return word in self._lemmas or (
            isinstance(word, str) and word in self._strings and self._strings.as_int(word) in self._lemma_of
        )


class BouwsteenTagger:
    """Tag each sentence with a building block, pole and subject, and link its source.

    Parameters
    ----------
    pipeline
        The pipeline this component belongs to (its lemma table marks names).
    spans_key
        Key in ``doc.spans`` for the sentence tags.
    tag_threshold
        Overrides the classifier's threshold for tagging a sentence; ``None`` keeps it.
    """

    def __init__(self, pipeline: Language, *, spans_key: str = SPANS_KEY, tag_threshold: float | None = None) -> None:
        self.pipeline = pipeline
        self.spans_key = spans_key
        self.tag_threshold = tag_threshold
        self.classifier: BouwsteenClassifier | None = None
        self.ranker: CueRanker | None = None
        self._features: FeatureExtractor | None = None
        self._knowledge: KnowledgeBase | None = None
        self._sources: dict[tuple[str, str, str | None], dict[str, Any]] = {}

    @property
    def features(self) -> FeatureExtractor:
        """The feature extractor, with the words the lemma table knows (built on first use)."""
        if self._features is None:
            self._features = FeatureExtractor(Lexicon(self.pipeline))
        return self._features

    @property
    def knowledge(self) -> KnowledgeBase:
        """The knowledge base the sources are taken from."""
        if self._knowledge is None:
            self._knowledge = load_knowledge()
        return self._knowledge

    def set_model(self, classifier: BouwsteenClassifier, ranker: CueRanker) -> None:
        """Attach fitted estimators."""
        self.classifier, self.ranker = classifier, ranker

    def __call__(self, doc: Doc) -> Doc:
        """Tag one doc."""
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        """Tag docs in batches: one classifier call per batch."""
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._tag_batch(batch)
                batch = []
        if batch:
            yield from self._tag_batch(batch)

    def _tag_batch(self, docs: list[Doc]) -> list[Doc]:
        if self.classifier is None or self.ranker is None:
            raise RuntimeError("the bouwsteen tagger has no model: load one with nlp.load()")
        rows = self.features.rows(docs)
        X = rows.matrix
        tags = self.classifier.predict_tags(X, self.tag_threshold)
        tagged = [i for i, (label, _, _) in enumerate(tags) if label != NONE]
        cues = self.ranker.best(X[tagged], [f"{tags[i][0]}{tags[i][1]}:" for i in tagged]) if tagged else []
        cue_of = dict(zip(tagged, cues, strict=True))
        spans: list[list[Span]] = [[] for _ in docs]
        results: list[dict[tuple[int, int], TagResult]] = [{} for _ in docs]
        label_ids = {label: self.pipeline.vocab.strings.add(label) for label in self.classifier.labels_}
        bounds = zip(
            rows.doc.tolist(),
            rows.start.tolist(),
            rows.end.tolist(),
            rows.start_char.tolist(),
            rows.end_char.tolist(),
            strict=True,
        )
        for i, ((index, start, end, start_char, end_char), (label, subject, score)) in enumerate(
            zip(bounds, tags, strict=True)
        ):
            spans[index].append(Span(docs[index], start, end, label=label_ids[label]))
            source = self._source(label, subject, cue_of.get(i)) if label != NONE else None
            results[index][(start, end)] = TagResult(label, subject, round(score, 4), source, start_char, end_char)
        for doc, doc_spans, doc_results in zip(docs, spans, results, strict=True):
            doc.spans[self.spans_key] = doc_spans
            doc._.set(EXT_DOC_RESULTS, doc_results)
        return docs

    def _source(self, label: str, subject: str | None, cue_id: str | None) -> dict[str, Any] | None:
        if subject is None:
            return None
        key = (label, subject, cue_id)
        source = self._sources.get(key)
        if source is None:
            entry = self.knowledge.entry(label, subject)
            cue = next((c for c in entry.cues if c.id == cue_id), entry.cues[0])
            source = {**cue.passage.as_dict(), "title": entry.title, "cue": cue.id, "cue_name": cue.name}
            self._sources[key] = source
        return source

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Save the fitted estimators (spaCy serialisation hook)."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        joblib.dump({"classifier": self.classifier, "ranker": self.ranker}, path / MODEL_FILE)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> BouwsteenTagger:
        """Load the estimators; only ever called after :func:`nlp.model.verify` checked the files."""
        payload = joblib.load(Path(path) / MODEL_FILE)
        self.set_model(payload["classifier"], payload["ranker"])
        return self


@Language.factory(
    TAGGER_FACTORY,
    assigns=["doc.spans"],
    requires=["token.is_sent_start", "token.lemma"],
    default_config={"spans_key": SPANS_KEY, "tag_threshold": None},
)
def make_tagger(nlp: Language, name: str, spans_key: str, tag_threshold: float | None) -> BouwsteenTagger:
    """Build the bouwsteen tagger (registered spaCy factory)."""
    return BouwsteenTagger(nlp, spans_key=spans_key, tag_threshold=tag_threshold)
