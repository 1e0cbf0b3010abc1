import ArgumentParser
import Foundation

// Exit codes follow SPEC.md: 0 below --fail-on, 1 at or above it, 2 for usage, configuration or
// input errors. ArgumentParser's own usage exit code (64) is mapped to 2.
signal(SIGPIPE, SIG_IGN)
do {
    var command = try Screen.parseAsRoot()
    if var asyncCommand = command as? AsyncParsableCommand {
        try await asyncCommand.run()
    } else {
        try command.run()
    }
    exit(0)
} catch let exit as ExitCode {
    Foundation.exit(exit.rawValue)
} catch let failure as CLIFailure {
    FileHandle.standardError.write(Data(("screen: " + failure.description + "\n").utf8))
    exit(2)
} catch {
    let code = Screen.exitCode(for: error)
    let message = Screen.fullMessage(for: error)
    if code == .success {
        print(message)
        exit(0)
    }
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(2)
}
