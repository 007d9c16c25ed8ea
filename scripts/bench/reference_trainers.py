"""The reference trainers the tokenizer benchmarks compare Seiren with, each run in its own process so it can be
timed: sentencepiece (Unigram or BPE) and Hugging Face tokenizers (Unigram or BPE), on one text file, at one
vocabulary size, 2 threads, no normalization (sentencepiece's `identity` rule, tokenizers without a normalizer,
Seiren's default) and spaces kept (sentencepiece's `remove_extra_whitespaces=False`, Seiren's default).

usage: reference_trainers.py sentencepiece|tokenizers unigram|bpe CORPUS.txt OUTPUT VOCAB_SIZE [SAMPLE]
       (sentencepiece: OUTPUT is the model prefix, writing OUTPUT.model; tokenizers: OUTPUT is the tokenizer.json;
        SAMPLE: sentencepiece's input_sentence_size, a shuffled sample of that many lines)
"""
import sys


def train_sentencepiece(corpus, prefix, kind, vocab, sample=0):
    import sentencepiece as spm
    spm.SentencePieceTrainer.train(input=corpus, model_prefix=prefix, vocab_size=vocab, model_type=kind,
                                   input_sentence_size=sample, shuffle_input_sentence=True,
                                   byte_fallback=True, character_coverage=0.9995, num_threads=2, minloglevel=2,
                                   normalization_rule_name='identity', remove_extra_whitespaces=False)


def train_tokenizers(corpus, path, kind, vocab):
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    if kind == 'unigram':
        tokenizer = Tokenizer(models.Unigram())
        trainer = trainers.UnigramTrainer(vocab_size=vocab, special_tokens=['<unk>', '<s>', '</s>'],
                                          unk_token='<unk>', max_piece_length=16, shrinking_factor=0.75,
                                          n_sub_iterations=2)
    else:
        tokenizer = Tokenizer(models.BPE(unk_token='<unk>', byte_fallback=True))
        trainer = trainers.BpeTrainer(vocab_size=vocab, special_tokens=['<unk>', '<s>', '</s>'])
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace()
    tokenizer.decoder = decoders.Metaspace()
    tokenizer.train([corpus], trainer)
    tokenizer.save(path)


if __name__ == '__main__':
    library, kind, corpus, output, vocab = sys.argv[1:6]
    if library == 'sentencepiece':
        train_sentencepiece(corpus, output, kind, int(vocab), int(sys.argv[6]) if len(sys.argv) > 6 else 0)
    else:
        train_tokenizers(corpus, output, kind, int(vocab))
