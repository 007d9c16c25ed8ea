// SeirenSegment: MeCab segmentation. Not built yet.
