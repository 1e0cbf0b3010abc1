import Foundation
import PostScreen
import Testing
@testable import PostScreenServe

/// `screen serve`'s HTTP API through a real socket: the built binary on a free loopback port.
@Suite(.serialized, .enabled(if: CLITests.hasBinary, "needs the screen binary (swift build)"))
struct ServeAPITests {
    static let draft = "Well done Ben Smith in Year 10! Proud of our #TestProud team. Text me on 07700 900123"

    /// Runs `body` against a fresh `screen serve ARGUMENTS…`, stopping it afterwards whatever happens.
    func withServer(
        _ arguments: [String] = [], profile: String = RunningServer.schoolProfile, _ body: (RunningServer) async throws -> Void
    ) async throws {
        let server = try await RunningServer.start(arguments, profile: profile)
        do {
            try await body(server)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test("POST /v1/screen answers with the library's report for a JSON draft")
    func screensJSON() async throws {
        try await withServer { server in
            let reply = try await HTTPProbe.json(server.port, "/v1/screen", ["text": Self.draft, "account": "personal"])
            #expect(reply.status == 200)
            #expect(reply.headers["content-type"] == "application/json; charset=utf-8")
            let served = try reply.json()
            let direct = try JSONSerialization.jsonObject(
                with: Data(ReportEncoding.json(Support.school.screen(Self.draft)).utf8)) as! [String: Any]
            #expect(served["verdict"] as? String == "block")
            #expect(NSDictionary(dictionary: served).isEqual(to: direct.merging(["safer_text": served["safer_text"]!]) { a, _ in a }))
            let findings = try #require(served["findings"] as? [[String: Any]])
            let name = try #require(findings.first { $0["category"] as? String == "pupil-name" })
            #expect(name["text"] as? String == "Ben Smith" && name["start"] as? Int == 10 && name["grade"] as? String == "block")
            #expect(served["safer_text"] as? String == "Well done Ben S. in Year 10! Proud of our #TestProud team. Text me on")
        }
    }

    @Test("a text/plain draft takes its account from the query: branding is not flagged on the official account")
    func screensPlainText() async throws {
        try await withServer { server in
            func categories(_ path: String) async throws -> [String] {
                let reply = try await HTTPProbe.request(
                    server.port, "POST", path, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Array(Self.draft.utf8))
                #expect(reply.status == 200)
                return (try reply.json()["findings"] as? [[String: Any]] ?? []).compactMap { $0["category"] as? String }
            }
            #expect(try await categories("/v1/screen").contains("school-branding"))
            let official = try await categories("/v1/screen?account=official")
            #expect(!official.contains("school-branding") && official.contains("pupil-name"))
            let id = try await HTTPProbe.request(
                server.port, "POST", "/v1/screen?id=post-7", headers: [("Content-Type", "text/plain")], body: Array("Hello".utf8))
            let answer = try id.json()
            #expect(answer["id"] as? String == "post-7" && answer["verdict"] as? String == "clear")
        }
    }

    @Test("POST /v1/screen/batch streams one line per non-blank input line, in order, a bad line answered in place")
    func batch() async throws {
        try await withServer { server in
            var lines = [#"{"id": 1, "text": "Ben Smith is in the team"}"#, "", "not json", #"{"id": "x", "text": "Lovely walk", "account": "official"}"#]
            for n in 0..<1500 { lines.append(#"{"id": "p\#(n)", "text": "Post \#(n): well done Kai Varty, Year 11"}"#) }
            let reply = try await HTTPProbe.request(
                server.port, "POST", "/v1/screen/batch", headers: [("Content-Type", "application/x-ndjson")],
                body: Array(lines.joined(separator: "\r\n").utf8))
            #expect(reply.status == 200)
            #expect(reply.chunked, "the batch reply is streamed")
            #expect(reply.headers["content-type"] == "application/x-ndjson; charset=utf-8")
            let out = reply.text.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
            #expect(out.count == 1503)
            #expect(out[0]["id"] as? String == "1" && out[0]["verdict"] as? String == "block")
            #expect(out[1]["line"] as? Int == 3 && (out[1]["error"] as? [String: Any])?["code"] as? String == "bad-json")
            #expect(out[2]["id"] as? String == "x" && out[2]["verdict"] as? String == "clear")
            #expect(out.dropFirst(3).enumerated().allSatisfy { n, o in o["id"] as? String == "p\(n)" && o["verdict"] as? String == "block" })
        }
    }

    @Test("malformed and hostile requests get a JSON error, and the server keeps serving")
    func refusals() async throws {
        try await withServer(["--max-body", "1048576", "--time-limit", "1"]) { server in
            let port = server.port
            let json = [("Content-Type", "application/json")]
            let cases: [(String, HTTPReply, Int, String)] = [
                ("invalid JSON", try await HTTPProbe.request(port, "POST", "/v1/screen", headers: json, body: Array(#"{"text": "a""#.utf8)), 400, "bad-json"),
                ("no text", try await HTTPProbe.json(port, "/v1/screen", ["account": "personal"]), 400, "bad-json"),
                ("text not a string", try await HTTPProbe.json(port, "/v1/screen", ["text": 42]), 400, "bad-json"),
                ("a JSON array", try await HTTPProbe.request(port, "POST", "/v1/screen", headers: json, body: Array("[1]".utf8)), 400, "bad-json"),
                ("unknown account", try await HTTPProbe.json(port, "/v1/screen", ["text": "a", "account": "school"]), 400, "bad-json"),
                ("unknown account in the query", try await HTTPProbe.request(port, "POST", "/v1/screen?account=x", headers: [("Content-Type", "text/plain")], body: [0x61]), 400, "bad-request"),
                ("form encoding", try await HTTPProbe.request(port, "POST", "/v1/screen", headers: [("Content-Type", "application/x-www-form-urlencoded")], body: Array("text=a".utf8)), 415, "unsupported-content-type"),
                ("no content type", try await HTTPProbe.request(port, "POST", "/v1/screen", body: Array("a".utf8)), 415, "unsupported-content-type"),
                ("Latin-1", try await HTTPProbe.request(port, "POST", "/v1/screen", headers: [("Content-Type", "text/plain; charset=iso-8859-1")], body: [0x61]), 415, "unsupported-content-type"),
                ("JSON to the batch", try await HTTPProbe.json(port, "/v1/screen/batch", ["text": "a"]), 415, "unsupported-content-type"),
                ("invalid UTF-8 text", try await HTTPProbe.request(port, "POST", "/v1/screen", headers: [("Content-Type", "text/plain")], body: Array("Ben ".utf8) + [0xFF, 0xFE]), 400, "invalid-utf8"),
                ("invalid UTF-8 in JSON", try await HTTPProbe.request(port, "POST", "/v1/screen", headers: json, body: Array(#"{"text": "a"#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)), 400, "invalid-utf8"),
                ("invalid UTF-8 in a batch", try await HTTPProbe.request(port, "POST", "/v1/screen/batch", headers: [("Content-Type", "application/jsonl")], body: [0x7B, 0xE2, 0x82]), 400, "invalid-utf8"),
                ("GET a POST endpoint", try await HTTPProbe.request(port, "GET", "/v1/screen"), 405, "method-not-allowed"),
                ("DELETE the page", try await HTTPProbe.request(port, "DELETE", "/"), 405, "method-not-allowed"),
                ("an unknown path", try await HTTPProbe.request(port, "GET", "/v2/screen"), 404, "not-found"),
                ("a 100 MB body", try await HTTPProbe.request(port, "POST", "/v1/screen", headers: [("Content-Type", "text/plain")], body: Array(repeating: 0x61, count: 65536), declaredLength: 100 << 20), 413, "body-too-large"),
                ("a chunked body over the limit", try await HTTPProbe.request(port, "POST", "/v1/screen", headers: [("Content-Type", "text/plain"), ("Transfer-Encoding", "chunked")], body: Self.chunked(Array(repeating: 0x61, count: 2 << 20))), 413, "body-too-large"),
                ("a slow client", try await HTTPProbe.request(port, "POST", "/v1/screen", headers: [("Content-Type", "text/plain")], body: Array("Ben".utf8), declaredLength: 100), 408, "time-limit"),
                ("another site's host name", try await HTTPProbe.exchange(port, [Array("GET /v1/health HTTP/1.1\r\nHost: attacker.example:\(port)\r\n\r\n".utf8)]), 421, "wrong-host"),
            ]
            for (what, reply, status, code) in cases {
                let statusMatches = reply.status == status
                #expect(statusMatches, "\(what): \(reply.status) \(reply.text)")
                #expect(reply.errorCode == code, "\(what): \(reply.text)")
                let isJSON = reply.headers["content-type"] == "application/json; charset=utf-8"
                #expect(isJSON, "\(what)")
                let message = ((try? reply.json())?["error"] as? [String: Any])?["message"] as? String ?? ""
                #expect(message.count > 10, "\(what) says what is wrong")
            }
            #expect(cases.first { $0.0 == "GET a POST endpoint" }?.1.headers["allow"] == "POST")
            let health = try await HTTPProbe.request(port, "GET", "/v1/health")
            #expect(health.status == 200)
            #expect(try health.json()["status"] as? String == "ok")
            let after = try await HTTPProbe.json(port, "/v1/screen", ["text": Self.draft])
            #expect(after.status == 200)
            #expect(try after.json()["verdict"] as? String == "block")
        }
    }

    static func chunked(_ body: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var offset = 0
        while offset < body.count {
            let end = min(offset + 65536, body.count)
            out += Array(String(end - offset, radix: 16).utf8) + [13, 10] + body[offset..<end] + [13, 10]
            offset = end
        }
        return out + Array("0\r\n\r\n".utf8)
    }

    @Test("GET /v1/profile gives the school's name and rule settings, never the roster")
    func profile() async throws {
        // The test school's profile with [rules] added, its people files named by absolute path.
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var toml = try String(contentsOfFile: RunningServer.schoolProfile, encoding: .utf8)
        for file in ["pupils.csv", "staff.csv", "no-photos.csv"] {
            toml = toml.replacingOccurrences(of: "\"\(file)\"", with: "\"\(Support.fixtures.path)/school/\(file)\"")
        }
        toml += "\n[rules]\ngrievance = \"caution\"\n\"contact-details.handle\" = \"off\"\n"
        let path = dir.appendingPathComponent("postscreen.toml")
        try toml.write(to: path, atomically: true, encoding: .utf8)
        try await withServer(profile: path.path) { server in
            let reply = try await HTTPProbe.request(server.port, "GET", "/v1/profile")
            #expect(reply.status == 200)
            let object = try reply.json()
            #expect((object["school"] as? [String: Any])?["name"] as? String == "Test Community School")
            #expect(object["rules"] as? [String: String] == ["grievance": "caution", "contact-details.handle": "off"])
            let profile = Support.schoolProfile
            #expect((object["people"] as? [String: Int])?["pupils"] == profile.roster.count)
            for person in profile.roster + profile.staff + profile.noImages {
                #expect(!reply.text.contains(person.surname), "\(person.surname) must not be given away")
            }
        }
    }

    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("serve-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test("GET /v1/health and GET / answer; the page is self-contained and locked to this server")
    func healthAndPage() async throws {
        try await withServer { server in
            let health = try await HTTPProbe.request(server.port, "GET", "/v1/health")
            let object = try health.json()
            #expect(object["status"] as? String == "ok" && object["auth"] as? String == "none")
            #expect(object["max_body"] as? Int == 1 << 20 && object["default_account"] as? String == "personal")
            let page = try await HTTPProbe.request(server.port, "GET", "/")
            #expect(page.status == 200 && page.headers["content-type"] == "text/html; charset=utf-8")
            #expect(page.headers["content-security-policy"]?.contains("default-src 'none'") == true)
            #expect(page.text.contains("<textarea id=\"draft\""))
            // No fonts, scripts, styles or images from anywhere else.
            #expect(!page.text.contains("http://") && !page.text.contains("https://") && !page.text.contains("<link"))
            #expect(!page.text.contains("localStorage") && !page.text.contains("document.cookie ="))
        }
    }

    @Test("the OpenAPI document describes every endpoint and matches docs/openapi.json")
    func openAPI() async throws {
        try await withServer { server in
            let reply = try await HTTPProbe.request(server.port, "GET", "/v1/openapi.json")
            #expect(reply.status == 200)
            let document = try reply.json()
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            for endpoint in ScreenServer.endpoints {
                #expect(paths[endpoint.path]?[endpoint.method.rawValue.lowercased()] != nil, "\(endpoint.method) \(endpoint.path)")
            }
            #expect(paths.count == Set(ScreenServer.endpoints.map(\.path)).count)
            let file = Support.repository.appendingPathComponent("docs/openapi.json")
            if ProcessInfo.processInfo.environment["UPDATE_OPENAPI"] == "1" {
                try (reply.text + "\n").write(to: file, atomically: true, encoding: .utf8)
            }
            let committed = try String(contentsOf: file, encoding: .utf8)
            #expect(committed == reply.text + "\n", "docs/openapi.json is stale: UPDATE_OPENAPI=1 swift test --filter ServeAPITests")
        }
    }

    @Test("with a token, the API needs 'Authorization: Bearer'; the page and health do not")
    func token() async throws {
        let token = "a-test-token-of-32-characters-00"
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("token")
        try (token + "\n").write(to: file, atomically: true, encoding: .utf8)
        try await withServer(["--token-file", file.path]) { server in
            let bare = try await HTTPProbe.json(server.port, "/v1/screen", ["text": "hello"])
            #expect(bare.status == 401 && bare.errorCode == "unauthorized" && bare.headers["www-authenticate"] == "Bearer")
            let wrong = try await HTTPProbe.json(server.port, "/v1/screen", ["text": "hello"], headers: [("Authorization", "Bearer nope")])
            #expect(wrong.status == 401)
            let right = try await HTTPProbe.json(server.port, "/v1/screen", ["text": "hello"], headers: [("Authorization", "Bearer \(token)")])
            #expect(right.status == 200)
            #expect(try await HTTPProbe.request(server.port, "GET", "/v1/profile").status == 401)
            #expect(try await HTTPProbe.request(server.port, "GET", "/").status == 200)
            let health = try await HTTPProbe.request(server.port, "GET", "/v1/health")
            #expect(health.status == 200)
            #expect(try health.json()["auth"] as? String == "bearer")
        }
    }

    @Test("thirty-two clients at once all get their own draft's report")
    func concurrentClients() async throws {
        try await withServer { server in
            let pupils = Support.schoolProfile.roster
            try await withThrowingTaskGroup(of: (Int, HTTPReply).self) { group in
                for n in 0..<32 {
                    let pupil = pupils[n % pupils.count]
                    group.addTask {
                        (n, try await HTTPProbe.json(server.port, "/v1/screen", ["text": "Post \(n): well done \(pupil.forename) \(pupil.surname)!", "id": "\(n)"]))
                    }
                }
                for try await (n, reply) in group {
                    let object = try reply.json()
                    let pupil = pupils[n % pupils.count]
                    let answered = reply.status == 200 && object["id"] as? String == "\(n)" && object["verdict"] as? String == "block"
                    #expect(answered)
                    let spans = (object["findings"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
                    #expect(spans.contains("\(pupil.forename) \(pupil.surname)"))
                }
            }
        }
    }

    @Test("settings: any address but loopback needs a token, and a token must be long enough")
    func settings() throws {
        #expect(throws: ServeSettingsError.self) { try ServeSettings(host: "0.0.0.0").validated() }
        #expect(throws: ServeSettingsError.self) { try ServeSettings(host: "192.0.2.1").validated() }
        #expect(throws: ServeSettingsError.self) { try ServeSettings(token: "short").validated() }
        #expect(throws: ServeSettingsError.self) { try ServeSettings(port: 70000).validated() }
        _ = try ServeSettings(host: "0.0.0.0", token: String(repeating: "k", count: 16)).validated()
        for host in ["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"] { #expect(ServeSettings.isLoopback(host), "\(host)") }
        for host in ["0.0.0.0", "10.0.0.1", "example.org", "127.0.0.1.example.org", "::"] { #expect(!ServeSettings.isLoopback(host), "\(host)") }
    }

    @Test("the safer version applies only the mechanical fixes")
    func saferVersion() {
        func safer(_ text: String) -> String? {
            SaferVersion.text(of: Array(text.utf8), report: Support.school.screen(text))
        }
        #expect(safer("Well done Ben Smith's team, Year 10!") == "Well done Ben S.'s team, Year 10!")
        #expect(safer("Year 11, call me on 07700 900123 tonight") == "Year 11, call me on tonight")
        #expect(safer("Mr Jones is a thief") == nil)
        #expect(safer("A lovely walk") == nil)
    }
}

/// `screen serve` as staff and IT start it: the built binary.
@Suite(.serialized)
struct ServeCommandTests {
    @Test("'screen serve' starts, says where it is serving, answers, and stops on SIGTERM", .enabled(if: CLITests.hasBinary))
    func startsAndStops() async throws {
        let started = ContinuousClock.now
        let server = try await RunningServer.start()
        print("screen serve (debug build) was serving after \(ContinuousClock.now - started)")
        #expect(server.banner.hasPrefix("screen: serving for Test Community School at http://127.0.0.1:"), "\(server.banner)")
        let reply = try await HTTPProbe.json(server.port, "/v1/screen", ["text": "Well done Zoe O'Connor!"])
        #expect(reply.status == 200)
        #expect(try reply.json()["verdict"] as? String == "block")
        #expect(await server.stop(), "SIGTERM stops the server")
    }

    @Test("'screen serve' refuses a public address without a token, and a short token", .enabled(if: CLITests.hasBinary))
    func refusesUnsafeSettings() throws {
        let open = try CLITests.run(["serve", "--host", "0.0.0.0", "--port", "0"])
        #expect(open.status == 2)
        #expect(open.stderr.contains("--token-file"), "\(open.stderr)")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("token-\(getpid())-\(UUID().uuidString)")
        try "secret\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let short = try CLITests.run(["serve", "--host", "0.0.0.0", "--port", "0", "--token-file", file.path])
        #expect(short.status == 2)
        #expect(short.stderr.contains("at least 16"), "\(short.stderr)")
        let missing = try CLITests.run(["serve", "--token-file", "/nonexistent/token"])
        #expect(missing.status == 2 && missing.stderr.contains("/nonexistent/token"))
        let limit = try CLITests.run(["serve", "--time-limit", "nan"])
        #expect(limit.status == 2)
    }
}
