"""The Dutch case-note pipeline: tokenizer rules, sentence splitting and lemmas.

Built on ``spacy.blank("nl")``: no downloaded model is needed. The lemma table comes
from ``spacy-lookups-data`` when a pipeline is first built and is saved with every model,
so tagging never reads the (slow to load) lookups package.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import numpy
import spacy
from spacy.attrs import IDX, IS_SPACE, LEMMA, LENGTH, LOWER, ORTH, SENT_START, SPACY
from spacy.lang.nl import Dutch
from spacy.lang.nl.tokenizer_exceptions import TOKENIZER_EXCEPTIONS as DUTCH_EXCEPTIONS
from spacy.lang.tokenizer_exceptions import BASE_EXCEPTIONS
from spacy.language import Language
from spacy.lookups import Lookups
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex, registry

TOKENIZER_NAME = "bouwsteen.casenote_tokenizer.v1"
SENTENCES_FACTORY = "bouwsteen_sentences"
LEMMATIZER_FACTORY = "bouwsteen_lemmatizer"
LEMMA_TABLE = "lemma_lookup"

# Abbreviations that stand before a name or phrase and hardly ever end a sentence:
# a capital after them does not start a new one.
_NEVER_FINAL: frozenset[str] = frozenset(
    {
        "mw.",
        "mevr.",
        "dhr.",
        "hr.",
        "dr.",
        "drs.",
        "mr.",
        "ir.",
        "ing.",
        "prof.",
        "fam.",
        "fa.",
        "st.",
        "i.o.m.",
        "n.a.v.",
        "i.v.m.",
        "t.a.v.",
        "t.b.v.",
        "i.s.m.",
        "i.c.m.",
        "m.b.t.",
        "i.p.v.",
        "o.a.",
        "bijv.",
        "bv.",
        "evt.",
        "c.q.",
        "vgl.",
        "o.b.v.",
        "a.d.h.v.",
        "t.o.v.",
        "o.l.v.",
        "m.u.v.",
        "zgn.",
        "d.w.z.",
        "m.n.",
        "ca.",
        "incl.",
        "excl.",
        "resp.",
        "vlgs.",
        "ivm.",
        "iom.",
        "nav.",
        "mbt.",
    }
)
# Abbreviations that may end a sentence: they do when a capitalised word follows.
_MAYBE_FINAL: tuple[str, ...] = (
    "jr.",
    "sr.",
    "z.s.m.",
    "t.z.t.",
    "e.d.",
    "enz.",
    "etc.",
    "a.s.",
    "j.l.",
    "jl.",
    "tel.",
    "nr.",
    "nrs.",
    "zg.",
    "v.w.b.",
    "m.i.v.",
    "p.w.",
    "p.d.",
    "w.v.",
    "ovb.",
    "o.v.b.",
    "tzt.",
    "zsm.",
    "gzv.",
    "p.m.",
    "ged.",
    "mln.",
    "mld.",
    "vnl.",
    "gr.",
    "kl.",
    "vs.",
    "e.e.a.",
    "i.h.k.v.",
    "n.v.t.",
    "n.t.b.",
    "i.o.",
    "v.d.",
    "d.d.",
    "dd.",
    "t/m",
    "jan.",
    "feb.",
    "mrt.",
    "apr.",
    "jun.",
    "jul.",
    "aug.",
    "sep.",
    "sept.",
    "okt.",
    "nov.",
    "dec.",
    "di.",
    "wo.",
    "do.",
    "vr.",
    "za.",
    "min.",
    "max.",
    "blz.",
    "m.a.w.",
    "a.u.b.",
    "z.o.z.",
    "m.b.v.",
    "d.m.v.",
    "t.w.",
    "o.i.d.",
    "e.v.",
    "m.i.",
    "i.e.",
    "e.g.",
    "w.o.",
    "v.a.",
    "t.e.m.",
    "uitz.",
    "ong.",
    "afd.",
    "gem.",
    "geb.",
    "mob.",
    "e.a.",
    "o.i.",
    "ws.",
    "vlg.",
    "d.i.",
)
# All abbreviations that end in a period but are one token (tokenizer exceptions).
ABBREVIATIONS: tuple[str, ...] = tuple(sorted(_NEVER_FINAL)) + _MAYBE_FINAL

_SENT_END = frozenset({".", "!", "?", "…", "...", "!!", "??", "?!", "!?", "....."})
_OPENERS = frozenset({"-", "*", "•", "·", "–", "—", "(", "[", ">", "o"})
_QUOTES = frozenset({'"', "'", "”", "’", "“", "‘", "»", "«"})
_CLOSERS = _QUOTES | {")", "]"}
_CONTINUATION_MIN_CHARS = 60  # a line this long that ends mid-sentence was probably wrapped


TEXT_KEY = "bouwsteen_text"


_STRING_CACHE: dict[int, str] = {}


def hash_string(strings, h: int) -> str:
    """The string of a StringStore hash, cached (the lookup is costly in hot loops)."""
    text = _STRING_CACHE.get(h)
    if text is None:
        text = _STRING_CACHE[h] = strings[h]
    return text


def attr_strings(doc: Doc, attr: int) -> list[str]:
    """A string attribute (``ORTH``, ``LOWER`` …) of every token, read in one array call.

    Strings are cached by hash, and no ``Token`` objects are made.
    """
    cache, strings = _STRING_CACHE, doc.vocab.strings
    out = []
    for h in doc.to_array(attr).tolist():
        text = cache.get(h)
        if text is None:
            text = cache[h] = strings[h]
        out.append(text)
    return out


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once per doc (spaCy rebuilds it from every token on each access)."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


def tokenizer_exceptions() -> dict[str, list[dict[int, str]]]:
    """spaCy's language-independent exceptions, Dutch clitics ('s, 't …) and case-note abbreviations.

    spaCy's 4,500 general Dutch abbreviations are left out: loading them costs half a
    second at every start, and an unknown abbreviation only risks a sentence split.
    """
    rules = dict(BASE_EXCEPTIONS)
    rules.update({form: spec for form, spec in DUTCH_EXCEPTIONS.items() if form.startswith("'")})
    initials = tuple(f"{letter}." for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    for abbrev in ABBREVIATIONS + initials:
        for form in {abbrev, abbrev.capitalize(), abbrev.upper()}:
            rules[form] = [{ORTH: form}]
    return rules


@registry.tokenizers(TOKENIZER_NAME)
def create_tokenizer() -> Callable[[Language], Tokenizer]:
    """The case-note tokenizer: Dutch punctuation rules with :func:`tokenizer_exceptions`."""

    def make(pipeline: Language) -> Tokenizer:
        defaults = Dutch.Defaults
        return Tokenizer(
            pipeline.vocab,
            rules=tokenizer_exceptions(),
            prefix_search=compile_prefix_regex(defaults.prefixes).search,
            suffix_search=compile_suffix_regex(defaults.suffixes).search,
            infix_finditer=compile_infix_regex(defaults.infixes).finditer,
            token_match=defaults.token_match,
            url_match=defaults.url_match,
        )

    return make


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
        """Set the sentence starts of ``doc`` (one array write, no per-token objects)."""
        n = len(doc)
        if n == 0:
            return doc
        rows = doc.to_array([IDX, LENGTH, IS_SPACE, SPACY]).tolist()
        texts = attr_strings(doc, ORTH)
        starts = [-1] * n
        pending = True  # the next token that can open a sentence does so
        line_start = 0
        previous = ""
        closed_quote = False  # sentence-final punctuation inside a quote or bracket that just closed
        for i, (idx, length, is_space, has_space) in enumerate(rows):
            token = texts[i]
            if is_space:
                if "\n" in token:
                    following = texts[i + 1] if i + 1 < n else ""
                    if not self._is_wrapped_line(token, previous, following, idx - line_start):
                        pending = True
                    line_start = idx + length
                continue
            if pending and (previous in _SENT_END or closed_quote) and token in _CLOSERS and i and not rows[i - 1][3]:
                closed_quote = True  # closes the quote or bracket the sentence-end was in
                previous = token
                continue
            if closed_quote and (token[0].islower() or token in {",", ";", ":"}):
                pending = False  # reported speech goes on: 'Hij zei: "nee!" en liep weg.'
            closed_quote = False
            if pending and (token[0].isalnum() or token in _OPENERS or token[0] in "[(\"'‘“"):
                starts[i] = 1
                pending = False
            if token in _SENT_END or (
                token[-1] == "." and len(token) > 2 and has_space and self._ends_sentence(texts, i, token)
            ):
                pending = True
            previous = token
        starts[0] = 1
        doc.from_array([SENT_START], numpy.array(starts, dtype=numpy.int64).astype(numpy.uint64).reshape(-1, 1))
        return doc

    @staticmethod
    def _ends_sentence(texts: list[str], i: int, abbreviation: str) -> bool:
        """An abbreviation such as ``min.`` ends the sentence when a capitalised word follows."""
        if abbreviation.lower() in _NEVER_FINAL or (len(abbreviation) == 2 and abbreviation[0].isupper()):
            return False
        return i + 1 < len(texts) and texts[i + 1][:1].isupper()

    def _is_wrapped_line(self, newline: str, previous: str, following: str, line_length: int) -> bool:
        if newline.count("\n") != 1 or not previous or not previous[-1].isalnum():
            return False
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
    """A ``spacy.blank("nl")`` pipeline with the case-note tokenizer and sentence splitting."""
    pipeline = spacy.blank("nl", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER_NAME}}})
    pipeline.add_pipe(SENTENCES_FACTORY)
    return pipeline


class LookupLemmatizer:
    """Set lemmas from the Dutch lookup table of ``spacy-lookups-data``.

    Looks up the lower-case form (so a capitalised first word is lemmatised too) and
    writes all lemmas in one array call. The table is kept as word hash → lemma and
    saved as two plain files, which load far faster than a spaCy ``Lookups`` table.

    Parameters
    ----------
    vocab
        The pipeline's vocabulary.
    """

    KEYS_FILE = "keys.npy"
    LEMMAS_FILE = "lemmas.txt"

    def __init__(self, vocab) -> None:
        self.vocab = vocab
        self.lemma_of: dict[int, str] = {}
        self._cache: dict[int, int] = {}

    def initialize(self, get_examples=None, *, nlp: Language | None = None, lookups: Lookups | None = None) -> None:
        """Take the lemma table from ``lookups`` or from ``spacy-lookups-data``."""
        if lookups is None:
            from spacy.lookups import load_lookups

            lookups = load_lookups("nl", [LEMMA_TABLE])
        self.lemma_of = dict(lookups.get_table(LEMMA_TABLE).items())
        self._cache.clear()

    def _lemma_hash(self, lower_hash: int) -> int:
        lemma = self.lemma_of.get(lower_hash)
        lemma_hash = lower_hash if lemma is None else self.vocab.strings.add(lemma)
        self._cache[lower_hash] = lemma_hash
        return lemma_hash

    def __call__(self, doc: Doc) -> Doc:
        """Set ``token.lemma`` for every token of ``doc``."""
        if len(doc) == 0:
            return doc
        cache = self._cache
        lowers = doc.to_array(LOWER).tolist()
        lemmas = [cache.get(h) or self._lemma_hash(h) for h in lowers]
        doc.from_array([LEMMA], numpy.array(lemmas, dtype=numpy.uint64).reshape(-1, 1))
        return doc

    def to_disk(self, path, *, exclude=()) -> None:
        """Save the lemma table as a hash array and a lemma list."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        keys = sorted(self.lemma_of)
        numpy.save(path / self.KEYS_FILE, numpy.array(keys, dtype=numpy.uint64))
        (path / self.LEMMAS_FILE).write_text("\n".join(self.lemma_of[k] for k in keys), encoding="utf-8")

    def from_disk(self, path, *, exclude=()) -> LookupLemmatizer:
        """Load the lemma table."""
        path = Path(path)
        keys = numpy.load(path / self.KEYS_FILE, allow_pickle=False).tolist()
        lemmas = (path / self.LEMMAS_FILE).read_text(encoding="utf-8").split("\n")
        self.lemma_of = dict(zip(keys, lemmas, strict=True))
        self._cache.clear()
        return self


@Language.factory(LEMMATIZER_FACTORY, assigns=["token.lemma"])
def make_lemmatizer(nlp: Language, name: str) -> LookupLemmatizer:
    """Build the lookup lemmatizer (registered spaCy factory)."""
    return LookupLemmatizer(nlp.vocab)


def add_lemmatizer(pipeline: Language) -> Language:
    """Add the lookup lemmatizer, with the Dutch table from ``spacy-lookups-data``."""
    pipeline.add_pipe(LEMMATIZER_FACTORY).initialize()
    return pipeline


def sentence_ranges(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of the sentences of ``doc``, read from the sentence-start array."""
    if len(doc) == 0:
        return []
    starts = numpy.flatnonzero(doc.to_array(SENT_START) == 1).tolist()
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    return list(zip(starts, [*starts[1:], len(doc)], strict=True))


def sentence_texts(pipeline: Language, texts: Iterable[str]) -> list[list[str]]:
    """Split texts into sentence strings (a convenience for tests and scripts)."""
    return [[s.text.strip() for s in doc.sents if s.text.strip()] for doc in pipeline.pipe(texts)]
