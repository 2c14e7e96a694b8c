/// Assigns the tokens of a Date value to fields (time, zone, day, month, year) in one pass, then
/// resolves them into a ``MessageDate``. See ``DateParser`` for the forms and choices.
struct DateFieldReader {
    private let tokens: [DateToken]
    private var index = 0

    /// Something was repaired or guessed: the caller records ``Defect/invalidDate``.
    var repaired = false

    private var hour: Int?
    private var minute = 0
    private var second = 0
    private var meridiem: Int?  // 0 = AM, 12 = PM
    private var numericZone: Int?
    private var namedZone: Int?
    private var zoneRejected = false
    private var weekday: Int?
    private var month: Int?
    /// A numeric date `20.06.2022`, `2022-06-20`, `06/20/2022`, already in order.
    private var numericDate: (year: DateToken, month: Int, day: Int)?
    /// Numbers not part of a time, zone or numeric date, with whether they came before the month name.
    private var looseNumbers: [(token: DateToken, beforeMonth: Bool)] = []

    init(tokens: [DateToken]) {
        self.tokens = tokens
    }

    // MARK: - Reading

    mutating func read() {
        while index < tokens.count {
            let token = tokens[index]
            switch token.kind {
            case .number: readNumber(token)
            case .word: readWord(token)
            case .symbol: readSymbol(token)
            }
        }
    }

    private func peek(_ offset: Int) -> DateToken? {
        let position = index + offset
        return position < tokens.count ? tokens[position] : nil
    }

    private func isNumber(at offset: Int) -> Bool {
        peek(offset)?.kind == .number
    }

    private mutating func readNumber(_ token: DateToken) {
        if hour == nil, token.digits <= 2, peek(1)?.isSymbol(":") == true, isNumber(at: 2) {
            readTime()
            return
        }
        if numericDate == nil, month == nil, readNumericDate() { return }
        looseNumbers.append((token, month == nil))
        index += 1
    }

    /// `hh:mm[:ss[.fraction]]` (RFC 5322 `time-of-day`, plus ISO fractions).
    private mutating func readTime() {
        hour = tokens[index].value
        minute = tokens[index + 2].value
        if tokens[index + 2].digits > 2 { repaired = true }
        index += 3
        if peek(0)?.isSymbol(":") == true, let seconds = peek(1), seconds.kind == .number {
            second = seconds.value
            if seconds.digits > 2 { repaired = true }
            index += 2
            if let separator = peek(0), separator.isSymbol(".") || separator.isSymbol(","),
               let fraction = peek(1), fraction.kind == .number, !fraction.spaceBefore, !separator.spaceBefore {
                index += 2
            }
        }
    }

    /// `a SEP b SEP c` with one separator among `.`, `-`, `/`; false (nothing consumed) otherwise.
    private mutating func readNumericDate() -> Bool {
        guard let separator = peek(1), separator.kind == .symbol,
              separator.isSymbol(".") || separator.isSymbol("-") || separator.isSymbol("/"),
              let second = peek(2), second.kind == .number,
              let again = peek(3), again.isSymbol(Unicode.Scalar(UInt8(separator.value))),
              let third = peek(4), third.kind == .number
        else { return false }
        let first = tokens[index]
        if first.digits >= 3 {
            // ISO 8601 and RFC 3339 order: year, month, day.
            numericDate = (first, second.value, third.value)
        } else if separator.isSymbol("/"), first.value <= 12 {
            // US order, month first; `20/06/2022` cannot be, so it falls to day first below.
            numericDate = (third, first.value, second.value)
        } else {
            numericDate = (third, second.value, first.value)
        }
        repaired = true  // not an RFC 5322 form, however common
        index += 5
        return true
    }

    private mutating func readWord(_ token: DateToken) {
        index += 1
        let word = token.word
        if let value = DateNames.month(word), month == nil, numericDate == nil {
            month = value
            if token.digits != 3 { repaired = true }
            return
        }
        if let value = DateNames.weekday(word), weekday == nil {
            weekday = value
            if token.digits != 3 { repaired = true }
            return
        }
        if hour != nil {
            if word == "am" || word == "pm" {
                meridiem = word == "am" ? 0 : 12
                repaired = true
                return
            }
            // A single letter is a military zone only right after the time (`10:15:00Z`), not in `10:00:t`.
            let afterNumber = index >= 2 && tokens[index - 2].kind == .number
            if let offset = DateNames.zoneOffset(word), token.digits > 1 || afterNumber {
                if namedZone == nil, numericZone == nil { namedZone = offset }
                return
            }
        }
        if word == "t", hour == nil { return }  // the ISO 8601 date/time separator
        repaired = true
    }

    private mutating func readSymbol(_ token: DateToken) {
        index += 1
        guard token.isSymbol("+") || token.isSymbol("-") else {
            // `,` follows the weekday, `:` may trail a time; other punctuation is not RFC 5322.
            if !token.isSymbol(","), !token.isSymbol(":") { repaired = true }
            return
        }
        // A zone is a sign right before digits, after the time (`-` in `20-Jun-2022` is a separator).
        guard hour != nil, numericZone == nil, !zoneRejected,
              let digits = peek(0), digits.kind == .number, !digits.spaceBefore
        else {
            repaired = true
            return
        }
        index += 1
        var hours = 0
        var minutes = 0
        switch digits.digits {
        case 1, 2:
            hours = digits.value
            if peek(0)?.isSymbol(":") == true, let next = peek(1), next.kind == .number,
               next.digits == 2 {
                minutes = next.value
                index += 2
            }
            repaired = true
        case 3, 4:
            hours = digits.value / 100
            minutes = digits.value % 100
            if digits.digits == 3 { repaired = true }
        default:
            zoneRejected = true
            repaired = true
            return
        }
        // ISO 8601 `+01:00` is fine; RFC 5322 wants `+0100` but this is no real harm.
        if hours > 18 || minutes > 59 {
            zoneRejected = true
            repaired = true
            return
        }
        let offset = hours * 60 + minutes
        numericZone = token.isSymbol("-") ? -offset : offset
    }

    // MARK: - Resolving

    /// The date, or nil when no valid day, month and year were found.
    mutating func resolve() -> MessageDate? {
        guard let parts = dayMonthYear() else { return nil }
        let (yearToken, month, day) = (parts.year, parts.month, parts.day)
        var year = Int64(yearToken.value)
        switch yearToken.digits {
        case 1, 2: year += year < 50 ? 2000 : 1900
        case 3: year += 1900
        case 4: break
        default: return nil
        }
        guard (1...12).contains(month), day >= 1, Int64(day) <= CivilCalendar.daysInMonth(year: year, month: Int64(month))
        else { return nil }

        var hourOfDay = hour ?? 0
        if hour == nil { repaired = true }
        if let meridiem, (1...12).contains(hourOfDay) {
            hourOfDay = hourOfDay % 12 + meridiem
        }
        guard hourOfDay <= 23, minute <= 59, second <= 60 else { return nil }

        let offset: Int
        if let numericZone {
            offset = numericZone
        } else if let namedZone {
            offset = namedZone
        } else {
            offset = 0
            repaired = true  // no zone (or one rejected): UTC assumed
        }

        let days = CivilCalendar.daysFromCivil(year: year, month: Int64(month), day: Int64(day))
        if let weekday, weekday != CivilCalendar.weekday(ofDays: days) { repaired = true }
        let seconds = days * 86_400 + Int64(hourOfDay * 3600 + minute * 60 + second) - Int64(offset * 60)
        return MessageDate(secondsSince1970: seconds, utcOffsetMinutes: offset)
    }

    /// Picks day, month and year from a numeric date, or from the loose numbers around a month name.
    private mutating func dayMonthYear() -> (year: DateToken, month: Int, day: Int)? {
        if let numericDate {
            if !looseNumbers.isEmpty { repaired = true }
            return numericDate
        }
        guard let month else { return nil }
        // The year is written with 3+ digits, or is a number no day can be; else, of two numbers,
        // the one after the month when the other is before it (`1 Jan 05`), or the second (`Jan 1 05`).
        let yearPosition = looseNumbers.firstIndex { $0.token.digits >= 3 }
            ?? looseNumbers.firstIndex { $0.token.value > 31 }
            ?? looseNumbers.firstIndex { !$0.beforeMonth && looseNumbers.first?.beforeMonth == true }
            ?? (looseNumbers.count >= 2 ? 1 : nil)
        guard let yearPosition else { return nil }
        let dayPosition = looseNumbers.indices.last { position in
            position != yearPosition && looseNumbers[position].beforeMonth
                && looseNumbers[position].token.digits <= 2
        } ?? looseNumbers.indices.first { position in
            position != yearPosition && !looseNumbers[position].beforeMonth
                && looseNumbers[position].token.digits <= 2
        }
        guard let dayPosition else { return nil }
        if looseNumbers.count > 2 { repaired = true }
        // Day before month (RFC 5322) or after it (asctime, RFC 850 is before): only the latter is a repair.
        if !looseNumbers[dayPosition].beforeMonth { repaired = true }
        return (looseNumbers[yearPosition].token, month, looseNumbers[dayPosition].token.value)
    }
}
