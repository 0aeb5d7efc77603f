#!/usr/bin/env python3
"""Builds the page-cue lexicon the structure analyzer reads: structure-cues.bin.

    python3 Scripts/structure/build_cues.py [--data ../shared/data] [--report] [OUT_PATH]

OUT_PATH defaults to Sources/LectorAnalyzers/Models/structure-cues.bin.

Source: cues/LANG.tsv, one file for each language `langid` knows (the codes are read from
Sources/LectorAnalyzers/Language/Languages.swift) and cues/any.tsv for every language,
written for Lector by hand: "KIND<TAB>PHRASE[<TAB>SOURCE]" lines, "#" comments. The phrases
are short common interface phrases (what a news page writes on its comment counter, its
read-more and related headers, its share, follow-us and newsletter prompts); SOURCE
"html-articles" marks a phrase that is also a frequent page line of that data set, which
the build checks when --data is given.

KIND (the analyzer's `Cue`, and how a line with the phrase is read; n is the line's words,
m the phrase's, p where the phrase starts):
  comments    a comment counter or prompt: p = 0 and n <= max(2, m + 1), or a count on the
              line and n <= m + 3 ("Kommentare (3)", "12 comments", "Ver 12 comentarios")
  readAlso    read more, read also, see also: a header, or a line that links one article
              ("Читайте також: ...", with a colon or dash after the phrase, up to 16 words)
  related     related, latest, most read news: a header
  share       share prompts; single words also make a line of share buttons (any.tsv)
  social      follow-us prompts
  newsletter  newsletter and subscription prompts
  viewOn, home, caption, advert, profile, login
              "View on", breadcrumbs' first item, photo credits, adverts, avatars, menus
  byline      starts a byline ("By", "Автор:"): a trailing ":" means the colon must follow
  bylineAfter ends a byline ("김민수 기자")
  platform    (any.tsv) a platform's name: with share words alone on a line, share buttons
The rules for single-word and multi-word phrases are in Cue.marksBoilerplate (Cues.swift).

The file: 8 bytes of ASCII magic "LECTCUES", the format version as a little-endian UInt32
(1), then UTF-8 text, "LANG<TAB>KIND<TAB>PHRASE" a line, sorted and without repeats, PHRASE
in Lector's lookup form (as the sentiment lexicon's; see Scripts/sentiment/build_lexicon.py),
also in the other spellings pages use for it: decomposed (NFD) where that differs, Indic
letters with a nukta precomposed, Romanian ş ţ with a cedilla, Persian with the Arabic ي ك,
and Yoruba without its tone marks.

Checks (the build fails on them): every language has a file and at least one phrase of each
of comments, readAlso, related, share, social and newsletter; every phrase's letters are of
its language's scripts (or Latin, for loanwords such as "newsletter") and one at least of its
own script; no phrase is listed twice in a file.

With --data (the ../shared/data folder) the build also reads the data and reports:
  html-articles/  181 real pages with their article text marked (scrapinghub's article
                  extraction benchmark, MIT; the pages belong to their sites): the short lines
                  of a page that are not in its article, counted by site, are page furniture;
                  the frequent ones of each page language are listed with whether the lexicon
                  has them, and every phrase marked "html-articles" must be one of them
  langid-words/, langid/, langid-extra/
                  word lists (OpenSubtitles) and running text (NTREX-128, UDHR, FLORES-200, ...)
                  of each language: the report names the phrase words not found in them, to
                  catch misspellings (loanwords and interface verbs are often missing there)
--report prints the whole report (otherwise its summary).
"""
import argparse
import collections
import gzip
import html.parser
import importlib.util
import json
import os
import re
import struct
import sys
import unicodedata
from urllib.parse import urlparse

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DEFAULT_OUT = os.path.join(REPO, "Sources", "LectorAnalyzers", "Models", "structure-cues.bin")
CUES_DIR = os.path.join(HERE, "cues")
LANGUAGES_SWIFT = os.path.join(REPO, "Sources", "LectorAnalyzers", "Language", "Languages.swift")
MAGIC = b"LECTCUES"
VERSION = 1
KINDS = ("comments", "readAlso", "related", "share", "social", "newsletter", "viewOn", "home", "caption", "advert",
         "profile", "login", "byline", "bylineAfter", "platform")
REQUIRED = ("comments", "readAlso", "related", "share", "social", "newsletter")
# Unicode name prefixes of the letters of each script code Languages.swift uses.
SCRIPT_NAMES = {
    "Latn": ("LATIN",), "Cyrl": ("CYRILLIC",), "Arab": ("ARABIC",), "Armn": ("ARMENIAN",), "Beng": ("BENGALI",),
    "Deva": ("DEVANAGARI",), "Geor": ("GEORGIAN",), "Grek": ("GREEK",), "Gujr": ("GUJARATI",), "Guru": ("GURMUKHI",),
    "Hang": ("HANGUL",), "Hani": ("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH"), "Hebr": ("HEBREW",),
    "Hira": ("HIRAGANA",), "Kana": ("KATAKANA",), "Taml": ("TAMIL",), "Telu": ("TELUGU",), "Thai": ("THAI",),
}


# Lookup forms, spelling variants and table reading as the sentiment lexicon has them.
_spec = importlib.util.spec_from_file_location("build_lexicon", os.path.join(REPO, "Scripts", "sentiment", "build_lexicon.py"))
lexicon = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(lexicon)


def languages():
    """{code: [script codes]} from Languages.byScript; the model's srl is Serbian in Latin."""
    source = open(LANGUAGES_SWIFT, encoding="utf-8").read()
    table = source[source.index("byScript"):]
    table = table[:table.index("\n    ]")]
    scripts = collections.defaultdict(list)
    for script, codes in re.findall(r'"(\w{4})": \[([^\]]*)', table):
        for code in re.findall(r'"(\w+)"', codes):
            scripts["sr" if code == "srl" else code].append(script)
    return dict(scripts)


def letters(text):
    return [char for char in text if unicodedata.category(char)[0] == "L"]


def script_of(char):
    name = unicodedata.name(char, "")
    for script, prefixes in SCRIPT_NAMES.items():
        if name.startswith(prefixes):
            return script
    return None


def with_precomposed_nukta(text):
    """Indic letters with a nukta as the single code points NFC takes apart (क़ ড় ਖ਼ ...)."""
    for code in list(range(0x0958, 0x0960)) + [0x09DC, 0x09DD, 0x09DF, 0x0A33, 0x0A36, 0x0A59, 0x0A5A, 0x0A5B, 0x0A5E]:
        text = text.replace(unicodedata.normalize("NFD", chr(code)), chr(code))
    return text


def spellings(form, lang):
    """The phrase as pages write it: lookup form, then the variants the module docstring lists."""
    forms = lexicon.spelling_variants(form, lang)
    more = []
    for item in forms:
        more.append(unicodedata.normalize("NFD", item))
        more.append(with_precomposed_nukta(item))
        if lang == "ro":
            more.append(item.replace("ș", "ş").replace("ț", "ţ"))
        if lang == "yo":
            more.append("".join(c for c in unicodedata.normalize("NFD", item) if unicodedata.category(c) != "Mn"))
    return list(dict.fromkeys(forms + more))


def read_cues(known):
    """[(lang, kind, phrase, source, where)] and the problems found reading them."""
    entries, problems = [], []
    files = {name[:-4]: os.path.join(CUES_DIR, name) for name in os.listdir(CUES_DIR) if name.endswith(".tsv")}
    for lang in sorted(set(known) - set(files)):
        problems.append(f"cues/{lang}.tsv is missing ({lang} is a language langid knows)")
    for name, path in sorted(files.items()):
        lang = "*" if name == "any" else name
        if lang != "*" and lang not in known:
            problems.append(f"{path}: {lang} is not a language langid knows")
        seen = {}
        for number, fields in lexicon.read_table(path):
            where = f"cues/{name}.tsv:{number}"
            if len(fields) not in (2, 3) or fields[0] not in KINDS or not fields[1].strip():
                problems.append(f"{where}: expected KIND<TAB>PHRASE[<TAB>SOURCE], KIND one of {', '.join(KINDS)}")
                continue
            kind, phrase = fields[0], fields[1].strip()
            source = fields[2].strip() if len(fields) == 3 else ""
            key = (kind, lexicon.lookup_form(phrase))
            if key in seen:
                problems.append(f"{where}: {phrase} is listed twice (also line {seen[key]})")
            seen[key] = number
            entries.append((lang, kind, phrase, source, where))
    return entries, problems


def check_entries(entries, known):
    problems = []
    kinds = collections.defaultdict(set)
    for lang, kind, phrase, _, where in entries:
        kinds[lang].add(kind)
        if lang == "*":
            continue
        scripts = set(known[lang])
        found = {script_of(char) for char in letters(phrase)}
        if not found <= scripts | {"Latn"}:
            problems.append(f"{where}: {phrase}: letters of {sorted(s or '?' for s in found - scripts - {'Latn'})}, not of {lang}")
        elif "Latn" not in scripts and not found & scripts:
            problems.append(f"{where}: {phrase}: no letter of {lang}'s script ({', '.join(sorted(scripts))})")
        if kind == "platform":
            problems.append(f"{where}: platform names go to any.tsv")
    for lang in sorted(known):
        missing = [kind for kind in REQUIRED if kind not in kinds[lang]]
        if missing:
            problems.append(f"cues/{lang}.tsv: no {', '.join(missing)} phrase")
    return problems


# ---------------------------------------------------------------------------------------------
# Data: the page furniture of html-articles, and the words of each language.

class PageLines(html.parser.HTMLParser):
    """The text of a page as lines: block elements and links end a line; no script or style."""
    BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "td", "th", "section", "article", "header",
              "footer", "nav", "aside", "ul", "ol", "figcaption", "figure", "button", "a", "span", "label", "option", "title",
              "dt", "dd", "blockquote"}
    HIDDEN = {"script", "style", "noscript", "svg", "template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines, self.current, self.hidden, self.lang = [], [], 0, None

    def handle_starttag(self, tag, attrs):
        if tag == "html" and self.lang is None:
            self.lang = (dict(attrs).get("lang") or "").split("-")[0].lower() or None
        if tag in self.HIDDEN:
            self.hidden += 1
        if tag in self.BLOCKS:
            self.flush()

    def handle_endtag(self, tag):
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        if tag in self.BLOCKS:
            self.flush()

    def handle_data(self, data):
        if not self.hidden:
            self.current.append(data)

    def flush(self):
        line = " ".join("".join(self.current).split())
        if line:
            self.lines.append(line)
        self.current = []


def decode(raw):
    declared = re.search(rb'charset=["\']?([\w-]+)', raw[:4096])
    for encoding in ([declared.group(1).decode("ascii", "ignore")] if declared else []) + ["utf-8", "cp1252"]:
        try:
            return raw.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            pass
    return raw.decode("utf-8", "replace")


def words(text):
    """Words in lookup form, as Cue.words splits them: letters and marks, with ' and - inside."""
    found, current = [], ""
    for char in lexicon.lookup_form(text).replace("\u2019", "'"):
        if unicodedata.category(char)[0] in "LM" or (char in "'-" and current):
            current += char
        elif current:
            found.append(current.rstrip("'-"))
            current = ""
    return found + ([current.rstrip("'-")] if current else [])


def unspaced(phrase):
    """Whether the phrase is written without spaces between words (Chinese, Japanese, Thai)."""
    return any(script_of(char) in ("Hani", "Hira", "Kana", "Thai") for char in phrase)


def furniture(data, max_words=5, min_sites=2):
    """{page language: {line in lookup form: sites}}: short lines of html-articles pages that are
    not in the page's article text."""
    folder = os.path.join(data, "html-articles")
    truth = json.load(open(os.path.join(folder, "ground-truth.json"), encoding="utf-8"))
    sites = collections.defaultdict(lambda: collections.defaultdict(set))
    for digest, item in truth.items():
        with gzip.open(os.path.join(folder, "html", digest + ".html.gz")) as handle:
            page = PageLines()
            page.feed(decode(handle.read()))
            page.flush()
        article = lexicon.lookup_form(" ".join(item["articleBody"].split()))
        site = urlparse(item["url"]).netloc.removeprefix("www.")
        for line in page.lines:
            form = " ".join(words(line))
            if form and len(form.split()) <= max_words and form not in article:
                sites[page.lang or "?"][form].add(site)
    return {lang: {form: len(found) for form, found in lines.items() if len(found) >= min_sites} for lang, lines in sites.items()}


def vocabulary(data, lang):
    """The words of a language in the data (lookup form), and its running text in lookup form
    (for the languages that write without spaces), or None when there is no text for it."""
    found, text = set(), []
    subtitles = os.path.join(data, "langid-words", f"{lang}.opensubtitles.tsv")
    if os.path.exists(subtitles):
        with open(subtitles, encoding="utf-8") as handle:
            found.update(lexicon.lookup_form(line.split("\t")[0]) for line in handle)
    for folder in ("langid", "langid-extra"):
        directory = os.path.join(data, folder)
        for name in sorted(os.listdir(directory)) if os.path.isdir(directory) else []:
            if name.startswith(lang + ".") and name.endswith(".txt"):
                with open(os.path.join(directory, name), encoding="utf-8") as handle:
                    for line in handle:
                        found.update(words(line))
                        text.append(lexicon.lookup_form(line))
    return (found, "".join(text)) if found else None


def data_report(data, entries, verbose):
    """Prints what the data says of the lexicon; returns the problems (mined phrases not found)."""
    problems = []
    lexicon_forms = collections.defaultdict(set)
    for lang, _, phrase, _, _ in entries:
        lexicon_forms[lang].add(" ".join(words(phrase)))
    mined = furniture(data)
    print("html-articles: frequent short page lines outside the article (sites), and whether the lexicon has them")
    for lang in sorted(mined, key=lambda code: -len(mined[code])):
        frequent = sorted(mined[lang].items(), key=lambda item: (-item[1], item[0]))
        listed = lexicon_forms.get("en" if lang == "?" else lang, set()) | lexicon_forms["*"]
        have = [form for form, _ in frequent if form in listed]
        print(f"  {lang}: {len(frequent)} lines on two sites or more, {len(have)} in the lexicon")
        if verbose:
            print("    " + ", ".join(f"{'+' if form in listed else ''}{form} ({count})" for form, count in frequent[:60]))
    for lang, kind, phrase, source, where in entries:
        if source == "html-articles":
            pages = mined.get(lang, {}) | (mined.get("?", {}) if lang == "en" else {})
            if " ".join(words(phrase)) not in pages:
                problems.append(f"{where}: {phrase} is marked html-articles but is not a frequent line of its pages")
    print("words of the phrases not found in the language's text and word lists (langid-words, langid, langid-extra):")
    by_lang = collections.defaultdict(list)
    for lang, _, phrase, _, _ in entries:
        by_lang[lang].append(phrase)
    for lang in sorted(by_lang):
        if lang == "*":
            continue
        known = vocabulary(data, lang)
        if known is None:
            print(f"  {lang}: no text")
            continue
        vocabulary_words, text = known
        unknown = sorted({word for phrase in by_lang[lang] for word in words(phrase)
                          if word not in vocabulary_words and not (unspaced(word) and word in text)})
        total = len({word for phrase in by_lang[lang] for word in words(phrase)})
        print(f"  {lang}: {total - len(unknown)} of {total} words found" + (f"; not: {' '.join(unknown)}" if verbose and unknown else ""))
    return problems


def write(out, entries):
    lines = set()
    for lang, kind, phrase, _, _ in entries:
        form = lexicon.lookup_form(phrase)
        for variant in spellings(form, lang):
            lines.add(f"{lang}\t{kind}\t{variant}")
    body = "".join(line + "\n" for line in sorted(lines)).encode("utf-8")
    tmp = out + ".tmp"
    with open(tmp, "wb") as handle:
        handle.write(MAGIC + struct.pack("<I", VERSION) + body)
    os.replace(tmp, out)
    return len(lines), len(body)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?", default=DEFAULT_OUT)
    parser.add_argument("--data", help="the shared data folder (../shared/data), to check the lexicon against it")
    parser.add_argument("--report", action="store_true", help="print the whole data report")
    args = parser.parse_args()
    known = languages()
    entries, problems = read_cues(known)
    problems += check_entries(entries, known)
    if args.data:
        problems += data_report(args.data, entries, args.report)
    if problems:
        sys.exit("\n".join(problems))
    count, size = write(args.out, entries)
    kinds = collections.Counter(kind for _, kind, _, _, _ in entries)
    print(f"{args.out}: {len(entries)} phrases ({count} spellings) in {len(known)} languages and any; "
          f"{', '.join(f'{kind} {kinds[kind]}' for kind in KINDS)}; {size / 1000:.0f} kB")


if __name__ == "__main__":
    main()
