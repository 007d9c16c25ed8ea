import Foundation
import SeirenFuzzing

/// `seiren-fuzz`. Built by scripts/fuzz/run with `-sanitize=fuzzer` and `-DSEIREN_LIBFUZZER`, it is a libFuzzer
/// binary for the target named by SEIREN_FUZZ_TARGET (jsonl, xml, zstd, manifest, bundle). In an ordinary build it
/// replays inputs: `seiren-fuzz TARGET FILE...` (to reproduce what fuzzing found), and `seiren-fuzz seed-bundle
/// FILE` writes the bundle corpus's seed.
@main
struct FuzzEntry {
    static func main() throws {
        #if SEIREN_LIBFUZZER
        // SwiftPM names this function the program's entry point, so libFuzzer's own main is not used: hand the
        // arguments to its driver instead.
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOne))
        #else
        try replay(Array(CommandLine.arguments.dropFirst()))
        #endif
    }

    static func replay(_ arguments: [String]) throws {
        if arguments.first == "seed-bundle", arguments.count == 2 {
            try FuzzKeys.seedBundle(at: arguments[1])
            return
        }
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name) else {
            let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")
            FileHandle.standardError.write(Data("usage: seiren-fuzz \(names) FILE... | seed-bundle FILE\n".utf8))
            exit(2)
        }
        for file in arguments.dropFirst() {
            target.run(Array(try Data(contentsOf: URL(fileURLWithPath: file))))
            print("\(file): ok")
        }
    }
}

#if SEIREN_LIBFUZZER
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

private let target: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["SEIREN_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
        fatalError("set SEIREN_FUZZ_TARGET to one of: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    return target
}()

// Also defined under libFuzzer's own name: its archive's main is linked in beside SwiftPM's entry point and needs it.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    target.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}
#endif
