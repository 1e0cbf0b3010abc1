import Foundation
import Testing

/// The `screen serve` page in a real browser: headless Chromium driven through Debian's
/// chromium-driver by Selenium (`Tests/Browser/serve_page.py`, in `.venv-browser`). CI installs all
/// three (`bash scripts/install-deps.sh chromium chromium-driver`); elsewhere the test is skipped.
@Suite(.serialized)
struct ServeBrowserTests {
    static let driver = "/usr/bin/chromedriver"
    static let python = Support.repository.appendingPathComponent(".venv-browser/bin/python").path
    static let ready = CLITests.hasBinary && HistoryScreeningTests.chromium != nil && FileManager.default.isExecutableFile(atPath: driver)
        && FileManager.default.isExecutableFile(atPath: python)

    @Test(
        "a roster pupil's name typed into the page: block banner, the name marked and labelled, official account, clear; the token asked for",
        .enabled(if: ready, "needs the screen binary, chromium, chromium-driver and .venv-browser: bash scripts/install-deps.sh chromium chromium-driver"))
    func page() async throws {
        // UPDATE_SCREENSHOTS=1 writes the README's screenshots into docs/.
        let update = ProcessInfo.processInfo.environment["UPDATE_SCREENSHOTS"] == "1"
        let shots = update
            ? Support.repository.appendingPathComponent("docs")
            : FileManager.default.temporaryDirectory.appendingPathComponent("serve-shots-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: shots, withIntermediateDirectories: true)
        defer { if !update { try? FileManager.default.removeItem(at: shots) } }

        let token = "browser-test-token-0123456789abcdef"
        let tokenFile = FileManager.default.temporaryDirectory.appendingPathComponent("serve-token-\(getpid())-\(UUID().uuidString)")
        try token.write(to: tokenFile, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: tokenFile) }
        let server = try await RunningServer.start()
        let guarded = try await RunningServer.start(["--token-file", tokenFile.path])
        let script = Support.repository.appendingPathComponent("Tests/Browser/serve_page.py").path
        let arguments = [
            script, "--url", server.url, "--shots", shots.path, "--chromium", HistoryScreeningTests.chromium!,
            "--driver", Self.driver, "--token-url", guarded.url, "--token", token,
        ]
        let (status, output) = try await onOwnThread { try Self.run(Self.python, arguments, limit: 180) }
        await server.stop()
        await guarded.stop()
        print(output)
        #expect(status == 0, "\(output)")
        #expect(output.contains("ok: nothing typed is kept in the browser"), "\(output)")
        #expect(output.contains("ok: with the token the draft is checked"), "\(output)")
        for name in ["serve.png", "serve-phone.png"] {
            let bytes = try Data(contentsOf: shots.appendingPathComponent(name))
            #expect(bytes.count > 20_000 && Array(bytes.prefix(4)) == [0x89, 0x50, 0x4E, 0x47], "\(name)")
        }
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
