import Foundation

/// Where the bytes of one export file come from: a file, standard input, or an entry of a zip or
/// tar(.gz) archive. Read in chunks so memory stays bounded whatever the file's size.
struct ByteStream: Sendable {
    enum Origin: Sendable {
        case file(String)
        case standardInput
        case zipEntry(archive: String, path: String)
        case tarEntry(archive: String, path: String)
    }

    let origin: Origin
    /// The name used in messages and positions.
    let name: String
    /// Bytes expected, for progress (nil for standard input).
    let size: Int?

    static let chunkSize = 1 << 20

    static func file(_ path: String) -> ByteStream {
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
        return ByteStream(origin: .file(path), name: path, size: size)
    }

    static let standardInput = ByteStream(origin: .standardInput, name: "<stdin>", size: nil)

    /// The final path component: the file's own name, without folders or archive.
    var baseName: String {
        switch origin {
        case .file(let p): (p as NSString).lastPathComponent
        case .standardInput: "stdin"
        case .zipEntry(_, let p), .tarEntry(_, let p): (p as NSString).lastPathComponent
        }
    }

    /// Hands the bytes to `consume`, a chunk at a time.
    func read(_ consume: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        switch origin {
        case .file(let path):
            let fd = open(path, O_RDONLY)
            guard fd >= 0 else { throw HistoryError(file: name, "cannot open (\(String(cString: strerror(errno))))") }
            defer { close(fd) }
            try readDescriptor(fd, consume)
        case .standardInput:
            try readDescriptor(STDIN_FILENO, consume)
        case .zipEntry(let archivePath, let path):
            try ZipArchive(path: archivePath).read(path, consume)
        case .tarEntry(let archivePath, let path):
            try TarArchive.read(archivePath, entry: path, consume)
        }
    }

    /// The whole content, for the small side files of an archive (account, long posts).
    func readAll() throws -> [UInt8] {
        var all: [UInt8] = []
        try read { all.append(contentsOf: $0) }
        return all
    }

    private func readDescriptor(_ fd: Int32, _ consume: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: Self.chunkSize)
        defer { buffer.deallocate() }
        while true {
            let n = Foundation.read(fd, buffer.baseAddress, Self.chunkSize)
            if n < 0 {
                if errno == EINTR { continue }
                throw HistoryError(file: name, "cannot read (\(String(cString: strerror(errno))))")
            }
            if n == 0 { return }
            try consume(UnsafeBufferPointer(rebasing: buffer[0..<n]))
        }
    }
}
