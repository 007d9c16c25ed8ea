"""Encodes texts with a SentencePiece .model through the `sentencepiece` library (`encode`, one thread) and prints
the ids of each text, space-separated, one output line per text (the format of `seiren encode-text --file`). The
texts come as a JSON array, so whole documents with newlines can be encoded as one text.

usage: sp_encode.py MODEL TEXTS.json
"""
import json
import sys

import sentencepiece as spm

processor = spm.SentencePieceProcessor(model_file=sys.argv[1])
texts = json.load(open(sys.argv[2], encoding="utf-8"))
out = sys.stdout
for ids in processor.encode(texts):
    out.write(" ".join(map(str, ids)) + "\n")
