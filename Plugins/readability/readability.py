#!/usr/bin/env python3
"""readability: reading time and a readability score, as a Lector process plugin.

Standard library only. Speaks the JSON-lines protocol of docs/plugins.md on standard input
and output: a hello, then batches of documents; everything else goes to standard error.

The score is LIX (Björnsson 1968): words per sentence plus the percentage of words longer than
six letters. It needs no syllable rules, so it works across languages (in scripts that mark
word boundaries); 20 reads easily, 40 is ordinary news prose, 60 and more is hard.
"""
import json
import sys
import unicodedata

DESCRIPTOR = {
    "name": "readability",
    "summary": "Reading time and the LIX readability score",
    "discussion": "LIX = words per sentence + percentage of words longer than six letters. "
                  "Reading time at words-per-minute (238 is the adult average for silent reading).",
    "options": [
        {"name": "wpm", "type": "int", "min": 50, "max": 1000, "default": 238, "help": "Reading speed, in words per minute"},
    ],
    "requires": [],
    "produces": ["readability"],
    "summary_fields": ["readability.minutes", "readability.lix", "readability.level"],
}

SENTENCE_ENDS = set(".!?…؟。")


def measure(text, wpm):
    words, long_words, sentences, current, in_sentence = 0, 0, 0, 0, False
    for char in text + " ":
        if unicodedata.category(char)[0] in "LMN":
            current += 1
            in_sentence = True
            continue
        if current:
            words += 1
            long_words += current > 6
            current = 0
        if (char in SENTENCE_ENDS or char == "\n") and in_sentence:
            sentences += 1
            in_sentence = False
    if words == 0:
        return {"words": 0, "sentences": 0, "minutes": 0, "lix": None, "level": None}
    sentences = max(sentences, 1)
    lix = words / sentences + 100 * long_words / words
    level = "very easy" if lix < 25 else "easy" if lix < 35 else "medium" if lix < 45 else "hard" if lix < 55 else "very hard"
    return {"words": words, "sentences": sentences, "minutes": round(words / wpm, 2), "lix": round(lix, 1), "level": level}


def main():
    for line in sys.stdin:
        message = json.loads(line)
        if message.get("type") == "hello":
            reply = {"type": "descriptor", "protocol": 1, "descriptor": DESCRIPTOR}
        elif message.get("type") == "batch":
            wpm = message["options"]["wpm"]
            results = []
            for document in message["documents"]:
                try:
                    results.append({"id": document["id"], "annotations": {"readability": measure(document["text"], wpm)}})
                except Exception as error:  # one bad document must not stop the batch
                    results.append({"id": document["id"], "error": f"{type(error).__name__}: {error}"})
            reply = {"type": "result", "id": message["id"], "results": results}
        else:
            print(f"readability: unknown message type {message.get('type')!r}", file=sys.stderr)
            continue
        sys.stdout.write(json.dumps(reply, ensure_ascii=False) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
