// SeirenDedup: exact, line-level and MinHash deduplication. Not built yet.
