/// Consumes results so that the optimizer cannot drop the work that produced them.
public enum Sink {
    nonisolated(unsafe) public static var total = 0

    @inline(never)
    public static func take(_ values: String?...) {
        for value in values { total &+= value?.utf8.count ?? 1 }
    }

    @inline(never)
    public static func take(_ values: [String]) {
        for value in values { total &+= value.utf8.count }
    }

    @inline(never)
    public static func take(bytes: [UInt8]) {
        total &+= bytes.count &+ Int(bytes.first ?? 0) &+ Int(bytes.last ?? 0)
    }
}
