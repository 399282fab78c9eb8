"""Sentence features for the classifier, shared by training and tagging.

A sentence becomes two lists of feature tokens: its lemmas and lemma bigrams (negated
lemmas also as ``neg_<lemma>``, names and numbers masked), and sentence-level cues (context, who
the sentence is about, reported speech) for the second column. Both training and tagging
call :func:`doc_features`, so a model never sees different features at train and tag time.
"""

from __future__ import annotations

import itertools
from collections.abc import Container, Iterable

from spacy.attrs import IS_PUNCT, IS_SPACE, LEMMA, LIKE_NUM, PREFIX
from spacy.tokens import Doc

from nlp.context import CHANGE, CONTEXT_SPANS_KEY, HEDGE, NEGATION, PERSISTENCE
from nlp.language import hash_string, sentence_ranges

Features = tuple[list[str], list[str]]

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
_SOEP = frozenset({"s", "o", "e", "p", "a", "b"})
_KEEP_PUNCT = {"?": "_vraag_", "!": "_uitroep_", '"': "_citaat_", "“": "_citaat_", "”": "_citaat_"}


_EMBEDDING = frozenset({"dat", "_citaat_", "aan"})  # words after which a reported clause starts
_ATTRS = [LEMMA, IS_PUNCT, IS_SPACE, LIKE_NUM, PREFIX]


SKIP, MARK, COLON, WORD = 0, 1, 2, 3
TokenInfo = tuple[int, str, str, bool]  # kind, feature word, role ("ouder", "kind" or ""), reporting verb


def _token_info(lemma: str, punct: int, space: int, num: int, first: str, known_words: Container[str]) -> TokenInfo:
    if space:
        return SKIP, "", "", False
    if punct or not first.isalnum():
        mark = _KEEP_PUNCT.get(lemma)
        if mark:
            return MARK, mark, "", False
        return (COLON if lemma == ":" else SKIP), "", "", False
    if num or first.isdigit():
        word = "_num_"
    elif first.isupper() and lemma not in known_words and lemma not in PARENT_WORDS:
        word = "_naam_"
    else:
        word = lemma
    if word in PARENT_WORDS:
        role = "ouder"
    elif word == "_naam_" or word in CHILD_WORDS:
        role = "kind"
    else:  # the writer: a caregiver in group, school and foster logs, a professional elsewhere
        role = "ik" if word in WRITER_WORDS else ""
    return WORD, word, role, word in REPORTING_VERBS


def token_table(doc: Doc, known_words: Container[str], cache: dict[tuple, TokenInfo] | None = None) -> list[TokenInfo]:
    """Per token: what it contributes to features (computed once per distinct lemma and shape)."""
    strings = doc.vocab.strings
    cache = {} if cache is None else cache
    infos = []
    for key in map(tuple, doc.to_array(_ATTRS).tolist()):
        info = cache.get(key)
        if info is None:
            lemma, punct, space, num, first = key
            info = cache[key] = _token_info(
                hash_string(strings, lemma), punct, space, num, hash_string(strings, first), known_words
            )
        infos.append(info)
    return infos


def span_features(
    tokens: list[TokenInfo],
    start: int,
    end: int,
    negated: set[int],
    context: set[str],
) -> Features:
    """Features of the tokens ``start:end`` of a doc's :func:`token_table`.

    Parameters
    ----------
    tokens
        The doc's token table (lemmas and context spans already set by the pipeline).
    start, end
        Token range of the sentence.
    negated
        Token indices inside a negation scope.
    context
        Context labels found in the sentence (see :mod:`nlp.context`).

    Returns
    -------
    tuple of list of str
        The word tokens (lemmas, negated lemmas, bigrams) and the cue tokens.
    """
    words: list[str] = []
    negs: list[str] = []
    cues: list[str] = [f"ctx_{label}" for label in context]
    first_role = ""
    report = False
    after_dat_role = ""
    content_index = 0
    for i in range(start, end):
        kind, word, role, reporting = tokens[i]
        if kind != WORD:
            if kind == MARK:
                words.append(word)
            elif kind == COLON and content_index == 1 and len(words) == 1 and words[0] in _SOEP:
                cues.append(f"soep_{words.pop()}")
                content_index = 0
            continue
        words.append(word)
        if role:
            if not first_role and content_index < 4:
                first_role = role
                if content_index == 0:
                    cues.append(f"start_{role}")
            if report and not after_dat_role and len(words) > 1 and words[-2] in _EMBEDDING:
                after_dat_role = role
        if reporting:
            report = True
        if i in negated:
            negs.append(f"neg_{word}")
        content_index += 1
    if first_role:
        cues.append(f"eerst_{first_role}")
    if report:
        cues.append("verslag")
        if after_dat_role:
            cues.append(f"verslag_{after_dat_role}")
    if not words:
        cues.append("leeg")
    elif len(words) <= 3:
        cues.append("kort")
    cues.extend([f"pre_{w[:5]}" for w in words if len(w) > 6 and w[0] != "_"])
    bigrams = [f"{a}~{b}" for a, b in itertools.pairwise(words)]
    return words + negs + bigrams, cues


def sentence_context(doc: Doc) -> tuple[set[int], dict[int, set[str]]]:
    """Negated token indices and, per token, the context labels whose cue starts there."""
    negated: set[int] = set()
    starts: dict[int, set[str]] = {}
    for span in doc.spans.get(CONTEXT_SPANS_KEY, ()):
        label = span.label_
        if label == NEGATION:
            negated.update(range(span.start, span.end))
        starts.setdefault(span.start, set()).add(label)
    return negated, starts


def _labels_in(starts: dict[int, set[str]], start: int, end: int) -> set[str]:
    found: set[str] = set()
    for i, labels in starts.items():
        if start <= i < end:
            found |= labels
    if NEGATION in found and CHANGE in found:
        found.add("negatie_verandering")
    if NEGATION in found and PERSISTENCE in found:
        found.add("negatie_aanhoudend")
    found.discard(HEDGE)  # labels.md rule 3: a hedged statement is labelled as if asserted
    return found


def doc_features(doc: Doc, known_words: Container[str], whole: bool = False) -> list[tuple[int, int, Features]]:
    """Features of every sentence of ``doc`` (or of the whole doc as one sentence).

    Returns
    -------
    list of tuple
        ``(start_token, end_token, features)`` per sentence, in order.
    """
    negated, starts = sentence_context(doc)
    tokens = token_table(doc, known_words, getattr(known_words, "token_cache", None))
    ranges: Iterable[tuple[int, int]]
    ranges = [(0, len(doc))] if whole else sentence_ranges(doc)
    return [
        (start, end, span_features(tokens, start, end, negated, _labels_in(starts, start, end)))
        for start, end in ranges
    ]
