"""Encoding benchmark and agreement check: Seiren's encoder (seiren encode-text --file, whole process, one thread)
vs sentencepiece (encode of the line list) and Hugging Face tokenizers (encode_batch) on the same lines with the
same vocabulary. Checks that all three give identical ids on every line, then prints throughput ratios. Seiren and
sentencepiece on one thread are each run BENCH_REPEAT times (default 3) and the best run counts, by wall time and
by CPU time (user + system: Seiren's whole process, sentencepiece's encode call), the latter less disturbed by
other jobs on a shared machine."""
import os, resource, subprocess, sys, time
from pathlib import Path

seiren, vocab_dir, text = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
threads = int(os.environ.get('BENCH_THREADS', '2'))
repeat = int(os.environ.get('BENCH_REPEAT', '3'))
name = vocab_dir.name
lines = text.read_text(encoding='utf-8').split('\n')
if lines and lines[-1] == '':
    lines.pop()
size = sum(len(l.encode()) + 1 for l in lines)

def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime

seiren_seconds = seiren_cpu = float('inf')
for _ in range(repeat):
    started, cpu = time.time(), children_cpu()
    result = subprocess.run([seiren, 'encode-text', '--tokenizer', str(vocab_dir), '--file', str(text)],
                            capture_output=True, text=True, check=True)
    seiren_seconds = min(seiren_seconds, time.time() - started)
    seiren_cpu = min(seiren_cpu, children_cpu() - cpu)
seiren_ids = [[int(x) for x in l.split()] for l in result.stdout.split('\n')[:len(lines)]]

import sentencepiece as spm
from tokenizers import Tokenizer
sp = spm.SentencePieceProcessor(model_file=str(vocab_dir / f'{name}.model'))
# Seiren's fixed cost (starting the process, loading the model, building the trie), on an empty file: the encoding
# alone is the whole run less this, comparable with sentencepiece's encode call.
empty = Path(os.environ.get('TMPDIR', '/tmp')) / 'seiren-encode-bench-empty.txt'
empty.write_text('')
startup_cpu = float('inf')
for _ in range(repeat):
    cpu = children_cpu()
    subprocess.run([seiren, 'encode-text', '--tokenizer', str(vocab_dir), '--file', str(empty)], capture_output=True, check=True)
    startup_cpu = min(startup_cpu, children_cpu() - cpu)
empty.unlink()

sp_seconds = sp_cpu = float('inf')
for _ in range(repeat):
    started, cpu = time.time(), time.process_time()
    sp_ids = sp.encode(lines, num_threads=1)
    sp_seconds = min(sp_seconds, time.time() - started)
    sp_cpu = min(sp_cpu, time.process_time() - cpu)
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
print(f'CPU time, best of {repeat}: seiren {seiren_cpu:.3f} s ({size / 1e6 / seiren_cpu:.1f} MB/s, whole process), '
      f'sentencepiece {sp_cpu:.3f} s ({size / 1e6 / sp_cpu:.1f} MB/s): seiren is {sp_cpu / seiren_cpu:.2f}x sentencepiece')
encode_cpu = max(seiren_cpu - startup_cpu, 1e-9)
print(f'CPU time of encoding alone: seiren {encode_cpu:.3f} s ({size / 1e6 / encode_cpu:.1f} MB/s; the process on an empty '
      f'file took {startup_cpu:.3f} s), sentencepiece {sp_cpu:.3f} s: seiren is {sp_cpu / encode_cpu:.2f}x sentencepiece')
sys.exit(1 if disagree_sp or disagree_hf else 0)
