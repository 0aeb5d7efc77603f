#!/usr/bin/env python3
"""Broken web pages, for the HTML reader's robustness tests and the parser comparison.

    python3 Scripts/html/make_broken_pages.py                       # the small ones: Tests/Fixtures/html-broken
    python3 Scripts/html/make_broken_pages.py --big --out /tmp/broken   # small and big ones (about 60 MB)

The small pages (a few KB each) are committed in Tests/Fixtures/html-broken and rebuilt by this
script byte for byte; the big ones (100,000 unclosed tags, a million siblings, a 16 MB attribute
value...) are only written with --big, since they are many MB. Tests/LectorKitTests/
HTMLBrokenPagesTests.swift builds the same big pages in memory with the same recipes, and
Benchmarks/html_parse_bench.c parses the folder with libxml2 and gumbo.

Every page carries text of its own whose survival the tests check: a truncated page its first
paragraph, a mis-declared page its Cyrillic, a deep page the words at the bottom.
"""
import argparse
import gzip
import os
import random

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_OUT = os.path.join(ROOT, "Tests", "Fixtures", "html-broken")

FIRST = "The first paragraph of the broken page survives the damage."
SECOND = "A second paragraph follows it, longer than the first one, so that the page has some body to it."
RUSSIAN = "Мост через реку открыт после ремонта, и жители снова ходят по нему."
HEBREW = "הרכבת הקלה מגיעה לחיפה בשנה הבאה"


def article(extra_body="", head="", lang="en"):
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n<title>A broken page</title>\n{head}'
            f'</head>\n<body>\n<nav><a href="/">Home</a> <a href="/news">News</a></nav>\n<article>\n<h1>A broken page</h1>\n'
            f'<p>{FIRST}</p>\n<p>{SECOND}</p>\n{extra_body}</article>\n<footer>© The Broken Herald</footer>\n</body>\n</html>\n')


def small_pages():
    """{name: bytes} of the committed pages."""
    pages = {}
    whole = article('<p>A third paragraph, with <a href="/x">a link</a> and <!-- a comment --> text after it.</p>\n'
                    '<script>var tracking = "SCRIPT TEXT MUST NOT SHOW";</script>\n<p>The last paragraph.</p>\n').encode()

    # Truncations: the page as a dropped connection leaves it.
    def cut_at(marker, offset=0):
        index = whole.index(marker) + offset
        return whole[:index]
    pages["truncated-mid-tag.html"] = cut_at(b'<a href="/x">', 5)                       # ...<a hr
    pages["truncated-mid-attribute-value.html"] = cut_at(b'<a href="/x">', 10)          # ...<a href="/
    pages["truncated-mid-comment.html"] = cut_at(b"<!-- a comment -->", 7)             # ...<!-- a c
    pages["truncated-mid-script.html"] = cut_at(b"SCRIPT TEXT", 6)                      # ...var tracking = "SCRIPT
    entity = article("<p>Fish &am").encode()
    pages["truncated-mid-entity.html"] = entity[: entity.index(b"&am") + 3]                # ...<p>Fish &am
    hebrew = article(f"<p>{HEBREW}</p>\n", lang="he").encode()
    cut = hebrew.index(HEBREW.encode()) + len("הרכבת ה".encode()) + 1                   # inside the 2-byte ק
    pages["truncated-mid-utf8.html"] = hebrew[:cut]
    pages["truncated-after-doctype.html"] = b"<!DOCTYPE html>\n<html><head><title>Only a title</title></head><body><p>" + FIRST.encode()

    # Encodings declared wrongly.
    russian_1251 = (f'<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>Мост</title></head>'
                    f"<body><h1>Мост открыт</h1><p>{RUSSIAN}</p></body></html>").encode("cp1251")
    pages["declares-utf8-is-windows-1251.html"] = russian_1251
    pages["declares-latin1-is-utf8.html"] = (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
                                            f"</head><body><p>Les élèves ont déjà visité le musée à Noël. {RUSSIAN}</p></body></html>").encode()
    pages["declares-unknown-charset.html"] = ('<html><head><meta charset="x-klingon-pIqaD"></head>'
                                              f"<body><p>Straße, café, {RUSSIAN}</p></body></html>").encode()
    utf16 = f'<html><head><meta charset="utf-16"><title>UTF-16</title></head><body><p>{FIRST} {RUSSIAN}</p></body></html>'
    pages["utf16le-no-bom.html"] = utf16.encode("utf-16-le")
    pages["utf16be-no-bom.html"] = utf16.encode("utf-16-be")
    # A byte-order mark that contradicts the declaration: the mark wins, as in browsers.
    pages["utf8-bom-declares-windows-1251.html"] = b"\xef\xbb\xbf" + (
        f'<html><head><meta charset="windows-1251"></head><body><p>{RUSSIAN}</p></body></html>').encode()
    pages["utf16le-bom-declares-utf8.html"] = b"\xff\xfe" + (
        f'<html><head><meta charset="utf-8"></head><body><p>{HEBREW}</p></body></html>').encode("utf-16-le")
    # The declaration after 16 KB of script: past the prescan window.
    script = "<script>\n" + "".join(f"var v{i} = {i * 7919 % 1000};\n" for i in range(1600)) + "</script>\n"
    late = (f'<!DOCTYPE html><html><head>{script}<meta charset="koi8-r"><title>Поздно</title></head>'
            f"<body><p>{RUSSIAN}</p></body></html>")
    pages["meta-charset-after-16k-koi8-r.html"] = late.encode("koi8-r")
    pages["meta-charset-after-16k-windows-1251.html"] = late.replace("koi8-r", "windows-1251").encode("cp1251")

    # Not HTML at all, or nothing.
    rng = random.Random(17)
    pages["binary-junk.html"] = bytes(rng.randrange(256) for _ in range(4096))
    pages["png-named-html.html"] = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"
                                    + bytes(rng.randrange(256) for _ in range(512)))
    pages["empty.html"] = b""
    pages["whitespace-only.html"] = b" \n\t\r\n   \n"
    pages["empty.html.gz"] = b""                                                     # a 0-byte .gz
    body = gzip.compress(whole, mtime=0)
    pages["corrupt.html.gz"] = body[:10] + bytes(b ^ 0x5A for b in body[10:40]) + body[40:]   # damaged deflate data
    pages["truncated.html.gz"] = body[: len(body) * 2 // 3]                           # the stream cut short
    pages["gzip-header-only.html.gz"] = body[:10]

    # Bytes and references that are not characters.
    pages["nul-bytes.html"] = article(f"<p>Before\x00the NUL, and after\x00\x00it.</p>\n<p{chr(0)}>{RUSSIAN}</p>\n").encode()
    pages["lone-surrogates.html"] = article(
        "<p>Lone surrogates: [&#xD800;] [&#55296;] [&#xDFFF;] [&#xDBFF;&#xDC00;] end.</p>\n"
        "<p>Out of range: [&#x110000;] [&#0;] [&#99999999999;] [&#x80;] [&#128;] end.</p>\n").encode()
    pages["invalid-utf8-sequences.html"] = article("<p>Bad bytes: [\udcff\udcfe] [\udcc0\udc80] [\udced\udca0\udc80] end.</p>\n").encode(
        "utf-8", "surrogateescape")

    # Markup that is not where it belongs.
    pages["misnested.html"] = (
        "<html><body>"
        "<p>one<div>two</div>three</p>"
        "<b>bold<p>para in bold</b>after bold</p>"
        "<table><tr><td>cell</td>stray text in a row<td>cell two</td></tr>stray after row</table>"
        "<a href=1>link one<a href=2>link two</a></a>"
        "<ul><li>item one<li>item two</ul>"
        "<i><b>italic bold</i> bold only</b>"
        "</body></html>").encode()
    pages["frameset.html"] = (
        '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Frameset//EN">\n<html><head><title>Frames</title></head>\n'
        '<frameset cols="20%,80%"><frame src="menu.html"><frame src="main.html">\n'
        f"<noframes><body><p>{FIRST}</p><p>Your browser does not show frames.</p></body></noframes>\n"
        "</frameset></html>\n").encode()
    pages["xhtml-xml-declaration.html"] = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="ru" lang="ru"><head><title>XHTML</title>'
        '<meta http-equiv="Content-Type" content="application/xhtml+xml; charset=UTF-8" /></head>\n'
        f'<body><p>{RUSSIAN}</p><p>Line<br/>break</p><p><![CDATA[cdata text]]></p></body></html>\n').encode()
    pages["xml-declaration-windows-1251.html"] = (
        '<?xml version="1.0" encoding="windows-1251"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Декларация</title></head>'
        f"<body><p>{RUSSIAN}</p></body></html>\n").encode("cp1251")
    pages["plaintext.html"] = f"<html><body><p>{FIRST}</p><plaintext><p>this is not a tag</p>\n</body></html>".encode()
    pages["unclosed-1000-divs.html"] = ("<html><body>" + "<div>" * 1000 + f"<p>{FIRST}</p>").encode()
    pages["only-comment-unclosed.html"] = f"<html><body><p>{FIRST}</p><!-- never closed <p>hidden</p>".encode()
    pages["cr-only-line-endings.html"] = article(f"<pre>one\rtwo\r\nthree</pre>\r").replace("\n", "\r").encode()
    return pages


def big_pages():
    """{name: bytes} of the generated pages (not committed)."""
    pages = {}
    depth = 100_000
    tail = f"<p>{FIRST}</p>"
    for tag in ("div", "span", "b", "table", "ul"):
        pages[f"deep-100k-{tag}.html"] = ("<html><body>" + f"<{tag}>" * depth + tail).encode()
    pages["deep-100k-div-closed.html"] = ("<html><body>" + "<div>" * depth + tail + "</div>" * depth + f"<p>{SECOND}</p></body></html>").encode()
    pages["deep-100k-li-ul.html"] = ("<html><body>" + "<ul><li>x" * depth + tail).encode()
    pages["siblings-1m-div.html"] = ("<html><body>" + "".join(f"<div>{i}</div>" for i in range(1_000_000)) + tail + "</body></html>").encode()
    pages["siblings-1m-span.html"] = ("<html><body><p>" + "<span>w</span> " * 1_000_000 + "</p>" + tail + "</body></html>").encode()
    pages["attribute-16mb.html"] = ('<html><body><div class="' + "x" * (16 << 20) + f'"><p>{FIRST}</p></div></body></html>').encode()
    pages["attributes-100k.html"] = ("<html><body><div " + " ".join(f"a{i}=v{i}" for i in range(100_000)) + f"><p>{FIRST}</p></div></body></html>").encode()
    pages["jsonld-100k-deep.html"] = ('<html><head><script type="application/ld+json">' + "[" * depth + "]" * depth
                                      + f"</script></head><body>{tail}</body></html>").encode()
    pages["text-node-20mb.html"] = ("<html><body><p>" + ("word " * (4 << 20)) + f"</p>{tail}</body></html>").encode()
    pages["comment-unclosed-8mb.html"] = (f"<html><body><p>{FIRST}</p><!--" + "c" * (8 << 20)).encode()
    pages["script-unclosed-8mb.html"] = (f"<html><body><p>{FIRST}</p><script>" + "x=1;" * (2 << 20)).encode()
    return pages


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=DEFAULT_OUT)
    parser.add_argument("--big", action="store_true", help="also the big generated pages")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    pages = small_pages()
    if args.big:
        pages.update(big_pages())
    for name, data in sorted(pages.items()):
        with open(os.path.join(args.out, name), "wb") as handle:
            handle.write(data)
    print(f"{len(pages)} pages, {sum(map(len, pages.values())) / 1e6:.1f} MB, in {args.out}")


if __name__ == "__main__":
    main()
