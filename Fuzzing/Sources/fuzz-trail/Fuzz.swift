import CFuzzDriver
import FuzzTargets

/// libFuzzer's callback: one input per call. Returns 0 (the input is neither kept nor rejected).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzTargets.trail(FuzzTargets.bytes(data, size))
    return 0
}

/// The executable's entry point under the name SwiftPM links as `main`: runs libFuzzer.
@_cdecl("fuzz_trail_main")
public func fuzzMain(
    _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { data, size in fuzzTestOneInput(data, size) }
}
