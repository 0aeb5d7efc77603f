#!/usr/bin/env python3
"""Writes the encoding test pages (pages/) from the texts we wrote (texts/LANG.txt: a title line,
then paragraphs), encoded with Python's own codecs, so that the decoder under test (iconv) is
checked against an independent encoder.

Each page is named LANG.ENCODING.VARIANT.html, ENCODING being the WHATWG name the page must be
read as (lowercased):
  decl      the right declaration (<meta charset> or http-equiv, often under an alias label)
  none      no declaration: read by detection
  utf8decl  declares UTF-8 but is in ENCODING (a copied template): read by detection
  short     no declaration and only the title: little text for detection to go on
plus LANG.utf-8.none.html (UTF-8, no declaration) and LANG.utf-8.legacydecl.html (UTF-8 bytes
declaring a legacy encoding, as pages made from an older template do): both read as UTF-8.

Run from this folder: python3 generate.py
"""
import os
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))

# language: [(WHATWG encoding name, Python codec, declaration label, declaration form)]
PAGES = {
    "ja": [("shift_jis", "shift_jis", "x-sjis", "http-equiv"), ("euc-jp", "euc_jp", "EUC-JP", "meta"),
           ("iso-2022-jp", "iso2022_jp", "ISO-2022-JP", "http-equiv")],
    "zh-Hans": [("gbk", "gbk", "gb2312", "http-equiv"), ("gb18030", "gb18030", "GB18030", "meta")],
    "zh-Hant": [("big5", "big5", "big5", "meta")],
    "ko": [("euc-kr", "euc_kr", "ks_c_5601-1987", "http-equiv")],
    "ru": [("windows-1251", "cp1251", "windows-1251", "meta"), ("koi8-r", "koi8_r", "koi8-r", "http-equiv"),
           ("iso-8859-5", "iso8859_5", "ISO-8859-5", "meta"), ("ibm866", "cp866", "cp866", "meta")],
    "uk": [("windows-1251", "cp1251", "cp1251", "http-equiv"), ("koi8-u", "koi8_u", "koi8-u", "meta")],
    "el": [("windows-1253", "cp1253", "windows-1253", "meta"), ("iso-8859-7", "iso8859_7", "iso-8859-7", "http-equiv")],
    "he": [("windows-1255", "cp1255", "windows-1255", "meta"), ("iso-8859-8", "iso8859_8", "iso-8859-8", "http-equiv")],
    "ar": [("windows-1256", "cp1256", "windows-1256", "meta"), ("iso-8859-6", "iso8859_6", "ISO-8859-6", "meta")],
    "tr": [("windows-1254", "cp1254", "iso-8859-9", "http-equiv")],
    "pl": [("windows-1250", "cp1250", "windows-1250", "meta"), ("iso-8859-2", "iso8859_2", "latin2", "meta")],
    "cs": [("windows-1250", "cp1250", "x-cp1250", "http-equiv"), ("iso-8859-2", "iso8859_2", "ISO-8859-2", "meta")],
    "th": [("windows-874", "cp874", "tis-620", "meta")],
    "vi": [("windows-1258", "cp1258", "windows-1258", "meta")],
    "lt": [("windows-1257", "cp1257", "windows-1257", "meta"), ("iso-8859-13", "iso8859_13", "iso-8859-13", "http-equiv")],
    "de": [("windows-1252", "cp1252", "latin1", "meta")],
    "fr": [("windows-1252", "cp1252", "iso-8859-1", "http-equiv")],
    "en": [("windows-1252", "cp1252", "us-ascii", "meta")],
    "it": [("windows-1252", "cp1252", "ISO-8859-1", "meta")],
    "es": [("windows-1252", "cp1252", "windows-1252", "http-equiv")],
}

# The legacy label each language's UTF-8 page declares wrongly.
LEGACY_LABEL = {"ru": "windows-1251", "uk": "koi8-u", "el": "iso-8859-7", "he": "windows-1255", "ar": "windows-1256",
                "tr": "iso-8859-9", "pl": "iso-8859-2", "cs": "windows-1250", "th": "tis-620", "vi": "windows-1258",
                "lt": "windows-1257", "de": "iso-8859-1", "fr": "windows-1252",
                "en": "iso-8859-1", "it": "iso-8859-15", "es": "windows-1252",
                "ja": "Shift_JIS", "zh-Hans": "gb2312", "zh-Hant": "big5", "ko": "euc-kr"}

# Markup as real pages have it: a script, a style sheet, navigation and a footer in ASCII, so that
# detection must find the text among it.
HEAD = """<!DOCTYPE html>
<html lang="{lang}">
<head>
{declaration}<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="/static/css/site.min.css?v=20240611">
<style>
body {{ font-family: Georgia, serif; margin: 0 auto; max-width: 42em; color: #222; }}
.nav a {{ padding: 0 0.5em; text-decoration: none; }} .byline {{ color: #666; font-size: 0.9em; }}
</style>
<script>
window.dataLayer = window.dataLayer || [];
function gtag() {{ dataLayer.push(arguments); }}
gtag('js', new Date()); gtag('config', 'G-EXAMPLE42', {{ anonymize_ip: true, page_type: 'article' }});
document.addEventListener('DOMContentLoaded', function () {{
  var menu = document.querySelector('.nav-toggle');
  if (menu) {{ menu.addEventListener('click', function () {{ document.body.classList.toggle('menu-open'); }}); }}
}});
</script>
</head>
<body>
<div class="nav"><a href="/">Home</a><a href="/news/">News</a><a href="/city/">City</a><a href="/sport/">Sport</a><a href="/contact/">Contact</a></div>
<article class="story">
<h1>{title}</h1>
<p class="byline"><time datetime="2024-06-11T09:30:00+02:00">2024-06-11</time></p>
{paragraphs}
</article>
<footer><p>&copy; 2024 City Daily. <a href="/privacy/">Privacy</a> | <a href="/terms/">Terms</a></p></footer>
</body>
</html>
"""

SHORT = """<html><head><title>{title}</title></head><body><h1>{title}</h1></body></html>
"""


def declaration(label, form):
    if label is None:
        return ""
    if form == "meta":
        return f'<meta charset="{label}">\n'
    return f'<meta http-equiv="Content-Type" content="text/html; charset={label}">\n'


# The five tone marks windows-1258 writes as combining characters (grave, acute, tilde, hook, dot below).
TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def encode(text, codec):
    if codec != "cp1258":
        return text.encode(codec)
    # windows-1258 has a few letters with their tone mark and five combining tone marks: a letter
    # it lacks is written as its base letter (which may carry a circumflex, breve or horn) and marks.
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", char)
        tones = [mark for mark in decomposed[1:] if mark in TONE_MARKS]
        base = unicodedata.normalize("NFC", "".join(mark for mark in decomposed if mark not in tones))
        out += base.encode("cp1258") + "".join(tones).encode("cp1258")
    return bytes(out)


def page(lang, lines, label=None, form="meta", short=False):
    title, paragraphs = lines[0], lines[1:]
    if short:
        return SHORT.format(title=title)
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return HEAD.format(lang=lang, declaration=declaration(label, form), title=title, paragraphs=body)


def main():
    out = os.path.join(HERE, "pages")
    os.makedirs(out, exist_ok=True)
    for name in os.listdir(out):
        os.remove(os.path.join(out, name))

    def write(name, data):
        with open(os.path.join(out, name), "wb") as file:
            file.write(data)

    for lang, encodings in PAGES.items():
        with open(os.path.join(HERE, "texts", f"{lang}.txt"), encoding="utf-8") as file:
            lines = [line.strip() for line in file if line.strip()]
        for name, codec, label, form in encodings:
            write(f"{lang}.{name}.decl.html", encode(page(lang, lines, label, form), codec))
            write(f"{lang}.{name}.none.html", encode(page(lang, lines), codec))
            write(f"{lang}.{name}.utf8decl.html", encode(page(lang, lines, "utf-8", form), codec))
            write(f"{lang}.{name}.short.html", encode(page(lang, lines, short=True), codec))
        write(f"{lang}.utf-8.none.html", page(lang, lines).encode("utf-8"))
        if lang in LEGACY_LABEL:
            write(f"{lang}.utf-8.legacydecl.html", page(lang, lines, LEGACY_LABEL[lang], "meta").encode("utf-8"))


if __name__ == "__main__":
    main()
