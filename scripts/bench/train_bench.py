"""Training benchmark: Seiren vs sentencepiece (Unigram, BPE) vs Hugging Face tokenizers (Unigram, BPE) on the same
corpus, same vocabulary size, 2 threads each, in one run. Prints time and peak memory (each trainer in its own
process, measured by /usr/bin/time) as ratios to Seiren, CPU time (user + system: the work done, which a machine
shared with other jobs disturbs less than wall time), and tokens per character on held-out text. Every trainer
normalizes alike: not at all (Seiren's default `--normalization identity`, sentencepiece's `identity` rule,
tokenizers without a normalizer), so the vocabularies compete on the same characters."""
import json, os, subprocess, sys, time
from pathlib import Path

python, seiren, work, vocab = sys.argv[1], sys.argv[2], Path(sys.argv[3]), int(sys.argv[4])
train, held = work / 'train.txt', work / 'heldout.txt'
out = work / 'out'
out.mkdir(exist_ok=True)

TRAIN = str(Path(__file__).with_name('reference_trainers.py'))

def timed(command, env=None):
    started = time.time()
    result = subprocess.run(['/usr/bin/time', '-f', '%e %M %U %S'] + command, capture_output=True, text=True,
                            env={**os.environ, **(env or {})})
    if result.returncode != 0:
        raise SystemExit(f'failed: {command}\n{result.stderr[-2000:]}')
    seconds, kilobytes, user, system = result.stderr.strip().split('\n')[-1].split()
    return float(seconds), int(kilobytes) * 1024, float(user) + float(system)

runs = {}
runs['seiren unigram'] = timed([seiren, 'train', '--model', 'unigram', '--vocab-size', str(vocab), str(train),
                                '-o', str(out / 'seiren-unigram'), '--workers', '2', '--held-out-every', '0'])
runs['seiren bpe'] = timed([seiren, 'train', '--model', 'bpe', '--vocab-size', str(vocab), str(train),
                            '-o', str(out / 'seiren-bpe'), '--workers', '2', '--held-out-every', '0'])
runs['sentencepiece unigram'] = timed([python, TRAIN, 'sentencepiece', 'unigram', str(train), str(out / 'sp-unigram'), str(vocab)])
runs['sentencepiece bpe'] = timed([python, TRAIN, 'sentencepiece', 'bpe', str(train), str(out / 'sp-bpe'), str(vocab)])
hf_env = {'RAYON_NUM_THREADS': '2', 'TOKENIZERS_PARALLELISM': 'true'}
runs['tokenizers unigram'] = timed([python, TRAIN, 'tokenizers', 'unigram', str(train), str(out / 'hf-unigram.json'), str(vocab)], hf_env)
runs['tokenizers bpe'] = timed([python, TRAIN, 'tokenizers', 'bpe', str(train), str(out / 'hf-bpe.json'), str(vocab)], hf_env)

import sentencepiece as spm
from tokenizers import Tokenizer
lines = [l for l in held.read_text(encoding='utf-8').split('\n') if l]
chars = sum(len(l) for l in lines)
def sp_tpc(path):
    sp = spm.SentencePieceProcessor(model_file=str(path))
    return sum(len(x) for x in sp.encode(lines)) / chars
def hf_tpc(path):
    tok = Tokenizer.from_file(str(path))
    return sum(len(e.ids) for e in tok.encode_batch(lines, add_special_tokens=False)) / chars
tpc = {
    'seiren unigram': sp_tpc(out / 'seiren-unigram' / 'seiren-unigram.model'),
    'seiren bpe': sp_tpc(out / 'seiren-bpe' / 'seiren-bpe.model'),
    'sentencepiece unigram': sp_tpc(out / 'sp-unigram.model'),
    'sentencepiece bpe': sp_tpc(out / 'sp-bpe.model'),
    'tokenizers unigram': hf_tpc(out / 'hf-unigram.json'),
    'tokenizers bpe': hf_tpc(out / 'hf-bpe.json'),
}
base_s, base_m, base_c = runs['seiren unigram']
print(f'vocabulary {vocab}, {train.stat().st_size / 1e6:.1f} MB training text, {len(lines)} held-out lines ({chars} characters), 2 threads each')
print(f'{"trainer":24} {"seconds":>8} {"x seiren":>9} {"CPU s":>7} {"x seiren":>9} {"peak MB":>8} {"x seiren":>9} {"tokens/char":>12}')
for name, (seconds, memory, cpu) in runs.items():
    print(f'{name:24} {seconds:8.2f} {seconds / base_s:9.2f} {cpu:7.2f} {cpu / base_c:9.2f} {memory / 1e6:8.1f} {memory / base_m:9.2f} {tpc[name]:12.4f}')
print(json.dumps({'vocab_size': vocab, 'runs': {k: {'seconds': v[0], 'cpu_seconds': v[2], 'peak_bytes': v[1], 'tokens_per_character': tpc[k]} for k, v in runs.items()}}))
