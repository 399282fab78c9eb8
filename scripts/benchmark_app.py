"""Warm timing of the page: paste a 300-word note, then change the threshold and a filter.

Prints the server-side time of each rerun (tagging and drawing the page) measured with
Streamlit's AppTest, best of five, after one warm-up run. The browser adds its own drawing
time on top; the end-to-end test prints paste-to-highlight time in a real Chromium.

    python scripts/benchmark_app.py
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
# Fictional, written for this benchmark: a 300-word home-visit note.
NOTE = """Verslag huisbezoek 4 november, aanwezig: pleegmoeder Anja, pleegvader Kees, Milan (5) en ondergetekende.
S: Pleegmoeder vertelt dat Milan de afgelopen weken beter slaapt. Hij wordt nog wel een keer per nacht wakker, maar laat zich dan snel geruststellen.
Pleegvader geeft aan dat Milan bij het brengen naar school lang blijft hangen en moeilijk afscheid neemt.
O: Tijdens het bezoek speelt Milan met de blokken op de vloer. Hij bouwt een hoge toren en kijkt daarbij regelmatig om naar pleegmoeder.
Als de toren omvalt, begint hij te huilen en gooit hij een blok weg. Pleegmoeder gaat naast hem zitten, benoemt dat hij boos is en helpt hem opnieuw beginnen.
Daarna probeert hij het zelf nog een keer en laat trots zien dat het gelukt is.
Milan vraagt ondergetekende of zij morgen weer komt; hij lijkt het spannend te vinden als er nieuwe mensen binnenkomen.
Bij het eten wil hij alles zelf doen en weigert hulp, ook als het niet lukt.
Pleegouders vertellen dat biologische moeder de bezoekregeling twee keer heeft afgezegd. Na het laatste afgezegde bezoek was Milan een paar dagen erg aanhankelijk en wilde hij niet alleen in zijn kamer spelen.
Pleegmoeder merkt op dat zij soms niet weet hoe zij hem moet troosten als hij zo boos wordt.
A: Milan lijkt zich veiliger te voelen in het pleeggezin, maar wisselingen en afscheid blijven lastig.
P: Volgend huisbezoek op 2 december om 10.00 uur. Pleegmoeder neemt contact op met de leerkracht over het afscheid 's ochtends.
Gezinsvoogd bespreekt de bezoekregeling met biologische moeder. Ondergetekende stuurt de informatie over de cursus voor pleegouders door.
Afgesproken is dat pleegvader de komende weken Milan naar school brengt, omdat het afscheid bij hem rustiger lijkt te verlopen.
De jeugdarts ziet Milan op 18 november voor het periodieke onderzoek; pleegmoeder gaat mee en neemt het groeiboekje mee.
Milan liet aan het eind van het bezoek zijn tekening zien en zwaaide ons uit bij de voordeur."""


def timed(run) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def main() -> None:
    """Print warm rerun times of the page."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    cold = timed(at.run)
    print(f"words in note: {len(NOTE.split())}")
    print(f"first page load (model load included): {cold:.2f} s")
    paste, threshold, toggle = [], [], []
    for i in range(6):
        # a different note each time so the page really tags it
        text = NOTE + f"\nVolgende evaluatie in week {10 + i}."
        paste.append(timed(lambda text=text: at.text_area(key="note_text").input(text).run()))
        threshold.append(timed(lambda i=i: at.slider[0].set_value(0.05 * (i % 3)).run()))
        toggle.append(timed(lambda i=i: at.toggle[0].set_value(i % 2 == 0).run()))
    assert not at.exception
    for name, times in (("paste + tag + draw", paste), ("threshold change", threshold), ("score toggle", toggle)):
        warm = times[1:]
        print(f"{name:<20} best {min(warm) * 1000:6.0f} ms   median {statistics.median(warm) * 1000:6.0f} ms")


if __name__ == "__main__":
    main()
