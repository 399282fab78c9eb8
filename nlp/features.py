"""Sentence features for the classifier, shared by training and tagging.

Every sentence becomes one row of feature counts in a hashed space of ``N_COLUMNS``
columns. The first half holds its words: lemmas (names and numbers masked, question,
exclamation and quote marks kept), negated lemmas and lemma bigrams. The second half holds
sentence-level cues: context (negation, change, persistence), who the sentence is about,
reported speech, a SOEP header, its length and long-word prefixes.

Features are computed for a whole batch of docs at once. The little that needs Python
(what a distinct lemma and shape contributes) is computed once per distinct token and
cached; everything per token or per sentence is NumPy array arithmetic. Training and tagging
both call :meth:`FeatureExtractor.rows`, so a model never sees different features at train
and tag time.
"""

from __future__ import annotations

from collections.abc import Container, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.utils import murmurhash3_32
from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LEMMA, LENGTH, LIKE_NUM, PREFIX, SENT_START
from spacy.tokens import Doc

from nlp.context import CHANGE, CONTEXT_SPANS_KEY, NEGATION, PERSISTENCE
from nlp.language import hash_string

PARENT_WORDS = frozenset(
    {
        "moeder",
        "vader",
        "ouder",
        "ouders",
        "pleegmoeder",
        "pleegvader",
        "pleegouder",
        "pleegouders",
        "pm",
        "pv",
        "po",
        "mw.",
        "mw",
        "dhr.",
        "dhr",
        "mevr.",
        "mevrouw",
        "meneer",
        "adoptiemoeder",
        "adoptievader",
        "adoptieouders",
        "adoptieouder",
        "oma",
        "opa",
        "groepsleider",
        "groepsleiding",
        "groepsleidster",
        "pedagogisch",
        "leerkracht",
        "juf",
        "meester",
        "mentor",
        "gezinshuisouder",
        "gezinshuisouders",
        "gezinshuismoeder",
        "gezinshuisvader",
        "begeleider",
        "stiefvader",
        "stiefmoeder",
        "mama",
        "papa",
        "mam",
        "pap",
        "moe",
        "pa",
        "ma",
        "leidster",
        "leidsters",
        "pmer",
        "pm'er",
        "verzorger",
        "verzorgers",
        "tante",
        "oom",
        "pleegmoe",
        "pleegpa",
        "grootmoeder",
        "grootvader",
        "collega",
        "leiding",
        "docent",
        "moeders",
        "vaders",
        "gastouder",
        "kinderopvang",
        "mentrix",
    }
)
CHILD_WORDS = frozenset(
    {
        "kind",
        "kinderen",
        "baby",
        "peuter",
        "kleuter",
        "jongen",
        "meisje",
        "zoon",
        "dochter",
        "puber",
        "jongere",
        "pupil",
        "pleegkind",
        "pleegzoon",
        "pleegdochter",
        "hij",
        "zij",
        "ze",
        "hem",
        "haar",
        "zijn",
        "jeugdige",
        "cliënt",
        "client",
    }
)
WRITER_WORDS = frozenset({"ik", "wij", "we", "ondergetekende", "mij", "me"})
REPORTING_VERBS = frozenset(
    {
        "vertellen",
        "geven",
        "zeggen",
        "melden",
        "noemen",
        "aangeven",
        "benoemen",
        "vinden",
        "merken",
        "ervaren",
        "beschrijven",
        "schrijven",
        "rapporteren",
        "vertelt",
        "vertelde",
        "geeft",
        "gaf",
        "zegt",
        "zei",
        "meldt",
        "meldde",
        "noemt",
        "noemde",
        "benoemt",
        "benoemde",
        "vindt",
        "vond",
        "merkt",
        "merkte",
        "ervaart",
        "ervoer",
        "beschrijft",
        "beschreef",
        "aldus",
        "volgens",
    }
)
_SOEP = "soepab"  # SOEP(AB) header letters, as in "S:" or "O:"
_KEEP_PUNCT = {"?": "_vraag_", "!": "_uitroep_", '"': "_citaat_", "“": "_citaat_", "”": "_citaat_"}
_EMBEDDING = frozenset({"dat", "_citaat_", "aan"})  # words after which a reported clause starts
_ATTRS = [LEMMA, IS_PUNCT, IS_SPACE, LIKE_NUM, PREFIX]
ROLES = ("", "ouder", "kind", "ik")  # who a word points at; index 0: nobody

HASH_SIZE = 1 << 22  # columns for words, negated words and bigrams
CUE_SIZE = 1 << 18  # columns for sentence-level cues (a few thousand distinct)
WORD_COLUMNS = slice(0, HASH_SIZE)
CUE_COLUMNS = slice(HASH_SIZE, HASH_SIZE + CUE_SIZE)
N_COLUMNS = HASH_SIZE + CUE_SIZE

SKIP, MARK, COLON, WORD = 0, 1, 2, 3
_U64 = np.uint64
_GOLDEN, _MIX1, _MIX2 = _U64(0x9E3779B97F4A7C15), _U64(0xBF58476D1CE4E5B9), _U64(0x94D049BB133111EB)
_NEGATED = _U64(0x6E65675F)  # salt of the negated-word namespace


def string_hash(text: str) -> int:
    """The unsigned 32-bit murmur hash of a feature string."""
    return murmurhash3_32(text, seed=0, positive=True)


def _mix(a: np.ndarray, b: np.ndarray | np.uint64) -> np.ndarray:
    """Combine two hash arrays into one column in ``[0, HASH_SIZE)`` (splitmix64 finaliser)."""
    with np.errstate(over="ignore"):
        x = a.astype(_U64) * _GOLDEN + b
        x ^= x >> _U64(31)
        x *= _MIX1
        x ^= x >> _U64(29)
        x *= _MIX2
        x ^= x >> _U64(32)
    return (x & _U64(HASH_SIZE - 1)).astype(np.int64)


def word_column(word: str) -> int:
    """Column of a word (lemma or mark such as ``_vraag_``)."""
    return string_hash(word) % HASH_SIZE


def negated_column(word: str) -> int:
    """Column of a word inside a negation scope."""
    return int(_mix(np.array([string_hash(word)], dtype=_U64), _NEGATED)[0])


def bigram_column(first: str, second: str) -> int:
    """Column of two consecutive words."""
    return int(_mix(np.array([string_hash(first)], dtype=_U64), _U64(string_hash(second)))[0])


def cue_column(cue: str) -> int:
    """Column of a sentence-level cue such as ``start_ouder`` or ``ctx_negatie``."""
    return HASH_SIZE + string_hash(cue) % CUE_SIZE


_CONTEXT_BITS = {NEGATION: 1, CHANGE: 2, PERSISTENCE: 4}  # HEDGE left out: labels.md rule 3 labels it as asserted
_NEGATION_BIT = _CONTEXT_BITS[NEGATION]
_CONTEXT_CUES = (
    *((f"ctx_{label}", bit) for label, bit in _CONTEXT_BITS.items()),
    ("ctx_negatie_verandering", _CONTEXT_BITS[NEGATION] | _CONTEXT_BITS[CHANGE]),
    ("ctx_negatie_aanhoudend", _CONTEXT_BITS[NEGATION] | _CONTEXT_BITS[PERSISTENCE]),
)


@dataclass
class TokenTable:
    """What each distinct token (lemma and shape) contributes, one entry per token id."""

    kind: list[int]
    word: list[int]  # murmur hash of the feature word (0 for SKIP and COLON)
    role: list[int]  # index into ROLES
    reporting: list[bool]
    embedding: list[bool]
    soep: list[int]  # index into _SOEP, or -1
    prefix: list[int]  # cue column of ``pre_<first 5 letters>`` for long words, or -1

    @classmethod
    def empty(cls) -> TokenTable:
        """A table without entries."""
        return cls([], [], [], [], [], [], [])

    def add(self, lemma: str, punct: int, space: int, num: int, first: str, known_words: Container[str]) -> int:
        """Work out one distinct token and return its id."""
        kind, word, role, reporting = SKIP, "", 0, False
        if space:
            pass
        elif punct or not first.isalnum():
            word = _KEEP_PUNCT.get(lemma, "")
            kind = MARK if word else (COLON if lemma == ":" else SKIP)
        else:
            kind = WORD
            if num or first.isdigit():
                word = "_num_"
            elif first.isupper() and lemma not in known_words and lemma not in PARENT_WORDS:
                word = "_naam_"
            else:
                word = lemma
            if word in PARENT_WORDS:
                role = 1
            elif word == "_naam_" or word in CHILD_WORDS:
                role = 2
            elif word in WRITER_WORDS:  # the writer: a caregiver in group and foster logs, else a professional
                role = 3
            reporting = word in REPORTING_VERBS
        long_word = kind == WORD and len(word) > 6 and not word.startswith("_")
        self.kind.append(kind)
        self.word.append(string_hash(word) if word else 0)
        self.role.append(role)
        self.reporting.append(reporting)
        self.embedding.append(word in _EMBEDDING)
        self.soep.append(_SOEP.index(word) if kind == WORD and len(word) == 1 and word in _SOEP else -1)
        self.prefix.append(cue_column(f"pre_{word[:5]}") if long_word else -1)
        return len(self.kind) - 1

    def arrays(self) -> dict[str, np.ndarray]:
        """The table as NumPy arrays, indexed by token id."""
        return {
            "kind": np.array(self.kind, dtype=np.int8),
            "word": np.array(self.word, dtype=_U64),
            "role": np.array(self.role, dtype=np.int8),
            "reporting": np.array(self.reporting, dtype=bool),
            "embedding": np.array(self.embedding, dtype=bool),
            "soep": np.array(self.soep, dtype=np.int8),
            "prefix": np.array(self.prefix, dtype=np.int64),
        }


@dataclass(frozen=True)
class Rows:
    """Feature rows of a batch of docs: one row per sentence.

    Attributes
    ----------
    matrix
        Feature counts, shape ``(n_sentences, N_COLUMNS)``.
    doc
        Index of each row's doc in the batch.
    start, end
        Token range of each row's sentence (leading and trailing white space trimmed).
    start_char, end_char
        Character range of the same.
    """

    matrix: sparse.csr_matrix
    doc: np.ndarray
    start: np.ndarray
    end: np.ndarray
    start_char: np.ndarray
    end_char: np.ndarray


Entries = tuple[np.ndarray, np.ndarray]  # (row, column) of feature occurrences


@dataclass(frozen=True)
class _Tokens:
    """A batch of docs laid out as one token sequence, with what each token contributes."""

    sent: np.ndarray  # sentence of each token
    kind: np.ndarray  # SKIP, MARK, COLON or WORD
    token: np.ndarray  # id in the token table
    table: dict[str, np.ndarray]
    negated: np.ndarray  # inside a negation scope

    def of(self, field: str, at: np.ndarray) -> np.ndarray:
        """A token-table field for the tokens at positions ``at``."""
        return self.table[field][self.token[at]]


def _constant(where: np.ndarray, column: int) -> Entries:
    return where, np.full(len(where), column, dtype=np.int64)


def _first_per_sentence(positions: np.ndarray, sent: np.ndarray) -> np.ndarray:
    """The first of the (sorted) token ``positions`` in each sentence that has any."""
    return positions[np.unique(sent[positions], return_index=True)[1]]


def _soep_header(tokens: _Tokens) -> tuple[np.ndarray, list[Entries]]:
    """Take SOEP headers ("S:", "O: …") out of the words: the token kinds without them, and their cues.

    A header is a sentence whose first kept token is one of the letters and whose second is a colon.
    """
    kind, sent = tokens.kind, tokens.sent
    kept = np.flatnonzero(kind != SKIP)
    if not len(kept):
        return kind, []
    first = _first_per_sentence(kept, sent)
    first = first[np.searchsorted(kept, first) + 1 < len(kept)]
    second = kept[np.searchsorted(kept, first) + 1]
    header = first[(sent[second] == sent[first]) & (kind[second] == COLON) & (tokens.of("soep", first) >= 0)]
    if not len(header):
        return kind, []
    kind = kind.copy()
    kind[header] = SKIP
    letters = tokens.of("soep", header).tolist()
    return kind, [(sent[header], np.array([cue_column(f"soep_{_SOEP[i]}") for i in letters], dtype=np.int64))]


def _word_entries(tokens: _Tokens, words: np.ndarray, content: np.ndarray) -> list[Entries]:
    """Words (lemmas and kept marks), bigrams of consecutive words, negated lemmas, long-word prefixes."""
    sent, word_hash = tokens.sent, tokens.table["word"][tokens.token]
    same = sent[words[:-1]] == sent[words[1:]]
    left, right = words[:-1][same], words[1:][same]
    in_scope = content[tokens.negated[content]]
    prefix = tokens.of("prefix", content)
    return [
        (sent[words], (word_hash[words] & _U64(HASH_SIZE - 1)).astype(np.int64)),
        (sent[left], _mix(word_hash[left], word_hash[right])),
        (sent[in_scope], _mix(word_hash[in_scope], _NEGATED)),
        (sent[content][prefix >= 0], prefix[prefix >= 0]),
    ]


def _length_entries(tokens: _Tokens, words: np.ndarray, n_sents: int) -> list[Entries]:
    n_words = np.bincount(tokens.sent[words], minlength=n_sents)
    return [
        _constant(np.flatnonzero(n_words == 0), cue_column("leeg")),
        _constant(np.flatnonzero((n_words > 0) & (n_words <= 3)), cue_column("kort")),
    ]


_ROLE_CUES = {
    name: np.array([0, *(cue_column(f"{name}_{role}") for role in ROLES[1:])], dtype=np.int64)
    for name in ("start", "eerst", "verslag")
}


def _subject_entries(tokens: _Tokens, words: np.ndarray, content: np.ndarray, n_sents: int) -> list[Entries]:
    """Cues to whom a sentence is about.

    The role of its first lemma, the first role among its first four lemmas, a reporting
    verb, and the role that opens the reported clause after it ("vertelt dat Sem …").
    """
    role, sent = tokens.of("role", content), tokens.sent[content]
    position = np.arange(len(content)) - np.searchsorted(sent, sent)  # place among the sentence's lemmas
    at_start = (position == 0) & (role > 0)
    early = _first_per_sentence(np.flatnonzero((position < 4) & (role > 0)), sent)
    reports = np.flatnonzero(tokens.of("reporting", content))
    report_sents, first = np.unique(sent[reports], return_index=True)
    first_report = np.full(n_sents, np.iinfo(np.int64).max)
    first_report[report_sents] = content[reports[first]]
    place = np.searchsorted(words, content)  # each lemma's place among the words
    previous = words[np.maximum(place - 1, 0)]
    opens = (
        (role > 0)
        & (place > 0)
        & (tokens.sent[previous] == sent)
        & tokens.of("embedding", previous)
        & (first_report[sent] < content)
    )
    clause = _first_per_sentence(np.flatnonzero(opens), sent)
    return [
        (sent[at_start], _ROLE_CUES["start"][role[at_start]]),
        (sent[early], _ROLE_CUES["eerst"][role[early]]),
        _constant(report_sents, cue_column("verslag")),
        (sent[clause], _ROLE_CUES["verslag"][role[clause]]),
    ]


def _context_entries(context: np.ndarray) -> list[Entries]:
    return [_constant(np.flatnonzero(context & bits == bits), cue_column(cue)) for cue, bits in _CONTEXT_CUES]


def _token_keys(attrs: np.ndarray) -> np.ndarray:
    """One 64-bit key per token from its lemma, prefix and flags (what its features depend on)."""
    with np.errstate(over="ignore"):
        flags = attrs[:, 1] | attrs[:, 2] << _U64(1) | attrs[:, 3] << _U64(2)
        return attrs[:, 0] * _GOLDEN ^ attrs[:, 4] * _MIX1 ^ flags


def _context(
    docs: Sequence[Doc], offsets: np.ndarray, starts: np.ndarray, n_tokens: int
) -> tuple[np.ndarray, np.ndarray]:
    """Negated tokens, and per sentence a bit mask of the context labels whose cue starts in it."""
    negated = np.zeros(n_tokens, dtype=bool)
    begin, end, bits = [], [], []
    for offset, doc in zip(offsets.tolist(), docs, strict=False):
        for span in doc.spans.get(CONTEXT_SPANS_KEY, ()):
            begin.append(offset + span.start)
            end.append(offset + span.end)
            bits.append(_CONTEXT_BITS.get(span.label_, 0))
    mask = np.zeros(len(starts), dtype=np.int64)
    if begin:
        begin_, end_, bits_ = np.array(begin), np.array(end), np.array(bits)
        np.bitwise_or.at(mask, np.searchsorted(starts, begin_, side="right") - 1, bits_)
        is_negation = bits_ == _NEGATION_BIT
        for first, stop in zip(begin_[is_negation].tolist(), end_[is_negation].tolist(), strict=True):
            negated[first:stop] = True
    return negated, mask


class FeatureExtractor:
    """Turn docs into feature rows, caching per distinct token what it contributes.

    Parameters
    ----------
    known_words
        Words the lemma table knows: a capitalised word outside it is taken for a name.
    max_tokens
        Distinct tokens to cache before the cache starts over (bounds memory on huge runs).
    """

    def __init__(self, known_words: Container[str], *, max_tokens: int = 500_000) -> None:
        self.known_words = known_words
        self.max_tokens = max_tokens
        self._reset()

    def _reset(self) -> None:
        self._keys = np.zeros(0, dtype=_U64)  # sorted keys of the distinct tokens seen so far
        self._ids = np.zeros(0, dtype=np.int64)  # their ids in the token table
        self._table = TokenTable.empty()
        self._arrays: dict[str, np.ndarray] | None = None

    def _lookup(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if not len(self._keys):
            return np.zeros(len(keys), dtype=np.int64), np.zeros(len(keys), dtype=bool)
        place = np.minimum(np.searchsorted(self._keys, keys), len(self._keys) - 1)
        return self._ids[place], self._keys[place] == keys

    def _token_ids(self, attrs: np.ndarray, strings) -> np.ndarray:
        """Token-table ids for tokens given as rows of ``_ATTRS``; distinct tokens not seen yet are added."""
        keys = _token_keys(attrs)
        ids, found = self._lookup(keys)
        if found.all():
            return ids
        new, first = np.unique(keys[~found], return_index=True)
        if len(self._keys) and len(self._keys) + len(new) > self.max_tokens:
            self._reset()
            return self._token_ids(attrs, strings)
        new_ids = [
            self._table.add(
                hash_string(strings, lemma), punct, space, num, hash_string(strings, char), self.known_words
            )
            for lemma, punct, space, num, char in attrs[np.flatnonzero(~found)[first]].tolist()
        ]
        known = np.concatenate([self._keys, new])
        order = np.argsort(known, kind="stable")
        self._keys, self._ids = known[order], np.concatenate([self._ids, new_ids]).astype(np.int64)[order]
        self._arrays = None
        return self._lookup(keys)[0]

    def _table_arrays(self) -> dict[str, np.ndarray]:
        if self._arrays is None:
            self._arrays = self._table.arrays()
        return self._arrays

    def rows(self, docs: Sequence[Doc], *, whole: bool = False) -> Rows:
        """Feature rows for every sentence of ``docs``, in order.

        Parameters
        ----------
        docs
            Docs with sentences, lemmas and context spans set by the pipeline.
        whole
            Take each doc as one sentence (training examples); every doc then gets exactly
            one row, even an empty one.
        """
        if not docs:
            return Rows(sparse.csr_matrix((0, N_COLUMNS), dtype=np.float32), *(np.zeros(0, dtype=np.int64),) * 5)
        arrays = [doc.to_array([*_ATTRS, SENT_START, IDX, LENGTH]) for doc in docs]
        lengths = np.array([len(a) for a in arrays], dtype=np.int64)
        offsets = np.concatenate([[0], np.cumsum(lengths)])
        attrs = np.concatenate(arrays).astype(_U64, copy=False)
        if whole:
            starts = offsets[:-1]
        else:  # each doc starts a sentence; empty docs have none
            is_start = attrs[:, 5] == 1
            is_start[offsets[:-1][lengths > 0]] = True
            starts = np.flatnonzero(is_start)
        ends = np.append(starts[1:], len(attrs))
        n_sents = len(starts)
        token = self._token_ids(attrs[:, :5], docs[0].vocab.strings)
        table = self._table_arrays()
        negated, context = _context(docs, offsets, starts, len(attrs))
        tokens = _Tokens(np.repeat(np.arange(n_sents), ends - starts), table["kind"][token], token, table, negated)
        kind, entries = _soep_header(tokens)
        words = np.flatnonzero((kind == WORD) | (kind == MARK))
        content = np.flatnonzero(kind == WORD)
        entries += _word_entries(tokens, words, content)
        entries += _length_entries(tokens, words, n_sents)
        entries += _subject_entries(tokens, words, content, n_sents)
        entries += _context_entries(context)
        row = np.concatenate([r for r, _ in entries])
        column = np.concatenate([c for _, c in entries])
        matrix = sparse.csr_matrix(
            (np.ones(len(row), dtype=np.float32), (row, column)), shape=(n_sents, N_COLUMNS), dtype=np.float32
        )
        if whole:
            last_char = np.array([len(doc.text) for doc in docs], dtype=np.int64)
            none = np.zeros(n_sents, dtype=np.int64)
            return Rows(matrix, np.arange(len(docs)), none, lengths, none, last_char)
        # trim white space around each sentence; drop sentences that are only white space
        solid = np.flatnonzero(attrs[:, 2] == 0)
        first_solid, last_solid = np.searchsorted(solid, starts), np.searchsorted(solid, ends) - 1
        keep = np.flatnonzero(first_solid <= last_solid)
        first, last = solid[first_solid[keep]], solid[last_solid[keep]]
        doc = np.searchsorted(offsets, first, side="right") - 1
        chars = attrs[:, 6:8].astype(np.int64)
        return Rows(
            matrix[keep],
            doc,
            first - offsets[doc],
            last + 1 - offsets[doc],
            chars[first, 0],
            chars[last, 0] + chars[last, 1],
        )
