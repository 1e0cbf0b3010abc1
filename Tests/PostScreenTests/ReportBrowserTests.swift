import Foundation
import Testing

/// The `screen history` HTML report in a real browser (`Tests/Browser/report_page.py`; see ``Browser``):
/// a generated history screened by the built binary, then the page loaded from its file and worked
/// through — counts against the JSONL, grade filters clicked, a category and a year picked, a search
/// typed, a page turned, and no sideways scrolling at 420 px.
@Suite(.serialized)
struct ReportBrowserTests {
    static let ready = HistoryCommandTests.binary != nil && Browser.ready

    @Test("the report's cards, filters, search and pages agree with the JSONL in headless Chromium; nothing scrolls sideways at 420 px",
        .enabled(if: ready, "needs the screen binary; \(Browser.missing)"))
    func report() throws {
        // UPDATE_SCREENSHOTS=1 writes the README's screenshots into docs/.
        let update = ProcessInfo.processInfo.environment["UPDATE_SCREENSHOTS"] == "1"
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("report-browser-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("history.jsonl").path
        let output = dir.appendingPathComponent("out.jsonl").path
        let report = dir.appendingPathComponent("report.html").path
        let generator = Support.repository.appendingPathComponent("scripts/gen-history.py").path
        let (made, madeLog) = try Browser.run(Browser.python, [generator, "--posts", "3000", "--seed", "7", "--output", input], limit: 120)
        try #require(made == 0, "\(madeLog)")
        let run = try HistoryCommandTests.run(["--fail-on", "none", "--output", output, "--report", report, input])
        try #require(run.status == 0, "\(run.stderr)")

        var arguments = ["--report", report, "--jsonl", output, "--input", input]
        if update { arguments += ["--shots", Support.repository.appendingPathComponent("docs").path] }
        let (status, log) = try Browser.run(Browser.python, Browser.script("report_page.py", arguments), limit: 180)
        print(log)
        #expect(status == 0, "\(log)")
        #expect(log.contains("ok: the list holds every flagged post in the JSONL"), "\(log)")
        #expect(log.contains("ok: clicking warning and caution off leaves the"), "\(log)")
        #expect(log.contains("ok: typing 'text me' finds the"), "\(log)")
        #expect(log.contains("ok: at 420 px nothing scrolls sideways"), "\(log)")
    }
}
