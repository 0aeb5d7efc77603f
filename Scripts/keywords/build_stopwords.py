#!/usr/bin/env python3
"""Builds the stop-word lists the keywords analyzer reads: stopwords.bin.

    pip install stopwordsiso
    python3 Scripts/keywords/build_stopwords.py [OUT_PATH]

OUT_PATH defaults to Sources/LectorAnalyzers/Models/stopwords.bin. Source: the PyPI package
stopwordsiso (MIT; its data is the stopwords-iso collection, MIT), its file
stopwords-iso.json, read from the installed package.

The file: 8 bytes of ASCII magic "LECTSTOP", the format version as a little-endian UInt32 (1),
then UTF-8 text, "LANG<TAB>WORD" a line, sorted, WORD in Lector's lookup form (as the
sentiment lexicon's) and a single word (entries with spaces are left out).
"""
import importlib.util
import json
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DEFAULT_OUT = os.path.join(REPO, "Sources", "LectorAnalyzers", "Models", "stopwords.bin")


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUT
    spec = importlib.util.find_spec("stopwordsiso")
    if spec is None:
        sys.exit("stopwordsiso is not installed: pip install stopwordsiso")
    data_path = os.path.join(os.path.dirname(spec.origin), "stopwords-iso.json")
    with open(data_path, encoding="utf-8") as handle:
        lists = json.load(handle)
    lexicon_spec = importlib.util.spec_from_file_location("build_lexicon", os.path.join(REPO, "Scripts", "sentiment", "build_lexicon.py"))
    lexicon = importlib.util.module_from_spec(lexicon_spec)
    lexicon_spec.loader.exec_module(lexicon)
    lines = set()
    for lang, words in lists.items():
        for word in words:
            form = lexicon.lookup_form(word.strip())
            if form and " " not in form and "\t" not in form:
                for variant in lexicon.spelling_variants(form, lang):
                    lines.add(f"{lang}\t{variant}")
    body = "".join(line + "\n" for line in sorted(lines)).encode("utf-8")
    tmp = out + ".tmp"
    with open(tmp, "wb") as handle:
        handle.write(b"LECTSTOP" + struct.pack("<I", 1) + body)
    os.replace(tmp, out)
    print(f"{out}: {len(lines)} words in {len(lists)} languages, {len(body) / 1000:.0f} kB")


if __name__ == "__main__":
    main()
