#!/usr/bin/env python3
"""Builds the topic lexicon: topics-lexicon.bin, read by the topics analyzer.

    python3 Scripts/topics/build_lexicon.py [OUT_PATH]

OUT_PATH defaults to Sources/LectorAnalyzers/Models/topics-lexicon.bin. Source: lexicons/LANG.tsv,
written for Lector by hand ("TOPIC<TAB>KIND<TAB>TERM<TAB>WEIGHT"; see their headers).

The file: 8 bytes of ASCII magic "LECTTOPL", the format version as a little-endian UInt32 (1),
then UTF-8 text, one entry a line, "LANG<TAB>KIND<TAB>TERM<TAB>TOPIC<TAB>WEIGHT", sorted. TERM is
in Lector's lookup form (as the sentiment lexicon's; Persian terms also with the Arabic ي ك);
KIND is word or stem; WEIGHT 1 to 3.
"""
import importlib.util
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DEFAULT_OUT = os.path.join(REPO, "Sources", "LectorAnalyzers", "Models", "topics-lexicon.bin")
TOPICS = ("politics defence economy technology health sport culture environment crime science society religion "
          "disaster education labour lifestyle weather").split()
MAGIC = b"LECTTOPL"
VERSION = 1


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUT
    spec = importlib.util.spec_from_file_location("build_lexicon", os.path.join(REPO, "Scripts", "sentiment", "build_lexicon.py"))
    lexicon = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(lexicon)
    entries, problems = {}, []
    folder = os.path.join(HERE, "lexicons")
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".tsv"):
            continue
        lang = name[:-4]
        for number, fields in lexicon.read_table(os.path.join(folder, name)):
            where = f"{name}:{number}"
            if len(fields) != 4 or fields[0] not in TOPICS or fields[1] not in ("word", "stem"):
                problems.append(f"{where}: expected TOPIC<TAB>word|stem<TAB>TERM<TAB>WEIGHT, got {chr(9).join(fields)!r}")
                continue
            try:
                weight = float(fields[3])
            except ValueError:
                problems.append(f"{where}: the weight {fields[3]!r} is not a number")
                continue
            for term in lexicon.spelling_variants(lexicon.lookup_form(fields[2].strip()), lang):
                if not term or " " in term:
                    problems.append(f"{where}: the term is empty or has a space")
                    continue
                entries[(lang, fields[1], term, fields[0])] = weight
    if problems:
        sys.exit("\n".join(problems))
    body = "".join(f"{lang}\t{kind}\t{term}\t{topic}\t{weight:g}\n" for (lang, kind, term, topic), weight in sorted(entries.items()))
    tmp = out + ".tmp"
    with open(tmp, "wb") as handle:
        handle.write(MAGIC + struct.pack("<I", VERSION) + body.encode("utf-8"))
    os.replace(tmp, out)
    languages = sorted({lang for lang, _, _, _ in entries})
    print(f"{out}: {len(entries)} entries in {len(languages)} languages ({', '.join(languages)}), {os.path.getsize(out) / 1000:.0f} kB")


if __name__ == "__main__":
    main()
