"""Encoding benchmark and agreement check: Seiren's encoder (seiren encode-text --file, whole process, one thread)
vs sentencepiece (encode of the line list) and Hugging Face tokenizers (encode_batch) on the same lines with the
same vocabulary. Checks that all three give identical ids on every line, then prints throughput ratios."""
import os, subprocess, sys, time
from pathlib import Path

seiren, vocab_dir, text = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
threads = int(os.environ.get('BENCH_THREADS', '2'))
name = vocab_dir.name
lines = text.read_text(encoding='utf-8').split('\n')
if lines and lines[-1] == '':
    lines.pop()
size = sum(len(l.encode()) + 1 for l in lines)

started = time.time()
result = subprocess.run([seiren, 'encode-text', '--tokenizer', str(vocab_dir), '--file', str(text)],
                        capture_output=True, text=True, check=True)
seiren_seconds = time.time() - started
seiren_ids = [[int(x) for x in l.split()] for l in result.stdout.split('\n')[:len(lines)]]

import sentencepiece as spm
from tokenizers import Tokenizer
sp = spm.SentencePieceProcessor(model_file=str(vocab_dir / f'{name}.model'))
started = time.time()
sp_ids = sp.encode(lines, num_threads=1)
sp_seconds = time.time() - started
started = time.time()
sp_ids_threads = sp.encode(lines, num_threads=threads)
sp_threads_seconds = time.time() - started
os.environ['RAYON_NUM_THREADS'] = str(threads)
hf = Tokenizer.from_file(str(vocab_dir / 'tokenizer.json'))
started = time.time()
hf_ids = [e.ids for e in hf.encode_batch(lines, add_special_tokens=False)]
hf_seconds = time.time() - started

disagree_sp = sum(a != b for a, b in zip(seiren_ids, sp_ids))
hf_lines = [i for i, (a, b) in enumerate(zip(seiren_ids, hf_ids)) if a != b]
# tokenizers adds path scores in 64-bit floats, sentencepiece (and Seiren, which follows it) in 32-bit, so two
# segmentations whose scores tie break differently. A difference counts only when the scores are not a tie.
scores = [sp.get_score(i) for i in range(sp.get_piece_size())]
def total(ids): return sum(scores[i] for i in ids)
ties = [i for i in hf_lines if abs(total(seiren_ids[i]) - total(hf_ids[i])) < 1e-3]
disagree_hf = len(hf_lines) - len(ties)
print(f'{len(lines)} lines, {size / 1e6:.1f} MB, vocabulary {vocab_dir}')
print(f'agreement: seiren vs sentencepiece differ on {disagree_sp} lines, seiren vs tokenizers on {len(hf_lines)} lines '
      f'({len(ties)} of them equal-score ties, {disagree_hf} real differences)')
print(f'{"encoder":34} {"seconds":>8} {"MB/s":>7} {"x seiren":>9}')
for label, seconds in [('seiren (1 thread, incl. load)', seiren_seconds), ('sentencepiece (1 thread)', sp_seconds),
                       (f'sentencepiece ({threads} threads)', sp_threads_seconds),
                       (f'tokenizers encode_batch ({threads} thr)', hf_seconds)]:
    print(f'{label:34} {seconds:8.2f} {size / 1e6 / seconds:7.1f} {seconds / seiren_seconds:9.2f}')
sys.exit(1 if disagree_sp or disagree_hf else 0)
