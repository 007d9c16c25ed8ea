import ArgumentParser
import SeirenExtract
import SeirenNormalize
import SeirenSegment
import SeirenTokenizer

// The settings' enums as option values: ArgumentParser reads them by their raw values and lists them in the help,
// so no command converts or checks them by hand.
extension InputFormat: ExpressibleByArgument {}
extension CodeMode: ExpressibleByArgument {}
extension TrainingSettings.ModelKind: ExpressibleByArgument {}
extension TrainingSettings.PreTokenizer: ExpressibleByArgument {}
extension TrainingSettings.Normalization: ExpressibleByArgument {}
extension CorpusEncoder.Format: ExpressibleByArgument {}
extension NormalizationPreset: ExpressibleByArgument {}
extension SegmentMode: ExpressibleByArgument {}
extension VocabularyMerge.ReservedType: ExpressibleByArgument {}
extension VocabularyMerge.SpacePrefixRule: ExpressibleByArgument {}
