import PostScreen

/// How `screen serve` listens and what it allows.
public struct ServeSettings: Sendable {
    /// The address to bind: loopback by default, so only this machine can reach the page.
    public var host: String
    /// The port; 0 picks a free one (tests).
    public var port: Int
    /// The shared secret requests must carry as `Authorization: Bearer <token>`, if any.
    /// Required when `host` is not a loopback address.
    public var token: String?
    /// The largest request body accepted, in bytes (a draft, or a whole batch).
    public var maxBody: Int
    /// How long one request may take, from its head arriving to its last byte being screened.
    public var timeLimit: Duration
    /// The account assumed when a request does not say (and the page's first choice).
    public var defaultAccount: Account

    /// The defaults `screen serve` uses.
    public init(
        host: String = "127.0.0.1", port: Int = 8080, token: String? = nil, maxBody: Int = 1 << 20,
        timeLimit: Duration = .seconds(10), defaultAccount: Account = .personal
    ) {
        self.host = host
        self.port = port
        self.token = token
        self.maxBody = maxBody
        self.timeLimit = timeLimit
        self.defaultAccount = defaultAccount
    }

    /// The shortest token accepted: a guessable secret would make the token pointless.
    public static let minimumTokenLength = 16

    /// Is `host` reachable only from this machine? (127.0.0.0/8, ::1, localhost.)
    public static func isLoopback(_ host: String) -> Bool {
        let h = host.lowercased().trimmingBrackets
        if h == "localhost" || h == "::1" || h == "0:0:0:0:0:0:0:1" { return true }
        let parts = h.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    /// Checks that the settings are safe to serve with: a non-loopback address needs a token, and a
    /// token must be long enough to be a secret.
    public func validated() throws(ServeSettingsError) -> ServeSettings {
        if let token, token.count < Self.minimumTokenLength {
            throw ServeSettingsError(
                description: "the token is \(token.count) characters; use at least \(Self.minimumTokenLength) "
                    + "(for example the output of `openssl rand -hex 32`)")
        }
        if token == nil && !Self.isLoopback(host) {
            throw ServeSettingsError(
                description: "binding to \(host) lets other machines reach the page and the API: give --token-file FILE "
                    + "holding a shared secret (requests then need 'Authorization: Bearer <token>'), "
                    + "or keep the default --host 127.0.0.1")
        }
        guard (0...65535).contains(port) else {
            throw ServeSettingsError(description: "--port must be between 0 and 65535, not \(port)")
        }
        guard maxBody > 0 else { throw ServeSettingsError(description: "--max-body must be at least 1 byte") }
        guard timeLimit > .zero else { throw ServeSettingsError(description: "--time-limit must be more than 0 seconds") }
        return self
    }
}

/// Settings `screen serve` refuses to start with.
public struct ServeSettingsError: Error, Sendable, CustomStringConvertible {
    /// What is wrong and what to do.
    public var description: String
}

extension String {
    /// "[::1]" → "::1": hosts in URLs and Host headers wrap IPv6 addresses in brackets.
    var trimmingBrackets: String {
        hasPrefix("[") && hasSuffix("]") ? String(dropFirst().dropLast()) : self
    }
}
