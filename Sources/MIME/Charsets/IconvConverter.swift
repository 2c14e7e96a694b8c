import Glibc

/// One glibc iconv descriptor converting a charset to UTF-8.
///
/// Opening a descriptor loads a gconv module, so ``CharsetDecoder`` keeps one per charset and
/// resets it before each use. Not thread-safe (an `iconv_t` carries shift state).
final class IconvConverter {
    private let handle: iconv_t

    /// Opens a converter from `charset` (a glibc name, case-insensitive); nil when glibc does not know it.
    init?(from charset: String) {
        guard !charset.isEmpty, let handle = iconv_open("UTF-8", charset), handle != iconv_t(bitPattern: -1) else {
            return nil
        }
        self.handle = handle
    }

    deinit { iconv_close(handle) }

    /// Whether glibc can convert from `charset` at all.
    static func isKnown(_ charset: String) -> Bool { IconvConverter(from: charset) != nil }

    /// The UTF-8 bytes of `input` and how many bytes or sequences could not be converted.
    ///
    /// Invalid input (EILSEQ) becomes U+FFFD and the conversion goes on one byte later; a truncated
    /// sequence at the end (EINVAL) becomes one U+FFFD. Linear: the output grows by doubling (E2BIG).
    func convert(_ input: UnsafeBufferPointer<UInt8>) -> (utf8: [UInt8], errors: Int) {
        _ = iconv(handle, nil, nil, nil, nil)   // forget the shift state of the previous call
        var output = [UInt8](repeating: 0, count: input.count &* 2 &+ 64)
        var produced = 0
        var errors = 0
        guard let base = input.baseAddress, input.count > 0 else { return ([], 0) }
        var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(mutating: base)
            .assumingMemoryBound(to: CChar.self)
        var inLeft = input.count
        var flushing = false

        while true {
            var status = 0
            var failure: Int32 = 0
            output.withUnsafeMutableBytes { raw in
                guard let outBase = raw.baseAddress else { return }
                var outPointer: UnsafeMutablePointer<CChar>? = (outBase + produced).assumingMemoryBound(to: CChar.self)
                var outLeft = raw.count &- produced
                if flushing {
                    status = iconv(handle, nil, nil, &outPointer, &outLeft)
                } else {
                    status = iconv(handle, &inPointer, &inLeft, &outPointer, &outLeft)
                }
                if status == -1 { failure = errno }
                produced = raw.count &- outLeft
            }
            if status != -1 {
                if flushing { break }
                flushing = true
                continue
            }
            switch failure {
            case E2BIG:
                output.append(contentsOf: repeatElement(0, count: max(output.count, 64)))
            case EILSEQ where !flushing && inLeft > 0:
                errors &+= 1
                appendReplacement(to: &output, at: &produced)
                inPointer = inPointer.map { $0 + 1 }
                inLeft &-= 1
            default:   // EINVAL (truncated input) or anything unexpected: stop here
                errors &+= 1
                appendReplacement(to: &output, at: &produced)
                inLeft = 0
                if flushing { output.removeSubrange(produced...); return (output, errors) }
                flushing = true
            }
        }
        output.removeSubrange(produced...)
        return (output, errors)
    }

    private func appendReplacement(to output: inout [UInt8], at produced: inout Int) {
        if output.count &- produced < 3 { output.append(contentsOf: repeatElement(0, count: max(output.count, 64))) }
        output[produced] = 0xEF
        output[produced &+ 1] = 0xBF
        output[produced &+ 2] = 0xBD
        produced &+= 3
    }
}
