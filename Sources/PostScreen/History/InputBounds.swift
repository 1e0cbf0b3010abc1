/// Lengths, offsets and counts read from an input file, checked before anything is built from
/// them. Every archive and splitter reads such values through here, so a damaged or hostile file
/// becomes a `HistoryError` naming the byte where it went wrong, never a trap on a bad `Range`.
struct InputBounds {
    /// The file (or archive entry) in messages.
    let file: String
    /// Bytes available from `base`.
    let count: Int
    /// Where byte 0 of this buffer lies in the file, for messages.
    var base: Int = 0

    /// `start ..< start + length` when it lies inside `0 ..< count`; otherwise a "corrupt at byte N"
    /// error saying what claimed the bytes.
    func range(_ start: Int, length: Int, _ what: @autoclosure () -> String) throws(HistoryError) -> Range<Int> {
        guard start >= 0, length >= 0, start <= count else { throw corrupt(at: start, what()) }
        let (end, overflow) = start.addingReportingOverflow(length)
        guard !overflow, end <= count else { throw corrupt(at: start, what()) }
        return start..<end
    }

    /// `lower ..< upper` when `0 <= lower <= upper <= count`.
    func range(from lower: Int, to upper: Int, _ what: @autoclosure () -> String) throws(HistoryError) -> Range<Int> {
        guard lower >= 0, lower <= upper, upper <= count else { throw corrupt(at: lower, what()) }
        return lower..<upper
    }

    /// `a + b` for sizes from input, or an error when it overflows.
    static func sum(_ a: Int, _ b: Int, file: String, at byte: Int, _ what: @autoclosure () -> String) throws(HistoryError) -> Int {
        let (s, overflow) = a.addingReportingOverflow(b)
        guard !overflow, s >= 0 else { throw HistoryError(file: file, "corrupt at byte \(byte): \(what())") }
        return s
    }

    /// The error for a value that points outside the data.
    func corrupt(at offset: Int, _ what: String) -> HistoryError {
        HistoryError(file: file, "corrupt at byte \(base + max(0, offset)): \(what); the file is damaged — re-export it, or screen the posts read before this point")
    }
}
