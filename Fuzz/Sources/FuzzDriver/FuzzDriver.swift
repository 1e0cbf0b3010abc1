import Foundation

// SwiftPM gives every executable its own `main`, so libFuzzer's is not used: each target hands
// control to libFuzzer's driver with its entry point.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// Runs libFuzzer with `entry` (the target's `LLVMFuzzerTestOneInput`) and exits with its status.
public func runFuzzer(_ entry: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> Never {
    var arguments = CommandLine.argc
    var argumentVector = CommandLine.unsafeArgv
    exit(runFuzzerDriver(&arguments, &argumentVector, entry))
}
