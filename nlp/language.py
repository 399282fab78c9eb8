"""The Dutch case-note pipeline: tokenizer rules, sentence splitting and lemmas.

Built on ``spacy.blank("nl")``: no downloaded model is needed. The lemma table comes
from ``spacy-lookups-data`` when a pipeline is first built and is saved with every model,
so tagging never reads the (slow to load) lookups package.
"""

from __future__ import annotations

from collections.abc import Iterable

import spacy
from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokens import Doc

SENTENCES_FACTORY = "bouwsteen_sentences"

# Abbreviations that end in a period but do not end a sentence in case notes.
ABBREVIATIONS: tuple[str, ...] = (
    "mw.", "mevr.", "dhr.", "hr.", "dr.", "drs.", "mr.", "ir.", "ing.", "prof.", "jr.", "sr.",
    "i.o.m.", "n.a.v.", "i.v.m.", "z.s.m.", "t.z.t.", "o.a.", "bijv.", "bv.", "evt.", "m.b.t.",
    "t.a.v.", "t.b.v.", "m.n.", "e.d.", "enz.", "etc.", "ca.", "incl.", "excl.", "excl.", "vlgs.",
    "o.b.v.", "i.p.v.", "a.s.", "j.l.", "jl.", "resp.", "tel.", "nr.", "nrs.", "zgn.", "zg.",
    "d.w.z.", "i.c.m.", "i.s.m.", "v.w.b.", "m.i.v.", "p.w.", "p.d.", "w.v.", "ovb.", "o.v.b.",
    "mbt.", "nav.", "ivm.", "iom.", "tzt.", "zsm.", "gzv.", "p.m.", "fam.", "fa.", "ged.", "o.l.v.", "mln.", "mld.", "vnl.", 
    "gr.", "kl.", "vs.", "vgl.", "st.", "e.e.a.", "c.q.", "i.h.k.v.", "m.u.v.", "n.v.t.",
    "n.t.b.", "a.d.h.v.", "t.o.v.", "i.o.", "v.d.", "d.d.", "dd.", "t/m", "jan.", "feb.", "mrt.",
    "apr.", "jun.", "jul.", "aug.", "sep.", "sept.", "okt.", "nov.", "dec.", "di.", "wo.",
    "do.", "vr.", "za.", 
)

# Abbreviations that stand before a name or phrase and hardly ever end a sentence:
# a capital after them does not start a new one.
_NEVER_FINAL = frozenset(
    {"mw.", "mevr.", "dhr.", "hr.", "dr.", "drs.", "mr.", "ir.", "ing.", "prof.", "fam.", "fa.", "st.",
     "i.o.m.", "n.a.v.", "i.v.m.", "t.a.v.", "t.b.v.", "i.s.m.", "i.c.m.", "m.b.t.", "i.p.v.", "o.a.",
     "bijv.", "bv.", "evt.", "c.q.", "vgl.", "o.b.v.", "a.d.h.v.", "t.o.v.", "o.l.v.", "m.u.v.", "zgn.",
     "d.w.z.", "m.n.", "ca.", "incl.", "excl.", "resp.", "vlgs.", "ivm.", "iom.", "nav.", "mbt."}
)
_SENT_END = frozenset({".", "!", "?", "…", "...", "!!", "??", "?!", "!?", "....."})
_OPENERS = frozenset({"-", "*", "•", "·", "–", "—", "(", "[", ">", "o"})
_QUOTES = frozenset({'"', "'", "”", "’", "“", "‘", "»", "«"})
_CLOSERS = _QUOTES | {")", "]"}
_CONTINUATION_MIN_CHARS = 60  # a line this long that ends mid-sentence was probably wrapped


def _tokenizer_exceptions() -> dict[str, list[dict[int, str]]]:
    variants: dict[str, list[dict[int, str]]] = {}
    initials = tuple(f"{letter}." for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    for abbrev in ABBREVIATIONS + initials:
        for form in {abbrev, abbrev.capitalize(), abbrev.upper()}:
            variants[form] = [{ORTH: form}]
    return variants


class CaseNoteSentencizer:
    """Split a case note into sentences.

    A sentence ends at sentence-final punctuation and at line breaks; a bullet or
    SOEP line is its own sentence. A single line break inside a long line that
    ends mid-sentence and continues in lower case is treated as a wrapped line.

    Parameters
    ----------
    continuation_min_chars
        Minimum length of a line that ends without punctuation before a single line
        break followed by a lower-case word is read as a wrapped line.
    """

    def __init__(self, *, continuation_min_chars: int = _CONTINUATION_MIN_CHARS) -> None:
        self.continuation_min_chars = continuation_min_chars

    def __call__(self, doc: Doc) -> Doc:
        """Set ``is_sent_start`` on every token of ``doc``."""
        n = len(doc)
        if n == 0:
            return doc
        starts = [False] * n
        pending = True  # the next token that can open a sentence does so
        line_start_char = 0
        previous_text = ""
        closed_quote = False  # sentence-final punctuation inside a quote or bracket that just closed
        for i, token in enumerate(doc):
            text = token.text
            if token.is_space:
                if "\n" in text:
                    if not self._is_wrapped_line(doc, i, text, previous_text, line_start_char):
                        pending = True
                    line_start_char = token.idx + len(text)
                continue
            if pending and (previous_text in _SENT_END or closed_quote) and text in _CLOSERS \
                    and not doc[i - 1].whitespace_:
                closed_quote = True  # closes the quote or bracket the sentence-end was in
                previous_text = text
                continue
            if closed_quote and (text[0].islower() or text in {",", ";", ":"}):
                pending = False  # reported speech goes on: 'Hij zei: "nee!" en liep weg.'
            closed_quote = False
            if pending and (text[0].isalnum() or text in _OPENERS or text[0] in "[(\"'‘“"):
                starts[i] = True
                pending = False
            if text in _SENT_END:
                pending = True
            elif text[-1] == "." and len(text) > 2 and token.whitespace_ and self._ends_sentence(doc, i, text):
                pending = True
            elif "\n" in token.whitespace_:
                pending = True
                line_start_char = token.idx + len(text) + len(token.whitespace_)
            previous_text = text
        starts[0] = True
        for token, start in zip(doc, starts, strict=True):
            token.is_sent_start = start
        return doc

    @staticmethod
    def _ends_sentence(doc: Doc, i: int, abbreviation: str) -> bool:
        """An abbreviation such as ``min.`` ends the sentence when a capitalised word follows."""
        if abbreviation.lower() in _NEVER_FINAL or (len(abbreviation) == 2 and abbreviation[0].isupper()):
            return False
        return i + 1 < len(doc) and doc[i + 1].text[:1].isupper()

    def _is_wrapped_line(self, doc: Doc, i: int, text: str, previous_text: str, line_start: int) -> bool:
        if text.count("\n") != 1 or not previous_text or not previous_text[-1].isalnum():
            return False
        if i + 1 >= len(doc):
            return False
        following = doc[i + 1].text
        line_length = doc[i].idx - line_start
        return following[:1].islower() and line_length >= self.continuation_min_chars


@Language.factory(
    SENTENCES_FACTORY,
    assigns=["token.is_sent_start"],
    default_config={"continuation_min_chars": _CONTINUATION_MIN_CHARS},
)
def make_sentencizer(nlp: Language, name: str, continuation_min_chars: int) -> CaseNoteSentencizer:
    """Build the case-note sentence splitter (registered spaCy factory)."""
    return CaseNoteSentencizer(continuation_min_chars=continuation_min_chars)


def blank_pipeline() -> Language:
    """A ``spacy.blank("nl")`` pipeline with case-note tokenizer rules and sentence splitting."""
    pipeline = spacy.blank("nl")
    for form, spec in _tokenizer_exceptions().items():
        pipeline.tokenizer.add_special_case(form, spec)
    pipeline.add_pipe(SENTENCES_FACTORY)
    return pipeline


def add_lemmatizer(pipeline: Language) -> Language:
    """Add a lookup lemmatizer with the Dutch table from ``spacy-lookups-data``."""
    from spacy.lookups import load_lookups

    lemmatizer = pipeline.add_pipe("lemmatizer", config={"mode": "lookup", "overwrite": True})
    lemmatizer.initialize(lookups=load_lookups("nl", ["lemma_lookup"]))
    return pipeline


def sentence_texts(pipeline: Language, texts: Iterable[str]) -> list[list[str]]:
    """Split texts into sentence strings (a convenience for tests and scripts)."""
    return [[s.text.strip() for s in doc.sents if s.text.strip()] for doc in pipeline.pipe(texts)]
