import Hummingbird
import PostScreen

/// A request the API turns away, reported as JSON so that a tool calling it can tell why:
/// `{"error": {"status": 415, "code": "unsupported-content-type", "message": "…"}}`.
struct APIError: Error, HTTPResponseError {
    var status: HTTPResponse.Status
    /// A stable, machine-readable reason (listed in the OpenAPI document).
    var code: String
    /// What is wrong and what to send instead, for the developer reading it.
    var message: String
    var headers: HTTPFields = [:]

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        fields[.cacheControl] = "no-store"
        return Response(status: status, headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: json)))
    }

    /// The error object alone, also written as a line of a batch response.
    var json: [UInt8] {
        var out = Array(#"{"error":{"status":"#.utf8) + Array(String(status.code).utf8)
        out += Array(#","code":"#.utf8)
        JSONText.string(code, &out)
        out += Array(#","message":"#.utf8)
        JSONText.string(message, &out)
        out += Array("}}".utf8)
        return out
    }

    static func badJSON(_ detail: String) -> APIError {
        APIError(status: .badRequest, code: "bad-json", message: detail)
    }

    static func badRequest(_ detail: String) -> APIError {
        APIError(status: .badRequest, code: "bad-request", message: detail)
    }

    static func invalidUTF8(at offset: Int) -> APIError {
        APIError(
            status: .badRequest, code: "invalid-utf8",
            message: "the body is not valid UTF-8 (first bad byte at offset \(offset)); send text as UTF-8")
    }

    static func tooLarge(limit: Int) -> APIError {
        APIError(
            status: .contentTooLarge, code: "body-too-large",
            message: "the body is larger than this server accepts (\(limit) bytes); split it, or start the server with a larger --max-body")
    }

    static func timeLimit(_ limit: Duration) -> APIError {
        APIError(
            status: .requestTimeout, code: "time-limit",
            message: "the request took longer than this server allows (\(limit.secondsText)); send the body promptly, or split a batch")
    }

    static func unsupportedType(_ given: String?, accepted: [String]) -> APIError {
        APIError(
            status: .unsupportedMediaType, code: "unsupported-content-type",
            message: "Content-Type \(given.map { "'\($0)'" } ?? "missing"); send "
                + accepted.map { "'\($0)'" }.joined(separator: " or ") + " (UTF-8)")
    }
}

extension Duration {
    /// "10 s", "0.5 s": for messages.
    var secondsText: String {
        let (seconds, attoseconds) = components
        let value = Double(seconds) + Double(attoseconds) / 1e18
        return value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}

/// Small JSON writing for the server's own objects; reports themselves go through `ReportEncoding`.
enum JSONText {
    /// Appends `s` as a JSON string literal (the same escaping as reports).
    static func string(_ s: String, _ out: inout [UInt8]) {
        ReportEncoding.string(s, &out)
    }

    /// A JSON object from already-encoded values, keys in the order given.
    static func object(_ fields: [(String, [UInt8])]) -> [UInt8] {
        var out: [UInt8] = [0x7B]
        for (n, (key, value)) in fields.enumerated() {
            if n > 0 { out.append(0x2C) }
            string(key, &out)
            out.append(0x3A)
            out += value
        }
        out.append(0x7D)
        return out
    }

    static func string(_ s: String) -> [UInt8] {
        var out: [UInt8] = []
        string(s, &out)
        return out
    }

    static func array(_ items: [String]) -> [UInt8] {
        var out: [UInt8] = [0x5B]
        for (n, item) in items.enumerated() {
            if n > 0 { out.append(0x2C) }
            string(item, &out)
        }
        out.append(0x5D)
        return out
    }
}
