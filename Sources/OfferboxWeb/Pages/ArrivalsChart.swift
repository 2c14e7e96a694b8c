import OfferCore
import OfferStore
import Logging
/// The overview's bar chart of offers arriving per day, as SVG drawn on the server: no script, no
/// library, only numbers and dates in it (nothing from mail), with a title per bar for screen
/// readers and a table of the same figures beside it.
enum ArrivalsChart {
    struct Day: Equatable {
        /// Local midnight, in days since 1970 (local calendar).
        var day: Int64
        var count: Int
    }

    /// Offers by the local day of their first message, from the first day with one to the day of
    /// the deadline (days without arrivals included, at 0); at most the last `maximumDays`.
    static func days(firstReceived: [Int64], deadline: Int64, offsetMinutes: Int, maximumDays: Int = 60) -> [Day] {
        let localDay = { (seconds: Int64) -> Int64 in
            let local = seconds + Int64(offsetMinutes) * 60
            return local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        }
        let lastDay = localDay(deadline - 1)
        var counts: [Int64: Int] = [:]
        for time in firstReceived where time < deadline { counts[localDay(time), default: 0] += 1 }
        guard let first = counts.keys.min() else { return [] }
        let start = max(first, lastDay - Int64(maximumDays) + 1)
        return (start...max(start, lastDay)).map { Day(day: $0, count: counts[$0] ?? 0) }
    }

    /// The SVG element. `label` formats a day for the axis and titles.
    static func svg(_ days: [Day], label: (Int64) -> String) -> String {
        guard !days.isEmpty else { return "<p>No offer has arrived yet.</p>" }
        let width = 720, height = 220, left = 36, bottom = 28, top = 10
        let plotHeight = height - bottom - top
        let peak = max(days.map(\.count).max() ?? 0, 1)
        // A bar is at most 48 units wide: one day of arrivals is a bar, not a block.
        let slot = min(Double(width - left) / Double(days.count), 60)
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-labelledby=\"chart-title\" xmlns=\"http://www.w3.org/2000/svg\">"
        svg += "<title id=\"chart-title\">New offers per day, up to the deadline; highest \(peak) in a day</title>"
        svg += "<line class=\"axis\" x1=\"\(left)\" y1=\"\(height - bottom)\" x2=\"\(width)\" y2=\"\(height - bottom)\"/>"
        svg += "<text x=\"\(left - 6)\" y=\"\(top + 10)\" text-anchor=\"end\">\(peak)</text>"
        svg += "<text x=\"\(left - 6)\" y=\"\(height - bottom)\" text-anchor=\"end\">0</text>"
        let labelEvery = max(1, days.count / 8)
        for (index, day) in days.enumerated() {
            let barHeight = Double(plotHeight) * Double(day.count) / Double(peak)
            let x = Double(left) + Double(index) * slot + slot * 0.15
            let y = Double(height - bottom) - barHeight
            let text = PageText.escaped(label(day.day))
            svg += "<rect class=\"bar\" x=\"\(format(x))\" y=\"\(format(y))\" width=\"\(format(slot * 0.7))\" height=\"\(format(barHeight))\">"
            svg += "<title>\(text): \(day.count)</title></rect>"
            if index % labelEvery == 0 || index == days.count - 1 {
                svg += "<text x=\"\(format(x + slot * 0.35))\" y=\"\(height - 10)\" text-anchor=\"middle\">\(text)</text>"
            }
        }
        return svg + "</svg>"
    }

    private static func format(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
