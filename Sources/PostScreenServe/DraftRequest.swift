import Foundation
import PostScreen

/// One draft as a request carries it: `{"text": "…", "account": "personal", "id": "…"}`.
struct DraftRequest: Decodable {
    var text: String
    var account: Account?
    var id: String?

    private enum Keys: String, CodingKey { case text, account, id }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        text = try c.decode(String.self, forKey: .text)
        if let name = try c.decodeIfPresent(String.self, forKey: .account) {
            guard let account = Account(rawValue: name.lowercased()) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .account, in: c, debugDescription: "\"account\" must be \"personal\" or \"official\", not \"\(name)\"")
            }
            self.account = account
        }
        // Ids in bulk files are often numbers; they come back as strings.
        if let s = try? c.decodeIfPresent(String.self, forKey: .id) {
            id = s
        } else if let n = try? c.decodeIfPresent(Int.self, forKey: .id) {
            id = String(n)
        } else if c.contains(.id), try !c.decodeNil(forKey: .id) {
            throw DecodingError.dataCorruptedError(forKey: .id, in: c, debugDescription: "\"id\" must be a string or a whole number")
        }
    }

    /// Decodes one JSON object, turning the decoder's failure into a message a developer can act on.
    static func decode(_ bytes: some Collection<UInt8>) throws(APIError) -> DraftRequest {
        do {
            return try JSONDecoder().decode(DraftRequest.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw .badJSON(Self.message(error))
        } catch {
            throw .badJSON("not valid JSON: \(shape)")
        }
    }

    private static let shape = #"send {"text": "…", "account": "personal" or "official"}"#

    private static func message(_ error: DecodingError) -> String {
        func field(_ path: [any CodingKey]) -> String { path.map(\.stringValue).joined(separator: ".") }
        switch error {
        case .keyNotFound(let key, _):
            return "missing \"\(key.stringValue)\": \(shape)"
        case .typeMismatch(_, let context) where context.codingPath.isEmpty:
            return "the body must be a JSON object: \(shape)"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "\"\(field(context.codingPath))\" must be a string: \(shape)"
        case .dataCorrupted(let context) where !context.codingPath.isEmpty:
            return context.debugDescription
        case .dataCorrupted(let context):
            let detail = (context.underlyingError as? NSError)?.userInfo[NSDebugDescriptionErrorKey] as? String
            return "not valid JSON" + (detail.map { ": \($0)" } ?? ": \(shape)")
        @unknown default:
            return "not valid JSON: \(shape)"
        }
    }
}

enum UTF8Check {
    /// The offset of the first byte that is not part of valid UTF-8, or nil when all of it is.
    static func firstInvalidOffset(_ bytes: some Collection<UInt8>) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }
}
