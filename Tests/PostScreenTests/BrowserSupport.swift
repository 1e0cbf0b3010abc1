import Foundation

/// What the real-browser tests share (`ServeBrowserTests`, `ReportBrowserTests`): headless Chromium
/// driven through Debian's chromium-driver by Selenium, in `.venv-browser`, by the scripts in
/// `Tests/Browser/` (whose shared part is `browser.py`). CI installs all three
/// (`bash scripts/install-deps.sh chromium chromium-driver`); elsewhere the tests are skipped.
enum Browser {
    static let driver = "/usr/bin/chromedriver"
    static let python = Support.repository.appendingPathComponent(".venv-browser/bin/python").path
    static let ready = HistoryScreeningTests.chromium != nil && FileManager.default.isExecutableFile(atPath: driver)
        && FileManager.default.isExecutableFile(atPath: python)
    static let missing = "needs chromium, chromium-driver and .venv-browser: bash scripts/install-deps.sh chromium chromium-driver"

    /// A script in `Tests/Browser/`, with the arguments every one of them takes.
    static func script(_ name: String, _ arguments: [String]) -> [String] {
        [Support.repository.appendingPathComponent("Tests/Browser/\(name)").path] + arguments
            + ["--chromium", HistoryScreeningTests.chromium!, "--driver", driver]
    }

    /// Runs a program to its end (killed after `limit` seconds), with its standard output and error.
    static func run(_ program: String, _ arguments: [String], limit: Double) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + limit, execute: watchdog)
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}
