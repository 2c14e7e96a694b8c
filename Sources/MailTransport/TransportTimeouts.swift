/// Time limits for one request. libcurl's LOW_SPEED only guards the body transfer;
/// a server that stalls between commands is caught by `response` (notes section 12).
public struct TransportTimeouts: Sendable, Hashable {
    /// TCP + TLS connect (CURLOPT_CONNECTTIMEOUT_MS).
    public var connect: Duration
    /// Waiting for any one server reply line (CURLOPT_SERVER_RESPONSE_TIMEOUT).
    public var response: Duration
    /// One whole request, e.g. fetching one message (CURLOPT_TIMEOUT_MS).
    public var total: Duration
    /// Abort when fewer than `lowSpeedBytesPerSecond` arrive for `lowSpeedTime`.
    public var lowSpeedTime: Duration
    public var lowSpeedBytesPerSecond: Int

    public init(
        connect: Duration = .seconds(10),
        response: Duration = .seconds(30),
        total: Duration = .seconds(300),
        lowSpeedTime: Duration = .seconds(30),
        lowSpeedBytesPerSecond: Int = 1
    ) {
        self.connect = connect
        self.response = response
        self.total = total
        self.lowSpeedTime = lowSpeedTime
        self.lowSpeedBytesPerSecond = lowSpeedBytesPerSecond
    }

    public static let `default` = TransportTimeouts()
}

extension Duration {
    /// Whole milliseconds, at least 1 (0 means "no limit" to libcurl).
    var curlMilliseconds: Int {
        let (seconds, attoseconds) = components
        let ms = seconds.multipliedReportingOverflow(by: 1000)
        if ms.overflow { return Int.max }
        let total = ms.partialValue.addingReportingOverflow(attoseconds / 1_000_000_000_000_000)
        return total.overflow ? Int.max : max(1, Int(total.partialValue))
    }
    var curlSeconds: Int { max(1, (curlMilliseconds &+ 999) / 1000) }
}
