// SeirenTokenizer: Unigram and BPE vocabularies. Not built yet.
