"""Reproducible derivation of training sentences from the cue templates.

Each template is a main clause written for one knowledge-base cue. The generator fills
in a child, a caregiver and pronouns, and wraps the clause the way notes are written
(bullets, attributions, lost capitals, the odd typo). The same templates and seed give
the same sentences, byte for byte.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from pathlib import Path

from nlp.scheme import NONE
from training.corpus import Example

CHILDREN: tuple[tuple[str, str], ...] = (
    ("Noah", "m"),
    ("Sem", "m"),
    ("Daan", "m"),
    ("Mohammed", "m"),
    ("Yusuf", "m"),
    ("Jayden", "m"),
    ("Liam", "m"),
    ("Kerem", "m"),
    ("Bilal", "m"),
    ("Jurre", "m"),
    ("Milan", "m"),
    ("Dawit", "m"),
    ("Omar", "m"),
    ("Kacper", "m"),
    ("Rayan", "m"),
    ("Tygo", "m"),
    ("Giovanni", "m"),
    ("Luca", "m"),
    ("Emma", "v"),
    ("Julia", "v"),
    ("Fenna", "v"),
    ("Aya", "v"),
    ("Sara", "v"),
    ("Zeynep", "v"),
    ("Mila", "v"),
    ("Nour", "v"),
    ("Shanice", "v"),
    ("Lotte", "v"),
    ("Hanna", "v"),
    ("Amira", "v"),
    ("Senna", "v"),
    ("Maja", "v"),
    ("Selam", "v"),
    ("Rosa", "v"),
    ("Yara", "v"),
    ("Chayenne", "v"),
)
CAREGIVERS: tuple[tuple[str, str], ...] = (
    ("moeder", "haar"),
    ("vader", "zijn"),
    ("pleegmoeder", "haar"),
    ("pleegvader", "zijn"),
    ("adoptiemoeder", "haar"),
    ("adoptievader", "zijn"),
    ("mw.", "haar"),
    ("dhr.", "zijn"),
    ("pm", "haar"),
    ("pv", "zijn"),
    ("de groepsleider", "zijn"),
    ("de groepsleidster", "haar"),
    ("juf", "haar"),
    ("de mentor", "zijn"),
    ("oma", "haar"),
    ("gezinshuismoeder", "haar"),
    ("de leidster", "haar"),
    ("stiefvader", "zijn"),
)
PRONOUNS = {"m": ("hij", "zijn", "hem"), "v": ("zij", "haar", "haar")}
REPORTERS = (
    "moeder",
    "pleegmoeder",
    "vader",
    "pleegvader",
    "de leerkracht",
    "de mentor",
    "groepsleiding",
    "mw.",
    "dhr.",
    "pm",
    "pv",
    "oma",
    "juf",
)
_PLACEHOLDER = re.compile(r"\{(kind|hij|Hij|zijn|hem|ouder|Ouder|ouderzijn)\}")


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def fill(template: str, child: tuple[str, str], caregiver: tuple[str, str]) -> str:
    """Fill one template's placeholders."""
    name, gender = child
    hij, zijn, hem = PRONOUNS[gender]
    ouder, ouderzijn = caregiver
    values = {
        "kind": name,
        "hij": hij,
        "Hij": _capitalise(hij),
        "zijn": zijn,
        "hem": hem,
        "ouder": ouder,
        "Ouder": _capitalise(ouder),
        "ouderzijn": ouderzijn,
    }
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], template)


def _typo(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    candidates = [i for i, w in enumerate(words) if len(w) > 5 and w.isalpha()]
    if not candidates:
        return text
    i = rng.choice(candidates)
    w = words[i]
    j = rng.randrange(1, len(w) - 2)
    words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
    return " ".join(words)


def frame(clause: str, rng: random.Random) -> str:
    """Wrap a clause as a case-note sentence."""
    clause = clause.strip().rstrip(".")
    roll = rng.random()
    if roll < 0.45:
        sentence = _capitalise(clause) + "."
    elif roll < 0.58:
        sentence = "- " + clause
    elif roll < 0.70:
        sentence = f"{_capitalise(clause)}, aldus {rng.choice(REPORTERS)}."
    elif roll < 0.78:
        sentence = f"{_capitalise(clause)}, zo vertelt {rng.choice(REPORTERS)}."
    elif roll < 0.84:
        sentence = f"{_capitalise(rng.choice(REPORTERS))} vertelt: {clause}."
    elif roll < 0.90:
        sentence = f"O: {_capitalise(clause)}."
    else:
        sentence = clause + "."  # the capital lost in a hurry
    if rng.random() < 0.06:
        sentence = _typo(sentence, rng)
    return sentence


def read_templates(directory: Path) -> dict[str, list[str]]:
    """All cue templates from ``*.json`` files in a folder, keyed by cue id."""
    templates: dict[str, list[str]] = {}
    for path in sorted(Path(directory).glob("*.json")):
        for cue, items in json.loads(path.read_text(encoding="utf-8")).items():
            templates.setdefault(cue, []).extend(items)
    return templates


def label_of_cue(cue: str) -> tuple[str, str]:
    """``B3-kind:passief`` → (``B3-``, ``kind``)."""
    head = cue.split(":", 1)[0]
    return head[:3], head[3:]


def generate(templates: dict[str, list[str]], per_cue: int, seed: int, exclude: set[str]) -> Iterator[Example]:
    """Derive ``per_cue`` distinct sentences per cue from its templates.

    Parameters
    ----------
    templates
        Cue id → clause templates.
    per_cue
        How many sentences to make for each cue (fewer if the templates run out).
    seed
        Seed of the random generator.
    exclude
        Lower-cased texts that must not be produced again (e.g. the hand-written ones).
    """
    rng = random.Random(seed)
    seen = set(exclude)
    for cue in sorted(templates):
        label, subject = label_of_cue(cue)
        made, attempts = 0, 0
        items = templates[cue]
        while made < per_cue and attempts < per_cue * 20:
            attempts += 1
            index = rng.randrange(len(items))
            sentence = frame(fill(items[index], rng.choice(CHILDREN), rng.choice(CAREGIVERS)), rng)
            key = sentence.lower()
            if key in seen:
                continue
            seen.add(key)
            made += 1
            yield Example(sentence, label, subject, cue, origin=f"generated:{cue}#{index}")


NONE_TEMPLATES: tuple[str, ...] = (
    "Huisbezoek {datum} om {tijd} uur, aanwezig: {wie}.",
    "Afspraak verzet naar {dag} {datum} ivm {reden}.",
    "Telefonisch contact met {wie} over {onderwerp}.",
    "Volgende afspraak: {dag} {datum}, {tijd} uur {plek}.",
    "{Wie} belt {dag} terug over {onderwerp}.",
    "Evaluatie {onderwerp} gepland op {datum}.",
    "- {onderwerp}: zie verslag {datum}",
    "{Wie} heeft de stukken over {onderwerp} opgestuurd.",
    "Mail gestuurd aan {wie} i.v.m. {onderwerp}.",
    "Aanwezig bij het MDO op {datum}: {wie} en ondergetekende.",
    "{Kind} heeft {dag} om {tijd} uur een afspraak bij {zorg}.",
    "Verwijzing naar {zorg} is op {datum} verstuurd.",
    "{Wie} was op {datum} afwezig ivm {reden}.",
    "Afgesproken dat {wie} contact opneemt met {zorg} over {onderwerp}.",
)
NONE_SLOTS: dict[str, tuple[str, ...]] = {
    "datum": ("12-3", "4 april", "21-06-2025", "3/9", "di 14-10", "maandag 2 december", "17-1", "29 augustus"),
    "tijd": ("9.30", "10.00", "13.15", "14.00", "15.45", "16.30", "19.00"),
    "dag": ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "volgende week", "morgen"),
    "wie": (
        "moeder",
        "vader",
        "pleegmoeder",
        "pleegouders",
        "de gezinsvoogd",
        "de IB'er",
        "de jeugdarts",
        "mw. Visser",
        "dhr. Bakker",
        "de mentor",
        "de advocaat van moeder",
        "de teamleider",
        "de GI",
    ),
    "reden": (
        "ziekte",
        "vakantie",
        "een rechtszitting",
        "staking van de NS",
        "ziekte van de hulpverlener",
        "een uitvaart",
        "de verhuizing",
    ),
    "onderwerp": (
        "het perspectiefplan",
        "de omgangsregeling",
        "de verlenging van de OTS",
        "het schooladvies",
        "de vergoeding",
        "de toeslagen",
        "de aanvraag PGB",
        "de zorgverzekering",
        "het OPP",
        "de planning",
        "het rapport",
        "de machtiging uithuisplaatsing",
        "de schuldhulp",
    ),
    "plek": ("op kantoor", "bij het gezin thuis", "op school", "via Teams", "in het gezinshuis"),
    "zorg": (
        "de huisarts",
        "de tandarts",
        "de logopedist",
        "het consultatiebureau",
        "de GGZ",
        "de fysiotherapeut",
        "de orthodontist",
        "de kinderarts",
    ),
}


def generate_none(count: int, seed: int, exclude: set[str]) -> Iterator[Example]:
    """Derive ``count`` distinct administrative (``none``) sentences."""
    rng = random.Random(seed)
    seen = set(exclude)
    made, attempts = 0, 0
    while made < count and attempts < count * 30:
        attempts += 1
        index = rng.randrange(len(NONE_TEMPLATES))
        child = rng.choice(CHILDREN)[0]
        values = {k: rng.choice(v) for k, v in NONE_SLOTS.items()}
        values.update({"Wie": _capitalise(values["wie"]), "Kind": child})
        sentence = NONE_TEMPLATES[index].format(**values)
        if rng.random() < 0.15:
            sentence = sentence[0].lower() + sentence[1:]
        if sentence.lower() in seen:
            continue
        seen.add(sentence.lower())
        made += 1
        yield Example(sentence, NONE, None, "none:generated", origin=f"generated:none#{index}")
