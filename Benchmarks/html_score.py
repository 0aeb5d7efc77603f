"""The shingle F1 of an extracted article against the marked one (html-articles' README):
both texts are split into tokens (runs of word characters, and each other non-space character;
each Han ideograph, kana and CJK symbol is a token of its own, since Chinese and Japanese put no
spaces between words and a whole clause would otherwise be one token),
the tokens joined into overlapping 4-token shingles, and shingles counted as true positives
(in both, as often as in both), false positives (extracted only) and false negatives (marked
only) page by page. Precision and recall are averaged over the pages, and F1 is the harmonic
mean of the two averages.

A page whose extraction is empty has precision 0 (and recall 0) unless its marked text is
empty too (then both are 1); a text shorter than four tokens is one shingle of what it has."""
import re
from collections import Counter

# Han (with extension A and compatibility ideographs), hiragana, katakana and the CJK
# punctuation block but its space: one token a character. Hangul is written with spaces and
# stays in words, and so do zero-width (non-)joiners (Persian writes them inside words).
CJK = "\u3001-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
TOKEN = re.compile(rf"[{CJK}]|(?:[^\W{CJK}]|[\u200c\u200d])+|[^\w\s]", re.UNICODE)
SHINGLE = 4


def shingles(text):
    tokens = TOKEN.findall(text or "")
    if not tokens:
        return Counter()
    if len(tokens) < SHINGLE:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i:i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1))


def page_scores(extracted, marked):
    """(precision, recall) of one page."""
    got, want = shingles(extracted), shingles(marked)
    if not got or not want:
        both_empty = not got and not want
        return (1.0, 1.0) if both_empty else (0.0, 0.0)
    true_positives = sum((got & want).values())
    return true_positives / sum(got.values()), true_positives / sum(want.values())


def score(extractions, truth):
    """{'precision', 'recall', 'f1', 'pages'} over the pages in `truth` ({id: marked text});
    a page missing from `extractions` ({id: text}) counts as extracted empty."""
    precisions, recalls = [], []
    for page, marked in truth.items():
        precision, recall = page_scores(extractions.get(page, ""), marked)
        precisions.append(precision)
        recalls.append(recall)
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "pages": len(precisions)}
