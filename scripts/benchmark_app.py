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
# Fictional, written for this benchmark: a 320-word home-visit note.
NOTE = (ROOT / "data" / "examples" / "huisbezoek.txt").read_text(encoding="utf-8")


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
