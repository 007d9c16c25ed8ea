"""tokenizer.json encoding benchmark and agreement check: `seiren encode-text --file` (whole process, one thread)
against Hugging Face tokenizers (encode_batch, add_special_tokens=False, 1 and N threads) on the same lines with
the same tokenizer.json. Fails if any line's ids differ; prints throughput and ratios."""
import os, subprocess, sys, time

seiren, tokenizer, text = sys.argv[1], sys.argv[2], sys.argv[3]
threads = int(os.environ.get('BENCH_THREADS', '2'))
lines = open(text, encoding='utf-8', newline='').read().split('\n')
if lines and lines[-1] == '':
    lines.pop()
size = sum(len(l.encode()) + 1 for l in lines)

started = time.time()
result = subprocess.run([seiren, 'encode-text', '--tokenizer', tokenizer, '--file', text],
                        capture_output=True, text=True, check=True)
seiren_seconds = time.time() - started
seiren_ids = [[int(x) for x in l.split()] for l in result.stdout.split('\n')[:len(lines)]]

timings = []
for n in sorted({1, threads}):
    os.environ['RAYON_NUM_THREADS'] = str(n)
    code = ("import sys, time; from tokenizers import Tokenizer; t = Tokenizer.from_file(sys.argv[1]); "
            "lines = open(sys.argv[2], encoding='utf-8', newline='').read().split('\\n')[:-1]; s = time.time(); "
            "ids = [e.ids for e in t.encode_batch(lines, add_special_tokens=False)]; print(time.time() - s); "
            "print('\\n'.join(' '.join(map(str, i)) for i in ids))")
    out = subprocess.run([sys.executable, '-c', code, tokenizer, text], capture_output=True, text=True, check=True,
                         env=os.environ).stdout.split('\n')
    timings.append((f'tokenizers encode_batch ({n} thr)', float(out[0])))
    hf_ids = [[int(x) for x in l.split()] for l in out[1:1 + len(lines)]]
differ = sum(a != b for a, b in zip(seiren_ids, hf_ids))
print(f'{len(lines)} lines, {size / 1e6:.1f} MB, tokenizer {tokenizer}')
print(f'agreement: seiren vs tokenizers differ on {differ} lines')
print(f'{"encoder":34} {"seconds":>8} {"MB/s":>7} {"x seiren":>9}')
for label, seconds in [('seiren (1 thread, incl. load)', seiren_seconds)] + timings:
    print(f'{label:34} {seconds:8.2f} {size / 1e6 / seconds:7.1f} {seconds / seiren_seconds:9.2f}')
sys.exit(1 if differ else 0)
