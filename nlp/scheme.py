"""The label scheme: codes, Dutch names and colours, defined once for every view."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Pole = Literal["+", "-"]
Subject = Literal["kind", "ouder"]

NONE = "none"
BLOCKS: tuple[int, ...] = (1, 2, 3, 4, 5)
POLES: tuple[str, ...] = ("+", "-")
SUBJECTS: tuple[str, ...] = ("kind", "ouder")
LABELS: tuple[str, ...] = (*tuple(f"B{b}{p}" for b in BLOCKS for p in POLES), NONE)
SCHEME_VERSION = "bouwstenen-1"

BLOCK_NAMES: dict[int, tuple[str, str]] = {
    1: ("Basisveiligheid", "Angst"),
    2: ("Toevertrouwen", "Wantrouwen"),
    3: ("Zelfvertrouwen", "Onzekerheid"),
    4: ("Zelfstandigheid", "Eenzaamheid"),
    5: ("Creatief", "Machteloos"),
}
PARENT_NAMES: dict[int, tuple[str, str]] = {
    1: ("Verantwoordelijkheid, zorgen voor", "Verwaarlozen"),
    2: ("Geven", "Nemen"),
    3: ("Steunen en meeleven", "Dwingend, weinig interesse"),
    4: ("Stevig en duidelijk", "Vaag"),
    5: ("Vertrouwen", "Angstig"),
}
# Okabe-Ito palette: distinguishable with the common forms of colour blindness.
BLOCK_COLOURS: dict[int, str] = {1: "#E69F00", 2: "#56B4E9", 3: "#009E73", 4: "#CC79A7", 5: "#0072B2"}


@dataclass(frozen=True)
class Tag:
    """A parsed label code such as ``B3-`` or ``none``."""

    block: int | None
    pole: str | None

    @property
    def code(self) -> str:
        """The short code, ``B<block><pole>`` or ``none``."""
        return NONE if self.block is None else f"B{self.block}{self.pole}"


def parse_label(code: str) -> Tag:
    """Parse a short code into block and pole.

    Parameters
    ----------
    code
        ``B1+`` … ``B5-`` or ``none``.

    Returns
    -------
    Tag
        The block (1-5) and pole, both ``None`` for ``none``.

    Raises
    ------
    ValueError
        If the code is not part of the scheme.
    """
    if code == NONE:
        return Tag(None, None)
    if code not in LABELS:
        raise ValueError(f"unknown label {code!r}; expected one of {', '.join(LABELS)}")
    return Tag(int(code[1]), code[2])


def title(code: str, subject: str | None = None) -> str:
    """Dutch display name of a label, e.g. ``Bouwsteen 2 · Wantrouwen · kind``."""
    tag = parse_label(code)
    if tag.block is None:
        return "Geen bouwsteen"
    name = BLOCK_NAMES[tag.block][0 if tag.pole == "+" else 1]
    parts = [f"Bouwsteen {tag.block}", name]
    if subject:
        parts.append(subject)
    return " · ".join(parts)
