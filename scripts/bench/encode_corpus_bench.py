"""Corpus encoding benchmark and agreement check: `seiren encode` (whole process: read JSON Lines, encode in
parallel, write a Megatron-LM indexed dataset) vs sentencepiece (encode of the text list, 1 and N threads) and
Hugging Face tokenizers (encode_batch, when the vocabulary folder has a tokenizer.json), on the same documents with
the same vocabulary. The .bin/.idx are read back with scripts/read_indexed_dataset.py; every document's ids must
equal sentencepiece's plus </s>. Prints throughput ratios.

Usage: python encode_corpus_bench.py SEIREN TOKENIZER(.model or vocab dir) DATASET.jsonl WORKDIR"""
import json, os, subprocess, sys, time
from pathlib import Path

seiren, tokenizer, dataset, work = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])
threads = int(os.environ.get('BENCH_THREADS', '2'))
model = tokenizer / f'{tokenizer.name}.model' if tokenizer.is_dir() else tokenizer
hf_json = tokenizer / 'tokenizer.json' if tokenizer.is_dir() else None

texts = [json.loads(line)['text'] for line in dataset.read_text(encoding='utf-8').splitlines() if line.strip()]
size = sum(len(t.encode()) for t in texts)

out = work / 'tokens'
started = time.time()
subprocess.run([seiren, 'encode', '--tokenizer', str(tokenizer), str(dataset), '-o', str(out),
                '--workers', str(threads)], check=True, stderr=subprocess.DEVNULL)
seiren_seconds = time.time() - started

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import read_indexed_dataset as reader
dtype, lengths, pointers, _ = reader.read_index(str(out / 'tokens.idx'))
import numpy as np
flat = np.fromfile(str(out / 'tokens.bin'), dtype=dtype)
seiren_ids = [flat[int(p) // dtype.itemsize:int(p) // dtype.itemsize + int(n)].tolist() for n, p in zip(lengths, pointers)]

import sentencepiece as spm
sp = spm.SentencePieceProcessor(model_file=str(model))
eod = sp.piece_to_id('</s>')
started = time.time()
sp_ids = sp.encode(texts, num_threads=1)
sp_seconds = time.time() - started
started = time.time()
sp.encode(texts, num_threads=threads)
sp_threads_seconds = time.time() - started
rows = [('seiren encode (whole run, %d workers)' % threads, seiren_seconds),
        ('sentencepiece encode, 1 thread', sp_seconds),
        ('sentencepiece encode, %d threads' % threads, sp_threads_seconds)]
if hf_json and hf_json.exists():
    os.environ['RAYON_NUM_THREADS'] = str(threads)
    from tokenizers import Tokenizer
    hf = Tokenizer.from_file(str(hf_json))
    started = time.time()
    hf.encode_batch(texts, add_special_tokens=False)
    rows.append(('tokenizers encode_batch, %d threads' % threads, time.time() - started))

differ = sum(a != b + [eod] for a, b in zip(seiren_ids, sp_ids)) + abs(len(seiren_ids) - len(sp_ids))
print(f'{len(texts)} documents, {size / 1e6:.1f} MB, {len(flat)} tokens ({dtype.name}), tokenizer {model.name}')
print(f'agreement: {differ} documents differ from sentencepiece + </s>')
print(f'{"encoder":40} {"seconds":>8} {"MB/s":>7} {"x seiren":>9}')
for name, seconds in rows:
    print(f'{name:40} {seconds:8.2f} {size / 1e6 / seconds:7.1f} {seconds / seiren_seconds:9.2f}')
print('(x seiren > 1: that tool took longer than seiren; python tools time only encoding of texts already in memory)')
sys.exit(1 if differ else 0)
