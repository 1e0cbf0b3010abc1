import Foundation
import Testing

/// The `screen serve` page in a real browser (`Tests/Browser/serve_page.py`; see ``Browser``).
@Suite(.serialized)
struct ServeBrowserTests {
    static let ready = CLITests.hasBinary && Browser.ready

    @Test(
        "a roster pupil's name typed into the page: block banner, the name marked and labelled, official account, clear; the token asked for",
        .enabled(if: ready, "needs the screen binary; \(Browser.missing)"))
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
        let arguments = Browser.script(
            "serve_page.py", ["--url", server.url, "--shots", shots.path, "--token-url", guarded.url, "--token", token])
        let (status, output) = try await onOwnThread { try Browser.run(Browser.python, arguments, limit: 180) }
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
}
