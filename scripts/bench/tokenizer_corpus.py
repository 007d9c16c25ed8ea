"""Builds the benchmark corpus from the real Debian manuals (fetched by scripts/fetch-debian-manuals, never
committed): the plain-text Debian Reference plus the HTML manuals stripped to text, one paragraph per line.
Every 100th line is held out. Writes DEST/train.txt and DEST/heldout.txt."""
import gzip, os, sys
from pathlib import Path
from lxml import html

def html_lines(path):
    tree = html.parse(str(path))
    for bad in tree.xpath('//script|//style'):
        bad.getparent().remove(bad)
    for element in tree.xpath('//p|//li|//h1|//h2|//h3|//h4|//dt|//dd|//pre|//td|//title'):
        text = element.text_content()
        if element.tag == 'pre':
            yield from (line.rstrip() for line in text.split('\n'))
        else:
            yield ' '.join(text.split())

def main(root, dest):
    root, dest = Path(root), Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    lines = []
    with gzip.open(root / 'root/usr/share/debian-reference/debian-reference.ja.txt.gz', 'rt', encoding='utf-8') as f:
        lines.extend(line.rstrip('\n') for line in f)
    for path in sorted((root / 'manuals').rglob('*.htm*')):
        if 'debian-reference' in path.parts or not path.is_file():  # plain text already in; a folder named *.html
            continue
        try:
            lines.extend(html_lines(path))
        except Exception as error:  # a broken file is reported, not fatal
            print(f'corpus: {path}: {error}', file=sys.stderr)
    lines = [line for line in lines if line.strip()]
    train = [l for i, l in enumerate(lines, 1) if i % 100 != 0]
    held = [l for i, l in enumerate(lines, 1) if i % 100 == 0]
    (dest / 'train.txt').write_text('\n'.join(train) + '\n', encoding='utf-8')
    (dest / 'heldout.txt').write_text('\n'.join(held) + '\n', encoding='utf-8')
    size = sum(len(l.encode()) + 1 for l in train)
    print(f'corpus: {len(train)} training lines ({size / 1e6:.1f} MB), {len(held)} held-out lines', file=sys.stderr)

if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
