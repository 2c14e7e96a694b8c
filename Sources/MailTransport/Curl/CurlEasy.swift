import CCurl
import Logging
import TextBasics

/// One libcurl easy handle with its buffers: the write callback collects data
/// (a message, or a custom command's untagged lines), the header callback collects
/// every server line, the debug callback feeds a redacted wire log.
///
/// Not thread-safe: each instance is confined to one thread or serial queue by its owner.
final class CurlEasy {
    let handle: UnsafeMutableRawPointer
    /// Bytes the write callback received during the last `perform`.
    var body: [UInt8] = []
    /// Every line the server sent during the last `perform` (header callback), without CRLF.
    var serverLines: [String] = []
    /// Upload data (SMTP) and the read position in it.
    var upload: [UInt8] = []
    var uploadOffset = 0
    /// Called once when the read callback hands libcurl the last bytes of `upload` (for SMTP: they
    /// and the final "." are all that is left to send).
    var onUploadFinished: (() -> Void)?
    /// Called with every line libcurl sent or received (already redacted); SMTP uses it
    /// to attribute replies to recipients.
    var transcriptObserver: ((WireRedactor.Direction, String) -> Void)?

    private let errorBuffer: UnsafeMutablePointer<CChar>
    private var redactor: WireRedactor
    private let logger: Logger
    private let wireLogging: Bool

    private let alwaysObserveWire: Bool

    init(logger: Logger, secrets: [String], alwaysObserveWire: Bool = false) throws(MailTransportError) {
        CurlGlobal.ensureInitialised()
        guard let handle = curl_easy_init() else {
            throw .transient(.internalError, "curl_easy_init failed")
        }
        self.handle = handle
        self.logger = logger
        self.redactor = WireRedactor(secrets: secrets)
        self.wireLogging = logger.logLevel <= .trace
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        self.alwaysObserveWire = alwaysObserveWire
        try installCallbacks()
    }

    private func installCallbacks() throws(MailTransportError) {
        let me = Unmanaged.passUnretained(self).toOpaque()
        try set(CURLOPT_NOSIGNAL, 1)
        try setPointer(CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer))
        try check(ccurl_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION, curlWriteCallback), "WRITEFUNCTION")
        try setPointer(CURLOPT_WRITEDATA, me)
        try check(ccurl_setopt_data_callback(handle, CURLOPT_HEADERFUNCTION, curlHeaderCallback), "HEADERFUNCTION")
        try setPointer(CURLOPT_HEADERDATA, me)
        try check(ccurl_setopt_data_callback(handle, CURLOPT_READFUNCTION, curlReadCallback), "READFUNCTION")
        try setPointer(CURLOPT_READDATA, me)
        if wireLogging || alwaysObserveWire {
            try check(ccurl_setopt_debug_callback(handle, curlDebugCallback), "DEBUGFUNCTION")
            try setPointer(CURLOPT_DEBUGDATA, me)
            try set(CURLOPT_VERBOSE, 1)
        }
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    // MARK: options

    func set(_ option: CURLoption, _ value: Int) throws(MailTransportError) {
        try check(ccurl_setopt_long(handle, option, value), option)
    }

    func set(_ option: CURLoption, _ value: String?) throws(MailTransportError) {
        let rc: CURLcode
        if let value { rc = ccurl_setopt_string(handle, option, value) } else { rc = ccurl_setopt_string(handle, option, nil) }
        try check(rc, option)
    }

    func setOff(_ option: CURLoption, _ value: Int64) throws(MailTransportError) {
        try check(ccurl_setopt_off(handle, option, curl_off_t(value)), option)
    }

    func setPointer(_ option: CURLoption, _ value: UnsafeMutableRawPointer?) throws(MailTransportError) {
        try check(ccurl_setopt_pointer(handle, option, value), option)
    }

    func setList(_ option: CURLoption, _ list: UnsafeMutablePointer<curl_slist>?) throws(MailTransportError) {
        try check(ccurl_setopt_slist(handle, option, list), option)
    }

    private func check(_ rc: CURLcode, _ option: CURLoption) throws(MailTransportError) {
        try check(rc, "option \(option.rawValue)")
    }

    private func check(_ rc: CURLcode, _ what: String) throws(MailTransportError) {
        guard rc == CURLE_OK else {
            throw .configuration(
                .invalidConfiguration,
                "libcurl refused \(what): \(String(cString: curl_easy_strerror(rc)))",
                curlCode: Int(rc.rawValue))
        }
    }

    // MARK: transfer

    /// Runs one request; blocks the calling thread. `expectedBodySize` (a message's RFC822.SIZE)
    /// sizes the body buffer once instead of letting it double its way up.
    func perform(expectedBodySize: Int? = nil) -> CURLcode {
        // A fresh buffer each time: keeping the capacity would hold the largest message ever
        // fetched for the life of the connection.
        body = []
        if let expectedBodySize { body.reserveCapacity(expectedBodySize) }
        serverLines.removeAll(keepingCapacity: true)
        errorBuffer[0] = 0
        return curl_easy_perform(handle)
    }

    /// libcurl's error text for the last failed request (empty when libcurl gave none).
    var errorText: String { String(cString: errorBuffer) }

    /// How many new connections the last request opened (0 when the connection was reused).
    var newConnections: Int {
        var value = 0
        _ = ccurl_getinfo_long(handle, CURLINFO_NUM_CONNECTS, &value)
        return value
    }

    var responseCode: Int {
        var value = 0
        _ = ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &value)
        return value
    }

    var activeSocket: Int32 {
        var socket: curl_socket_t = -1
        _ = ccurl_getinfo_socket(handle, CURLINFO_ACTIVESOCKET, &socket)
        return socket
    }

    /// Hands over the body of the last request without copying it.
    func takeBody() -> [UInt8] {
        var taken: [UInt8] = []
        swap(&taken, &body)
        return taken
    }

    /// The untagged lines of a custom command, split at CRLF.
    var bodyLines: [String] { IMAPLines.split(body) }

    // MARK: callbacks (called by the C trampolines below)

    fileprivate func received(_ bytes: UnsafeBufferPointer<UInt8>) {
        body.append(contentsOf: bytes)
    }

    fileprivate func receivedHeader(_ bytes: UnsafeBufferPointer<UInt8>) {
        var line = Array(bytes)
        while let last = line.last, last == 0x0A || last == 0x0D { line.removeLast() }
        serverLines.append(String(decoding: line, as: UTF8.self))
    }

    fileprivate func fillUpload(_ target: UnsafeMutableRawBufferPointer) -> Int {
        let count = min(target.count, upload.count - uploadOffset)
        if count > 0 {
            upload.withUnsafeBytes { source in
                target.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[uploadOffset..<uploadOffset + count]))
            }
            uploadOffset += count
        }
        // libcurl stops asking once it has the announced size: the last chunk is the moment.
        if uploadOffset == upload.count, let finished = onUploadFinished {
            onUploadFinished = nil
            finished()
        }
        return count
    }

    fileprivate func debug(_ type: curl_infotype, _ bytes: UnsafeBufferPointer<UInt8>) {
        let direction: WireRedactor.Direction
        switch type {
        case CURLINFO_HEADER_OUT: direction = .fromClient
        case CURLINFO_HEADER_IN: direction = .fromServer
        case CURLINFO_TEXT:
            if wireLogging {
                let text = String(decoding: bytes, as: UTF8.self)
                logger.trace("curl: \(redactor.redact(text.trimmingTrailingNewlines(), direction: .fromServer))")
            }
            return
        case CURLINFO_DATA_IN, CURLINFO_DATA_OUT:
            // Message contents are never logged, only their size.
            if wireLogging { logger.trace("\(type == CURLINFO_DATA_IN ? "S" : "C"): <\(bytes.count) data bytes>") }
            return
        default:
            return  // TLS records
        }
        for line in IMAPLines.split(Array(bytes)) {
            let safe = redactor.redact(line, direction: direction)
            if wireLogging { logger.trace("\(direction == .fromClient ? "C" : "S"): \(safe)") }
            transcriptObserver?(direction, safe)
        }
    }
}

/// Process-wide libcurl initialisation (curl_global_init is not thread-safe in 7.88; run it once).
enum CurlGlobal {
    private static let initialised: Bool = {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK
    }()
    static func ensureInitialised() { _ = initialised }
}

// MARK: - C trampolines: they capture nothing; the CurlEasy arrives through userdata.

private let curlWriteCallback: ccurl_data_cb = { deliver($0, size: $1, count: $2, to: $3) { $0.received($1) } }
private let curlHeaderCallback: ccurl_data_cb = { deliver($0, size: $1, count: $2, to: $3) { $0.receivedHeader($1) } }

/// Hands the `size * count` bytes at `pointer` to the CurlEasy behind `userdata`; returns what
/// libcurl expects back: the count taken, 0 (abort) without a CurlEasy.
private func deliver(
    _ pointer: UnsafeMutablePointer<CChar>?, size: Int, count: Int, to userdata: UnsafeMutableRawPointer?,
    _ receive: (CurlEasy, UnsafeBufferPointer<UInt8>) -> Void
) -> Int {
    let total = size &* count
    guard let userdata else { return 0 }
    guard let pointer, total > 0 else { return total }
    let easy = Unmanaged<CurlEasy>.fromOpaque(userdata).takeUnretainedValue()
    pointer.withMemoryRebound(to: UInt8.self, capacity: total) {
        receive(easy, UnsafeBufferPointer(start: $0, count: total))
    }
    return total
}

private let curlReadCallback: ccurl_data_cb = { pointer, size, count, userdata in
    guard let userdata, let pointer else { return 0 }
    let easy = Unmanaged<CurlEasy>.fromOpaque(userdata).takeUnretainedValue()
    return easy.fillUpload(UnsafeMutableRawBufferPointer(start: pointer, count: size &* count))
}

private let curlDebugCallback: ccurl_debug_cb = { _, type, pointer, size, userdata in
    guard let userdata, let pointer, size > 0 else { return 0 }
    let easy = Unmanaged<CurlEasy>.fromOpaque(userdata).takeUnretainedValue()
    pointer.withMemoryRebound(to: UInt8.self, capacity: size) {
        easy.debug(type, UnsafeBufferPointer(start: $0, count: size))
    }
    return 0
}
