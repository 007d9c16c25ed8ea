"""scripts/bench/train-sample's work: the dataset's lines into train.txt and heldout.txt (every 1000th non-empty
line), then each trainer in its own process under /usr/bin/time, then tokens per character of each model on the
held-out lines."""
import glob, hashlib, io, json, os, shutil, subprocess, sys
from pathlib import Path

import sentencepiece as spm
import zstandard

python, seiren, dataset, work, sample = sys.argv[1], sys.argv[2], sys.argv[3], Path(sys.argv[4]), int(sys.argv[5])
train, held = work / 'train.txt', work / 'heldout.txt'
TRAIN = str(Path(__file__).with_name('reference_trainers.py'))
VOCAB = 32000

# The lines are made once per dataset: a `.source` file names the dataset's manifest digest, so a dataset made
# again (another corpus, another run) is never measured on the text of the one before.
source = work / '.source'
with open(os.path.join(dataset, 'manifest.json'), 'rb') as f:
    made_from = f'{os.path.abspath(dataset)} {hashlib.sha256(f.read()).hexdigest()}\n'
if not held.exists() or not source.exists() or source.read_text() != made_from:
    source.unlink(missing_ok=True)
    count = 0
    with open(train.with_suffix('.partial'), 'w', encoding='utf-8') as t, open(held.with_suffix('.partial'), 'w', encoding='utf-8') as h:
        for path in sorted(glob.glob(os.path.join(dataset, '*.jsonl.zst'))):
            with open(path, 'rb') as f, zstandard.ZstdDecompressor().stream_reader(f) as reader:
                for record in io.TextIOWrapper(reader, encoding='utf-8'):
                    for line in json.loads(record)['text'].split('\n'):
                        if not line.strip():
                            continue
                        count += 1
                        (h if count % 1000 == 0 else t).write(line + '\n')
    os.replace(train.with_suffix('.partial'), train)
    os.replace(held.with_suffix('.partial'), held)
    source.write_text(made_from)


def timed(command):
    result = subprocess.run(['/usr/bin/time', '-f', '%e %M %U %S'] + command, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f'failed: {command}\n{result.stderr[-2000:]}')
    seconds, kilobytes, user, system = result.stderr.strip().split('\n')[-1].split()
    return float(seconds), int(kilobytes) * 1024, float(user) + float(system)


def seiren_train(name, sentences):
    shutil.rmtree(work / name, ignore_errors=True)
    return timed([seiren, 'train', '--model', 'unigram', '--vocab-size', str(VOCAB), str(train), '-o', str(work / name),
                  '--workers', '2', '--held-out-every', '0', '--max-sentences', str(sentences)])


runs = {
    f'seiren, sample {sample}': (seiren_train('seiren-sample', sample), work / 'seiren-sample' / 'seiren-sample.model'),
    f'sentencepiece, sample {sample}': (timed([python, TRAIN, 'sentencepiece', 'unigram', str(train), str(work / 'sp-sample'),
                                              str(VOCAB), str(sample)]), work / 'sp-sample.model'),
    'seiren, every sentence': (seiren_train('seiren-all', 0), work / 'seiren-all' / 'seiren-all.model'),
}
lines = [l for l in held.read_text(encoding='utf-8').split('\n') if l]
chars = sum(len(l) for l in lines)
base_s, base_m, base_c = next(iter(runs.values()))[0]
print(f'32k Unigram, {train.stat().st_size / 1e6:.0f} MB of training lines, {len(lines)} held-out lines '
      f'({chars} characters), 2 threads each')
print('| trainer | seconds | × Seiren | CPU s | × Seiren | peak MB | × Seiren | tokens/char |')
print('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
for name, ((seconds, memory, cpu), model) in runs.items():
    sp = spm.SentencePieceProcessor(model_file=str(model))
    tpc = sum(len(x) for x in sp.encode(lines)) / chars
    print(f'| {name} | {seconds:.1f} | {seconds / base_s:.2f} | {cpu:.1f} | {cpu / base_c:.2f} | {memory / 1e6:.0f} | '
          f'{memory / base_m:.2f} | {tpc:.4f} |')
