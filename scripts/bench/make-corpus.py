#!/usr/bin/env python3
"""Builds a JSON Lines benchmark corpus from the real Debian manuals (fetched by scripts/fetch-debian-manuals).

Each manual page becomes one document: HTML and Mallard are stripped to text with the standard library (a plain,
tool-independent reading; `seiren extract` does better). The corpus is repeated with new ids until it reaches
--megabytes, so timings are long enough to mean something.
Usage: make-corpus.py MANUALS_DIR OUT.jsonl [--megabytes N]
"""
import argparse
import html.parser
import json
import os
import re


class TextOnly(html.parser.HTMLParser):
    SKIP = {"script", "style", "nav", "head"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.skipping = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in {"p", "div", "li", "title", "h1", "h2", "h3", "td", "br", "pre", "item", "section"}:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def page_text(path):
    parser = TextOnly()
    with open(path, encoding="utf-8", errors="replace") as f:
        parser.feed(f.read())
    text = "".join(parser.parts)
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("manuals")
    ap.add_argument("out")
    ap.add_argument("--megabytes", type=float, default=50)
    args = ap.parse_args()
    pages = []
    for root, _, files in sorted(os.walk(args.manuals)):
        for name in sorted(files):
            if name.endswith((".html", ".page", ".xml")):
                path = os.path.join(root, name)
                text = page_text(path)
                if text:
                    pages.append((os.path.relpath(path, args.manuals), text))
    target = args.megabytes * 1e6
    written, copy = 0, 0
    with open(args.out, "w", encoding="utf-8") as out:
        while written < target:
            for rel, text in pages:
                line = json.dumps({"id": f"{rel}#{copy}", "text": text, "source": "debian-manuals",
                                   "metadata": {"path": rel}}, ensure_ascii=False) + "\n"
                out.write(line)
                written += len(line.encode("utf-8"))
            copy += 1
    print(f"{len(pages)} pages x {copy} copies, {written / 1e6:.1f} MB -> {args.out}")


if __name__ == "__main__":
    main()
