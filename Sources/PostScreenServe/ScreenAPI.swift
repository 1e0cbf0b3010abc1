import Foundation
import Hummingbird
import PostScreen

/// The HTTP API's handlers: one shared screener, no state kept between requests, nothing logged.
struct ScreenAPI: Sendable {
    let screener: Screener
    let settings: ServeSettings
    let version: String

    static let draftTypes = ["application/json", "text/plain"]
    static let batchTypes = ["application/x-ndjson", "application/jsonl"]
    /// Other names tools use for JSON Lines, accepted as the same thing.
    static let batchAliases = ["application/jsonlines", "application/x-jsonlines", "application/json-lines"]

    // MARK: Drafts

    /// `POST /v1/screen`: one draft as JSON (`{"text", "account", "id"}`) or as plain text
    /// (`?account=official`), answered with SPEC.md's report object.
    func screen(_ request: Request, deadline: ContinuousClock.Instant) async throws -> Response {
        let type = Self.mediaType(request)
        guard let type, Self.draftTypes.contains(type) else {
            throw APIError.unsupportedType(request.headers[.contentType], accepted: Self.draftTypes)
        }
        let body = try await collect(request, deadline: deadline)
        if let bad = UTF8Check.firstInvalidOffset(body) { throw APIError.invalidUTF8(at: bad) }
        var out: [UInt8] = []
        if type == "text/plain" {
            // The body is the draft: offsets are into it as sent.
            let query = request.uri.queryParameters
            let account = try Self.account(query["account"].map(String.init))
            encode(body, account: account, id: query["id"].map(String.init), to: &out)
        } else {
            let draft = try DraftRequest.decode(body)
            encode(Array(draft.text.utf8), account: draft.account, id: draft.id, to: &out)
        }
        return Self.json(out)
    }

    /// Screens one draft and appends its report, with the mechanical fixes applied as `safer_text`.
    private func encode(_ bytes: [UInt8], account: Account?, id: String?, to out: inout [UInt8]) {
        let report = screener.screen(bytes: bytes, account: account ?? settings.defaultAccount, id: id)
        ReportEncoding.append(report, extras: [("safer_text", SaferVersion.text(of: bytes, report: report))], to: &out)
    }

    // MARK: Batches

    /// `POST /v1/screen/batch`: JSON Lines in (`{"id", "text", "account"}` a line), JSON Lines out,
    /// one report per non-blank line in input order, streamed as each is screened. A bad line gets an
    /// error object in its place (`{"line": 3, "error": {…}}`) and the rest go on.
    func batch(_ request: Request, deadline: ContinuousClock.Instant) async throws -> Response {
        guard let type = Self.mediaType(request), (Self.batchTypes + Self.batchAliases).contains(type) else {
            throw APIError.unsupportedType(request.headers[.contentType], accepted: Self.batchTypes)
        }
        let body = try await collect(request, deadline: deadline)
        if let bad = UTF8Check.firstInvalidOffset(body) { throw APIError.invalidUTF8(at: bad) }
        let lines = Self.lines(body)
        let limit = settings.timeLimit
        let headers: HTTPFields = [
            .contentType: "application/x-ndjson; charset=utf-8", .cacheControl: "no-store",
        ]
        return Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                var out: [UInt8] = []
                for (number, line) in lines {
                    if ContinuousClock.now > deadline {
                        Self.lineError(APIError.timeLimit(limit), line: number, to: &out)
                        out.append(0x0A)
                        try await writer.write(ByteBuffer(bytes: out))
                        break
                    }
                    do throws(APIError) {
                        let draft = try DraftRequest.decode(body[line])
                        encode(Array(draft.text.utf8), account: draft.account, id: draft.id, to: &out)
                    } catch {
                        Self.lineError(error, line: number, to: &out)
                    }
                    out.append(0x0A)
                    // Reports go out in small groups: streamed, without a write per tiny line.
                    if out.count >= 16_384 {
                        try await writer.write(ByteBuffer(bytes: out))
                        out.removeAll(keepingCapacity: true)
                    }
                }
                if !out.isEmpty { try await writer.write(ByteBuffer(bytes: out)) }
                try await writer.finish(nil)
            })
    }

    /// Non-blank lines with their 1-based numbers (LF or CRLF endings).
    static func lines(_ body: [UInt8]) -> [(number: Int, range: Range<Int>)] {
        var result: [(Int, Range<Int>)] = []
        var start = 0
        var number = 1
        while start <= body.count {
            let end = body[start...].firstIndex(of: 0x0A) ?? body.count
            var last = end
            if last > start, body[last - 1] == 0x0D { last -= 1 }
            if body[start..<last].contains(where: { $0 != 0x20 && $0 != 0x09 }) { result.append((number, start..<last)) }
            start = end + 1
            number += 1
        }
        return result
    }

    private static func lineError(_ error: APIError, line: Int, to out: inout [UInt8]) {
        out += Array(#"{"line":"#.utf8) + Array(String(line).utf8) + [0x2C]
        out += error.json.dropFirst()  // the error object's fields, after this line's number
    }

    // MARK: About the server

    /// `GET /v1/health`: up, which version, and what a client needs to know before calling.
    func health() -> Response {
        Self.json(
            JSONText.object([
                ("status", JSONText.string("ok")),
                ("version", JSONText.string(version)),
                ("auth", JSONText.string(settings.token == nil ? "none" : "bearer")),
                ("default_account", JSONText.string(settings.defaultAccount.rawValue)),
                ("max_body", Array(String(settings.maxBody).utf8)),
            ]))
    }

    /// `GET /v1/profile`: the school's published identity and rule settings. People are counted,
    /// never listed: the roster is the one thing the server must not give away.
    func profile() -> Response {
        let p = screener.profile
        let rules = p.rules.sorted { $0.key < $1.key }.map { key, setting -> (String, [UInt8]) in
            switch setting {
            case .off: (key, JSONText.string("off"))
            case .grade(let grade): (key, JSONText.string(grade.description))
            }
        }
        let sensitivity = p.sensitivity.sorted { $0.key.rawValue < $1.key.rawValue }.map {
            ($0.key.rawValue, JSONText.string($0.value.rawValue))
        }
        return Self.json(
            JSONText.object([
                (
                    "school",
                    JSONText.object([
                        ("name", p.name.map(JSONText.string) ?? Array("null".utf8)),
                        ("aliases", JSONText.array(p.aliases)),
                        ("trust", p.trust.map(JSONText.string) ?? Array("null".utf8)),
                        ("hashtags", JSONText.array(p.hashtags)),
                        ("handles", JSONText.array(p.handles)),
                        ("domains", JSONText.array(p.domains)),
                        ("mottos", JSONText.array(p.mottos)),
                        ("phones", JSONText.array(p.phones)),
                    ])
                ),
                ("rules", JSONText.object(rules)),
                ("sensitivity", JSONText.object(sensitivity)),
                (
                    "people",
                    JSONText.object([
                        ("pupils", Array(String(p.roster.count).utf8)),
                        ("staff", Array(String(p.staff.count).utf8)),
                        ("no_images", Array(String(p.noImages.count).utf8)),
                    ])
                ),
                ("default_account", JSONText.string(settings.defaultAccount.rawValue)),
            ]))
    }

    // MARK: Helpers

    /// The body, refused when over `--max-body` or not all there by `deadline` (a slow client).
    func collect(_ request: Request, deadline: ContinuousClock.Instant) async throws -> [UInt8] {
        let (limit, timeLimit) = (settings.maxBody, settings.timeLimit)
        // A declared length over the limit is refused before a byte of it is read.
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > limit {
            throw APIError.tooLarge(limit: limit)
        }
        let body = request.body
        return try await withThrowingTaskGroup(of: [UInt8]?.self) { group in
            group.addTask {
                do {
                    return Array(try await body.collect(upTo: limit).readableBytesView)
                } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
                    throw APIError.tooLarge(limit: limit)  // a chunked body that ran over
                }
            }
            group.addTask {
                try await Task.sleep(until: deadline, clock: .continuous)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let bytes = first else { throw APIError.timeLimit(timeLimit) }
            return bytes
        }
    }

    /// The request's media type, lowercased, without parameters; nil when missing or when it names
    /// a charset other than UTF-8.
    static func mediaType(_ request: Request) -> String? {
        guard let value = request.headers[.contentType] else { return nil }
        let parts = value.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        for parameter in parts.dropFirst() where parameter.hasPrefix("charset=") {
            let charset = parameter.dropFirst("charset=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            if charset != "utf-8" && charset != "utf8" { return nil }
        }
        return parts.first
    }

    static func account(_ name: String?) throws(APIError) -> Account? {
        guard let name else { return nil }
        guard let account = Account(rawValue: name.lowercased()) else {
            throw .badRequest("account must be \"personal\" or \"official\", not \"\(name)\"")
        }
        return account
    }

    static func json(_ bytes: [UInt8], status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
