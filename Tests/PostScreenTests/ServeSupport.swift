import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `screen serve` running as the built binary on a free loopback port, for tests that talk to it
/// through a real socket. A process of its own, so the rest of the suite keeping this process's
/// threads busy cannot slow its answers.
final class RunningServer: Sendable {
    let url: String
    let port: Int
    /// What the server said when it started ("screen: serving for … at http://…").
    let banner: String
    private let process: Process

    static let schoolProfile = Support.fixtures.appendingPathComponent("school/postscreen.toml").path

    private init(process: Process, banner: String) throws {
        guard let url = banner.split(separator: " ").first(where: { $0.hasPrefix("http://") }).map(String.init),
            let port = Int(url.split(separator: ":").last?.dropLast() ?? "")
        else { throw HTTPProbe.Failure(description: "no address in \(banner)") }
        self.process = process
        self.banner = banner
        self.url = url
        self.port = port
    }

    /// Starts `screen serve --port 0 --profile PROFILE ARGUMENTS…` and waits for its address.
    static func start(_ arguments: [String] = [], profile: String = schoolProfile) async throws -> RunningServer {
        let process = Process()
        process.executableURL = CLITests.binary
        process.arguments = ["serve", "--port", "0", "--profile", profile] + arguments
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let banner = try await onOwnThread { () -> String in
            // Warnings about the profile may come first: the address is on the "serving" line.
            var text = ""
            while !text.split(separator: "\n").contains(where: { $0.contains(" serving ") }) {
                let chunk = err.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                text += String(decoding: chunk, as: UTF8.self)
            }
            return text.split(separator: "\n").first { $0.contains(" serving ") }.map(String.init) ?? text
        }
        do {
            return try RunningServer(process: process, banner: banner)
        } catch {
            process.terminate()
            throw error
        }
    }

    /// Stops it with SIGTERM; true when it has exited.
    @discardableResult
    func stop() async -> Bool {
        process.terminate()
        let process = self.process
        return (try? await onOwnThread { () -> Bool in
            for _ in 0..<200 where process.isRunning { Thread.sleep(forTimeInterval: 0.05) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            return !process.isRunning
        }) ?? false
    }
}

/// Runs blocking work (a socket, a child process) on a thread of its own, off the concurrency pool
/// that the in-process server answers on.
func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
    }
}

/// An HTTP reply as read off the socket.
struct HTTPReply {
    var status: Int
    /// Header names lowercased.
    var headers: [String: String]
    var body: [UInt8]
    /// The body arrived in chunks (a streamed response).
    var chunked: Bool

    var text: String { String(decoding: body, as: UTF8.self) }

    func json() throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            throw HTTPProbe.Failure(description: "not a JSON object: \(text)")
        }
        return object
    }

    /// The error code of a JSON error reply (`{"error": {"code": …}}`).
    var errorCode: String? {
        ((try? json())?["error"] as? [String: Any])?["code"] as? String
    }
}

/// A deliberately plain HTTP/1.1 client over a POSIX socket, so tests can send what a well-behaved
/// client never would: invalid UTF-8, a body that stops short, a length the body never reaches.
///
/// Sockets block, so each exchange runs on its own thread: blocking the concurrency pool would starve
/// the in-process server of the threads it answers on.
enum HTTPProbe {
    struct Failure: Error, CustomStringConvertible { var description: String }

    /// A request with `Host`, `Content-Length` (unless chunked) and the given headers.
    static func request(
        _ port: Int, _ method: String, _ path: String, headers: [(String, String)] = [], body: [UInt8] = [],
        declaredLength: Int? = nil, pauseAfterHead: Double = 0
    ) async throws -> HTTPReply {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if !headers.contains(where: { $0.0.lowercased() == "transfer-encoding" }) {
            head += "Content-Length: \(declaredLength ?? body.count)\r\n"
        }
        head += "\r\n"
        return try await exchange(port, [Array(head.utf8), body], pause: pauseAfterHead)
    }

    static func json(_ port: Int, _ path: String, _ object: Any, headers: [(String, String)] = []) async throws -> HTTPReply {
        let body = try JSONSerialization.data(withJSONObject: object)
        return try await request(port, "POST", path, headers: [("Content-Type", "application/json")] + headers, body: Array(body))
    }

    /// Sends `parts` (pausing `pause` seconds after the first) and reads one reply.
    static func exchange(_ port: Int, _ parts: [[UInt8]], pause: Double = 0) async throws -> HTTPReply {
        try await onOwnThread { try blockingExchange(port, parts, pause: pause) }
    }

    private static func blockingExchange(_ port: Int, _ parts: [[UInt8]], pause: Double) throws -> HTTPReply {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: \(errno)") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "connect: \(errno)") }
        for (n, part) in parts.enumerated() {
            if n == 1 && pause > 0 { Thread.sleep(forTimeInterval: pause) }
            var sent = 0
            while sent < part.count {
                let r = part[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if r <= 0 { break }  // the server stopped reading (it has answered): read its reply
                sent += r
            }
        }
        return try readReply(fd)
    }

    /// Reads one reply, framed by Content-Length or chunked encoding (or the connection closing).
    private static func readReply(_ fd: Int32) throws -> HTTPReply {
        var data: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        func more() throws -> Bool {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 { throw Failure(description: "recv: \(errno) after \(data.count) bytes") }
            data += buffer[0..<n]
            return n > 0
        }
        let separator: [UInt8] = [13, 10, 13, 10]
        var headEnd: Int? = nil
        while headEnd == nil {
            guard try more() else { throw Failure(description: "connection closed before a reply") }
            headEnd = data.indices.dropLast(3).first { data[$0..<$0 + 4].elementsEqual(separator) }
        }
        let head = String(decoding: data[..<headEnd!], as: UTF8.self).components(separatedBy: "\r\n")
        let status = Int(head[0].split(separator: " ")[1]) ?? 0
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var rest = Array(data[(headEnd! + 4)...])
        data = rest
        if headers["transfer-encoding"]?.lowercased() == "chunked" {
            var body: [UInt8] = []
            var position = 0
            while true {
                while data[position...].firstIndex(of: 10) == nil {
                    guard try more() else { throw Failure(description: "chunked body cut short") }
                }
                let lineEnd = data[position...].firstIndex(of: 10)!
                let sizeText = String(decoding: data[position..<lineEnd], as: UTF8.self)
                    .trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ";")[0]
                guard let size = Int(sizeText, radix: 16) else { throw Failure(description: "bad chunk size \(sizeText)") }
                let start = lineEnd + 1
                while data.count < start + size + 2 {
                    guard try more() else { throw Failure(description: "chunk cut short") }
                }
                if size == 0 { break }
                body += data[start..<start + size]
                position = start + size + 2
            }
            return HTTPReply(status: status, headers: headers, body: body, chunked: true)
        }
        if let length = headers["content-length"].flatMap({ Int($0) }) {
            while data.count < length {
                guard try more() else { break }
            }
            rest = Array(data.prefix(length))
        } else {
            while try more() {}
            rest = data
        }
        return HTTPReply(status: status, headers: headers, body: rest, chunked: false)
    }
}
