"""Negation, change and hedge scope in case-note sentences (rules of our own).

Case notes state improvement by denying the problem ("geen driftbuien meer", labels.md
rule 2) and persistence with "nog steeds", so the scope of these cues matters for the pole.
The component writes one span per cue scope to ``doc.spans[CONTEXT_SPANS_KEY]``.
"""

from __future__ import annotations

from spacy.attrs import LOWER
from spacy.language import Language
from spacy.tokens import Doc, Span

from nlp.language import attr_strings, sentence_ranges

CONTEXT_FACTORY = "bouwsteen_context"
CONTEXT_SPANS_KEY = "bouwsteen_context"

NEGATION = "negatie"
CHANGE = "verandering"
PERSISTENCE = "aanhoudend"
HEDGE = "onzeker"
CONTEXT_LABELS = (NEGATION, CHANGE, PERSISTENCE, HEDGE)

# Negation words whose scope runs forward ("geen contact", "zonder te huilen").
_NEG_FORWARD = frozenset(
    {"geen", "nooit", "niets", "niks", "niemand", "nergens", "zonder", "noch", "nauwelijks", "amper"}
)
# "niet" also negates the verb before it in Dutch main clauses ("hij slaapt niet door").
_NEG_BOTH = frozenset({"niet", "niet-"})
_CHANGE_WORDS = frozenset(
    {
        "inmiddels",
        "tegenwoordig",
        "sindsdien",
        "intussen",
        "eindelijk",
        "verbeterd",
        "verbetert",
        "verbetering",
        "vooruitgang",
        "vooruit",
        "afgenomen",
        "neemt",
        "minder",
        "beter",
        "opgeknapt",
        "langzamerhand",
        "geleidelijk",
        "nu",
        "meer",
    }
)
_PERSIST_WORDS = frozenset(
    {
        "blijft",
        "bleef",
        "blijven",
        "bleven",
        "opnieuw",
        "wederom",
        "weer",
        "toegenomen",
        "erger",
        "verslechterd",
        "terugval",
        "steeds",
        "nog",
        "altijd",
    }
)
_HEDGE_WORDS = frozenset(
    {
        "lijkt",
        "leek",
        "lijken",
        "leken",
        "mogelijk",
        "waarschijnlijk",
        "vermoedelijk",
        "wellicht",
        "misschien",
        "schijnbaar",
        "ogenschijnlijk",
        "vermoed",
        "vermoeden",
        "indruk",
        "kennelijk",
        "blijkbaar",
        "mogelijks",
    }
)
_TRIGGERS = _NEG_FORWARD | _NEG_BOTH | _CHANGE_WORDS | _PERSIST_WORDS | _HEDGE_WORDS
# Tokens that close a negation's scope.
_TERMINATORS = frozenset(
    {
        ",",
        ";",
        ":",
        ".",
        "!",
        "?",
        "(",
        ")",
        "maar",
        "wel",
        "echter",
        "omdat",
        "want",
        "terwijl",
        "toen",
        "doordat",
        "en",
        "waardoor",
        "dus",
        "als",
        "wanneer",
        "zodat",
        "-",
        "–",
    }
)
_FORWARD_WINDOW = 6
_BACKWARD_WINDOW = 3


class ContextDetector:
    """Mark the scope of negation, change, persistence and hedge cues in each sentence.

    Parameters
    ----------
    spans_key
        Key in ``doc.spans`` for the cue scopes.
    forward_window
        How many tokens after a negation cue it can reach.
    backward_window
        How many tokens before "niet" it can reach (Dutch verb-second order).
    """

    def __init__(
        self,
        *,
        spans_key: str = CONTEXT_SPANS_KEY,
        forward_window: int = _FORWARD_WINDOW,
        backward_window: int = _BACKWARD_WINDOW,
    ) -> None:
        self.spans_key = spans_key
        self.forward_window = forward_window
        self.backward_window = backward_window

    def __call__(self, doc: Doc) -> Doc:
        """Write the cue scopes of ``doc`` to ``doc.spans[self.spans_key]``."""
        words = attr_strings(doc, LOWER)
        spans: list[Span] = []
        for start, end in sentence_ranges(doc):
            spans.extend(self.sentence_scopes(doc, words[start:end], start))
        doc.spans[self.spans_key] = spans
        return doc

    def sentence_scopes(self, doc: Doc, words: list[str], offset: int) -> list[Span]:
        """The cue scopes of one sentence (its lower-case words from token ``offset``) as spans of ``doc``."""
        scopes: list[Span] = []
        n = len(words)
        for i in [i for i, word in enumerate(words) if word in _TRIGGERS]:
            word = words[i]
            if word in _NEG_FORWARD or word in _NEG_BOTH:
                start = i
                if word in _NEG_BOTH:
                    start = i
                    for j in range(i - 1, max(-1, i - 1 - self.backward_window), -1):
                        if words[j] in _TERMINATORS or words[j] in _NEG_FORWARD:
                            break
                        start = j
                end = i + 1
                while end < n and end - i <= self.forward_window and words[end] not in _TERMINATORS:
                    end += 1
                scopes.append(Span(doc, offset + start, offset + end, label=NEGATION))
                if "meer" in words[i + 1 : end + 2]:
                    scopes.append(Span(doc, offset + i, offset + min(n, end + 1), label=CHANGE))
            elif word in _CHANGE_WORDS and self._is_change(words, i):
                scopes.append(Span(doc, offset + i, offset + i + 1, label=CHANGE))
            elif word in _PERSIST_WORDS and self._is_persistence(words, i):
                scopes.append(Span(doc, offset + i, offset + min(n, i + 2), label=PERSISTENCE))
            elif word in _HEDGE_WORDS:
                scopes.append(Span(doc, offset + i, offset + i + 1, label=HEDGE))
        return scopes

    @staticmethod
    def _is_change(words: list[str], i: int) -> bool:
        word = words[i]
        nxt = words[i + 1] if i + 1 < len(words) else ""
        prev = words[i - 1] if i > 0 else ""
        if word == "neemt":
            return nxt == "af" or "af" in words[i + 1 : i + 5]
        if word == "nu":
            return nxt in {"wel", "beter", "al", "zelf"}
        if word == "meer":
            return prev in {"steeds", "veel", "al", "wat"} and nxt not in {"dan"}
        if word in {"minder", "beter"}:
            return prev not in {"nog", "niet"}
        return True

    @staticmethod
    def _is_persistence(words: list[str], i: int) -> bool:
        word = words[i]
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if word == "nog":
            return nxt in {"steeds", "altijd", "niet", "geen", "vaak", "veel", "erg", "regelmatig"}
        if word == "steeds":
            return nxt in {"vaker", "erger", "meer", "weer", "opnieuw"} or (i > 0 and words[i - 1] == "nog")
        if word == "altijd":
            return i > 0 and words[i - 1] == "nog"
        return True


@Language.factory(
    CONTEXT_FACTORY,
    assigns=["doc.spans"],
    requires=["token.is_sent_start"],
    default_config={
        "spans_key": CONTEXT_SPANS_KEY,
        "forward_window": _FORWARD_WINDOW,
        "backward_window": _BACKWARD_WINDOW,
    },
)
def make_context_detector(
    nlp: Language, name: str, spans_key: str, forward_window: int, backward_window: int
) -> ContextDetector:
    """Build the negation/change/hedge detector (registered spaCy factory)."""
    return ContextDetector(spans_key=spans_key, forward_window=forward_window, backward_window=backward_window)
