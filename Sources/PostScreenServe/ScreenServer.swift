import Hummingbird
import HummingbirdCore
import PostScreen

/// `screen serve`: the page for staff and the HTTP API for tools, over one shared ``Screener``.
///
/// ```swift
/// let server = try ScreenServer(screener: try Screener(profile: profile), settings: ServeSettings(port: 8080))
/// try await server.run { url in print("serving \(url)") }
/// ```
public struct ScreenServer: Sendable {
    let api: ScreenAPI
    let settings: ServeSettings

    /// A server for `screener` with checked `settings`.
    /// - Throws: ``ServeSettingsError`` for settings that would be unsafe (a public address without a
    ///   token) or make no sense.
    public init(screener: Screener, settings: ServeSettings, version: String) throws(ServeSettingsError) {
        self.settings = try settings.validated()
        api = ScreenAPI(screener: screener, settings: self.settings, version: version)
    }

    /// One route: what answers it, and whether it needs the token. The page, health and the OpenAPI
    /// document carry nothing of the school's or anyone's, so a browser can load the page before the
    /// person has typed the token into it.
    struct Endpoint: Sendable {
        var method: HTTPRequest.Method
        var path: String
        var isPublic: Bool
        var handle: @Sendable (ScreenAPI, Request, ContinuousClock.Instant) async throws -> Response
    }

    static let endpoints: [Endpoint] = [
        Endpoint(method: .get, path: "/", isPublic: true) { _, _, _ in ServePage.response() },
        Endpoint(method: .get, path: "/v1/health", isPublic: true) { api, _, _ in api.health() },
        Endpoint(method: .get, path: "/v1/openapi.json", isPublic: true) { _, _, _ in
            ScreenAPI.json(Array(OpenAPIDocument.json.utf8))
        },
        Endpoint(method: .get, path: "/v1/profile", isPublic: false) { api, _, _ in api.profile() },
        Endpoint(method: .post, path: "/v1/screen", isPublic: false) { api, request, deadline in
            try await api.screen(request, deadline: deadline)
        },
        Endpoint(method: .post, path: "/v1/screen/batch", isPublic: false) { api, request, deadline in
            try await api.batch(request, deadline: deadline)
        },
    ]

    /// The application, bound as the settings say; `onRunning` gets the address it listens on.
    func application(onRunning: @escaping @Sendable (String) async -> Void) -> some ApplicationProtocol {
        let router = Router()
        router.add(middleware: Gate(settings: settings))
        for endpoint in Self.endpoints {
            let api = self.api
            let limit = settings.timeLimit
            router.on(RouterPath(endpoint.path), method: endpoint.method) { request, _ in
                try await endpoint.handle(api, request, ContinuousClock.now.advanced(by: limit))
            }
        }
        let host = settings.host
        var app = Application(
            router: router,
            server: .http1(configuration: .init(idleTimeout: .seconds(60))),
            configuration: ApplicationConfiguration(
                address: .hostname(host, port: settings.port), serverName: nil,
                availableConnectionsDelegate: MaximumAvailableConnections(512)),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                let shown = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
                await onRunning("http://\(shown):\(port)/")
            })
        // Nothing typed is logged: no request logging, and Hummingbird's own lines only when critical.
        app.logger.logLevel = .critical
        return app
    }

    /// Serves until the task is cancelled, or (with `handleSignals`) until SIGINT or SIGTERM, finishing
    /// the requests in hand first.
    public func run(handleSignals: Bool = true, onRunning: @escaping @Sendable (String) async -> Void) async throws {
        let app = application(onRunning: onRunning)
        if handleSignals {
            try await app.runService()
        } else {
            try await app.runService(gracefulShutdownSignals: [])
        }
    }
}

/// Every request passes here first: errors become JSON, the Host header and the token are checked,
/// and a method a path does not take is answered 405 rather than 404.
struct Gate<Context: RequestContext>: RouterMiddleware {
    let settings: ServeSettings

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            try admit(request)
            return try await next(request, context)
        } catch let error as APIError {
            return try error.response(from: request, context: context)
        } catch let error as any HTTPResponseError {
            return try translate(error, request).response(from: request, context: context)
        } catch {
            let failure = APIError(status: .internalServerError, code: "internal", message: "the server could not answer this request")
            return try failure.response(from: request, context: context)
        }
    }

    /// Refuses a request the server must not answer: from a page on another site (a loopback server
    /// only answers to loopback host names, which stops DNS rebinding), or without the token.
    private func admit(_ request: Request) throws(APIError) {
        let path = request.uri.path
        let endpoint = ScreenServer.endpoints.first { $0.path == path && $0.method == request.method }
        if settings.token == nil, ServeSettings.isLoopback(settings.host), let authority = request.head.authority,
            !ServeSettings.isLoopback(Self.hostName(authority))
        {
            throw APIError(
                status: .misdirectedRequest, code: "wrong-host",
                message: "this server answers only to localhost, 127.0.0.1 or [::1]")
        }
        guard let token = settings.token, let endpoint, !endpoint.isPublic else { return }
        let given = request.headers[.authorization] ?? ""
        guard Self.constantTimeEqual(Array(given.utf8), Array("Bearer \(token)".utf8)) else {
            throw APIError(
                status: .unauthorized, code: "unauthorized",
                message: given.isEmpty
                    ? "this server needs 'Authorization: Bearer <token>' (the token in its --token-file)"
                    : "the token is not this server's",
                headers: [.wwwAuthenticate: "Bearer"])
        }
    }

    /// Hummingbird's own refusals (an unknown route, a body over a limit) in the API's error shape.
    private func translate(_ error: any HTTPResponseError, _ request: Request) -> APIError {
        let path = request.uri.path
        switch error.status {
        case .notFound:
            let methods = ScreenServer.endpoints.filter { $0.path == path }.map(\.method.rawValue)
            if methods.isEmpty {
                return APIError(status: .notFound, code: "not-found", message: "no such page or endpoint: \(path)")
            }
            return APIError(
                status: .methodNotAllowed, code: "method-not-allowed",
                message: "\(path) takes \(methods.joined(separator: " or ")), not \(request.method.rawValue)",
                headers: [.allow: methods.joined(separator: ", ")])
        case .contentTooLarge:
            return .tooLarge(limit: settings.maxBody)
        default:
            return APIError(status: error.status, code: "http-\(error.status.code)", message: error.status.reasonPhrase)
        }
    }

    /// "localhost:8080" → "localhost"; "[::1]:8080" → "::1".
    static func hostName(_ authority: String) -> String {
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            return String(authority[authority.index(after: authority.startIndex)..<close])
        }
        return String(authority.split(separator: ":", maxSplits: 1).first ?? "")
    }

    /// Compares without stopping at the first difference, so response times do not leak the token.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for i in 0..<max(a.count, b.count) {
            difference |= (i < a.count ? a[i] : 0) ^ (i < b.count ? b[i] : 0)
        }
        return difference == 0
    }
}
