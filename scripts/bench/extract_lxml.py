"""The extractor a user would write with lxml: walk the files, parse HTML with lxml.html and XML with lxml.etree
(no network, no entity resolution), drop scripts/styles/navigation, take the text with block elements as line
breaks, collapse whitespace, and write one JSON line per file with its sha256. Used as the peer of `seiren extract`
in scripts/bench/extract."""
import hashlib
import json
import os
import re
import sys

from lxml import etree, html

BLOCKS = {
    "p", "div", "li", "td", "th", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "dt", "dd", "title", "para",
    "item", "section", "note", "listitem", "entry", "screen", "code", "table", "ul", "ol", "dl", "br",
}
DROP_HTML = "//script|//style|//nav|//div[contains(@class,'navheader') or contains(@class,'navfooter') or " \
            "contains(@class,'sphinxsidebar') or contains(@class,'related')]"
SPACES = re.compile(r"[ \t\r\n]+")


def local(tag):
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def text_of(root):
    parts = []

    def walk(element):
        name = local(element.tag)
        if name in ("info", "links", "script", "style"):
            return
        block = name in BLOCKS
        if block:
            parts.append("\n")
        if element.text:
            parts.append(element.text)
        for child in element:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if block:
            parts.append("\n")

    walk(root)
    lines = (SPACES.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def extract(path):
    raw = open(path, "rb").read()
    if path.endswith((".html", ".htm")):
        root = html.fromstring(raw)
        for node in root.xpath(DROP_HTML):
            node.drop_tree()
    else:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, recover=True)
        root = etree.fromstring(raw, parser)
    return raw, text_of(root)


def main():
    source, out = sys.argv[1], sys.argv[2]
    files = sorted(os.path.join(d, f) for d, _, names in os.walk(source) for f in names)
    with open(out, "w", encoding="utf-8") as sink:
        for path in files:
            raw, text = extract(path)
            record = {"id": os.path.relpath(path, source), "text": text, "source": "manuals",
                      "metadata": {"sha256": hashlib.sha256(raw).hexdigest()}}
            sink.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
