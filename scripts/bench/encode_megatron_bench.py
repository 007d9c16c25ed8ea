"""Runs two corpus-to-Megatron-tokens commands one after the other, each timed (wall clock) and its peak memory
sampled: every 20 ms the resident memory of the command and all its processes (worker processes included) is
summed from /proc, and the highest sum is the peak. Then checks that both wrote the same .bin and .idx bytes.

Usage: encode_megatron_bench.py WORK WORKERS -- SEIREN-COMMAND... -- PIPELINE-COMMAND...
(the first writes WORK/seiren/tokens.{bin,idx}, the second WORK/megatron/tokens.{bin,idx})"""
import os, subprocess, sys, time
from pathlib import Path

work, workers = Path(sys.argv[1]), int(sys.argv[2])
rest = sys.argv[4:]
split = rest.index('--')
commands = [('seiren encode', rest[:split]), ('Megatron-style preprocess', rest[split + 1:])]
page = os.sysconf('SC_PAGE_SIZE')


def tree_rss(root):
    """Resident bytes of `root` and every process descending from it."""
    parents, rss = {}, {}
    for entry in os.listdir('/proc'):
        if not entry.isdigit():
            continue
        try:
            with open(f'/proc/{entry}/stat') as f:
                fields = f.read().rsplit(')', 1)[1].split()
            with open(f'/proc/{entry}/statm') as f:
                resident = int(f.read().split()[1]) * page
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue
        parents[int(entry)] = int(fields[1])
        rss[int(entry)] = resident
    total = 0
    for pid, resident in rss.items():
        p = pid
        while p in parents and p != root and p > 1:
            p = parents[p]
        if p == root:
            total += resident
    return total


def run(command):
    started = time.time()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_rss(process.pid))
        time.sleep(0.02)
    seconds = time.time() - started
    if process.returncode != 0:
        sys.exit(f'{command[0]} failed: {process.stderr.read().decode()[-2000:]}')
    return seconds, peak


corpus = work / 'corpus.jsonl'
size = corpus.stat().st_size
documents = sum(1 for _ in open(corpus, 'rb'))
results = [(name, *run(command)) for name, command in commands]
same = all((work / 'seiren' / f'tokens.{ext}').read_bytes() == (work / 'megatron' / f'tokens.{ext}').read_bytes()
           for ext in ('bin', 'idx'))
tokens = (work / 'seiren' / 'tokens.bin').stat().st_size
print(f'{size / 1e6:.0f} MB of JSON Lines, {documents} documents, {workers} workers; '
      f'.bin {tokens / 1e6:.0f} MB; outputs identical: {"yes" if same else "NO"}')
print(f'{"pipeline":28} {"seconds":>8} {"MB/s":>7} {"peak MB":>8} {"time / seiren":>14}')
for name, seconds, peak in results:
    print(f'{name:28} {seconds:8.2f} {size / 1e6 / seconds:7.1f} {peak / 1e6:8.0f} {seconds / results[0][1]:14.2f}')
sys.exit(0 if same else 1)
