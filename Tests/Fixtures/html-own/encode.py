#!/usr/bin/env python3
"""Writes the own pages that are served in a legacy encoding: source/NAME.html (UTF-8, for
editing and reading) becomes html/NAME.html in the encoding below. Run after editing a source:

    python3 Tests/Fixtures/html-own/encode.py
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
ENCODINGS = {
    "he-windows-1255": "cp1255",  # declared in an http-equiv meta
    "ja-shift_jis": "shift_jis",  # declared in an http-equiv meta
    "zh-tw-big5": "big5",  # declared in an http-equiv meta
    "ru-windows-1251-undeclared": "cp1251",  # no declaration at all (the server's header said it)
}

for name, encoding in ENCODINGS.items():
    with open(os.path.join(HERE, "source", name + ".html"), encoding="utf-8") as handle:
        text = handle.read()
    with open(os.path.join(HERE, "html", name + ".html"), "wb") as handle:
        handle.write(text.encode(encoding))  # strict: a character the encoding lacks is an error
    print(f"html/{name}.html: {encoding}")
