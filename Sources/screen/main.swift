import ArgumentParser
import Foundation

// Exit codes follow SPEC.md: 0 below --fail-on, 1 at or above it, 2 for usage, configuration or
// input errors. ArgumentParser's own usage exit code (64) is mapped to 2.
signal(SIGPIPE, SIG_IGN)

/// Runs a command's async `run()`: called on an existential from top-level code, `run()` resolves to the
/// synchronous requirement, whose default only prints help.
func runAsync(_ command: inout some AsyncParsableCommand) async throws {
    try await command.run()
}

let arguments = CommandLineOrder.normalised(Array(CommandLine.arguments.dropFirst()))
if CommandLineOrder.wantsTopLevelHelp(arguments) {
    print(Screen.topLevelHelp)
    exit(0)
}

do {
    var command = try Screen.parseAsRoot(arguments)
    if var asyncCommand = command as? any AsyncParsableCommand {
        try await runAsync(&asyncCommand)
    } else {
        try command.run()
    }
    exit(0)
} catch let exit as ExitCode {
    Foundation.exit(exit.rawValue)
} catch let failure as CLIFailure {
    StandardOutput.error("screen: " + failure.description + "\n")
    exit(2)
} catch {
    let code = Screen.exitCode(for: error)
    let message = Screen.fullMessage(for: error)
    if code == .success {
        _ = StandardOutput.write(Array((message + "\n").utf8))
        exit(0)
    }
    StandardOutput.error(message + "\n")
    exit(2)
}
