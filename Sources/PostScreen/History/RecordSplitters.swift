/// Cuts a JSON (or JavaScript) file holding one big list of records into the records' bytes, as the
/// bytes arrive, so an export of any size is never held whole. Each record is then parsed on its
/// own. Finds the list either at the top level (after a prefix such as Twitter's
/// `window.YTD.tweets.part0 = `) or as the value of one of `keys` in a top-level object (Mastodon's
/// `orderedItems`, Facebook's older `status_updates`).
struct JSONArraySplitter {
    /// Where the list may be.
    let keys: Set<String>
    let topLevelArray: Bool

    private enum State { case seeking, between, element, done }
    private var state = State.seeking
    private var depth = 0
    private var inString = false
    private var escape = false
    private var collectingKey = false
    private var keyBytes: [UInt8] = []
    private var lastKey: String?
    private var afterColon = false
    private var element: [UInt8] = []
    private var elementDepth = 0
    private var elementIsScalar = false
    private(set) var line = 1
    private(set) var records = 0
    private var elementLine = 1

    init(keys: Set<String> = [], topLevelArray: Bool = true) {
        self.keys = keys
        self.topLevelArray = topLevelArray
    }

    /// Feeds a chunk; `emit` gets each complete record with its 1-based number and starting line.
    mutating func feed(
        _ chunk: UnsafeBufferPointer<UInt8>, _ emit: (_ bytes: [UInt8], _ record: Int, _ line: Int) throws -> Void
    ) rethrows {
        var i = 0
        let n = chunk.count
        while i < n {
            let b = chunk[i]
            switch state {
            case .done:
                return
            case .seeking:
                if b == 0x0A { line += 1 }
                seek(b)
                i += 1
            case .between:
                switch b {
                case 0x0A: line += 1
                case 0x20, 0x09, 0x0D, 0x2C: break
                case 0x5D: state = .done
                default:
                    records += 1
                    elementLine = line
                    element.removeAll(keepingCapacity: true)
                    element.append(b)
                    state = .element
                    inString = b == 0x22
                    escape = false
                    elementIsScalar = b != 0x7B && b != 0x5B && b != 0x22
                    elementDepth = (b == 0x7B || b == 0x5B) ? 1 : 0
                }
                i += 1
            case .element:
                // Copy runs of ordinary bytes at once; stop at bytes that change the structure.
                let start = i
                var complete = false
                while i < n {
                    let c = chunk[i]
                    if inString {
                        if escape {
                            escape = false
                        } else if c == 0x5C {
                            escape = true
                        } else if c == 0x22 {
                            inString = false
                            if elementDepth == 0 {
                                i += 1
                                complete = true
                                break
                            }
                        }
                    } else if elementIsScalar {
                        if c == 0x2C || c == 0x5D || c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 {
                            complete = true
                            break
                        }
                    } else {
                        switch c {
                        case 0x22: inString = true
                        case 0x7B, 0x5B: elementDepth += 1
                        case 0x7D, 0x5D:
                            elementDepth -= 1
                            if elementDepth == 0 {
                                i += 1
                                complete = true
                            }
                        case 0x0A: line += 1
                        default: break
                        }
                        if complete { break }
                    }
                    i += 1
                }
                element.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[start..<i]))
                if complete {
                    state = .between
                    try emit(element, records, elementLine)
                }
            }
        }
    }

    /// What the end of the input means: nil when the list closed properly.
    enum Ending {
        /// The list was never found.
        case noList
        /// The input ends inside a record (its number, line and bytes so far).
        case insideRecord(record: Int, line: Int)
        /// The input ends between records, before the list closes.
        case openList
    }

    func finish() -> Ending? {
        switch state {
        case .done: nil
        case .seeking: .noList
        case .between: .openList
        case .element: elementIsScalar && !inString ? .openList : .insideRecord(record: records, line: elementLine)
        }
    }

    private mutating func seek(_ b: UInt8) {
        if inString {
            if escape {
                escape = false
                if collectingKey { keyBytes.append(b) }
            } else if b == 0x5C {
                escape = true
                if collectingKey { keyBytes.append(b) }
            } else if b == 0x22 {
                inString = false
                if collectingKey {
                    lastKey = String(decoding: keyBytes, as: UTF8.self)
                    collectingKey = false
                }
            } else if collectingKey {
                keyBytes.append(b)
            }
            return
        }
        switch b {
        case 0x22:
            inString = true
            collectingKey = depth == 1 && !afterColon
            keyBytes.removeAll(keepingCapacity: true)
        case 0x3A: afterColon = true
        case 0x2C: afterColon = false
        case 0x7B:
            depth += 1
            afterColon = false
        case 0x5B:
            if (topLevelArray && depth == 0) || (depth == 1 && afterColon && keys.contains(lastKey ?? "")) {
                state = .between
            } else {
                depth += 1
            }
            afterColon = false
        case 0x7D, 0x5D:
            depth -= 1
            afterColon = false
        default: break
        }
    }
}

/// Cuts text into lines as the bytes arrive (LF or CRLF), numbering them; blank lines are passed
/// over but counted.
struct LineSplitter {
    private var partial: [UInt8] = []
    private(set) var line = 0

    mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>, _ emit: (_ bytes: [UInt8], _ line: Int) throws -> Void)
        rethrows
    {
        var start = 0
        var i = 0
        let n = chunk.count
        while i < n {
            if chunk[i] == 0x0A {
                line += 1
                var end = i
                if partial.isEmpty {
                    if end > start && chunk[end - 1] == 0x0D { end -= 1 }
                    if !Self.isBlank(chunk, start..<end) {
                        try emit(Array(UnsafeBufferPointer(rebasing: chunk[start..<end])), line)
                    }
                } else {
                    partial.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[start..<end]))
                    if partial.last == 0x0D { partial.removeLast() }
                    let whole = partial
                    partial.removeAll(keepingCapacity: true)
                    if !whole.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { try emit(whole, line) }
                }
                start = i + 1
            }
            i += 1
        }
        if start < n { partial.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[start..<n])) }
    }

    /// The last line when the input does not end with a newline (nil when it does).
    mutating func finish() -> (bytes: [UInt8], line: Int)? {
        guard !partial.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) else { return nil }
        line += 1
        return (partial, line)
    }

    private static func isBlank(_ chunk: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        for k in range where chunk[k] != 0x20 && chunk[k] != 0x09 { return false }
        return true
    }
}
