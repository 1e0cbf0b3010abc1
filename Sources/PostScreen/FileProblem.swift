import Foundation

/// A file that could not be read, said in words a person can act on.
///
/// Foundation's own messages are written for programmers ("The operation could not be completed.
/// (NSCocoaErrorDomain error 256.)" for a folder, "You don't have permission" for `/dev/null` on
/// Linux), so files are opened with POSIX calls and each failure is named here.
public struct FileProblem: Error, Sendable, CustomStringConvertible {
    /// The path as given.
    public var path: String
    /// What is wrong ("no such file").
    public var problem: String
    /// What to do about it.
    public var fix: String

    /// Creates a problem report.
    public init(path: String, problem: String, fix: String) {
        self.path = path
        self.problem = problem
        self.fix = fix
    }

    /// "path: problem. fix"
    public var description: String { "\(path): \(problem). \(fix)" }

    /// The whole contents of the file at `path`: a regular file, or a device or pipe (`/dev/null`,
    /// `/dev/stdin`, a named pipe). `what` names the file for messages ("profile", "roster").
    public static func contents(of path: String, what: String) throws(FileProblem) -> Data {
        var info = stat()
        if stat(path, &info) != 0 {
            throw FileProblem(path: path, problem: reason(errno: errno), fix: "Check the \(what) file's path")
        }
        if info.st_mode & S_IFMT == S_IFDIR {
            throw FileProblem(
                path: path, problem: "is a folder, not a \(what) file", fix: "Give the path of a file inside it")
        }
        let fd = open(path, O_RDONLY)
        if fd < 0 {
            throw FileProblem(path: path, problem: reason(errno: errno), fix: "Check the \(what) file's path and permissions")
        }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        do {
            return try handle.readToEnd() ?? Data()
        } catch {
            throw FileProblem(path: path, problem: "cannot be read (\(reason(error)))", fix: "Check the \(what) file")
        }
    }

    /// Why an operating-system call failed, in a few plain words.
    public static func reason(errno code: Int32) -> String {
        switch code {
        case ENOENT: "no such file"
        case ENOTDIR: "a part of the path is not a folder"
        case EACCES, EPERM: "permission denied (you cannot read it)"
        case EISDIR: "is a folder, not a file"
        case ENOSPC: "the disk is full"
        case ELOOP: "too many symbolic links"
        case ENAMETOOLONG: "the path is too long"
        default: String(cString: strerror(code)).lowercased()
        }
    }

    /// Why `error` (a Foundation or POSIX error from reading or writing a file) happened, in plain words.
    public static func reason(_ error: any Error) -> String {
        if let problem = error as? FileProblem { return problem.problem }
        if let posix = error as? POSIXError { return reason(errno: posix.code.rawValue) }
        let ns = error as NSError
        // On Linux the underlying error is a Swift POSIXError, which does not cast to NSError directly.
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? any Error {
            let u = underlying as NSError
            if u.domain == NSPOSIXErrorDomain { return reason(errno: Int32(u.code)) }
        }
        if ns.domain == NSPOSIXErrorDomain { return reason(errno: Int32(ns.code)) }
        if ns.domain == NSCocoaErrorDomain {
            switch CocoaError.Code(rawValue: ns.code) {
            case .fileNoSuchFile, .fileReadNoSuchFile: return reason(errno: ENOENT)
            case .fileReadNoPermission, .fileWriteNoPermission: return reason(errno: EACCES)
            case .fileWriteOutOfSpace: return reason(errno: ENOSPC)
            case .fileWriteVolumeReadOnly: return "the disk is read-only"
            case .fileReadCorruptFile, .fileReadInapplicableStringEncoding: return "its contents cannot be decoded"
            default: break
            }
        }
        return "an input/output error"
    }
}
