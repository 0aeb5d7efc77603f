#!/usr/bin/env python3
"""The peer for Lector's core benchmark: the same job in plain Python (standard library only).

Reads documents (files, lines, or JSONL), applies the cleanup `normalize` does (NFC, line
endings, zero-width and bidi controls, tatweel), and writes one JSON record per document.
"""
import json
import os
import sys
import unicodedata

REMOVE = {cp: None for cp in [0x200B, 0x2060, 0xFEFF, 0x00AD, 0x200E, 0x200F, 0x061C, 0x0640,
                              *range(0x202A, 0x202F), *range(0x2066, 0x206A)]}
REMOVE.update({0x85: "\n", 0x2028: "\n", 0x2029: "\n"})


def normalize(text):
    cleaned = text.replace("\r\n", "\n").replace("\r", "\n").translate(REMOVE)
    return unicodedata.normalize("NFC", cleaned)


def records(mode, paths):
    if mode == "text":
        files = []
        for path in paths:
            if os.path.isdir(path):
                for root, dirs, names in os.walk(path):
                    dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                    files += [os.path.join(root, n) for n in sorted(names) if not n.startswith(".")]
            else:
                files.append(path)
        for path in files:
            with open(path, encoding="utf-8") as f:
                yield {"id": os.path.splitext(os.path.basename(path))[0], "source": path, "text": f.read()}
    else:
        for path in paths:
            with open(path, encoding="utf-8") as f:
                for number, line in enumerate(f, 1):
                    if not line.strip():
                        continue
                    if mode == "jsonl":
                        record = json.loads(line)
                        text = record.pop("text")
                        yield {"id": record.pop("id", f"{path}:{number}"), "source": f"{path}:{number}", "text": text, **record}
                    else:
                        yield {"id": f"{path}:{number}", "source": f"{path}:{number}", "text": line.rstrip("\n")}


def main():
    mode, paths = sys.argv[1], sys.argv[2:]
    out = sys.stdout
    for record in records(mode, paths):
        before = record["text"]
        record["text"] = normalize(before)
        record["normalize"] = {"changed": record["text"] != before}
        out.write(json.dumps(record, ensure_ascii=False))
        out.write("\n")


if __name__ == "__main__":
    main()
