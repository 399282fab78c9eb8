"""Bouwsteen: tag Dutch case-note sentences with the building blocks of attachment.

>>> import nlp
>>> pipeline = nlp.load()
>>> doc = pipeline("Noah slaapt inmiddels de hele nacht door.")
>>> [(s.label_, s._.subject, s._.score) for s in doc.spans["bouwstenen"]]  # doctest: +SKIP
"""

from nlp.model import ModelError, load
from nlp.tagger import SPANS_KEY

__all__ = ["SPANS_KEY", "ModelError", "load"]
__version__ = "0.1.0"
