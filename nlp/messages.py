"""Dutch wording of input problems, for the pages professionals read."""

from __future__ import annotations

from nlp.documents import MAX_DOCUMENT_BYTES
from nlp.io import MAX_NOTE_BYTES, InputError

INPUT_MESSAGES_NL: dict[str, str] = {
    "missing": "Het bestand is niet gevonden.",
    "empty": "Er staat geen tekst in. Plak een verslag of kies een bestand met tekst.",
    "binary": "Dit bestand bevat geen tekst. Kies een .txt-, .md-, .docx- of .pdf-bestand.",
    "encoding": "De tekens in dit bestand zijn niet te lezen. Sla het op als UTF-8-tekst en probeer het opnieuw.",
    "too_large": (
        f"Het bestand of de tekst is te groot: een verslag mag hoogstens {MAX_NOTE_BYTES // 1_000_000} MB tekst zijn "
        f"(een document hoogstens {MAX_DOCUMENT_BYTES // 1_000_000} MB). Splits het in kleinere delen."
    ),
    "bad_record": "Een regel van het bestand is geen bruikbaar verslag.",
    "unsupported": "Dit soort bestand kan Bouwsteen niet lezen. Kies een .txt-, .md-, .docx- of .pdf-bestand.",
    "encrypted": "Het document is met een wachtwoord beveiligd. Sla het zonder wachtwoord op en probeer het opnieuw.",
    "no_text": (
        "De PDF bevat geen tekstlaag (waarschijnlijk een scan). Laat er eerst tekstherkenning (OCR) op los, "
        "of plak de tekst in het tekstvak."
    ),
    "corrupt": "Het bestand is beschadigd of heeft niet het formaat dat de naam belooft.",
    "unreadable": "Het bestand kan niet gelezen worden.",
}
NOT_DUTCH_NL = (
    "Deze tekst lijkt niet in het Nederlands geschreven. Bouwsteen is gemaakt voor Nederlandse verslagen; "
    "de labels hieronder zijn daarom onbetrouwbaar."
)
NO_MODEL_NL = "Het model kan niet geladen worden: {reason}. Bouw het opnieuw met `bouwsteen train`."


def input_message_nl(error: InputError) -> str:
    """The Dutch sentence for an input problem (never quotes the note)."""
    return INPUT_MESSAGES_NL.get(error.reason, INPUT_MESSAGES_NL["unreadable"])
