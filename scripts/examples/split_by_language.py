"""Splits a JSON Lines file of documents for the LLM-jp-style vocabulary example: every 10th document is held out
for measuring (DEST/heldout.jsonl, unchanged records); the others are the raw training text (DEST/train.jsonl), and
their non-empty lines go to DEST/ja.txt when they contain kana or kanji, else to DEST/en-code.txt (English prose,
commands, code), as LLM-jp trains one model per language.
Usage: python split_by_language.py DOCUMENTS.jsonl DEST"""
import json
import re
import sys
from pathlib import Path

JAPANESE = re.compile(r'[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff66-\uff9f]')


def main(source, dest):
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    counts = {'held-out documents': 0, 'training documents': 0, 'ja lines': 0, 'en-code lines': 0}
    with open(source, encoding='utf-8') as f, \
            open(dest / 'heldout.jsonl', 'w', encoding='utf-8') as held, \
            open(dest / 'train.jsonl', 'w', encoding='utf-8') as train, \
            open(dest / 'ja.txt', 'w', encoding='utf-8') as ja, \
            open(dest / 'en-code.txt', 'w', encoding='utf-8') as en:
        for number, record in enumerate(f, 1):
            if number % 10 == 0:
                held.write(record)
                counts['held-out documents'] += 1
                continue
            train.write(record)
            counts['training documents'] += 1
            for line in json.loads(record)['text'].split('\n'):
                if not line.strip():
                    continue
                if JAPANESE.search(line):
                    ja.write(line + '\n')
                    counts['ja lines'] += 1
                else:
                    en.write(line + '\n')
                    counts['en-code lines'] += 1
    print('split: ' + ', '.join(f'{v} {k}' for k, v in counts.items()), file=sys.stderr)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
