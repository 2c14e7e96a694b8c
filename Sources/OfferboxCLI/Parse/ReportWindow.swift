import Foundation
import MIME

/// Builds `parse`'s reports two messages at a time, in order: both cores stay busy while one
/// message's PDFs wait on the workers. Two messages are in hand at once only while their raw bytes
/// together stay within `sharedBytes`; a larger one is reported alone, so memory stays that of one
/// large message.
final class ReportWindow: @unchecked Sendable {
    static let width = 2
    static let sharedBytes = 4 << 20

    /// Guards `inHand` and `idleParsers`; signalled when either changes.
    private let condition = NSCondition()
    private var inHand = 0
    /// The parser caches charset converters and is not Sendable: each is used by one report at a time.
    private var idleParsers = [MessageParser(), MessageParser()]
    private let queue = DispatchQueue(label: "offerbox.parse", attributes: .concurrent)
    private var pending: [Slot] = []

    private final class Slot: @unchecked Sendable {
        let done = DispatchSemaphore(value: 0)
        var output: [UInt8] = []
    }

    /// Starts the report of `bytes` once there is room; `report` runs on another thread and returns
    /// the bytes to print. Everything finished in order before it is handed to `emit`.
    func submit(_ bytes: [UInt8], report: @escaping @Sendable (MessageParser, [UInt8]) -> [UInt8], emit: ([UInt8]) -> Void) {
        while pending.count >= Self.width { emit(takeOldest()) }
        condition.lock()
        while inHand > 0 && inHand + bytes.count > Self.sharedBytes {
            condition.unlock()
            // Room is made by the oldest finishing: print it meanwhile.
            if !pending.isEmpty { emit(takeOldest()) }
            condition.lock()
            if inHand > 0 && inHand + bytes.count > Self.sharedBytes { condition.wait() }
        }
        inHand += bytes.count
        condition.unlock()
        let slot = Slot()
        pending.append(slot)
        queue.async { [self] in
            let parser = takeParser()
            slot.output = report(parser, bytes)
            condition.lock()
            idleParsers.append(parser)
            inHand -= bytes.count
            condition.broadcast()
            condition.unlock()
            slot.done.signal()
        }
    }

    /// Waits for every report still running and hands them to `emit`, in order.
    func finish(emit: ([UInt8]) -> Void) {
        while !pending.isEmpty { emit(takeOldest()) }
    }

    private func takeOldest() -> [UInt8] {
        let slot = pending.removeFirst()
        slot.done.wait()
        return slot.output
    }

    private func takeParser() -> MessageParser {
        condition.lock()
        defer { condition.unlock() }
        while idleParsers.isEmpty { condition.wait() }
        return idleParsers.removeLast()
    }
}
