"""Encodes each line of a UTF-8 file (split on "\n" only) with a Hugging Face tokenizer.json through the
`tokenizers` library, as `encode(line, add_special_tokens=False)`, and prints the ids of each line, space-separated,
one output line per input line (the same format as `seiren encode-text --file`).

usage: hf_encode.py TOKENIZER.json LINES.txt
"""
import sys

from tokenizers import Tokenizer

tokenizer = Tokenizer.from_file(sys.argv[1])
text = open(sys.argv[2], encoding="utf-8", newline="").read()
lines = text.split("\n")
if lines and lines[-1] == "":
    lines.pop()
out = sys.stdout
for encoding in tokenizer.encode_batch_fast(lines, add_special_tokens=False) if hasattr(tokenizer, "encode_batch_fast") \
        else tokenizer.encode_batch(lines, add_special_tokens=False):
    out.write(" ".join(map(str, encoding.ids)) + "\n")
