// SeirenNormalize: ICU normalization and Japanese rules. Not built yet.
