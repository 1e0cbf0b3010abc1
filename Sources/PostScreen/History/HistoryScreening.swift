import Foundation

/// What became of one record once screened.
public enum HistoryOutcome: Sendable {
    /// A post and its report.
    case screened(HistoryPost, Report)
    /// A record with nothing to screen, and why.
    case skipped(HistoryPosition, String)
    /// A record that could not be read, and why.
    case unreadable(HistoryPosition, String)
    /// A post already screened by an earlier run (``HistoryScreening/alreadyScreened``).
    case resumed(HistoryPost)
}

/// Screens the records of an export on several threads with one shared ``Screener``, handing the
/// results back in input order on the calling thread. Records are read, and results delivered, on
/// the calling thread; decoding and screening (and the caller's `prepare`, such as encoding a line
/// of output) run on the workers. Only a bounded number of records is in flight, so memory stays
/// flat however long the input.
///
/// ```swift
/// let screening = HistoryScreening(screener: screener, jobs: 4)
/// try screening.run(reader.read, prepare: { outcome in line(for: outcome) }, deliver: { write($0) })
/// ```
public struct HistoryScreening: Sendable {
    /// The screener every worker shares.
    public let screener: Screener
    /// The account the posts were made on.
    public let account: Account
    /// Worker threads; 1 screens on the calling thread.
    public let jobs: Int
    /// Records handed to a worker at a time.
    public var batchSize = 64
    /// Whether an id is of a post screened by an earlier run (``HistoryResume``), not to be screened again.
    public var alreadyScreened: (@Sendable (String) -> Bool)?

    /// Creates a screening of `jobs` workers (all cores by default).
    public init(screener: Screener, account: Account = .personal, jobs: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.screener = screener
        self.account = account
        self.jobs = max(1, jobs)
    }

    /// Decodes and screens one record.
    public func outcome(_ record: HistoryRecord) -> HistoryOutcome {
        switch record.decode() {
        case .post(let post) where alreadyScreened?(post.id) ?? false: .resumed(post)
        case .post(let post): .screened(post, screener.screen(post.text, account: account, id: post.id))
        case .skipped(let p, let why): .skipped(p, why)
        case .unreadable(let p, let why): .unreadable(p, why)
        }
    }

    /// Runs `produce` (such as ``HistoryReader/read(progress:_:)``), screens what it emits, and
    /// delivers `prepare`'s result for each record in input order.
    ///
    /// When `produce` throws (a truncated file), every record it emitted before is still delivered,
    /// then the error is rethrown. When `deliver` throws (output closed, interrupted), reading stops
    /// and the error is rethrown at once.
    public func run<Prepared: Sendable>(
        _ produce: (_ emit: (HistoryRecord) throws -> Void) throws -> Void,
        prepare: @escaping @Sendable (HistoryOutcome) -> Prepared,
        deliver: (Prepared) throws -> Void
    ) throws {
        // `produce` and `deliver` both run on this thread, one inside the other; neither escapes.
        try withoutActuallyEscaping(deliver) { deliver in try run(produce, prepare: prepare, escapingDeliver: deliver) }
    }

    private func run<Prepared: Sendable>(
        _ produce: (_ emit: (HistoryRecord) throws -> Void) throws -> Void,
        prepare: @escaping @Sendable (HistoryOutcome) -> Prepared,
        escapingDeliver deliver: @escaping (Prepared) throws -> Void
    ) throws {
        if jobs == 1 {
            try produce { record in try deliver(prepare(outcome(record))) }
            return
        }
        let queue = WorkQueue<Prepared>(capacity: jobs * 4)
        let screening = self
        var threads: [Thread] = []
        for _ in 0..<jobs {
            let thread = Thread {
                while let (seq, batch) = queue.take() {
                    queue.finish(seq, batch.map { prepare(screening.outcome($0)) })
                }
            }
            thread.stackSize = 4 << 20
            threads.append(thread)
            thread.start()
        }
        defer { queue.close() }
        var batch: [HistoryRecord] = []
        batch.reserveCapacity(batchSize)
        var produced = 0
        var delivered = 0
        var deliveryFailed = false
        func give(_ results: [[Prepared]]) throws {
            for result in results {
                for item in result {
                    do { try deliver(item) } catch {
                        deliveryFailed = true
                        throw error
                    }
                }
                delivered += 1
            }
        }
        func drain(waitingFor target: Int) throws {
            while delivered < target { try give(queue.ready(after: delivered, wait: true)) }
        }
        func submit() throws {
            guard !batch.isEmpty else { return }
            // Keep the queue bounded: deliver what is ready while it is full.
            while !queue.offer(produced, batch) { try give(queue.ready(after: delivered, wait: true)) }
            produced += 1
            batch.removeAll(keepingCapacity: true)
            try give(queue.ready(after: delivered, wait: false))
        }
        do {
            try produce { record in
                batch.append(record)
                if batch.count == batchSize { try submit() }
            }
        } catch {
            if deliveryFailed { throw error }
            try submit()
            try drain(waitingFor: produced)
            throw error
        }
        try submit()
        try drain(waitingFor: produced)
    }
}

/// Batches waiting for a worker, and finished batches waiting for their turn to be delivered.
final class WorkQueue<Result: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var pending: [(Int, [HistoryRecord])] = []
    private var pendingStart = 0
    private var done: [Int: [Result]] = [:]
    private var inFlight = 0
    private var closed = false
    private let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    /// Adds a batch unless `capacity` batches are already in flight (queued, being screened, or
    /// finished but not delivered).
    func offer(_ seq: Int, _ batch: [HistoryRecord]) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard inFlight < capacity else { return false }
        inFlight += 1
        pending.append((seq, batch))
        condition.broadcast()
        return true
    }

    /// The next batch for a worker; nil once closed.
    func take() -> (Int, [HistoryRecord])? {
        condition.lock()
        defer { condition.unlock() }
        while pendingStart == pending.count && !closed { condition.wait() }
        if closed { return nil }
        let item = pending[pendingStart]
        pendingStart += 1
        if pendingStart > 1024 {
            pending.removeFirst(pendingStart)
            pendingStart = 0
        }
        return item
    }

    func finish(_ seq: Int, _ results: [Result]) {
        condition.lock()
        done[seq] = results
        condition.broadcast()
        condition.unlock()
    }

    /// Finished batches from `next` on, in order; waits for at least one when `wait` is set.
    func ready(after next: Int, wait: Bool) -> [[Result]] {
        condition.lock()
        defer { condition.unlock() }
        while wait && done[next] == nil { condition.wait() }
        var out: [[Result]] = []
        var k = next
        while let r = done.removeValue(forKey: k) {
            out.append(r)
            k += 1
        }
        inFlight -= out.count
        return out
    }

    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}
