import ArgumentParser
import Foundation
import PostScreen
import PostScreenServe

/// `screen serve`: the page for staff who never open a terminal, and the HTTP API for other tools.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve a web page that screens drafts as they are typed, and an HTTP API for other tools.",
        discussion: """
            Open the address it prints in a browser: paste or type a draft and see what to change as you \
            type. Tools call POST /v1/screen ({"text": …, "account": …} or text/plain) and \
            POST /v1/screen/batch (JSON Lines); GET /v1/openapi.json describes the API. Nothing typed is \
            logged or kept.

            It listens on 127.0.0.1 (this machine only) unless --host says otherwise; any other address \
            needs --token-file, and requests then carry 'Authorization: Bearer <token>'.

            Examples:
              screen serve
              screen serve --profile postscreen.toml --port 9000
              screen serve --host 0.0.0.0 --token-file /etc/postscreen/token
            """)

    @OptionGroup var profileOptions: ProfileOptions

    @Option(name: .long, help: "Address to listen on (127.0.0.1: this machine only).")
    var host = "127.0.0.1"

    @Option(name: .long, help: "Port to listen on (0: any free port).")
    var port = 8080

    @Option(name: .customLong("token-file"), help: "File holding the token requests must carry (needed off loopback).")
    var tokenFile: String?

    @Option(name: .customLong("max-body"), help: "Largest request body accepted, in bytes (a draft or a whole batch).")
    var maxBody = 1 << 20

    @Option(name: .customLong("time-limit"), help: "Seconds one request may take, from its first byte to its last report.")
    var timeLimit: Double = 10

    mutating func run() async throws {
        guard timeLimit.isFinite, timeLimit > 0, timeLimit <= 3600 else {
            throw CLIFailure(description: "--time-limit must be a number of seconds above 0 and at most 3600")
        }
        let settings = ServeSettings(
            host: host, port: port, token: try readToken(), maxBody: maxBody,
            timeLimit: .milliseconds(Int64((timeLimit * 1000).rounded())), defaultAccount: profileOptions.account.account)
        let screener = try profileOptions.makeScreener()
        let server: ScreenServer
        do {
            server = try ScreenServer(screener: screener, settings: settings, version: PostScreenVersion.string)
        } catch {
            throw CLIFailure(description: error.description)
        }
        #if os(Linux)
            // A long-running server: with glibc's default of eight malloc arenas per core, resident
            // memory crept up by about 1 MB per 50,000 requests as the arenas fragmented; with two it
            // levels off (docs/serve.md).
            _ = glibcMallopt(-8 /* M_ARENA_MAX */, 2)
        #endif
        let school = screener.profile.name.map { " for \($0)" } ?? ""
        do {
            try await server.run { url in
                StandardOutput.error("screen: serving\(school) at \(url) (Ctrl-C to stop)\n")
            }
        } catch {
            // SwiftNIO's IOError describes itself for programmers ("bind(descriptor:ptr:bytes:): …"); its errno is what matters.
            let errno = Mirror(reflecting: error).children.first { $0.label == "error" }
                .flatMap { Mirror(reflecting: $0.value).children.first { $0.label == "errno" }?.value as? Int32 }
            let fix = errno == EADDRINUSE ? ". Choose another --port (0 picks a free one), or stop what is using it"
                : errno == EACCES ? ". Ports below 1024 need privileges: choose --port 1024 or above" : ""
            throw CLIFailure(
                description: "cannot serve on \(host):\(port): \(errno.map(FileProblem.reason(errno:)) ?? FileProblem.reason(error))\(fix)")
        }
    }

    /// The token, without surrounding whitespace (editors add a final newline).
    private func readToken() throws -> String? {
        guard let tokenFile else { return nil }
        let data: Data
        do {
            data = try FileProblem.contents(of: tokenFile, what: "token")
        } catch {
            throw CLIFailure(description: "\(tokenFile): cannot read the token file: \(error.problem)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CLIFailure(description: "\(tokenFile): the token file is not UTF-8 text")
        }
        let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if token.isEmpty { throw CLIFailure(description: "\(tokenFile): the token file is empty") }
        if token.contains(where: { $0.isWhitespace }) {
            throw CLIFailure(description: "\(tokenFile): the token must be one line without spaces")
        }
        return token
    }
}

#if os(Linux)
    /// glibc's `mallopt` (malloc.h, which the Glibc module does not bring in).
    @_silgen_name("mallopt")
    private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
#endif
