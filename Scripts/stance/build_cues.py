#!/usr/bin/env python3
"""Builds the stance cue lexicon: stance-cues.bin, read by the stance analyzer.

    python3 Scripts/stance/build_cues.py [OUT_PATH]

OUT_PATH defaults to Sources/LectorAnalyzers/Models/stance-cues.bin. The file has the format of
the sentiment lexicon (magic "LECTSLEX"; see Scripts/sentiment/build_lexicon.py), and the same
scorer reads it: negation, intensifiers and contrast words work as they do for sentiment.

Source: cues/LANG.tsv, written for Lector by hand ("KIND<TAB>TERM<TAB>VALUE"): words and stems
that tell how a text treats an actor it names (ratifies, welcomes, praises: positive; condemns,
accuses, sanctions: negative), on the -4..4 scale, and the language's negators, intensifiers
and contrast words. No package lexicon is used.
"""
import importlib.util
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DEFAULT_OUT = os.path.join(REPO, "Sources", "LectorAnalyzers", "Models", "stance-cues.bin")


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUT
    spec = importlib.util.spec_from_file_location("build_lexicon", os.path.join(REPO, "Scripts", "sentiment", "build_lexicon.py"))
    lexicon = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(lexicon)
    lexicon.WORDS_DIR = os.path.join(HERE, "cues")
    entries, drops, problems = lexicon.load_handwritten()
    merged, origin, more = lexicon.merge([], entries, drops)
    problems += more
    if problems:
        sys.exit("\n".join(problems))
    size = lexicon.write_lexicon(out, merged)
    lexicon.self_check(out)
    languages = sorted({lang for lang, _, _ in merged})
    print(f"{out}: {len(merged)} entries in {len(languages)} languages ({', '.join(languages)}), {size / 1000:.0f} kB")


if __name__ == "__main__":
    main()
